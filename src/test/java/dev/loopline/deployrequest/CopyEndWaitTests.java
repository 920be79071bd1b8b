package dev.loopline.deployrequest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.UUID;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;

import com.jayway.jsonpath.JsonPath;

import dev.loopline.support.AbstractIntegrationTest;

/**
 * An application transaction that writes to the changed table during the copy and stays open: the copy cannot end
 * while it is open (its write would be neither caught up nor mirrored). The deployment waits instead of failing, says
 * on its status which session holds it up, and once the transaction commits it cuts over with that write.
 */
class CopyEndWaitTests extends AbstractIntegrationTest {

    private static final int ROWS = 500_000;

    private String call(org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder request, String token,
            String body) throws Exception {
        return mvc.perform(request.header("Authorization", bearer(token)).contentType(body.startsWith("{")
                ? MediaType.APPLICATION_JSON : MediaType.TEXT_PLAIN).content(body)).andReturn().getResponse()
                .getContentAsString();
    }

    @Test
    void aDeployWaitsForAnOpenApplicationTransactionAndSaysWhoHoldsIt() throws Exception {
        String db = "wait-" + UUID.randomUUID().toString().substring(0, 6);
        String admin = adminToken();
        String base = "/api/v1/databases/" + db;
        call(post("/api/v1/databases"), admin, "{\"name\": \"" + db + "\"}");
        mvc.perform(delete(base + "/branches/main/safe-migrations").header("Authorization", bearer(admin)));
        call(post(base + "/branches/main/sql"), admin, "CREATE TABLE ITEMS (ID BIGINT PRIMARY KEY, VAL VARCHAR(40));"
                + "INSERT INTO ITEMS SELECT X, 'v0' FROM SYSTEM_RANGE(1, " + ROWS + ");");
        mvc.perform(post(base + "/branches/main/safe-migrations").header("Authorization", bearer(admin)));
        call(post(base + "/branches"), admin, "{\"name\": \"add-note\"}");
        call(post(base + "/branches/add-note/sql"), admin, "ALTER TABLE ITEMS ADD COLUMN NOTE VARCHAR(40) DEFAULT 'n'");
        String password = call(post(base + "/branches/main/passwords"), admin,
                "{\"name\": \"app\", \"role\": \"readwriter\"}");
        String url = JsonPath.read(password, "$.jdbc_url");
        String user = JsonPath.read(password, "$.username");
        String secret = JsonPath.read(password, "$.plain_text");
        String operator = tokenWithRoles("operator");
        call(post(base + "/deploy-requests"), tokenWithRoles("developer"), "{\"branch\": \"add-note\"}");
        call(post(base + "/deploy-requests/1/reviews"), operator, "{\"state\": \"approved\"}");

        try (Connection app = DriverManager.getConnection(url, user, secret); Statement statement = app.createStatement()) {
            String deploy = call(post(base + "/deploy-requests/1/deploy"), operator, "");
            assertThat(deploy).as(deploy).contains("\"deployment_state\"");
            // a write once the copy is under way (the change log's trigger is in place), left uncommitted
            Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(20))
                    .until(() -> deployment(base, admin), d -> d.contains("\"copying\""));
            app.setAutoCommit(false);
            statement.executeUpdate("UPDATE ITEMS SET VAL = 'held' WHERE ID = 7");
            Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                    .until(() -> String.valueOf(JsonPath.<Object>read(deployment(base, admin), "$.status_message"))
                            .contains("could not end within"));
            String waiting = JsonPath.read(deployment(base, admin), "$.status_message");
            assertThat(waiting).contains("(" + user + ")").contains("transaction that is still open")
                    .contains("trying again");
            assertThat(JsonPath.<String>read(deployment(base, admin), "$.deployment_state")).isEqualTo("in_progress");
            mvc.perform(get(base + "/deploy-requests/1").header("Authorization", bearer(admin)))
                    .andExpect(status().isOk());
            app.commit();
        }
        Awaitility.await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200))
                .until(() -> deployment(base, admin).contains("\"complete_pending_revert\""));
        try (Connection app = DriverManager.getConnection(url, user, secret); ResultSet row = app.createStatement()
                .executeQuery("SELECT VAL, NOTE FROM ITEMS WHERE ID = 7")) {
            assertThat(row.next()).isTrue();
            assertThat(row.getString(1)).isEqualTo("held");
            assertThat(row.getString(2)).isEqualTo("n");
        }
    }

    private String deployment(String base, String token) throws Exception {
        return mvc.perform(get(base + "/deploy-requests/1/deployment").header("Authorization", bearer(token)))
                .andReturn().getResponse().getContentAsString();
    }
}
