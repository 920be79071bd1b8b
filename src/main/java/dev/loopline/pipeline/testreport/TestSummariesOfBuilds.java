package dev.loopline.pipeline.testreport;

import java.util.Optional;

import org.springframework.stereotype.Component;

import dev.loopline.pipeline.BuildTestSummaries;
import dev.loopline.pipeline.TestSummary;

/** The build JSON's {@code test_summary}: the counts of the build's latest test run. */
@Component
class TestSummariesOfBuilds implements BuildTestSummaries {

    private final TestRunStore store;

    TestSummariesOfBuilds(TestRunStore store) {
        this.store = store;
    }

    @Override
    public Optional<TestSummary> summaryOf(long buildId) {
        return store.latestOf(buildId).map(run -> new TestSummary(run.tests(), run.failures(), run.errors(),
                run.skipped(), run.flaky()));
    }
}
