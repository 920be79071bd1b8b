package dev.loopline.pipeline.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The parser against reports as each tool writes them, this project's own Surefire output among them. */
class JUnitXmlParserTests {

    private final JUnitXmlParser parser = new JUnitXmlParser();

    static List<TestCaseResult> parse(String fixture) throws IOException {
        try (InputStream in = JUnitXmlParserTests.class.getResourceAsStream("/junit/" + fixture)) {
            List<TestCaseResult> cases = new ArrayList<>();
            new JUnitXmlParser().parse(in, fixture, cases::add);
            return cases;
        }
    }

    private List<TestCaseResult> parseText(String xml, String file) {
        List<TestCaseResult> cases = new ArrayList<>();
        parser.parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)), file, cases::add);
        return cases;
    }

    @Test
    void readsThisProjectsOwnSurefireReports() throws IOException {
        List<TestCaseResult> passing = parse("surefire-own-pass.xml");
        assertThat(passing).hasSize(34).allMatch(c -> c.status() == TestStatus.PASSED)
                .allMatch(c -> c.className().equals("dev.loopline.engine.HostFunctionsTests"));
        assertThat(TestRunTally.of(passing, Set.of())).extracting("tests", "failures", "errors", "skipped")
                .containsExactly(34, 0, 0, 0);

        List<TestCaseResult> failing = parse("surefire-own-failure.xml");
        assertThat(failing).singleElement().satisfies(c -> {
            assertThat(c.name()).isEqualTo("aPolicyBackupCountsAsVerifyingUntilItsTestRestoreIsRecorded");
            assertThat(c.status()).isEqualTo(TestStatus.FAILED);
            assertThat(c.durationMs()).isEqualTo(2226);
            assertThat(c.message()).startsWith("[no moment where the page would stop polling before the result]");
            assertThat(c.stackTrace()).contains("Expecting empty but was")
                    // system-out is not part of the failure
                    .doesNotContain("AnnotationConfigContextLoader");
        });
    }

    @Test
    void readsSurefireRerunsAsFlakyOrFailed() throws IOException {
        List<TestCaseResult> cases = parse("surefire-rerun.xml");
        assertThat(cases).extracting(TestCaseResult::name, TestCaseResult::status, TestCaseResult::flakyRuns)
                .containsExactly(tuple("charges", TestStatus.PASSED, 0), tuple("refundsTwice", TestStatus.PASSED, 1),
                        tuple("settles", TestStatus.FAILED, 0));
        TestCaseResult flaky = cases.get(1);
        assertThat(flaky.message()).isEqualTo("expected: <REFUNDED> but was: <PENDING>");
        assertThat(flaky.stackTrace()).contains("PaymentsIT.java:57").doesNotContain("waiting for gateway");
        assertThat(cases.get(2).stackTrace()).contains("PaymentsIT.java:80");
        assertThat(TestRunTally.of(cases, Set.of())).extracting("tests", "failures", "errors", "flaky", "durationMs")
                .containsExactly(3, 1, 0, 1, 3500L);
    }

    @Test
    void readsGradleWithATestRetriedUnderTheSameName() throws IOException {
        List<TestCaseResult> cases = parse("gradle.xml");
        assertThat(cases).extracting(TestCaseResult::name, TestCaseResult::status).containsExactly(
                tuple("addsItem()", TestStatus.PASSED), tuple("appliesDiscount()", TestStatus.FAILED),
                tuple("appliesDiscount()", TestStatus.PASSED), tuple("checksOutOffline()", TestStatus.SKIPPED));
        assertThat(cases.get(1).message()).isEqualTo(
                "org.opentest4j.AssertionFailedError: expected: <90> but was: <100>");
        assertThat(cases.get(1).failureType()).isEqualTo("org.opentest4j.AssertionFailedError");
        // both kept; the failure rescued by the retry is a flake, not a failure
        TestRunTally tally = TestRunTally.of(cases, Set.of());
        assertThat(tally).extracting("tests", "failures", "skipped", "flaky").containsExactly(4, 0, 1, 1);
        assertThat(tally.flakyKeys()).containsExactly(cases.get(1).key());
    }

    @Test
    void readsPytest() throws IOException {
        List<TestCaseResult> cases = parse("pytest.xml");
        assertThat(cases).extracting(TestCaseResult::name, TestCaseResult::status, TestCaseResult::durationMs)
                .containsExactly(tuple("test_create_order", TestStatus.PASSED, 3L),
                        tuple("test_total[2-4]", TestStatus.FAILED, 1_203_250L),
                        tuple("test_refund", TestStatus.ERROR, 1L), tuple("test_export", TestStatus.SKIPPED, 500L),
                        tuple("test_legacy", TestStatus.SKIPPED, 2L), tuple("test_log", TestStatus.PASSED, 10L));
        assertThat(cases.get(1).message()).isEqualTo("assert 5 == 4\n +  where 5 = total(2, 2)");
        assertThat(cases.get(2).message()).isEqualTo("failed on setup with \"ConnectionError: db down\"");
        assertThat(cases.get(3).message()).isEqualTo("needs S3");
        assertThat(cases).allMatch(c -> c.className().equals("tests.test_orders"));
        assertThat(TestRunTally.of(cases, Set.of())).extracting("tests", "failures", "errors", "skipped")
                .containsExactly(6, 1, 1, 2);
    }

    @Test
    void readsGoJunitReport() throws IOException {
        List<TestCaseResult> cases = parse("go-junit-report.xml");
        assertThat(cases).extracting(TestCaseResult::name, TestCaseResult::status).containsExactly(
                tuple("TestReserve", TestStatus.PASSED), tuple("TestReserve/out_of_stock", TestStatus.PASSED),
                tuple("TestRelease", TestStatus.FAILED));
        assertThat(cases.get(2).message()).isEqualTo("Failed");
        assertThat(cases.get(2).stackTrace()).isEqualTo("inventory_test.go:41: got 3 reserved, want 0");
        assertThat(cases.get(2).suite()).isEqualTo("example.com/shop/inventory");
    }

    @Test
    void readsJestJunitWhoseFailuresHaveNoMessageAttribute() throws IOException {
        List<TestCaseResult> cases = parse("jest-junit.xml");
        assertThat(cases).extracting(TestCaseResult::suite, TestCaseResult::status).containsExactly(
                tuple("price formatting", TestStatus.PASSED), tuple("price formatting", TestStatus.FAILED),
                tuple("price formatting", TestStatus.SKIPPED), tuple("cart", TestStatus.PASSED));
        assertThat(cases.get(1).message()).isEqualTo("Error: expect(received).toBe(expected) // Object.is equality");
        assertThat(cases.get(1).stackTrace()).contains("Received: \"€1.00\"");
    }

    @Test
    void readsNestedSuitesCountingTestCasesNotSuiteAttributes() throws IOException {
        List<TestCaseResult> cases = parse("nested.xml");
        assertThat(cases).extracting(TestCaseResult::suite, TestCaseResult::className, TestCaseResult::name,
                TestCaseResult::status, TestCaseResult::durationMs).containsExactly(
                        tuple("inner", "inner", "first", TestStatus.PASSED, 0L),
                        tuple("inner", "inner", "second", TestStatus.ERROR, 0L),
                        tuple("outer", "Explicit", "third", TestStatus.PASSED, 0L));
        assertThat(cases.get(1).message()).isEqualTo("boom");
        assertThat(TestRunTally.of(cases, Set.of())).extracting("tests", "failures", "errors")
                .containsExactly(3, 0, 1);
    }

    @Test
    void readsTimesWithThousandsSeparatorsOrDecimalCommas() {
        assertThat(JUnitXmlParser.millisOf("1,234.5")).isEqualTo(1_234_500);
        assertThat(JUnitXmlParser.millisOf("1,234")).isEqualTo(1_234_000);
        assertThat(JUnitXmlParser.millisOf("0,25")).isEqualTo(250);
        assertThat(JUnitXmlParser.millisOf("0.0005")).isEqualTo(1);
        assertThat(JUnitXmlParser.millisOf(null)).isZero();
        assertThat(JUnitXmlParser.millisOf("NaN")).isZero();
        assertThat(JUnitXmlParser.millisOf("-3")).isZero();
        assertThat(JUnitXmlParser.millisOf("1e400")).isZero();
    }

    @Test
    void badXmlNamesTheFileAndLine() {
        assertThatThrownBy(() -> parse("bad.xml")).isInstanceOf(UnreadableReport.class)
                .hasMessageStartingWith("bad.xml line 5: not well-formed XML")
                .hasMessageContaining("failure");
        assertThatThrownBy(() -> parseText("<html><body/></html>", "page.html"))
                .hasMessageContaining("page.html line 1").hasMessageContaining("not a JUnit XML report");
    }

    @Test
    void anExternalEntityIsNeverRead(@TempDir Path dir) throws IOException {
        Path secret = Files.writeString(dir.resolve("secret.txt"), "TOP-SECRET-42");
        String xxe = "<?xml version=\"1.0\"?>\n<!DOCTYPE testsuite [<!ENTITY xxe SYSTEM \"" + secret.toUri()
                + "\">]>\n<testsuite name=\"x\"><testcase name=\"t\" classname=\"C\"><failure message=\"&xxe;\">&xxe;"
                + "</failure></testcase></testsuite>";
        // refused as an undeclared entity: the DTD that declares it is never processed, the file never opened
        assertThatThrownBy(() -> parseText(xxe, "xxe.xml")).isInstanceOf(UnreadableReport.class)
                .hasMessageStartingWith("xxe.xml line 3").hasMessageContaining("\"xxe\" was referenced, but not declared")
                .message().doesNotContain("TOP-SECRET");
    }

    @Test
    void billionLaughsIsRefusedFastWithoutExpanding() {
        long started = System.nanoTime();
        assertThatThrownBy(() -> parse("billion-laughs.xml")).isInstanceOf(UnreadableReport.class)
                .hasMessageStartingWith("billion-laughs.xml line 15");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(2));
    }
}
