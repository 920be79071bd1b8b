package dev.loopline.browser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import dev.loopline.browser.pages.InsightsPage;
import dev.loopline.browser.pages.LoginPage;
import dev.loopline.support.IntegrationTest;

/** The insights page in headless Chromium: chart, patterns with the scan flag, sorting, the plan, Add to backlog. */
class InsightsBrowserTests extends AbstractBrowserTest {

    private static final String SCAN = "SELECT ID, URL FROM WEBHOOKS WHERE OWNER_ID = ?";
    private static final String LOOKUP = "SELECT URL FROM WEBHOOKS WHERE ID = ?";

    @Test
    void opsSeeTheFullScanOnTheChartAndTableAndAddItToTheBacklog() throws Exception {
        String db = "seen-" + java.util.UUID.randomUUID().toString().substring(0, 6);
        asAdmin(post("/api/v1/databases"), "{\"name\": \"" + db + "\"}").andExpect(status().isCreated());
        asAdmin(delete("/api/v1/databases/" + db + "/branches/main/safe-migrations"), null).andExpect(status().isOk());
        sqlAsAdmin(db, "main", "CREATE TABLE WEBHOOKS (ID INT PRIMARY KEY, URL VARCHAR(200), OWNER_ID INT);"
                + "INSERT INTO WEBHOOKS SELECT X, 'https://hooks.example/' || X, MOD(X, 1000) FROM SYSTEM_RANGE(1, 100000);");
        asAdmin(org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put("/api/v1/databases/" + db
                + "/insights/settings"), "{\"query_statistics\": true}").andExpect(status().isOk());
        sqlAsAdmin(db, "main", "SELECT id, url FROM webhooks WHERE owner_id = 5; SELECT id, url FROM webhooks WHERE owner_id = 6;"
                + "SELECT url FROM webhooks WHERE id = 1; SELECT url FROM webhooks WHERE id = 2; SELECT url FROM webhooks WHERE id = 3;");
        // the sampling job, as Quartz runs it every minute
        asAdmin(post("/api/v1/jobs/insights/sample-query-statistics/run"), null).andExpect(status().is2xxSuccessful());

        LoginPage.open(driver, baseUrl()).signInAs("admin", IntegrationTest.ADMIN_PASSWORD);
        InsightsPage insights = org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500))
                .until(() -> InsightsPage.fromBranch(driver, baseUrl(), db, "main"), page -> page.patterns().contains(SCAN));
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(insights::chartDrawn);
        assertThat(insights.rowOf(SCAN)).contains("Full scan · 100,000 rows").contains("WEBHOOKS");
        assertThat(insights.rowOf(LOOKUP)).doesNotContain("Full scan");
        assertThat(insights.sortBy("Count").patterns()).startsWith(LOOKUP);
        assertThat(insights.sortBy("Count").patterns()).endsWith(LOOKUP);
        Browser.screenshot(driver, "insights");

        InsightsPage pattern = insights.openPattern(SCAN);
        assertThat(pattern.fullScan()).contains("Reads all 100,000 rows of WEBHOOKS");
        assertThat(pattern.plan()).contains("tableScan");
        assertThat(pattern.addToBacklog()).startsWith("Added to the backlog as work item");
        assertThat(pattern.backlogLink()).startsWith("In the backlog: work item #");
        Browser.screenshot(driver, "insights-pattern");

        driver.get(baseUrl() + "/backlog");
        assertThat(driver.getPageSource()).contains("Full table scan: " + SCAN);
    }
}
