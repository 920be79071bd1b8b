package dev.loopline.monitoring;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import dev.loopline.deployrequest.DeployOverview;
import dev.loopline.deployrequest.DeployRequestEvents;
import dev.loopline.deployrequest.DeployRequestService;
import dev.loopline.deployrequest.DeployService;
import dev.loopline.deployrequest.Deployment;
import dev.loopline.deployrequest.DeploymentState;

/**
 * Deploy meters, from the deploy requests' {@code DeploymentStep} events (after their transaction commits):
 * <ul>
 * <li>{@code loopline.deploys{state}} (counter): deployment steps reached; {@code state} is one of {@link #STATES}</li>
 * <li>{@code loopline.deploy.duration{outcome}} (timer): from the start of the copy to the cutover
 * ({@code outcome=cut_over}) or to the failure ({@code outcome=failed})</li>
 * <li>{@code loopline.deploy.cutover.pause} (timer): how long writers were held at the cutover</li>
 * <li>{@code loopline.deploy.queue.depth{state}} (gauge): deploy requests now in each running state
 * (queued, in_progress, pending_cutover, in_progress_cutover, in_progress_revert)</li>
 * </ul>
 */
@Component
class DeployMeters {

    private static final Logger log = LoggerFactory.getLogger(DeployMeters.class);

    /** The steps counted; others (e.g. apply_requested) are intermediate and not counted. */
    static final Set<String> STATES = Set.of("queued", "started", "ready_to_cutover", "cut_over", "completed",
            "reverted", "failed", "revert_failed", "cancelled");

    private final MeterRegistry registry;
    private final DeployRequestService requests;
    private final DeployService deploys;
    private final Clock clock;

    DeployMeters(MeterRegistry registry, DeployRequestService requests, DeployService deploys,
            DeployOverview overview, Clock clock) {
        this.clock = clock;
        this.registry = registry;
        this.requests = requests;
        this.deploys = deploys;
        for (DeploymentState state : DeployOverview.RUNNING) {
            Gauge.builder("loopline.deploy.queue.depth", overview, o -> o.runningCounts().getOrDefault(state, 0L))
                    .description("Deploy requests now in this running state, over all databases")
                    .tag("state", state.apiName()).register(registry);
        }
        // present from the start, so dashboards show 0 rather than no data
        STATES.forEach(state -> counter(state));
        timer("cut_over");
        timer("failed");
        pause();
    }

    @TransactionalEventListener(fallbackExecution = true)
    void on(DeployRequestEvents.DeploymentStep step) {
        if (!STATES.contains(step.step())) {
            return;
        }
        counter(step.step()).increment();
        if (!step.step().equals("cut_over") && !step.step().equals("failed")) {
            return;
        }
        try {
            Deployment deployment = deploys.deploymentOf(requests.get(step.database(), step.number())).orElse(null);
            if (deployment == null || deployment.getStartedAt() == null) {
                return;
            }
            if (step.step().equals("cut_over") && deployment.getCutoverAt() != null) {
                timer("cut_over").record(Duration.between(deployment.getStartedAt(), deployment.getCutoverAt()));
                if (deployment.getCutoverPauseMs() != null) {
                    pause().record(Duration.ofMillis(deployment.getCutoverPauseMs()));
                }
            }
            else if (step.step().equals("failed")) {
                // a failed run is not marked finished: it ends now, with its event
                Instant end = deployment.getFinishedAt() != null ? deployment.getFinishedAt() : clock.instant();
                timer("failed").record(Duration.between(deployment.getStartedAt(), end));
            }
        }
        catch (RuntimeException e) {
            // a meter must never disturb a deploy
            log.warn("Could not record the deploy meters of {}#{}: {}", step.database(), step.number(), e.toString());
        }
    }

    private Counter counter(String state) {
        return Counter.builder("loopline.deploys").description("Deployment steps reached, by step")
                .tag("state", state).register(registry);
    }

    private Timer timer(String outcome) {
        return Timer.builder("loopline.deploy.duration")
                .description("Time from the start of a deploy's copy to its cutover or failure")
                .tag("outcome", outcome).publishPercentileHistogram().register(registry);
    }

    private Timer pause() {
        return Timer.builder("loopline.deploy.cutover.pause").description("How long writers were held at a cutover")
                .publishPercentileHistogram().register(registry);
    }
}
