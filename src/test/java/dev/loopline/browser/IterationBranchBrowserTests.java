package dev.loopline.browser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.patch;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import java.time.Duration;
import java.time.LocalDate;
import java.util.UUID;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import com.jayway.jsonpath.JsonPath;

import dev.loopline.audit.AuditLog;
import dev.loopline.browser.pages.DashboardPage;
import dev.loopline.browser.pages.IterationFormPage;
import dev.loopline.browser.pages.IterationPage;
import dev.loopline.browser.pages.LoginPage;
import dev.loopline.support.IntegrationTest;

/** An iteration's database and branch, and its phase panel, as people see them in headless Chromium. */
class IterationBranchBrowserTests extends AbstractBrowserTest {

    @Autowired
    AuditLog auditLog;

    @Test
    void theFormOffersOnlyDatabasesThatExist() throws Exception {
        String db = createDatabase("pick");
        LoginPage.open(driver, baseUrl()).signInAs("admin", IntegrationTest.ADMIN_PASSWORD);
        IterationFormPage form = new DashboardPage(driver, baseUrl()).newIteration();
        assertThat(form.databaseChoices()).startsWith("").contains(db).doesNotContain("no-such-db");
        Browser.screenshot(driver, "iteration-form-database-list");
        IterationPage iteration = form.fill("Picked database", "", LocalDate.now().plusDays(3), LocalDate.now().plusDays(10), db)
                .create();
        assertThat(iteration.branchCard()).contains("Created from production at the start date");
    }

    @Test
    void aFailedBranchShowsWhyAndOnlyThoseWhoMayRetryItSeeRetry() throws Exception {
        String db = createDatabase("retry");
        long id = createIterationOn(db, "Retry me", LocalDate.now().plusDays(1));
        String branch = "iter-" + id + "-retry-me";
        // someone took the iteration's branch name: creating it at the start date must fail, and say so
        asAdmin(post("/api/v1/databases/" + db + "/branches"), "{\"name\": \"" + branch + "\"}");
        asAdmin(patch("/api/v1/iterations/" + id), "{\"starts_on\": \"" + LocalDate.now() + "\"}");

        createUser("retry-dev", "retry-dev-password", "DEVELOPER");
        LoginPage.open(driver, baseUrl()).signInAs("retry-dev", "retry-dev-password");
        IterationPage asDeveloper = IterationPage.open(driver, baseUrl(), id);
        assertThat(asDeveloper.awaitBranchFailure()).contains("already exists");
        assertThat(asDeveloper.canRetryBranch()).isFalse();
        assertThat(asDeveloper.branchCard()).contains("A project manager or an operator can retry it")
                .doesNotContain("Created from production at the start date");
        assertThat(asDeveloper.forgeBranchRetry()).isEqualTo(403);

        asAdmin(delete("/api/v1/databases/" + db + "/branches/" + branch), null);
        LoginPage.open(driver, baseUrl()).signInAs("admin", IntegrationTest.ADMIN_PASSWORD);
        IterationPage asAdmin = IterationPage.open(driver, baseUrl(), id);
        assertThat(asAdmin.awaitBranchFailure()).contains("already exists");
        Browser.screenshot(driver, "iteration-branch-failed");
        asAdmin.markWindow();
        assertThat(asAdmin.retryBranchAndAwaitIt()).isEqualTo(db + "/" + branch);
        assertThat(asAdmin.windowStillMarked()).as("the card refreshed itself, no reload").isTrue();
        Browser.screenshot(driver, "iteration-branch-retried");
        assertThat(auditLog.forTarget("iteration", String.valueOf(id)))
                .anySatisfy(entry -> assertThat(entry.getAction()).isEqualTo("iteration.branch_requested"));
    }

    @Test
    void schemaChangesAreTheBranchsOwnAndProductionsChangesAreListedApart() throws Exception {
        String db = createDatabase("drift");
        // production is changed directly here, standing in for deploys made after the branch was taken
        asAdmin(delete("/api/v1/databases/" + db + "/branches/main/safe-migrations"), null);
        sqlAsAdmin(db, "main", "CREATE TABLE shipments (id BIGINT PRIMARY KEY, city VARCHAR(40));");
        long id = createIterationOn(db, "Drift", LocalDate.now());
        String branch = "iter-" + id + "-drift";
        awaitReady(db, branch);
        sqlAsAdmin(db, branch, "ALTER TABLE shipments ADD COLUMN eta TIMESTAMP;");
        // production moves on after the branch was made: that is not the branch dropping anything
        sqlAsAdmin(db, "main", "ALTER TABLE shipments ADD COLUMN carrier VARCHAR(20);");

        LoginPage.open(driver, baseUrl()).signInAs("admin", IntegrationTest.ADMIN_PASSWORD);
        IterationPage iteration = IterationPage.open(driver, baseUrl(), id);
        assertThat(iteration.branchSchemaChanges()).hasSize(1).first().asString().startsWith("+ column").contains("ETA");
        assertThat(iteration.parentSchemaChanges()).hasSize(1).first().asString().startsWith("+ column").contains("CARRIER");
        Browser.screenshot(driver, "iteration-schema-changes");
    }

    @Test
    void eachPhaseListsOnlyTheGatesOfItsNextMoveAndNoneIsTickedWithoutADeployRequest() throws Exception {
        String db = createDatabase("gates");
        long id = createIterationOn(db, "Gated by deploys", LocalDate.now().plusDays(5));
        LoginPage.open(driver, baseUrl()).signInAs("admin", IntegrationTest.ADMIN_PASSWORD);
        IterationPage iteration = IterationPage.open(driver, baseUrl(), id);
        assertThat(iteration.gates()).isEmpty();
        assertThat(iteration.phasePanel()).contains("No gate guards this move").doesNotContain("Deploy request")
                .as("backups matter from Operate on").doesNotContain("Latest backup");
        iteration.advance().advance().advance().advance();
        assertThat(iteration.loopCurrentPhase()).isEqualTo("release");
        assertThat(iteration.gates()).singleElement().asString().startsWith("✕").contains("Deploy request approved");
        Browser.screenshot(driver, "iteration-gates-release");
        iteration.overrideGates("Hotfix agreed with the on-call lead");
        assertThat(iteration.loopCurrentPhase()).isEqualTo("deploy");
        assertThat(iteration.gates()).singleElement().asString().startsWith("✕").contains("Deploy request deployed")
                .contains("no deployed deploy request");
    }

    private String createDatabase(String prefix) throws Exception {
        String db = prefix + "-" + UUID.randomUUID().toString().substring(0, 6);
        asAdmin(post("/api/v1/databases"), "{\"name\": \"" + db + "\"}");
        return db;
    }

    private long createIterationOn(String db, String name, LocalDate startsOn) throws Exception {
        String json = bodyOf(asAdmin(post("/api/v1/iterations"), "{\"name\": \"" + name + "\", \"starts_on\": \""
                + startsOn + "\", \"ends_on\": \"" + startsOn.plusDays(14) + "\", \"database\": \"" + db + "\"}"));
        return ((Number) JsonPath.read(json, "$.id")).longValue();
    }

    private void awaitReady(String db, String branch) {
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> {
            var response = asAdmin(get("/api/v1/databases/" + db + "/branches/" + branch), null).andReturn().getResponse();
            return response.getStatus() == 200 && "ready".equals(JsonPath.read(response.getContentAsString(), "$.state"));
        });
    }
}
