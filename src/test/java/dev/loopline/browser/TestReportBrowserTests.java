package dev.loopline.browser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.io.InputStream;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;

import com.jayway.jsonpath.JsonPath;

import dev.loopline.browser.pages.LoginPage;
import dev.loopline.browser.pages.TestReportPages;
import dev.loopline.support.IntegrationTest;

/** Test reports as a person reads them: the iteration page's Test panel, a test's history, a build's test section. */
class TestReportBrowserTests extends AbstractBrowserTest {

    private long build(String pipeline, int number, long iterationId) throws Exception {
        String json = bodyOf(asAdmin(post("/api/v1/builds"), "{\"pipeline\":\"" + pipeline + "\",\"number\":" + number
                + ",\"status\":\"success\",\"iteration_id\":" + iterationId + "}"));
        return ((Number) JsonPath.read(json, "$.id")).longValue();
    }

    private void report(long buildId, String fixture) throws Exception {
        try (InputStream in = getClass().getResourceAsStream("/junit/" + fixture)) {
            mvc.perform(post("/api/v1/builds/" + buildId + "/test-reports").header("Authorization", bearer(adminToken()))
                    .contentType(MediaType.APPLICATION_XML).content(in.readAllBytes())).andExpect(status().isCreated());
        }
    }

    @Test
    void theTestPanelShowsTheLatestFailuresFlakyTestsAndTheTrendAndLeadsToATestsHistory() throws Exception {
        long iteration = createIteration("Payments " + UUID.randomUUID().toString().substring(0, 6));
        String pipeline = "pay-" + UUID.randomUUID().toString().substring(0, 6);
        report(build(pipeline, 7, iteration), "surefire-rerun.xml");
        report(build(pipeline, 8, iteration), "surefire-own-pass.xml");
        long latest = build(pipeline, 9, iteration);
        report(latest, "surefire-rerun.xml");

        LoginPage.open(driver, baseUrl()).signInAs("admin", IntegrationTest.ADMIN_PASSWORD);
        TestReportPages panel = TestReportPages.iterationPanel(driver, baseUrl(), iteration);
        assertThat(panel.shown()).isTrue();
        assertThat(panel.text()).contains("Latest: " + pipeline + "#9");
        assertThat(panel.totals()).contains("failed", "3 tests", "2 passed", "1 failure", "1 flaky", "3.5 s");
        assertThat(panel.failedTests()).singleElement().asString().contains("settles", "settlement missing");
        assertThat(panel.flakyTests()).singleElement().asString()
                .contains("passed on rerun", "refundsTwice", "expected: <REFUNDED> but was: <PENDING>");
        assertThat(panel.chartedBuilds()).isEqualTo(3);
        Browser.screenshot(driver, "iteration-test-panel");

        TestReportPages.History history = panel.openFailedTest("settles");
        assertThat(history.heading()).isEqualTo("settles");
        assertThat(driver.getCurrentUrl()).contains("iteration_id=" + iteration);
        // build 8 did not run the test: two bars, both failed
        assertThat(history.sparkline()).containsExactly("failed", "failed");
        assertThat(history.sparklineLabel()).isEqualTo("History of settles over 2 builds: 2 failures.");
        assertThat(history.rows()).hasSize(2).first().asString().contains(pipeline + "#9", "Failed", "1.9 s",
                "settlement missing");
        Browser.screenshot(driver, "test-history");
    }

    @Test
    void aBuildsTestsShowTotalsFailuresWithTheirStackTraceFlakyAndSlowestTests() throws Exception {
        long iteration = createIteration("Cart " + UUID.randomUUID().toString().substring(0, 6));
        String pipeline = "cart-" + UUID.randomUUID().toString().substring(0, 6);
        long build = build(pipeline, 3, iteration);
        report(build, "gradle.xml");
        report(build, "surefire-rerun.xml");

        LoginPage.open(driver, baseUrl()).signInAs("admin", IntegrationTest.ADMIN_PASSWORD);
        TestReportPages section = TestReportPages.buildSection(driver, baseUrl(), build);
        assertThat(section.text()).contains("Latest of 2 reports posted");
        assertThat(section.totals()).contains("failed", "3 tests", "1 failure", "1 flaky");
        assertThat(section.failedTests()).singleElement().asString().contains("Failed", "settles",
                "com.example.PaymentsIT", "settlement missing").doesNotContain("PaymentsIT.java:80");
        assertThat(section.openFirstStackTrace()).contains("at com.example.PaymentsIT.settles(PaymentsIT.java:80)");
        assertThat(section.flakyTests()).singleElement().asString().contains("passed on rerun", "refundsTwice");
        assertThat(section.slowestRows()).isEqualTo(3);
        assertThat(section.slowest()).first().asString().contains("settles", "1.9 s");
        Browser.screenshot(driver, "build-tests");

        assertThat(driver.findElement(org.openqa.selenium.By.tagName("h1")).getText()).isEqualTo("Build " + pipeline + "#3");
        assertThat(TestReportPages.buildTestsPage(driver, baseUrl(), build).failedTests()).singleElement().asString()
                .contains("settles");

        TestReportPages empty = TestReportPages.buildSection(driver, baseUrl(), build(pipeline, 4, iteration));
        assertThat(empty.text()).contains("No test reports yet", "/test-reports");
    }

    @Test
    void anIterationInTheTestPhaseWithoutReportsSaysHowToPostThem() throws Exception {
        long iteration = createIteration("No reports " + UUID.randomUUID().toString().substring(0, 6));
        for (String phase : new String[] {"code", "build", "test"}) {
            asAdmin(post("/api/v1/iterations/" + iteration + "/phase"), "{\"phase\":\"" + phase + "\"}");
        }
        LoginPage.open(driver, baseUrl()).signInAs("admin", IntegrationTest.ADMIN_PASSWORD);
        TestReportPages panel = TestReportPages.iterationPanel(driver, baseUrl(), iteration);
        assertThat(panel.text()).contains("No test results yet", "POST /api/v1/builds/{id}/test-reports");
    }
}
