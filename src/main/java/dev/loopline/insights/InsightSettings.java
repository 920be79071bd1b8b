package dev.loopline.insights;

import java.time.Clock;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import dev.loopline.common.CurrentActor;
import dev.loopline.common.Role;
import dev.loopline.database.Branch;
import dev.loopline.database.BranchService;
import dev.loopline.database.BranchState;
import dev.loopline.database.BranchStatistics;
import dev.loopline.database.DatabaseService;

/**
 * The per-database setting "query statistics": on by default; when on, the engine collects statistics on the
 * database's production branches and Loopline samples them. Switching it off switches the engine's statistics off
 * on those branches (the engine drops what it had collected; samples already taken stay).
 */
@Service
public class InsightSettings {

    private final InsightStore store;
    private final InsightsProperties properties;
    private final DatabaseService databases;
    private final BranchService branches;
    private final BranchStatistics statistics;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    InsightSettings(InsightStore store, InsightsProperties properties, DatabaseService databases, BranchService branches,
            BranchStatistics statistics, ApplicationEventPublisher events, Clock clock) {
        this.store = store;
        this.properties = properties;
        this.databases = databases;
        this.branches = branches;
        this.statistics = statistics;
        this.events = events;
        this.clock = clock;
    }

    /** Whether query statistics are on for the database (default on). */
    public boolean queryStatistics(String database) {
        Boolean set = store.queryStatistics(database);
        return set == null || set;
    }

    /** The setting of a database that exists: {@code 404} for an unknown one. */
    public boolean queryStatisticsOf(String database) {
        databases.get(database);
        return queryStatistics(database);
    }

    /** Whether Loopline samples this branch: a ready production branch of a database with statistics on. */
    boolean collects(Branch branch) {
        return branch.isProduction() && branch.getState() == BranchState.READY
                && queryStatistics(branch.getDatabase().getName());
    }

    int maxStatements() {
        return properties.maxStatements();
    }

    /** Operators (and admins) switch the setting; the engine follows at once on the production branches. */
    @Transactional
    public boolean setQueryStatistics(String database, boolean enabled) {
        CurrentActor.require(Role.OPERATOR, "change the query statistics setting");
        databases.get(database);
        store.setQueryStatistics(database, enabled, clock.instant());
        for (Branch branch : branches.list(database)) {
            if (branch.isProduction() && branch.getState() == BranchState.READY) {
                statistics.setEnabled(branch, enabled, properties.maxStatements());
                if (!enabled) {
                    store.forgetCursors(database, branch.getName());
                }
            }
        }
        events.publishEvent(new InsightEvents.QueryStatisticsChanged(database, enabled));
        return enabled;
    }
}
