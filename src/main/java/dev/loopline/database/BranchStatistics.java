package dev.loopline.database;

import org.springframework.stereotype.Component;

import dev.loopline.engine.DatabaseEngine.QueryPlan;
import dev.loopline.engine.QueryStatistics;

/**
 * A branch's query statistics and plans, for the insights module: the engine calls of
 * {@link dev.loopline.engine.DatabaseEngine} that need Loopline's credential, which never leaves this module. The
 * caller decides who may ask (these are Loopline's own work: sampling jobs and pages that already checked roles).
 */
@Component
public class BranchStatistics {

    private final EngineAccess engines;

    BranchStatistics(EngineAccess engines) {
        this.engines = engines;
    }

    /** Switches the engine's statistics for the branch on (keeping what it has) or off (dropping it). */
    public void setEnabled(Branch branch, boolean enabled, int maxEntries) {
        branch.requireReady();
        engines.engineOf(branch).setQueryStatistics(branch.address(), engines.credentialOf(branch), enabled, maxEntries);
    }

    /** The engine's cumulative counters per statement text, Loopline's own statements left out. */
    public QueryStatistics read(Branch branch) {
        branch.requireReady();
        return engines.engineOf(branch).queryStatistics(branch.address(), engines.credentialOf(branch));
    }

    /** The plan of one statement, asked for by the branch's data-only user. */
    public QueryPlan explain(Branch branch, String statement) {
        branch.requireReady();
        return engines.engineOf(branch).explain(branch.address(), engines.credentialOf(branch), statement);
    }
}
