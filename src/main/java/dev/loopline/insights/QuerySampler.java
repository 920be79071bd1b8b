package dev.loopline.insights;

import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

import dev.loopline.common.Hashes;
import dev.loopline.database.Branch;
import dev.loopline.database.BranchService;
import dev.loopline.database.BranchStatistics;
import dev.loopline.database.DatabaseService;
import dev.loopline.database.ManagedDatabase;
import dev.loopline.engine.QueryStatistics;

/**
 * Samples the engine's query statistics of every branch that collects them into the metadata database, once a
 * minute (see {@link InsightsJobs}): the counters' growth since the last reading, grouped by {@link QueryShape
 * pattern}, as one row per pattern and sampling. Restart-safe: the last reading is kept in the metadata database with
 * the engine's epoch, and a counter that started again is taken as it is now (never a negative delta; see
 * {@link Counters#since}).
 */
@Service
class QuerySampler {

    private static final Logger log = LoggerFactory.getLogger(QuerySampler.class);

    private final DatabaseService databases;
    private final BranchService branches;
    private final BranchStatistics statistics;
    private final InsightStore store;
    private final InsightSettings settings;
    private final TransactionTemplate tx;
    private final Clock clock;

    QuerySampler(DatabaseService databases, BranchService branches, BranchStatistics statistics, InsightStore store,
            InsightSettings settings, TransactionTemplate tx, Clock clock) {
        this.databases = databases;
        this.branches = branches;
        this.statistics = statistics;
        this.store = store;
        this.settings = settings;
        this.tx = tx;
        this.clock = clock;
    }

    /** Samples every branch that should collect statistics; returns a summary for the job's result. */
    String sampleAll() {
        int sampled = 0;
        int failed = 0;
        long executions = 0;
        for (ManagedDatabase database : databases.list()) {
            for (Branch branch : branches.list(database.getName())) {
                if (!settings.collects(branch)) {
                    continue;
                }
                try {
                    executions += sample(branch);
                    sampled++;
                }
                catch (RuntimeException e) {
                    failed++;
                    log.warn("Could not sample the query statistics of {}: {}", branch.address(), e.getMessage());
                }
            }
        }
        return "Sampled " + dev.loopline.common.Quantities.count(sampled, "branch", "branches") + " ("
                + dev.loopline.common.Quantities.count(executions, "execution") + ")"
                + (failed > 0 ? "; " + failed + " could not be read" : "") + ".";
    }

    /**
     * Reads the branch's counters and records what ran since the last reading; switches the engine's statistics on
     * first when they are off (after a restart the engine starts without them). Returns the executions recorded.
     */
    synchronized long sample(Branch branch) {
        QueryStatistics reading = statistics.read(branch);
        if (!reading.enabled()) {
            statistics.setEnabled(branch, true, settings.maxStatements());
            reading = statistics.read(branch);
        }
        QueryStatistics current = reading;
        String database = branch.getDatabase().getName();
        String name = branch.getName();
        Instant now = clock.instant();
        return tx.execute(status -> {
            Map<String, Counters> previous = store.cursors(database, name);
            Map<String, Counters> next = new HashMap<>();
            Map<String, Grouped> byPattern = new LinkedHashMap<>();
            for (QueryStatistics.Entry entry : current.entries()) {
                String hash = Hashes.sha256(entry.sql());
                Counters counters = Counters.of(current.epoch(), entry);
                next.put(hash, counters);
                Counters.Delta delta = counters.since(previous.get(hash));
                if (delta.executions() > 0) {
                    QueryShape shape = QueryShape.of(entry.sql());
                    byPattern.computeIfAbsent(Hashes.sha256(shape.pattern()), f -> new Grouped(shape, entry.sql()))
                            .add(delta, entry.sql());
                }
            }
            long recorded = 0;
            for (var group : byPattern.entrySet()) {
                Grouped grouped = group.getValue();
                long id = store.touchPattern(database, name, group.getKey(), grouped.shape, grouped.sampleSql, now);
                store.addSample(id, now, grouped.delta);
                recorded += grouped.delta.executions();
            }
            store.replaceCursors(database, name, next);
            return recorded;
        });
    }

    private static final class Grouped {
        final QueryShape shape;
        String sampleSql;
        Counters.Delta delta = Counters.Delta.NONE;

        Grouped(QueryShape shape, String sampleSql) {
            this.shape = shape;
            this.sampleSql = sampleSql;
        }

        /** Adds what ran; the shortest text of the shape is the sample (the likeliest to be kept whole). */
        void add(Counters.Delta more, String sql) {
            delta = delta.plus(more);
            if (sql.length() < sampleSql.length()) {
                sampleSql = sql;
            }
        }
    }
}
