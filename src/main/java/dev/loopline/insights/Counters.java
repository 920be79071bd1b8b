package dev.loopline.insights;

import dev.loopline.engine.QueryStatistics;

/**
 * Cumulative counters of one statement text as last read, with the run of the engine's counters (epoch) they belong
 * to, and the rule that turns two readings into what ran in between.
 */
record Counters(String epoch, long executions, long totalNanos, long maxNanos, long rows) {

    static Counters of(String epoch, QueryStatistics.Entry entry) {
        return new Counters(epoch, entry.executions(), entry.totalNanos(), entry.maxNanos(), entry.rows());
    }

    /**
     * What ran between {@code previous} (may be {@code null}: never read) and this reading. The counters started
     * again when the epoch changed or any counter went down (the engine reset them, or dropped the text and counted it
     * anew): then everything now counted ran since, and is the delta. Never negative.
     * <p>
     * The longest execution of the interval is exact when the cumulative maximum rose (that execution was in the
     * interval); otherwise it is not known and the interval's average stands in for it.
     */
    Delta since(Counters previous) {
        boolean restarted = previous == null || !previous.epoch.equals(epoch) || executions < previous.executions
                || totalNanos < previous.totalNanos || rows < previous.rows;
        if (restarted) {
            return new Delta(executions, totalNanos, maxNanos, rows);
        }
        long runs = executions - previous.executions;
        long nanos = totalNanos - previous.totalNanos;
        long max = maxNanos > previous.maxNanos ? maxNanos : runs == 0 ? 0 : nanos / runs;
        return new Delta(runs, nanos, max, rows - previous.rows);
    }

    /** What ran in one interval. */
    record Delta(long executions, long totalNanos, long maxNanos, long rows) {

        static final Delta NONE = new Delta(0, 0, 0, 0);

        Delta plus(Delta other) {
            return new Delta(executions + other.executions, totalNanos + other.totalNanos,
                    Math.max(maxNanos, other.maxNanos), rows + other.rows);
        }
    }
}
