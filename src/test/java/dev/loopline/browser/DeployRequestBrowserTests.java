package dev.loopline.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.loopline.browser.pages.AdminUsersPage;
import dev.loopline.browser.pages.BranchPage;
import dev.loopline.browser.pages.DatabasesPage;
import dev.loopline.browser.pages.DeployRequestPage;
import dev.loopline.browser.pages.LoginPage;
import dev.loopline.support.IntegrationTest;

/** A developer's change reviewed by an operator, in real headless Chromium. */
class DeployRequestBrowserTests extends AbstractBrowserTest {

    @Test
    void openARequestFromTheBranchPageSeeTheDiffAndApproveAsAnotherOperator() {
        String db = "reviewed-" + UUID.randomUUID().toString().substring(0, 6);
        LoginPage.open(driver, baseUrl()).signInAs("admin", IntegrationTest.ADMIN_PASSWORD);
        BranchPage branch = DatabasesPage.open(driver, baseUrl()).createDatabase(db).createBranch("add-events");
        branch.openConsole().run("CREATE TABLE events (id BIGINT PRIMARY KEY, kind VARCHAR(20) NOT NULL)");

        DeployRequestPage request = BranchPage.open(driver, baseUrl(), db, "add-events").openDeployRequest();
        assertThat(request.heading()).isEqualTo("Deploy request #1");
        assertThat(request.diff()).contains("Create").contains("EVENTS").contains("+ table EVENTS (2 columns)")
                .contains("CREATE TABLE EVENTS");
        assertThat(request.approvalState()).isEqualTo("0 of 1 approvals");
        AdminUsersPage.open(driver, baseUrl()).addUser("opal-" + db.substring(9), "opal-password-1", "OPERATOR").signOut();

        LoginPage.open(driver, baseUrl()).signInAs("opal-" + db.substring(9), "opal-password-1");
        DeployRequestPage asOperator = DeployRequestPage.open(driver, baseUrl(), db, 1).approve("Looks safe");
        assertThat(asOperator.approvalState()).isEqualTo("approved");
        assertThat(asOperator.reviews()).contains("Approved").contains("Looks safe");

        asOperator.deployAndWaitFor("Complete, revert window open");
        assertThat(asOperator.awaitNoNotice()).as("\"Queued for deploy.\" goes once the deploy is done").isTrue();
        assertThat(asOperator.operationProgress()).contains("100 %");
        assertThat(asOperator.revertCountdown()).startsWith("closes in");
        Browser.screenshot(driver, "deploy-request");
        asOperator.revert();
        assertThat(asOperator.liveState()).isEqualTo("Reverted");
    }
}
