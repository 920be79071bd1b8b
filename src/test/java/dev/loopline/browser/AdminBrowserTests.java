package dev.loopline.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;

import dev.loopline.browser.pages.AuditPage;
import dev.loopline.browser.pages.LoginPage;
import dev.loopline.browser.pages.TokensPage;
import dev.loopline.support.IntegrationTest;

/** What an admin does on the token and audit pages, in real headless Chromium. */
class AdminBrowserTests extends AbstractBrowserTest {

    @Test
    void aNewTokenIsShownOnceAndWorksAgainstTheApi() throws Exception {
        LoginPage.open(driver, baseUrl()).signInAs("admin", IntegrationTest.ADMIN_PASSWORD);
        TokensPage tokens = TokensPage.open(driver, baseUrl()).create("ci-pipeline", "DEVELOPER");
        String secret = tokens.secret();
        assertThat(secret).startsWith("llt_");
        Browser.screenshot(driver, "admin-tokens");

        HttpResponse<String> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(baseUrl() + "/api/v1/iterations"))
                        .header("Authorization", "Bearer " + secret).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);

        TokensPage again = TokensPage.open(driver, baseUrl());
        assertThat(again.showsSecret()).isFalse();
        assertThat(again.table()).contains("ci-pipeline").doesNotContain(secret);
    }

    @Test
    void theAuditLogFiltersByAction() {
        LoginPage.open(driver, baseUrl()).signInAs("admin", IntegrationTest.ADMIN_PASSWORD);
        AuditPage audit = AuditPage.open(driver, baseUrl()).filterByAction("user.login");
        assertThat(audit.table()).contains("Signed in").contains("admin signed in").doesNotContain("Service token created");
        Browser.screenshot(driver, "audit-log");
    }
}
