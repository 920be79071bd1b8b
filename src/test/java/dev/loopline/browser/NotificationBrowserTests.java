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

    @org.springframework.beans.factory.annotation.Autowired
    org.springframework.jdbc.core.JdbcTemplate jdbc;

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

    @Test
    void theRedeliverButtonOfAWebhooksLogIsWithinReachOnAPhone() throws Exception {
        long id = ((Number) com.jayway.jsonpath.JsonPath.read(bodyOf(asAdmin(post("/api/v1/webhooks"),
                "{\"url\": \"http://127.0.0.1:9/phone-hook\", \"events\": [\"*\"], \"enabled\": false}")
                .andExpect(status().isCreated())), "$.id")).longValue();
        java.sql.Timestamp at = java.sql.Timestamp.from(java.time.Instant.now().minusSeconds(600));
        jdbc.update("INSERT INTO webhook_message (message_id, webhook_id, event_type, payload, state, attempts, "
                + "next_attempt_at, created_at, finished_at) VALUES (?, ?, 'deploy_request.opened', '{}', 'failed', 1, "
                + "?, ?, ?)", "msg_phone_" + id, id, at, at, at);
        long message = jdbc.queryForObject("SELECT id FROM webhook_message WHERE message_id = ?", Long.class,
                "msg_phone_" + id);
        jdbc.update("INSERT INTO webhook_attempt (message_id, webhook_id, event_type, attempt, request_headers, "
                + "status_code, response_body, duration_ms, error, attempted_at) VALUES (?, ?, "
                + "'deploy_request.opened', 1, ?, 503, 'upstream unavailable', 10012, ?, ?)", message, id,
                "content-type: application/json\nwebhook-id: msg_phone_" + id + "\nwebhook-signature: v1," + "x".repeat(44),
                "The receiver answered 503 Service Unavailable after 10 s; retrying with back-off", at);
        LoginPage.open(driver, baseUrl()).signInAs("admin", IntegrationTest.ADMIN_PASSWORD);
        driver.manage().window().setSize(new org.openqa.selenium.Dimension(375, 900));
        try {
            WebhooksPage page = WebhooksPage.openWebhook(driver, baseUrl(), id);
            assertThat(page.redeliverFitsTheWindow()).as("Redeliver inside a 375 px window").isTrue();
            assertThat(page.redeliverFirst()).isEqualTo("Message queued to be sent again.");
        }
        finally {
            driver.manage().window().setSize(new org.openqa.selenium.Dimension(1400, 1200));
        }
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
