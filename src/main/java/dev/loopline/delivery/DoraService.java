package dev.loopline.delivery;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Service;

import dev.loopline.common.DomainException;

/**
 * DORA metrics of a production environment (or all of them) over a period, from Loopline's own deployments,
 * rollbacks, hotfixes, schema reverts and restores; see {@link DoraCalculator} for each figure's exact rule.
 * The failure window ({@code loopline.delivery.failure-window}, default 24 hours) is how soon after going live a
 * rollback, revert, restore or hotfix makes a deployment count as failed.
 */
@Service
public class DoraService {

    /** The period when none is given: the last twelve weeks. */
    static final Duration DEFAULT_PERIOD = Duration.ofDays(84);
    static final Duration LONGEST_PERIOD = Duration.ofDays(731);

    private final EnvironmentService environments;
    private final ApplicationDeploymentRepository deployments;
    private final RecoveryEventRepository recoveries;
    private final Clock clock;
    private final Duration failureWindow;

    DoraService(EnvironmentService environments, ApplicationDeploymentRepository deployments,
            RecoveryEventRepository recoveries, Clock clock,
            @Value("${loopline.delivery.failure-window:24h}") Duration failureWindow) {
        this.environments = environments;
        this.deployments = deployments;
        this.recoveries = recoveries;
        this.clock = clock;
        this.failureWindow = failureWindow;
    }

    /** The metrics, for {@code environment} or (when {@code null}) every production environment together. */
    public record Metrics(String environment, Duration failureWindow, DoraCalculator.Report report) {

        public DoraCalculator.Figures period() {
            return report.period();
        }

        public List<DoraCalculator.Figures> weeks() {
            return report.weeks();
        }
    }

    /**
     * {@code 404} for an unknown environment; {@code 400 invalid_period} when {@code from} is not before {@code to}
     * or the period is longer than two years. Defaults: {@code to} now, {@code from} twelve weeks before it.
     */
    public Metrics metrics(String environment, Instant from, Instant to) {
        Instant end = to == null ? clock.instant() : to;
        Instant start = from == null ? end.minus(DEFAULT_PERIOD) : from;
        if (!start.isBefore(end) || Duration.between(start, end).compareTo(LONGEST_PERIOD) > 0) {
            throw new DomainException.InvalidInput("invalid_period", "Give a period whose from (" + start
                    + ") is before its to (" + end + ") and that is at most two years long.");
        }
        List<Environment> scope = environment == null || environment.isBlank() ? environments.production()
                : List.of(environments.get(environment.trim()));
        List<DoraCalculator.Deployment> facts = new ArrayList<>();
        List<DoraCalculator.Recovery> recovered = new ArrayList<>();
        for (Environment env : scope) {
            deployments.findByEnvironmentInOrderByStartedAtAscIdAsc(List.of(env.getName())).stream()
                    .filter(d -> d.getLiveAt() != null)
                    .map(d -> new DoraCalculator.Deployment(d.getId(), env.getName(), d.getAppVersion(), d.getLiveAt(),
                            d.getCommittedAt(), d.isHotfix(), d.getRollbackOf()))
                    .forEach(facts::add);
            if (env.getDatabase() != null) {
                recoveries.findByDatabaseAndBranchAndOccurredAtBetweenOrderByOccurredAtAsc(env.getDatabase(),
                        env.getBranch(), start.minus(failureWindow), end.plus(failureWindow)).forEach(r -> recovered.add(
                                new DoraCalculator.Recovery(env.getName(), r.getKind(), r.getReference(), r.getOccurredAt())));
            }
        }
        return new Metrics(environment == null || environment.isBlank() ? null : environment.trim(), failureWindow,
                DoraCalculator.report(facts, recovered, start, end, failureWindow));
    }
}
