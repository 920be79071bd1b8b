package dev.loopline.insights;

import java.time.Instant;
import java.util.List;

/**
 * One query pattern of a branch with what it did in a time range.
 *
 * @param id         the pattern's id (stable while the pattern is kept)
 * @param pattern    the normalized text ({@link QueryShape})
 * @param sampleSql  one real statement of this shape, with its literals; {@code null} for readers who may not see
 *                   the branch's data (see {@code InsightsService})
 * @param tables     tables the statement names
 * @param count      executions in the range
 * @param totalMs    time they took together, in milliseconds
 * @param maxMs      the longest one (per-minute maxima; see {@link Counters#since}), in milliseconds
 * @param rows       rows returned or changed, summed
 * @param firstSeen  when Loopline first sampled the pattern
 * @param lastSeen   when it last ran (to the minute of the sample)
 * @param workItemId the backlog item filed for it, or {@code null}
 */
public record PatternStats(long id, String pattern, String sampleSql, List<String> tables, long count, double totalMs,
        double maxMs, long rows, Instant firstSeen, Instant lastSeen, Long workItemId) {

    /** Average time per execution, in milliseconds (0 without executions). */
    public double avgMs() {
        return count == 0 ? 0 : totalMs / count;
    }

    /** Average rows per execution. */
    public double avgRows() {
        return count == 0 ? 0 : (double) rows / count;
    }
}
