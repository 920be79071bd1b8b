package dev.loopline.notification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import dev.loopline.support.AbstractIntegrationTest;

/** "Revert window closing soon": announced once per deployment, through the deployrequest module's public services. */
class RevertWindowWatcherTests extends AbstractIntegrationTest {

    @Autowired
    RevertWindowWatcher watcher;

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void announcesAClosingRevertWindowOnceWithALinkForWebhooks() throws Exception {
        String db = "rw-" + UUID.randomUUID().toString().substring(0, 6);
        asAdmin(post("/api/v1/databases"), "{\"name\": \"" + db + "\", \"revert_window_minutes\": 5}")
                .andExpect(status().isCreated());
        String hook = bodyOf(asAdmin(post("/api/v1/webhooks"), "{\"url\": \"http://127.0.0.1:9/rw\", \"kind\": \"slack\", "
                + "\"events\": [\"deploy_request.revert_window_closing\"], \"databases\": [\"" + db + "\"]}"));
        long webhook = ((Number) com.jayway.jsonpath.JsonPath.read(hook, "$.id")).longValue();
        try {
            asAdmin(post("/api/v1/databases/" + db + "/branches"), "{\"name\": \"add-notes\"}").andExpect(status().isCreated());
            sqlAsAdmin(db, "add-notes", "CREATE TABLE notes (id BIGINT PRIMARY KEY, body VARCHAR(200))");
            as(tokenWithRoles("developer"), post("/api/v1/databases/" + db + "/deploy-requests"),
                    "{\"branch\": \"add-notes\"}").andExpect(status().isCreated());
            as(tokenWithRoles("operator"), post("/api/v1/databases/" + db + "/deploy-requests/1/reviews"),
                    "{\"state\": \"approved\"}").andExpect(status().isCreated());
            asAdmin(post("/api/v1/databases/" + db + "/deploy-requests/1/deploy?wait=true"), null)
                    .andExpect(jsonPath("$.deployment_state").value("complete_pending_revert"));

            watcher.announceClosingWindows();
            watcher.announceClosingWindows();

            assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM audit_entry WHERE action = "
                    + "'deploy_request.revert_window_closing' AND target_id = ?", Integer.class, db + "#1")).isEqualTo(1);
            assertThat(jdbc.queryForList("SELECT payload FROM webhook_message WHERE webhook_id = ?", String.class, webhook))
                    .singleElement().asString().contains("\"type\":\"deploy_request.revert_window_closing\"")
                    .contains("/databases/" + db + "/deploy-requests/1\"");
        }
        finally {
            asAdmin(org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete("/api/v1/webhooks/" + webhook), null);
        }
    }
}
