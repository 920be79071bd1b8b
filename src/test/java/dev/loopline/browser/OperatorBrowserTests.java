package dev.loopline.browser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.UUID;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import com.jayway.jsonpath.JsonPath;

import dev.loopline.browser.pages.AdminUsersPage;
import dev.loopline.browser.pages.BranchPage;
import dev.loopline.browser.pages.DashboardPage;
import dev.loopline.browser.pages.DeployRequestPage;
import dev.loopline.browser.pages.DeployRequestsPage;
import dev.loopline.browser.pages.JobsPage;
import dev.loopline.browser.pages.LoginPage;
import dev.loopline.support.IntegrationTest;

/** What an operator acts on, in real headless Chromium: the dashboard, the request list, deploying safely. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OperatorBrowserTests extends AbstractBrowserTest {

    private static final String PASSWORD = "operator-password-1";
    private String operator;
    private String developer;
    private String operatorToken;

    @BeforeAll
    void operatorAndDeveloper() throws Exception {
        String suffix = UUID.randomUUID().toString().substring(0, 6);
        operator = "ops-" + suffix;
        developer = "dev-" + suffix;
        LoginPage.open(driver, baseUrl()).signInAs("admin", IntegrationTest.ADMIN_PASSWORD);
        AdminUsersPage.open(driver, baseUrl()).addUser(operator, PASSWORD, "OPERATOR");
        AdminUsersPage.open(driver, baseUrl()).addUser(developer, PASSWORD, "DEVELOPER");
        operatorToken = tokenWithRoles("operator");
    }

    /** A database whose branch {@code feature} adds a table, and a request for it opened by {@code token}. */
    private String databaseWithRequest(String prefix, String token, boolean autoApply) throws Exception {
        String db = prefix + "-" + UUID.randomUUID().toString().substring(0, 6);
        asAdmin(post("/api/v1/databases"), "{\"name\": \"" + db + "\"}").andExpect(status().isCreated());
        asAdmin(post("/api/v1/databases/" + db + "/branches"), "{\"name\": \"feature\"}").andExpect(status().isCreated());
        sqlAsAdmin(db, "feature", "CREATE TABLE parcels (id BIGINT PRIMARY KEY, weight INT)");
        as(token, post("/api/v1/databases/" + db + "/deploy-requests"),
                "{\"branch\": \"feature\", \"auto_apply\": " + autoApply + "}").andExpect(status().isCreated());
        return db;
    }

    private String state(String db) throws Exception {
        return JsonPath.read(bodyOf(asAdmin(get("/api/v1/databases/" + db + "/deploy-requests/1"), null)),
                "$.deployment_state");
    }

    @Test
    void theDashboardShowsAnOperatorWhatTheyActOn() throws Exception {
        String waiting = databaseWithRequest("review", tokenWithRoles("developer"), true);
        String gated = databaseWithRequest("gated", tokenWithRoles("developer"), false);
        String deployed = databaseWithRequest("window", tokenWithRoles("developer"), true);
        as(operatorToken, post("/api/v1/databases/" + gated + "/deploy-requests/1/reviews"), "{\"state\": \"approved\"}");
        as(operatorToken, post("/api/v1/databases/" + gated + "/deploy-requests/1/deploy"), null).andExpect(status().isOk());
        as(operatorToken, post("/api/v1/databases/" + deployed + "/deploy-requests/1/reviews"), "{\"state\": \"approved\"}");
        as(operatorToken, post("/api/v1/databases/" + deployed + "/deploy-requests/1/deploy?wait=true"), null);
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> state(gated).equals("pending_cutover")
                && state(deployed).equals("complete_pending_revert"));

        DashboardPage dashboard = LoginPage.open(driver, baseUrl()).signInAs(operator, PASSWORD);
        assertThat(dashboard.hasOperatorPanel()).isTrue();
        assertThat(dashboard.toReview()).contains(waiting + " #1").contains("feature → main")
                .doesNotContain(gated + " #1").doesNotContain(deployed + " #1");
        assertThat(dashboard.runningDeploys()).contains(gated + " #1").contains("Copied, waiting for Apply");
        assertThat(dashboard.revertWindows()).contains(deployed + " #1").containsPattern("closes in (29|30) min");
        assertThat(dashboard.revertWindowExactTime()).matches("\\w{3} \\d{1,2} \\w{3} \\d{4}, \\d\\d:\\d\\d:\\d\\d UTC");

        var health = dashboard.backupHealth(waiting + "/main");
        assertThat(health.text()).contains("No successful backup yet");
        assertThat(health.healthy()).isEqualTo("false");
        assertThat(health.lastBackupClass()).contains("text-danger");
        asAdmin(post("/api/v1/databases/" + waiting + "/branches/main/backups?wait=true"), "{}").andExpect(status().isCreated());
        dashboard = DashboardPage.open(driver, baseUrl());
        health = dashboard.backupHealth(waiting + "/main");
        assertThat(health.text()).contains("Backed up just now");
        assertThat(health.lastBackupClass()).doesNotContain("text-danger");
        Browser.screenshot(driver, "dashboard-operator");

        // the panel follows running work by itself: a cutover moves the request from running deploys to revert windows
        dashboard.markWindow();
        as(operatorToken, post("/api/v1/databases/" + gated + "/deploy-requests/1/apply?wait=true"), null)
                .andExpect(status().isOk());
        DashboardPage live = dashboard;
        new org.openqa.selenium.support.ui.WebDriverWait(driver, Duration.ofSeconds(30))
                .ignoring(org.openqa.selenium.StaleElementReferenceException.class)
                .until(d -> live.revertWindows().contains(gated + " #1") && !live.runningDeploys().contains(gated + " #1"));
        assertThat(dashboard.windowStillMarked()).as("without a reload").isTrue();

        DashboardPage asDeveloper = LoginPage.open(driver, baseUrl()).signInAs(developer, PASSWORD);
        assertThat(asDeveloper.hasOperatorPanel()).isFalse();
        assertThat(asDeveloper.activity()).contains(developer + " signed in.").doesNotContain(developer + " " + developer);
    }

    @Test
    void theRequestListHasTabsColumnsAndFilters() throws Exception {
        String devToken = tokenWithRoles("developer");
        String first = databaseWithRequest("list-a", devToken, true);
        String second = databaseWithRequest("list-b", tokenWithRoles("developer"), true);
        String closed = databaseWithRequest("list-c", devToken, true);
        as(devToken, post("/api/v1/databases/" + closed + "/deploy-requests/1/close"), null).andExpect(status().isOk());
        String author = JsonPath.read(bodyOf(asAdmin(get("/api/v1/databases/" + first + "/deploy-requests/1"), null)),
                "$.created_by");

        LoginPage.open(driver, baseUrl()).signInAs(operator, PASSWORD);
        DeployRequestsPage list = DeployRequestsPage.open(driver, baseUrl(), null);
        assertThat(list.activeTab()).isEqualTo("Open");
        assertThat(list.rows()).anySatisfy(row -> assertThat(row).startsWith("#1 " + first + " feature → main 0 of 1 Clean Not deployed"));
        assertThat(list.rows()).anyMatch(row -> row.contains(second)).noneMatch(row -> row.contains(closed));

        DeployRequestsPage closedTab = list.tab("closed");
        assertThat(closedTab.activeTab()).isEqualTo("Closed");
        assertThat(closedTab.rows()).anyMatch(row -> row.contains(closed)).noneMatch(row -> row.contains(first));
        assertThat(DeployRequestsPage.open(driver, baseUrl(), "state=closed").activeTab()).isEqualTo("Closed");

        DeployRequestsPage mine = DeployRequestsPage.open(driver, baseUrl(), null).filter(null, author);
        assertThat(mine.rows()).anyMatch(row -> row.contains(first)).noneMatch(row -> row.contains(second));
        DeployRequestsPage oneDatabase = mine.filter(second, null);
        assertThat(oneDatabase.rows()).hasSize(1).allMatch(row -> row.contains(second));
        assertThat(oneDatabase.filter(second, author).emptyMessage()).contains("No open deploy requests in " + second)
                .contains("Nothing matches these filters").doesNotContain("Change a development branch");

        as(operatorToken, post("/api/v1/databases/" + first + "/deploy-requests/1/reviews"), "{\"state\": \"approved\"}");
        as(operatorToken, post("/api/v1/databases/" + first + "/deploy-requests/1/deploy?wait=true"), null);
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> state(first).equals("complete_pending_revert"));
        DeployRequestsPage deployedTab = DeployRequestsPage.open(driver, baseUrl(), "state=deployed");
        assertThat(deployedTab.rows()).anySatisfy(row -> assertThat(row).contains(first).contains("Approved")
                .contains("Complete, revert window open"));
        Browser.screenshot(driver, "deploy-requests");
    }

    @Test
    void deployIsDisabledWithItsReasonUntilApprovedAndThenAsksFirst() throws Exception {
        String db = databaseWithRequest("blocked", tokenWithRoles("developer"), true);
        LoginPage.open(driver, baseUrl()).signInAs(operator, PASSWORD);
        DeployRequestPage request = DeployRequestPage.open(driver, baseUrl(), db, 1);
        assertThat(request.deployDisabled()).isTrue();
        assertThat(request.deployBlockers()).contains("not approved yet");
        Browser.screenshot(driver, "deploy-request-blocked");

        request.approve("Fine");
        assertThat(request.deployDisabled()).isFalse();
        assertThat(request.deployButCancel()).contains("Deploy #1 into main?");
        assertThat(DeployRequestPage.open(driver, baseUrl(), db, 1).liveState()).isEqualTo("Not deployed");
    }

    /** A request page opened before anyone approved it follows another operator's approval and deploy by itself. */
    @Test
    void aRequestPageOpenedBeforeTheDeployFollowsItWithoutAReload() throws Exception {
        String db = databaseWithRequest("follow", tokenWithRoles("developer"), true);
        LoginPage.open(driver, baseUrl()).signInAs(operator, PASSWORD);
        DeployRequestPage request = DeployRequestPage.open(driver, baseUrl(), db, 1);
        request.markWindow();
        assertThat(request.liveState()).isEqualTo("Not deployed");
        assertThat(request.deployDisabled()).isTrue();
        as(operatorToken, post("/api/v1/databases/" + db + "/deploy-requests/1/reviews"), "{\"state\": \"approved\"}");
        as(operatorToken, post("/api/v1/databases/" + db + "/deploy-requests/1/deploy?wait=true"), "");
        request.awaitLiveState("Complete, revert window open");
        assertThat(request.windowStillMarked()).as("followed without a reload").isTrue();
    }

    @Test
    void pausingTheDeployRunnerAsksFirst() {
        LoginPage.open(driver, baseUrl()).signInAs(operator, PASSWORD);
        JobsPage jobs = JobsPage.open(driver, baseUrl());
        assertThat(jobs.pauseAnswering("deployrequest/deploy-runner", false)).contains("Pause deployrequest/deploy-runner?")
                .contains("Queued deploys wait");
        assertThat(JobsPage.open(driver, baseUrl()).state("deployrequest/deploy-runner")).isNotEqualTo("Paused");
    }

    @Test
    void theRequestFormTakesNotesAndAutoApplyAndLinksTheIteration() throws Exception {
        String db = "form-" + UUID.randomUUID().toString().substring(0, 6);
        asAdmin(post("/api/v1/databases"), "{\"name\": \"" + db + "\"}").andExpect(status().isCreated());
        String created = bodyOf(asAdmin(post("/api/v1/iterations"), "{\"name\": \"Form sprint\", \"starts_on\": \""
                + LocalDate.now(ZoneOffset.UTC) + "\", \"ends_on\": \"" + LocalDate.now(ZoneOffset.UTC).plusDays(10)
                + "\", \"database\": \"" + db + "\"}"));
        long id = ((Number) JsonPath.read(created, "$.id")).longValue();
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> JsonPath.read(bodyOf(asAdmin(
                get("/api/v1/iterations/" + id), null)), "$.branch") != null);
        String branch = "iter-" + id + "-form-sprint";

        LoginPage.open(driver, baseUrl()).signInAs(developer, PASSWORD);
        BranchPage.open(driver, baseUrl(), db, branch).openDeployRequestExpectingError();
        assertThat(driver.findElement(org.openqa.selenium.By.cssSelector("[data-testid='error']")).getText())
                .contains("nothing to deploy");

        sqlAsAdmin(db, branch, "CREATE TABLE parcels (id BIGINT PRIMARY KEY)");
        DeployRequestPage request = BranchPage.open(driver, baseUrl(), db, branch)
                .openDeployRequest("Adds parcels for tracking.", false);
        assertThat(request.notes()).isEqualTo("Adds parcels for tracking.");
        assertThat(request.autoApply()).contains("Auto-apply off");
        assertThat(request.iterationLink()).isEqualTo("Iteration Form sprint");
        assertThat(JsonPath.<Boolean>read(bodyOf(asAdmin(get("/api/v1/databases/" + db + "/deploy-requests/1"), null)),
                "$.auto_apply")).isFalse();

        driver.get(baseUrl() + "/iterations/" + id);
        var link = driver.findElement(org.openqa.selenium.By.cssSelector("a[href$='/databases/" + db + "/deploy-requests/1']"));
        assertThat(link.getText()).contains("#1");
    }
}
