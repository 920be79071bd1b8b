package dev.loopline.pipeline;

import java.util.Optional;

/**
 * Implemented by the test-report part of the pipeline module: the test counts of a build, for the build JSON and
 * pages. Optional: without a bean (or without a test run) builds show zeros.
 */
public interface BuildTestSummaries {

    /** The summary of the build's test runs, or empty when it has none. */
    Optional<TestSummary> summaryOf(long buildId);
}
