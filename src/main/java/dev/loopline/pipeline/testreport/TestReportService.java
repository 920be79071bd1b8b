package dev.loopline.pipeline.testreport;

import java.io.InputStream;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

import dev.loopline.common.CurrentActor;
import dev.loopline.common.DomainException;
import dev.loopline.common.Paging;
import dev.loopline.common.TextLimits;
import dev.loopline.pipeline.Build;
import dev.loopline.pipeline.BuildService;
import dev.loopline.pipeline.PipelineEvents;
import dev.loopline.pipeline.junit.JUnitXmlParser;
import dev.loopline.pipeline.junit.TestCaseResult;
import dev.loopline.pipeline.junit.TestReports;
import dev.loopline.pipeline.junit.TestRunTally;
import dev.loopline.pipeline.junit.TestStatus;

/**
 * Test reports of builds: stores each posted report as a test run (see {@link TestRunTally} for how it is counted
 * and what is flaky), publishes {@link PipelineEvents.TestRunRecorded}, and answers what pages and the API show.
 * A build may have several runs (a report posted again, or in parts); its <b>latest</b> run is its evidence: the
 * build's test summary, test histories, flaky-by-history and the iteration's Test panel use it. Post a whole reports
 * folder as one zip.
 */
@Service
public class TestReportService {

    /** How many earlier builds of the iteration flaky-by-history looks back on (with the new one: 10). */
    static final int FLAKY_LOOKBACK = 9;
    /** How many builds a test's history shows. */
    public static final int HISTORY_BUILDS = 30;

    private final BuildService builds;
    private final TestRunStore store;
    private final TestReports reports = new TestReports();
    private final TransactionTemplate tx;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    TestReportService(BuildService builds, TestRunStore store, TransactionTemplate tx, ApplicationEventPublisher events,
            Clock clock) {
        this.builds = builds;
        this.store = store;
        this.tx = tx;
        this.events = events;
        this.clock = clock;
    }

    /**
     * Reads a posted report (one JUnit XML file or a zip of them) and stores it as the build's latest test run.
     *
     * @throws DomainException.NotFound   no such build (404), before the body is read
     * @throws DomainException.InvalidInput unreadable XML or zip (400 {@code invalid_test_report}, with file and line)
     * @throws DomainException.TooLarge   over {@link TestReports#MAX_BYTES} or the file/case bounds (413)
     */
    public TestRunView record(long buildId, InputStream body) {
        Build build = builds.get(buildId);
        TestReports.Read read = reports.read(body, "the report");
        List<TestCaseResult> cases = read.cases();
        Set<String> inRun = TestRunTally.flakyInRun(cases);
        Set<String> byHistory = build.getIterationId() == null ? Set.of()
                : flakyByHistory(build.getIterationId(), buildId, cases);
        TestRunTally tally = TestRunTally.of(cases, byHistory);
        String actor = TextLimits.quoted(CurrentActor.get().displayName());
        return tx.execute(status -> {
            long runId = store.insert(buildId, read.files(), tally, cases, inRun, actor, clock.instant());
            events.publishEvent(new PipelineEvents.TestRunRecorded(buildId, build.getIterationId(), runId,
                    tally.tests(), tally.failures(), tally.errors()));
            return store.latestOf(buildId).orElseThrow();
        });
    }

    /** Keys of this run's tests whose status flipped over the iteration's last builds, this one included. */
    private Set<String> flakyByHistory(long iterationId, long buildId, List<TestCaseResult> cases) {
        Map<String, Map<Long, TestStatus>> byTest = new LinkedHashMap<>();
        for (TestRunStore.HistoryRow row : store.earlierResults(iterationId, buildId, FLAKY_LOOKBACK)) {
            String key = row.className() + "\u0000" + row.name();
            byTest.computeIfAbsent(key, k -> new LinkedHashMap<>()).merge(row.buildId(),
                    TestStatus.ofCode(row.status()), TestReportService::outcome);
        }
        if (byTest.isEmpty()) {
            return Set.of();
        }
        Map<String, TestStatus> now = new LinkedHashMap<>();
        for (TestCaseResult c : cases) {
            now.merge(c.key(), c.status(), TestReportService::outcome);
        }
        Set<String> flaky = new HashSet<>();
        now.forEach((key, status) -> {
            Map<Long, TestStatus> earlier = byTest.get(key);
            if (earlier != null) {
                List<TestStatus> sequence = new ArrayList<>(earlier.values());
                sequence.add(status);
                if (TestRunTally.flipped(sequence)) {
                    flaky.add(key);
                }
            }
        });
        return flaky;
    }

    /** A test's outcome in one build when it was reported more than once: passed if it ever passed, else broken. */
    private static TestStatus outcome(TestStatus a, TestStatus b) {
        if (a == TestStatus.PASSED || b == TestStatus.PASSED) {
            return TestStatus.PASSED;
        }
        if (a.broken() || b.broken()) {
            return a.broken() ? a : b;
        }
        return a;
    }

    /** The build's runs, newest first; 404 for an unknown build. */
    @Transactional(readOnly = true)
    public List<TestRunView> runsOf(long buildId) {
        builds.get(buildId);
        return store.runsOf(buildId);
    }

    /** The build's latest run, if any. */
    @Transactional(readOnly = true)
    public Optional<TestRunView> latestOf(long buildId) {
        return store.latestOf(buildId);
    }

    /** Results of the run that count as failures or errors (not those rescued by a rerun), by class and name. */
    @Transactional(readOnly = true)
    public List<TestResultView> failuresOf(long runId, int limit) {
        return store.failures(runId, limit);
    }

    /** The run's flaky tests, one result per test (the failed one of a rescued pair, with its message). */
    @Transactional(readOnly = true)
    public List<TestResultView> flakyOf(long runId, int limit) {
        Map<String, TestResultView> distinct = new LinkedHashMap<>();
        for (TestResultView r : store.flaky(runId, limit * 2)) {
            distinct.putIfAbsent(r.className() + "\u0000" + r.name(), r);
        }
        return distinct.values().stream().limit(limit).toList();
    }

    /** The run's slowest tests, slowest first. */
    @Transactional(readOnly = true)
    public List<TestResultView> slowestOf(long runId, int limit) {
        return store.slowest(runId, limit);
    }

    /** The latest runs of the iteration's newest {@code builds} builds, newest first. */
    @Transactional(readOnly = true)
    public List<BuildTestRun> trendOf(long iterationId, int builds) {
        return store.latestRunsOfIteration(iterationId, builds).stream()
                .map(r -> new BuildTestRun(r.run(), r.pipeline(), r.number())).toList();
    }

    /** A build's latest run with the build's pipeline and number. */
    public record BuildTestRun(TestRunView run, String pipeline, long number) {
    }

    /**
     * Tests seen in builds' latest runs, most recently seen first, each with its history (see {@link #historyOf}).
     *
     * @param name        part of the test's name or {@code class.name}, case-insensitive; null or blank for all
     * @param iterationId only builds of this iteration; null for all builds
     */
    @Transactional(readOnly = true)
    public Paging.PagedList<TestCaseHistory> testCases(String name, Long iterationId, Paging paging) {
        TextLimits.require("name", name, JUnitXmlParser.MAX_NAME * 2);
        List<Map.Entry<String, String>> keys = store.testCases(name, iterationId, paging.offset(), paging.perPage() + 1);
        boolean more = keys.size() > paging.perPage();
        return paging.result(keys.stream().limit(paging.perPage())
                .map(key -> historyOf(key.getKey(), key.getValue(), iterationId)).toList(), more);
    }

    /**
     * A test's results across builds (the iteration's, or all when null), oldest first, at most
     * {@value #HISTORY_BUILDS} builds; one point per build.
     */
    @Transactional(readOnly = true)
    public TestCaseHistory historyOf(String className, String name, Long iterationId) {
        Map<Long, TestCaseHistory.Point> byBuild = new LinkedHashMap<>();
        for (TestRunStore.HistoryPointRow row : store.historyOf(className, name, iterationId, HISTORY_BUILDS * 3)) {
            TestCaseHistory.Point point = new TestCaseHistory.Point(row.buildId(), row.pipeline(), row.number(),
                    row.status(), row.flaky(), row.durationMs(), row.message());
            byBuild.merge(row.buildId(), point, (a, b) -> outcome(TestStatus.ofCode(a.status()),
                    TestStatus.ofCode(b.status())) == TestStatus.ofCode(a.status()) ? a : b);
            if (byBuild.size() > HISTORY_BUILDS) {
                byBuild.remove(row.buildId());
                break;
            }
        }
        List<TestCaseHistory.Point> oldestFirst = new ArrayList<>(byBuild.values());
        java.util.Collections.reverse(oldestFirst);
        return new TestCaseHistory(className, name, oldestFirst);
    }
}
