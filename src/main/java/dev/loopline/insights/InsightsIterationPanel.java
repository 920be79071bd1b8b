package dev.loopline.insights;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.springframework.stereotype.Component;

import dev.loopline.database.DatabaseService;
import dev.loopline.iteration.IterationPanel;
import dev.loopline.iteration.Phase;

/**
 * The Monitor evidence on an iteration's page: the heaviest query patterns of its database's production branch in
 * the last 24 hours, full scans flagged, linking to the insights page where they go into the next plan.
 */
@Component
class InsightsIterationPanel implements IterationPanel {

    private static final int SHOWN = 5;

    private final InsightsService insights;
    private final InsightStore store;
    private final DatabaseService databases;
    private final java.time.Clock clock;

    InsightsIterationPanel(InsightsService insights, InsightStore store, DatabaseService databases, java.time.Clock clock) {
        this.insights = insights;
        this.store = store;
        this.databases = databases;
        this.clock = clock;
    }

    @Override
    public int order() {
        return 800;
    }

    @Override
    public Optional<View> panelFor(long iterationId, String database, Phase current) {
        if (database == null) {
            return Optional.empty();
        }
        String branch = databases.get(database).getDefaultBranch();
        InsightsService.Range day = InsightsService.Range.last(clock, Duration.ofHours(24));
        List<PatternStats> heaviest = store.patterns(database, branch, day.from(), day.to()).stream().limit(SHOWN).toList();
        if (heaviest.isEmpty()) {
            return Optional.empty();
        }
        var branchEntity = insightsBranch(database, branch);
        List<InsightsService.Pattern> patterns = heaviest.stream()
                .map(stats -> new InsightsService.Pattern(stats, insights.plan(branchEntity, stats))).toList();
        return Optional.of(new View("Query insights", Set.of(Phase.MONITOR), "insights/iteration-panel", "heaviest",
                Map.of("patterns", patterns, "database", database, "branch", branch)));
    }

    private dev.loopline.database.Branch insightsBranch(String database, String branch) {
        return insights.branch(database, branch);
    }
}
