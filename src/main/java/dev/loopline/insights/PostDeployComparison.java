package dev.loopline.insights;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.springframework.stereotype.Component;

import dev.loopline.deployrequest.DeployRequest;
import dev.loopline.deployrequest.Deployment;
import dev.loopline.deployrequest.DeploymentOperation;
import dev.loopline.deployrequest.RevertWindowPanel;

/**
 * During a deploy's revert window: the query patterns of the changed tables before and after the cutover (average
 * time and rows per execution), with a warning beside the Revert button for each that got markedly slower — at
 * least {@link InsightsProperties#slowdownFactor()} times its average before, with at least
 * {@link InsightsProperties#slowdownMinExecutions()} executions on each side and half a millisecond more. "Before" is
 * the hour before the cutover, or as long as the window has been open if longer. Samples are taken once a minute, so
 * a sample right after the cutover may hold a few executions from just before it.
 */
@Component
class PostDeployComparison implements RevertWindowPanel {

    private static final Duration MIN_BEFORE = Duration.ofHours(1);
    private static final double MIN_SLOWDOWN_MS = 0.5;

    private final InsightStore store;
    private final InsightsProperties properties;
    private final Clock clock;

    PostDeployComparison(InsightStore store, InsightsProperties properties, Clock clock) {
        this.store = store;
        this.properties = properties;
        this.clock = clock;
    }

    /**
     * One pattern on both sides of the cutover.
     *
     * @param factor after / before average time (0 when it did not run before)
     */
    record Compared(long id, String pattern, long countBefore, long countAfter, double avgMsBefore, double avgMsAfter,
            double avgRowsBefore, double avgRowsAfter, double factor, boolean slower) {
    }

    List<Compared> compare(String database, String branch, Set<String> tables, Instant cutover) {
        Instant now = clock.instant();
        Duration open = Duration.between(cutover, now);
        Instant from = cutover.minus(open.compareTo(MIN_BEFORE) > 0 ? open : MIN_BEFORE);
        Map<Long, PatternStats> before = store.patterns(database, branch, from, cutover).stream()
                .collect(Collectors.toMap(PatternStats::id, Function.identity()));
        List<Compared> compared = new ArrayList<>();
        for (PatternStats after : store.patterns(database, branch, cutover, now.plusSeconds(60))) {
            if (Collections.disjoint(after.tables(), tables)) {
                continue;
            }
            PatternStats earlier = before.get(after.id());
            if (earlier == null) {
                continue;
            }
            double factor = earlier.avgMs() == 0 ? 0 : after.avgMs() / earlier.avgMs();
            boolean slower = earlier.count() >= properties.slowdownMinExecutions()
                    && after.count() >= properties.slowdownMinExecutions() && factor >= properties.slowdownFactor()
                    && after.avgMs() - earlier.avgMs() >= MIN_SLOWDOWN_MS;
            compared.add(new Compared(after.id(), after.pattern(), earlier.count(), after.count(), earlier.avgMs(),
                    after.avgMs(), earlier.avgRows(), after.avgRows(), factor, slower));
        }
        compared.sort((a, b) -> Double.compare(b.factor(), a.factor()));
        return compared;
    }

    @Override
    public Optional<View> panelFor(DeployRequest request, Deployment deployment) {
        if (deployment.getCutoverAt() == null) {
            return Optional.empty();
        }
        Set<String> tables = new HashSet<>();
        for (DeploymentOperation operation : deployment.getOperations()) {
            tables.add(operation.getTable());
        }
        List<Compared> compared = compare(request.getDatabase(), request.getIntoBranch(), tables, deployment.getCutoverAt());
        if (compared.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new View("insights/revert-panel", "comparison", Map.of("compared", compared,
                "slower", compared.stream().filter(Compared::slower).toList(), "database", request.getDatabase(),
                "branch", request.getIntoBranch())));
    }
}
