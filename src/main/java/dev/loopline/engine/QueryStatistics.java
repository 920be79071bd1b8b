package dev.loopline.engine;

import java.util.List;

/**
 * What a database server has counted per statement text since its counters last started, as read by
 * {@link DatabaseEngine#queryStatistics}. The counters are cumulative: callers turn them into deltas by comparing
 * two readings. They start again from zero whenever {@link #epoch()} changes (the server restarted, the database
 * closed, statistics were switched off and on); a caller that sees a new epoch takes the new values as deltas.
 *
 * @param enabled  whether the server collects statistics for this database now (false: {@code entries} is empty)
 * @param epoch    an opaque id of the current run of the counters; a new value means they started again
 * @param entries  one per statement text the server keeps, Loopline's own statements left out
 */
public record QueryStatistics(boolean enabled, String epoch, List<Entry> entries) {

    public QueryStatistics {
        entries = List.copyOf(entries);
    }

    /**
     * Counters of one statement text (its literals as the client sent them; prepared statements with their
     * placeholders).
     *
     * @param sql        the statement text as the server keys it
     * @param executions how often it ran
     * @param totalNanos the time all its executions took, in nanoseconds
     * @param maxNanos   the longest execution, in nanoseconds
     * @param rows       rows returned (queries) or changed (updates), summed over executions
     */
    public record Entry(String sql, long executions, long totalNanos, long maxNanos, long rows) {
    }
}
