package dev.loopline.browser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.loopline.browser.pages.BranchPage;
import dev.loopline.browser.pages.DeployRequestPage;
import dev.loopline.browser.pages.LoginPage;
import dev.loopline.support.IntegrationTest;

/** People see only the actions their roles allow them to take, in headless Chromium. */
class RoleActionsBrowserTests extends AbstractBrowserTest {

    @Test
    void aDeveloperIsNotInvitedToCreatePasswordsOnAProductionBranch() throws Exception {
        String db = "roles-" + UUID.randomUUID().toString().substring(0, 6);
        asAdmin(post("/api/v1/databases"), "{\"name\": \"" + db + "\"}");
        asAdmin(post("/api/v1/databases/" + db + "/branches"), "{\"name\": \"feature\"}");
        createUser("roles-dev", "roles-dev-password", "DEVELOPER");
        LoginPage.open(driver, baseUrl()).signInAs("roles-dev", "roles-dev-password");

        BranchPage production = BranchPage.open(driver, baseUrl(), db, "main");
        assertThat(production.offersPasswordForm()).isFalse();
        assertThat(production.noPasswordsText()).doesNotContain("Create one")
                .contains("Operators and admins create passwords for production branches");
        Browser.screenshot(driver, "branch-production-as-developer");

        BranchPage development = BranchPage.open(driver, baseUrl(), db, "feature");
        assertThat(development.offersPasswordForm()).isTrue();
        assertThat(development.noPasswordsText()).contains("Create one");
    }

    @Test
    void whoeverOpenedADeployRequestIsNotOfferedToApproveIt() throws Exception {
        String db = "own-" + UUID.randomUUID().toString().substring(0, 6);
        asAdmin(post("/api/v1/databases"), "{\"name\": \"" + db + "\"}");
        asAdmin(post("/api/v1/databases/" + db + "/branches"), "{\"name\": \"feature\"}");
        sqlAsAdmin(db, "feature", "CREATE TABLE parcels (id BIGINT PRIMARY KEY);");
        LoginPage.open(driver, baseUrl()).signInAs("admin", IntegrationTest.ADMIN_PASSWORD);
        DeployRequestPage request = BranchPage.open(driver, baseUrl(), db, "feature").openDeployRequest();
        assertThat(request.canApprove()).as("nobody approves their own deploy request").isFalse();
        assertThat(request.approveHint()).contains("someone else approves it");
    }
}
