package dev.loopline.pipeline.testreport;

import java.time.Instant;

/**
 * One posted report of a build, as stored.
 *
 * @param files      XML files read (1 for a single file)
 * @param durationMs the sum of its test cases' times, in milliseconds
 * @param latest     whether it is the build's latest run (the one its summary, history and panels use)
 */
public record TestRunView(long id, long buildId, boolean latest, int files, int tests, int failures, int errors,
        int skipped, int flaky, long durationMs, String createdBy, Instant createdAt) {

    /** Tests that passed (or passed on a rerun). */
    public int passed() {
        return Math.max(0, tests - failures - errors - skipped);
    }

    /** Passed tests among those that ran (skipped ones left out), 0 to 100; 100 for a run of skipped tests only. */
    public double passRate() {
        int ran = tests - skipped;
        return ran <= 0 ? 100.0 : Math.round(1000.0 * passed() / ran) / 10.0;
    }

    public boolean green() {
        return failures + errors == 0;
    }
}
