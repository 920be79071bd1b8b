package dev.loopline.pipeline.testreport;

import java.util.List;

/**
 * A test (class and name) and its results across builds, oldest first (the latest run of each build).
 *
 * @param history one point per build, at most {@link TestReportService#HISTORY_BUILDS}
 */
public record TestCaseHistory(String className, String name, List<Point> history) {

    /**
     * The test's result in one build.
     *
     * @param status     {@code passed}, {@code failed}, {@code error}, {@code skipped} (the worst when it ran twice
     *                   without passing; {@code passed} when it passed at least once)
     * @param flaky      {@code rerun}, {@code history} or {@code null}
     * @param durationMs its time in milliseconds
     */
    public record Point(long buildId, String pipeline, long number, String status, String flaky, long durationMs,
            String message) {
    }

    /** How many of the points are broken. */
    public long brokenCount() {
        return history.stream().filter(p -> "failed".equals(p.status()) || "error".equals(p.status())).count();
    }
}
