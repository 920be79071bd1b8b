package dev.loopline.deployrequest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.sql.Connection;
import java.sql.DriverManager;

import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;

import com.jayway.jsonpath.JsonPath;

import dev.loopline.support.AbstractIntegrationTest;
import dev.loopline.support.RowText;

/**
 * A widened column during the revert window: the application writes a value only the new type holds. The write
 * succeeds (the reverse sync must not fail it), the revert is marked unavailable with the reason and the offending
 * key (API and page), and reverting is refused instead of losing that write.
 */
class RevertUnavailableTests extends AbstractIntegrationTest {

    @Test
    void aWriteTheOldTableCannotTakeSucceedsAndMakesTheRevertUnavailable() throws Exception {
        String db = "widen-revert";
        asAdmin(post("/api/v1/databases"), "{\"name\": \"" + db + "\"}").andExpect(status().isCreated());
        asAdmin(delete("/api/v1/databases/" + db + "/branches/main/safe-migrations"), null);
        sqlAsAdmin(db, "main", "CREATE TABLE COUNTERS (ID INT PRIMARY KEY, HITS INT); INSERT INTO COUNTERS VALUES (1, 5), (2, 7);");
        asAdmin(post("/api/v1/databases/" + db + "/branches/main/safe-migrations"), null);
        asAdmin(post("/api/v1/databases/" + db + "/branches"), "{\"name\": \"wider\"}").andExpect(status().isCreated());
        sqlAsAdmin(db, "wider", "ALTER TABLE COUNTERS ALTER COLUMN HITS SET DATA TYPE BIGINT;");
        String developer = tokenWithRoles("developer");
        String operator = tokenWithRoles("operator");
        String password = bodyOf(asAdmin(post("/api/v1/databases/" + db + "/branches/main/passwords"),
                "{\"name\": \"app\", \"role\": \"readwriter\"}"));
        mvc.perform(post("/api/v1/databases/" + db + "/deploy-requests").header("Authorization", bearer(developer))
                .contentType(MediaType.APPLICATION_JSON).content("{\"branch\": \"wider\"}")).andExpect(status().isCreated());
        mvc.perform(post("/api/v1/databases/" + db + "/deploy-requests/1/reviews").header("Authorization", bearer(operator))
                .contentType(MediaType.APPLICATION_JSON).content("{\"state\": \"approved\"}")).andExpect(status().isCreated());
        mvc.perform(post("/api/v1/databases/" + db + "/deploy-requests/1/deploy?wait=true").header("Authorization",
                bearer(operator))).andExpect(status().isOk())
                .andExpect(jsonPath("$.deployment_state").value("complete_pending_revert"));
        mvc.perform(get("/api/v1/databases/" + db + "/deploy-requests/1/deployment").header("Authorization", bearer(operator)))
                .andExpect(jsonPath("$.revert_unavailable_reason").doesNotExist());

        try (Connection app = DriverManager.getConnection(JsonPath.read(password, "$.jdbc_url"),
                JsonPath.read(password, "$.username"), JsonPath.read(password, "$.plain_text"))) {
            app.createStatement().executeUpdate("INSERT INTO COUNTERS VALUES (3, 1)");
            app.createStatement().executeUpdate("UPDATE COUNTERS SET HITS = 3000000000 WHERE ID = 2");
            app.createStatement().executeUpdate("INSERT INTO COUNTERS VALUES (4, 4000000000)");
            assertThat(RowText.of(app, "SELECT ID, HITS FROM COUNTERS ORDER BY ID"))
                    .containsExactly("1 | 5 | ", "2 | 3000000000 | ", "3 | 1 | ", "4 | 4000000000 | ");
        }

        mvc.perform(get("/api/v1/databases/" + db + "/deploy-requests/1/deployment").header("Authorization", bearer(operator)))
                .andExpect(jsonPath("$.revert_unavailable_reason", allOf(containsString("COUNTERS"),
                        containsString("3000000000"), containsString("row key 2"))));
        mvc.perform(post("/api/v1/databases/" + db + "/deploy-requests/1/revert").header("Authorization", bearer(operator)))
                .andExpect(status().isConflict()).andExpect(jsonPath("$.code").value("revert_unavailable"));
        mvc.perform(get("/api/v1/databases/" + db + "/deploy-requests/1").header("Authorization", bearer(operator)))
                .andExpect(jsonPath("$.deployment_state").value("complete_pending_revert"));

        var session = mvc.perform(org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestBuilders
                .formLogin("/login").user("admin").password(dev.loopline.support.IntegrationTest.ADMIN_PASSWORD))
                .andReturn().getRequest().getSession();
        mvc.perform(get("/databases/" + db + "/deploy-requests/1").session((org.springframework.mock.web.MockHttpSession) session))
                .andExpect(status().isOk())
                .andExpect(content().string(allOf(containsString("data-testid=\"revert-unavailable\""),
                        containsString("row key 2"))));

        // the window can still be closed: the new schema keeps every write
        mvc.perform(post("/api/v1/databases/" + db + "/deploy-requests/1/skip-revert").header("Authorization", bearer(operator)))
                .andExpect(status().isOk());
    }
}
