package dev.loopline.browser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import org.junit.jupiter.api.Test;

import dev.loopline.browser.pages.LoginPage;
import dev.loopline.browser.pages.NotificationsPage;
import dev.loopline.browser.pages.WebhooksPage;
import dev.loopline.support.IntegrationTest;

/** What admins and planners do with notifications in the browser: a webhook's secret shown once, and the bell. */
class NotificationBrowserTests extends AbstractBrowserTest {

    @Test
    void anAdminCreatesAWebhookAndSeesItsSecretOnce() {
        LoginPage.open(driver, baseUrl()).signInAs("admin", IntegrationTest.ADMIN_PASSWORD);
        WebhooksPage page = WebhooksPage.open(driver, baseUrl()).create("http://127.0.0.1:9/ci-hook", "generic");
        assertThat(page.heading()).startsWith("Webhook #");
        assertThat(page.secret()).startsWith("whsec_");
        assertThat(page.state()).isEqualTo("enabled");
        assertThat(page.reload().showsSecret()).as("shown once").isFalse();
        assertThat(WebhooksPage.open(driver, baseUrl()).showsSecret()).isFalse();
        assertThat(driver.getPageSource()).contains("127.0.0.1:9/ci-hook");
    }

    /** The webhooks made here point nowhere: they must not collect the events of the tests that follow. */
    @org.junit.jupiter.api.AfterEach
    void deleteWebhooks() throws Exception {
        String list = bodyOf(asAdmin(org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get(
                "/api/v1/webhooks?per_page=100"), null));
        for (Object id : com.jayway.jsonpath.JsonPath.<java.util.List<Object>>read(list, "$.data[*].id")) {
            asAdmin(org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete("/api/v1/webhooks/" + id), null);
        }
    }

    @Test
    void aPlannerSeesAPhaseChangeBehindTheBellAndOpensIt() throws Exception {
        createUser("bell-pam", "bell-pam-password", "PROJECT_MANAGER");
        LoginPage.open(driver, baseUrl()).signInAs("bell-pam", "bell-pam-password");
        NotificationsPage bell = NotificationsPage.choosePhaseChanges(driver, baseUrl());
        assertThat(bell.bellCount()).isZero();

        long iteration = createIteration("Bell tracking");
        asAdmin(post("/api/v1/iterations/" + iteration + "/phase"), "{\"phase\": \"code\"}").andExpect(status().isOk());

        assertThat(bell.reload().bellCount()).isEqualTo(1);
        assertThat(bell.openBell().titles()).singleElement().asString().contains("Bell tracking").contains("to Code");
        bell.openFirst();
        assertThat(driver.getCurrentUrl()).endsWith("/iterations/" + iteration);
        assertThat(bell.bellCount()).isZero();
    }
}
