package dev.loopline.deployrequest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.ResultActions;

import com.jayway.jsonpath.JsonPath;

import dev.loopline.support.AbstractIntegrationTest;
import dev.loopline.support.ConcurrentWriter;

/**
 * A deploy through the API on a 100,000-row production table while a client writes through the TCP port, then a
 * revert: exactly the expected rows afterwards, no writer error, the pause recorded.
 */
class DeployFlowTests extends AbstractIntegrationTest {

    private static final int ROWS = 100_000;

    private ResultActions post(String path, String token, String body) throws Exception {
        return mvc.perform(org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post(path)
                .header("Authorization", bearer(token)).contentType(MediaType.APPLICATION_JSON).content(body));
    }

    private void sql(String db, String branch, String script) throws Exception {
        mvc.perform(org.springframework.test.web.servlet.request.MockMvcRequestBuilders
                .post("/api/v1/databases/" + db + "/branches/" + branch + "/sql").header("Authorization", bearer(adminToken()))
                .contentType(MediaType.TEXT_PLAIN).content(script)).andExpect(status().isOk());
    }

    private Map<Long, String> rows(String url, String user, String password) throws Exception {
        Map<Long, String> rows = new HashMap<>();
        try (Connection connection = DriverManager.getConnection(url, user, password);
                ResultSet result = connection.createStatement().executeQuery("SELECT ID, VAL FROM ITEMS")) {
            while (result.next()) {
                rows.put(result.getLong(1), result.getString(2));
            }
        }
        return rows;
    }

    @Test
    void deploysABusyTableOnlineAndRevertsWithoutLosingWrites() throws Exception {
        String db = "busy-" + UUID.randomUUID().toString().substring(0, 6);
        post("/api/v1/databases", adminToken(), "{\"name\": \"" + db + "\"}").andExpect(status().isCreated());
        mvc.perform(delete("/api/v1/databases/" + db + "/branches/main/safe-migrations").header("Authorization", bearer(adminToken())));
        sql(db, "main", "CREATE TABLE ITEMS (ID BIGINT PRIMARY KEY, VAL VARCHAR(40), QTY INT);"
                + "INSERT INTO ITEMS SELECT X, 'v0', 0 FROM SYSTEM_RANGE(1, " + ROWS + ");");
        mvc.perform(org.springframework.test.web.servlet.request.MockMvcRequestBuilders
                .post("/api/v1/databases/" + db + "/branches/main/safe-migrations").header("Authorization", bearer(adminToken())));
        post("/api/v1/databases/" + db + "/branches", adminToken(), "{\"name\": \"add-note\"}").andExpect(status().isCreated());
        sql(db, "add-note", "ALTER TABLE ITEMS ADD COLUMN NOTE VARCHAR(40) DEFAULT 'n'; CREATE INDEX IX_ITEMS_VAL ON ITEMS (VAL);"
                + "CREATE TABLE TAGS (ID BIGINT PRIMARY KEY, LABEL VARCHAR(20));");

        String developer = tokenWithRoles("developer");
        String operator = tokenWithRoles("operator");
        post("/api/v1/databases/" + db + "/deploy-requests", developer, "{\"branch\": \"add-note\"}").andExpect(status().isCreated());
        post("/api/v1/databases/" + db + "/deploy-requests/1/deploy", operator, "")
                .andExpect(status().isConflict()).andExpect(jsonPath("$.code").value("deploy_not_allowed"));
        post("/api/v1/databases/" + db + "/deploy-requests/1/reviews", operator, "{\"state\": \"approved\"}").andExpect(status().isCreated());
        post("/api/v1/databases/" + db + "/deploy-requests/1/deploy", developer, "").andExpect(status().isForbidden());

        String password = mvc.perform(org.springframework.test.web.servlet.request.MockMvcRequestBuilders
                .post("/api/v1/databases/" + db + "/branches/main/passwords").header("Authorization", bearer(operator))
                .contentType(MediaType.APPLICATION_JSON).content("{\"name\": \"app\", \"role\": \"readwriter\"}"))
                .andReturn().getResponse().getContentAsString();
        String url = JsonPath.read(password, "$.jdbc_url");
        String user = JsonPath.read(password, "$.username");
        String secret = JsonPath.read(password, "$.plain_text");

        ConcurrentWriter writer = new ConcurrentWriter(url, user, secret, ROWS, 0).start();
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(20)).until(() -> writer.writes.get() > 50
                || !writer.errors.isEmpty());
        try {
            post("/api/v1/databases/" + db + "/deploy-requests/1/deploy?wait=true", operator, "")
                    .andExpect(status().isOk())
                    .andExpect(jsonPath("$.deployment_state").value("complete_pending_revert"));
            Thread.sleep(300);
        }
        finally {
            writer.stop();
        }
        assertThat(writer.errors).isEmpty();
        assertThat(writer.writes.get()).isGreaterThan(50);
        mvc.perform(get("/api/v1/databases/" + db + "/deploy-requests/1/deployment").header("Authorization", bearer(operator)))
                .andExpect(jsonPath("$.cutover_pause_ms").isNumber())
                .andExpect(jsonPath("$.revert_expires_at").isString())
                .andExpect(jsonPath("$.operations[?(@.table == 'ITEMS')].progress_percentage").value(100))
                .andExpect(jsonPath("$.operations[?(@.table == 'ITEMS')].rows_copied").isNotEmpty());
        assertThat(rows(url, user, secret)).isEqualTo(writer.expected);
        String schema = mvc.perform(get("/api/v1/databases/" + db + "/branches/main/schema").header("Authorization", bearer(operator)))
                .andReturn().getResponse().getContentAsString();
        assertThat(schema).contains("\"NOTE\"").contains("IX_ITEMS_VAL").contains("TAGS").doesNotContain("LL_");

        ConcurrentWriter inWindow = new ConcurrentWriter(url, user, secret, ROWS, 0);
        inWindow.expected.clear();
        inWindow.expected.putAll(writer.expected);
        inWindow.nextKey = writer.nextKey;
        inWindow.start();
        Thread.sleep(400);
        inWindow.stop();
        assertThat(inWindow.errors).isEmpty();

        post("/api/v1/databases/" + db + "/deploy-requests/1/revert", operator, "")
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.deployment_state").value("complete_revert"))
                .andExpect(jsonPath("$.state").value("closed"));
        assertThat(rows(url, user, secret)).as("writes made in the revert window are kept").isEqualTo(inWindow.expected);
        String reverted = mvc.perform(get("/api/v1/databases/" + db + "/branches/main/schema").header("Authorization", bearer(operator)))
                .andReturn().getResponse().getContentAsString();
        assertThat(reverted).doesNotContain("\"NOTE\"").doesNotContain("TAGS").doesNotContain("LL_");
    }
}
