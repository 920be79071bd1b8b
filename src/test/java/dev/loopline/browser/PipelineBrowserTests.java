package dev.loopline.browser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

import dev.loopline.browser.pages.IntegrationsPage;
import dev.loopline.browser.pages.LoginPage;
import dev.loopline.support.IntegrationTest;

/** What a person sees of builds: the iteration page's Build panel, a build's page, and the CI integrations page. */
class PipelineBrowserTests extends AbstractBrowserTest {

    @Test
    void theIterationPageShowsItsBuildsWithStatusDurationCommitAndArtifacts() throws Exception {
        long id = createIteration("Builds shown " + UUID.randomUUID().toString().substring(0, 6));
        String pipeline = "web-" + UUID.randomUUID().toString().substring(0, 6);
        asAdmin(post("/api/v1/builds"), "{\"pipeline\":\"" + pipeline + "\",\"number\":7,\"status\":\"success\","
                + "\"iteration_id\":" + id + ",\"commit_sha\":\"c6d86dc7c283ec7c8a2fd6c8e1cb5af0ea1a8b88\","
                + "\"git_branch\":\"main\",\"started_at\":\"2026-11-20T10:00:00Z\",\"finished_at\":\"2026-11-20T10:03:30Z\","
                + "\"artifacts\":[{\"name\":\"shop.jar\",\"url\":\"https://ci.example/shop.jar\",\"size_bytes\":2097152}]}");
        asAdmin(post("/api/v1/builds"), "{\"pipeline\":\"" + pipeline + "\",\"number\":8,\"status\":\"failed\","
                + "\"iteration_id\":" + id + "}");

        LoginPage.open(driver, baseUrl()).signInAs("admin", IntegrationTest.ADMIN_PASSWORD);
        driver.get(baseUrl() + "/iterations/" + id);
        WebElement panel = driver.findElement(By.cssSelector("[data-testid='build-panel']"));
        var rows = panel.findElements(By.cssSelector("[data-testid='build-row']"));
        assertThat(rows).hasSize(2);
        assertThat(rows.get(0).getText()).contains(pipeline + "#8").contains("failed");
        assertThat(rows.get(1).getText()).contains(pipeline + "#7").contains("success").contains("c6d86dc")
                .contains("on main").contains("shop.jar (2.0 MB)");
        assertThat(rows.get(1).findElement(By.cssSelector("[data-testid='build-duration']")).getText())
                .isEqualTo("3 min 30 s");
        // the iteration moved into Build by itself, and says so in its history
        assertThat(driver.findElement(By.cssSelector("[data-testid='current-phase']")).getText()).isEqualTo("Build");
        assertThat(driver.findElement(By.cssSelector("[data-testid='phase-history']")).getText())
                .contains("automation").contains("build " + pipeline + "#7");

        WebElement link = rows.get(1).findElement(By.linkText(pipeline + "#7"));
        ((org.openqa.selenium.JavascriptExecutor) driver).executeScript("arguments[0].scrollIntoView({block: 'center', behavior: 'instant'})",
                link);
        link.click();
        assertThat(driver.findElement(By.cssSelector("[data-testid='build-heading']")).getText())
                .isEqualTo("Build " + pipeline + "#7");
        assertThat(driver.findElement(By.cssSelector("[data-testid='artifacts-table']")).getText()).contains("shop.jar");
    }

    @Test
    void anAdminAddsAnIntegrationSeesItsSecretOnceAndWhyADeliveryWasRefused() throws Exception {
        LoginPage.open(driver, baseUrl()).signInAs("admin", IntegrationTest.ADMIN_PASSWORD);
        String name = "gh-" + UUID.randomUUID().toString().substring(0, 6);
        IntegrationsPage page = IntegrationsPage.open(driver, baseUrl()).add("github", name);
        assertThat(page.secret()).startsWith("llci_");
        assertThat(page.setUpHint()).contains("/api/v1/integrations/github").contains("Workflow runs");
        assertThat(page.integrations()).contains(name).contains("GitHub");

        mvc.perform(post("/api/v1/integrations/github").header("X-GitHub-Event", "workflow_run")
                .header("X-Hub-Signature-256", "sha256=" + "00".repeat(32)).contentType("application/json")
                .content("{\"action\":\"completed\"}"));
        page = IntegrationsPage.open(driver, baseUrl());
        assertThat(page.refusals().get(0)).contains("GitHub").contains("refused · 401")
                .contains("signature does not match");
        assertThat(driver.findElements(By.cssSelector("[data-testid='integration-secret']"))).as("shown once").isEmpty();
    }
}
