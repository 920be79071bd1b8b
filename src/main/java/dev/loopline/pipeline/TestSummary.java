package dev.loopline.pipeline;

/** Test counts of a build's latest test run, as the {@code test_summary} of the build JSON shows them. */
public record TestSummary(int tests, int failures, int errors, int skipped, int flaky) {

    public static final TestSummary NONE = new TestSummary(0, 0, 0, 0, 0);
}
