package dev.loopline.insights;

import java.time.Instant;

/**
 * What ran in one minute (one pattern's, or a branch's in total): executions, their time in milliseconds (total and
 * the longest), rows.
 */
public record MinuteSample(Instant at, long count, double totalMs, double maxMs, long rows) {

    /** Average time per execution, in milliseconds. */
    public double avgMs() {
        return count == 0 ? 0 : totalMs / count;
    }
}
