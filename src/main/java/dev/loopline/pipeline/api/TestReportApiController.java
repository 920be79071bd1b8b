package dev.loopline.pipeline.api;

import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.List;

import org.springframework.http.HttpStatus;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import dev.loopline.common.DomainException;
import dev.loopline.common.Paging;
import dev.loopline.common.Paging.PagedList;
import dev.loopline.common.Quantities;
import dev.loopline.common.Role;
import dev.loopline.pipeline.junit.TestReports;
import dev.loopline.pipeline.testreport.TestCaseHistory;
import dev.loopline.pipeline.testreport.TestReportService;
import dev.loopline.pipeline.testreport.TestResultView;
import dev.loopline.pipeline.testreport.TestRunView;

/**
 * Test reports of builds (API.md "Builds and tests"): CI posts JUnit XML or a zip of a reports folder; anyone signed
 * in reads the runs and the tests' histories.
 */
@RestController
@RequestMapping("/api/v1")
class TestReportApiController {

    /** How many failed and flaky tests a {@code test_run} lists; the counts are always complete. */
    static final int LISTED = 100;

    private final TestReportService reports;

    TestReportApiController(TestReportService reports) {
        this.reports = reports;
    }

    /**
     * {@code test_run}: counts of one posted report. {@code failed_tests} lists failures and errors not rescued by a
     * rerun, {@code flaky_tests} the flaky tests (with {@code reason}: {@code rerun} or {@code history}), each at
     * most {@value #LISTED}; {@code duration_ms} is the sum of the tests' times.
     */
    record TestRunJson(long id, long buildId, boolean latest, int files, int tests, int passed, int failures,
            int errors, int skipped, int flaky, double passRate, long durationMs, List<TestJson> failedTests,
            List<TestJson> flakyTests, String createdBy, Instant createdAt) {
    }

    record TestJson(String name, String className, String status, String reason, String message, String failureType,
            long durationMs) {

        static TestJson of(TestResultView r) {
            return new TestJson(r.name(), r.className(), r.status(), r.flaky(), r.message(), r.failureType(),
                    r.durationMs());
        }
    }

    record TestCaseJson(String name, String className, List<TestCaseHistory.Point> history) {
    }

    private TestRunJson json(TestRunView run) {
        return new TestRunJson(run.id(), run.buildId(), run.latest(), run.files(), run.tests(), run.passed(),
                run.failures(), run.errors(), run.skipped(), run.flaky(), run.passRate(), run.durationMs(),
                reports.failuresOf(run.id(), LISTED).stream().map(TestJson::of).toList(),
                reports.flakyOf(run.id(), LISTED).stream().map(TestJson::of).toList(), run.createdBy(), run.createdAt());
    }

    /**
     * {@code 201 test_run}: the body is one JUnit XML file ({@code application/xml}) or a zip of them
     * ({@code application/zip}; told apart by the content, not the header). {@code 400 invalid_test_report} names
     * the file and line; {@code 413 payload_too_large} above 50 MB; {@code 404} for an unknown build.
     */
    @PostMapping("/builds/{id}/test-reports")
    @PreAuthorize(Role.BUILD_REPORTERS)
    @ResponseStatus(HttpStatus.CREATED)
    TestRunJson post(@PathVariable long id, @RequestHeader(name = "Content-Length", required = false) Long length,
            InputStream body) throws IOException {
        if (length != null && length > TestReports.MAX_BYTES) {
            throw new DomainException.TooLarge("payload_too_large", "The request body is " + Quantities.bytes(length)
                    + "; the limit is " + Quantities.bytes(TestReports.MAX_BYTES) + ". Split the reports and post them "
                    + "in parts.");
        }
        return json(reports.record(id, body));
    }

    @GetMapping("/builds/{id}/test-reports")
    PagedList<TestRunJson> runs(@PathVariable long id, Paging paging) {
        return paging.page(reports.runsOf(id), this::json);
    }

    /** Tests by name (part of {@code name} or {@code class.name}), most recently seen first, each with its history. */
    @GetMapping("/test-cases")
    PagedList<TestCaseJson> testCases(@RequestParam(required = false) String name,
            @RequestParam(name = "iteration_id", required = false) Long iterationId, Paging paging) {
        PagedList<TestCaseHistory> page = reports.testCases(name, iterationId, paging);
        return paging.result(page.data().stream().map(t -> new TestCaseJson(t.name(), t.className(), t.history()))
                .toList(), page.nextPage() != null);
    }
}
