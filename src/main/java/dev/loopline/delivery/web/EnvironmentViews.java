package dev.loopline.delivery.web;

import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;

import org.springframework.stereotype.Component;

import dev.loopline.delivery.ApplicationDeployment;
import dev.loopline.delivery.DeploymentService;
import dev.loopline.delivery.DeploymentStatus;
import dev.loopline.delivery.Environment;
import dev.loopline.delivery.EnvironmentService;
import dev.loopline.delivery.FreezeSchedule;
import dev.loopline.delivery.FreezeService;
import dev.loopline.delivery.Slot;
import dev.loopline.deployrequest.DeployRequest;
import dev.loopline.deployrequest.DeployRequestService;
import dev.loopline.deployrequest.DeployService;
import dev.loopline.deployrequest.DeploymentState;

/** What the environment pages show of one environment: what runs where, its freeze, its database's schema state. */
@Component
class EnvironmentViews {

    private final DeploymentService deployments;
    private final FreezeService freezes;
    private final EnvironmentService environments;
    private final DeployRequestService requests;
    private final DeployService deploys;
    private final Clock clock;

    EnvironmentViews(DeploymentService deployments, FreezeService freezes, EnvironmentService environments,
            DeployRequestService requests, DeployService deploys, Clock clock) {
        this.deployments = deployments;
        this.freezes = freezes;
        this.environments = environments;
        this.requests = requests;
        this.deploys = deploys;
        this.clock = clock;
    }

    /** A slot of a blue/green environment and what the operator may do with it. */
    record SlotView(String name, boolean live, ApplicationDeployment deployment, boolean promotable) {
    }

    /** The last deploy request into the environment's database branch, with its revert window when open. */
    record SchemaView(String database, int number, String state, Duration revertLeft, String url) {
    }

    /**
     * {@code strategyLocked}: why the strategy cannot change now (a deployment runs), or {@code null} when it can.
     */
    record EnvironmentView(Environment environment, ApplicationDeployment live, List<SlotView> slots,
            FreezeSchedule.Window frozen, SchemaView schema, ApplicationDeployment previous, String strategyLocked) {

        /** A promote of one of its slots runs in the background: the page follows it. */
        public boolean promoting() {
            return slots.stream().anyMatch(s -> s.deployment() != null && s.deployment().isPromoting());
        }
    }

    EnvironmentView of(Environment env) {
        ApplicationDeployment live = env.getLiveDeploymentId() == null ? null : deployments.get(env.getLiveDeploymentId());
        List<SlotView> slots = env.getStrategy() == dev.loopline.delivery.Strategy.BLUE_GREEN
                ? java.util.Arrays.stream(Slot.values()).map(slot -> slot(env, slot)).toList() : List.of();
        ApplicationDeployment previous = null;
        if (live != null && live.getSlot() != null) {
            Long other = env.deploymentIn(live.getSlot().other());
            previous = other == null ? null : deployments.get(other);
            previous = previous != null && previous.getStatus() == DeploymentStatus.SUCCESS ? previous : null;
        }
        String locked = environments.running(env.getName())
                .map(busy -> EnvironmentService.runningReason(busy, env.getName())
                        + ": the strategy can change once it has finished.").orElse(null);
        return new EnvironmentView(env, live, slots, freezes.frozenNow(env.getName()).orElse(null), schema(env), previous,
                locked);
    }

    private SlotView slot(Environment env, Slot slot) {
        Long id = env.deploymentIn(slot);
        ApplicationDeployment deployment = id == null ? null : deployments.get(id);
        boolean live = slot == env.getLiveSlot();
        return new SlotView(slot.apiName(), live, deployment, !live && deployment != null
                && deployment.getStatus() == DeploymentStatus.SUCCESS && !deployment.isPromoting());
    }

    private SchemaView schema(Environment env) {
        if (env.getDatabase() == null) {
            return null;
        }
        DeployRequest last;
        try {
            last = requests.list(env.getDatabase(), null, null).stream()
                    .filter(r -> r.getIntoBranch().equals(env.getBranch()))
                    .filter(r -> r.getDeploymentState() != DeploymentState.READY && r.getDeploymentState() != DeploymentState.PENDING)
                    .max(Comparator.comparing(DeployRequest::getNumber)).orElse(null);
        }
        catch (dev.loopline.common.DomainException.NotFound e) {
            return null;
        }
        if (last == null) {
            return null;
        }
        Duration left = last.getDeploymentState() != DeploymentState.COMPLETE_PENDING_REVERT ? null
                : deploys.deploymentOf(last).map(d -> d.getRevertExpiresAt()).filter(at -> at != null)
                        .map(at -> Duration.between(clock.instant(), at)).map(d -> d.isNegative() ? Duration.ZERO : d)
                        .orElse(null);
        return new SchemaView(last.getDatabase(), last.getNumber(), last.getDeploymentState().label(), left,
                "/databases/" + last.getDatabase() + "/deploy-requests/" + last.getNumber());
    }
}
