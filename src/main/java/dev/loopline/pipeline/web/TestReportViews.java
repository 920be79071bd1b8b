package dev.loopline.pipeline.web;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.stereotype.Component;

import dev.loopline.pipeline.testreport.TestReportService;
import dev.loopline.pipeline.testreport.TestResultView;
import dev.loopline.pipeline.testreport.TestRunView;

import tools.jackson.databind.json.JsonMapper;

/**
 * What the pages show of test reports, for templates as {@code ${@testReportViews…}}: the test section of a build
 * page ({@link #forBuild}) and the data of the iteration's Test panel.
 */
@Component("testReportViews")
public class TestReportViews {

    static final int LISTED_FAILURES = 25;
    static final int LISTED_FLAKY = 25;
    static final int SLOWEST = 10;
    /** Builds the Test panel's chart shows. */
    static final int TREND_BUILDS = 20;

    private final TestReportService reports;
    private final JsonMapper json = JsonMapper.builder().build();

    TestReportViews(TestReportService reports) {
        this.reports = reports;
    }

    /**
     * The test section of a build page.
     *
     * @param run      the build's latest run, or {@code null} when no report was posted
     * @param runs     how many reports were posted for the build
     * @param failures failures and errors not rescued by a rerun, at most {@value #LISTED_FAILURES}
     */
    public record BuildTests(long buildId, TestRunView run, int runs, List<TestResultView> failures,
            List<TestResultView> flaky, List<TestResultView> slowest) {

        /** Failures and errors beyond those listed. */
        public int moreFailures() {
            return run == null ? 0 : Math.max(0, run.failures() + run.errors() - failures.size());
        }
    }

    /** The test section of the build's page (an empty section, saying how to post reports, when there are none). */
    public BuildTests forBuild(long buildId) {
        List<TestRunView> runs = reports.runsOf(buildId);
        Optional<TestRunView> latest = runs.stream().filter(TestRunView::latest).findFirst();
        if (latest.isEmpty()) {
            return new BuildTests(buildId, null, runs.size(), List.of(), List.of(), List.of());
        }
        long run = latest.get().id();
        return new BuildTests(buildId, latest.get(), runs.size(), reports.failuresOf(run, LISTED_FAILURES),
                reports.flakyOf(run, LISTED_FLAKY), reports.slowestOf(run, SLOWEST));
    }

    /** The Test panel's model, or empty when none of the iteration's builds has test results. */
    Optional<Map<String, Object>> panelOf(long iterationId) {
        List<TestReportService.BuildTestRun> trend = reports.trendOf(iterationId, TREND_BUILDS);
        if (trend.isEmpty()) {
            return Optional.empty();
        }
        TestReportService.BuildTestRun latest = trend.get(0);
        long run = latest.run().id();
        List<String> labels = new ArrayList<>();
        List<Double> passRates = new ArrayList<>();
        List<Double> seconds = new ArrayList<>();
        for (int i = trend.size() - 1; i >= 0; i--) {
            TestReportService.BuildTestRun r = trend.get(i);
            labels.add("#" + r.number());
            passRates.add(r.run().passRate());
            seconds.add(Math.round(r.run().durationMs() / 100.0) / 10.0);
        }
        Map<String, Object> chart = new LinkedHashMap<>();
        chart.put("labels", labels);
        chart.put("passRate", passRates);
        chart.put("seconds", seconds);
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("iterationId", iterationId);
        model.put("latest", latest);
        model.put("failures", reports.failuresOf(run, 10));
        model.put("flaky", reports.flakyOf(run, 10));
        model.put("trend", trend);
        model.put("chart", json.writeValueAsString(chart));
        return Optional.of(model);
    }
}
