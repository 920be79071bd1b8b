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

import java.util.List;

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

    /**
     * A dropped NOT NULL column without a default: in the revert window, changing a row's key keeps the old table's
     * value of that column (the row is moved, not deleted and inserted without it), and a new row, which the old
     * table cannot take, is kept and makes the revert unavailable instead of failing the application's insert.
     */
    @Test
    void aNewRowWithoutADroppedRequiredColumnSucceedsAndMakesTheRevertUnavailable() throws Exception {
        String db = "dropped-required";
        Window window = deployIntoRevertWindow(db, "CREATE TABLE ITEMS (ID INT PRIMARY KEY, NAME VARCHAR(20) NOT NULL, "
                + "QTY INT); INSERT INTO ITEMS VALUES (1, 'one', 1), (2, 'two', 2);", "nameless",
                "ALTER TABLE ITEMS DROP COLUMN NAME;");
        String operator = window.operator();
        String password = window.password();

        try (Connection app = DriverManager.getConnection(JsonPath.read(password, "$.jdbc_url"),
                JsonPath.read(password, "$.username"), JsonPath.read(password, "$.plain_text"))) {
            app.createStatement().executeUpdate("UPDATE ITEMS SET ID = 20 WHERE ID = 2");
            as(operator, get("/api/v1/databases/" + db + "/deploy-requests/1/deployment"), null)
                    .andExpect(jsonPath("$.revert_unavailable_reason").doesNotExist());
            app.createStatement().executeUpdate("INSERT INTO ITEMS (ID, QTY) VALUES (3, 3)");
            assertThat(RowText.of(app, "SELECT ID, QTY FROM ITEMS ORDER BY ID"))
                    .containsExactly("1 | 1 | ", "3 | 3 | ", "20 | 2 | ");
        }
        as(operator, get("/api/v1/databases/" + db + "/deploy-requests/1/deployment"), null)
                .andExpect(jsonPath("$.revert_unavailable_reason", allOf(containsString("ITEMS"),
                        containsString("NAME"), containsString("row key 3"))));
        as(operator, post("/api/v1/databases/" + db + "/deploy-requests/1/revert"), "")
                .andExpect(status().isConflict()).andExpect(jsonPath("$.code").value("revert_unavailable"));
    }

    /**
     * A dropped child table: its rows stay aside for the revert window, but its foreign key must not refuse the
     * application a delete the plain DROP TABLE would allow. The delete succeeds; the revert, which would bring back
     * an order of a deleted customer, becomes unavailable and says why; closing the window still works.
     */
    @Test
    void deletingARowADroppedTableReferencedSucceedsAndMakesTheRevertUnavailable() throws Exception {
        String db = "dropped-child";
        Window window = deployIntoRevertWindow(db, "CREATE TABLE CUSTOMERS (ID INT PRIMARY KEY, NAME VARCHAR(20)); "
                + "CREATE TABLE ORDERS (ID INT PRIMARY KEY, CUSTOMER INT CONSTRAINT ORDERS_CUSTOMER REFERENCES CUSTOMERS (ID)); "
                + "INSERT INTO CUSTOMERS VALUES (1, 'one'), (2, 'two'); INSERT INTO ORDERS VALUES (10, 1), (20, 2);",
                "no-orders", "DROP TABLE ORDERS;");
        String operator = window.operator();
        String password = window.password();
        as(operator, get("/api/v1/databases/" + db + "/deploy-requests/1/deployment"), null)
                .andExpect(jsonPath("$.revert_unavailable_reason").doesNotExist());

        try (Connection app = DriverManager.getConnection(JsonPath.read(password, "$.jdbc_url"),
                JsonPath.read(password, "$.username"), JsonPath.read(password, "$.plain_text"))) {
            app.createStatement().executeUpdate("DELETE FROM CUSTOMERS WHERE ID = 2");
            assertThat(RowText.of(app, "SELECT ID FROM CUSTOMERS")).containsExactly("1 | ");
        }
        as(operator, get("/api/v1/databases/" + db + "/deploy-requests/1/deployment"), null)
                .andExpect(jsonPath("$.revert_unavailable_reason", allOf(containsString("ORDERS"),
                        containsString("ORDERS_CUSTOMER"), containsString("row key 2"))));
        as(operator, post("/api/v1/databases/" + db + "/deploy-requests/1/revert"), "")
                .andExpect(status().isConflict()).andExpect(jsonPath("$.code").value("revert_unavailable"));
        as(operator, post("/api/v1/databases/" + db + "/deploy-requests/1/skip-revert"), "").andExpect(status().isOk());
        as(operator, get("/api/v1/databases/" + db + "/deploy-requests/1"), null)
                .andExpect(jsonPath("$.deployment_state").value("complete"));
    }

    /**
     * A branch made from production while a deploy's revert window is open carries none of the change's machinery:
     * its tables take a developer's ALTER (Loopline's Java mirror triggers made H2 ask for admin rights, and each
     * failed ALTER left a {@code _COPY_} table behind), and its schema shows neither triggers nor tables set aside.
     */
    @Test
    void aBranchMadeDuringTheRevertWindowTakesADevelopersAlter() throws Exception {
        String db = "window-branch";
        deployIntoRevertWindow(db, "CREATE TABLE ITEMS (ID INT PRIMARY KEY, NAME VARCHAR(20)); "
                + "INSERT INTO ITEMS VALUES (1, 'one');", "wider", "ALTER TABLE ITEMS ADD COLUMN QTY INT;");
        String developer = tokenWithRoles("developer");
        as(developer, post("/api/v1/databases/" + db + "/branches"), "{\"name\": \"next\"}")
                .andExpect(status().isCreated());
        mvc.perform(post("/api/v1/databases/" + db + "/branches/next/sql").header("Authorization", bearer(developer))
                .contentType(org.springframework.http.MediaType.TEXT_PLAIN).content("ALTER TABLE ITEMS ADD COLUMN PRICE INT;"))
                .andExpect(status().isOk()).andExpect(jsonPath("$.error").doesNotExist());
        String schema = bodyOf(as(developer, get("/api/v1/databases/" + db + "/branches/next/schema"), null)
                .andExpect(status().isOk()));
        assertThat(JsonPath.<List<String>>read(schema, "$.tables[*].name")).containsExactly("ITEMS");
        assertThat(JsonPath.<List<String>>read(schema, "$.tables[0].columns[*].name"))
                .containsExactly("ID", "NAME", "QTY", "PRICE");
        assertThat(schema).doesNotContain("LL_").doesNotContain("MirrorTrigger");
    }

    /** The operator's token and an application password (JSON) of a database whose deploy is in its revert window. */
    private record Window(String operator, String password) {
    }

    /**
     * Creates {@code db} with {@code production} on main, a branch changed by {@code change}, and deploys it as a
     * developer and operator would (request, approval, deploy): the revert window is open when this returns.
     */
    private Window deployIntoRevertWindow(String db, String production, String branch, String change)
            throws Exception {
        asAdmin(post("/api/v1/databases"), "{\"name\": \"" + db + "\"}").andExpect(status().isCreated());
        asAdmin(delete("/api/v1/databases/" + db + "/branches/main/safe-migrations"), null);
        sqlAsAdmin(db, "main", production);
        asAdmin(post("/api/v1/databases/" + db + "/branches/main/safe-migrations"), null);
        asAdmin(post("/api/v1/databases/" + db + "/branches"), "{\"name\": \"" + branch + "\"}")
                .andExpect(status().isCreated());
        sqlAsAdmin(db, branch, change);
        String developer = tokenWithRoles("developer");
        String operator = tokenWithRoles("operator");
        String password = bodyOf(asAdmin(post("/api/v1/databases/" + db + "/branches/main/passwords"),
                "{\"name\": \"app\", \"role\": \"readwriter\"}"));
        as(developer, post("/api/v1/databases/" + db + "/deploy-requests"), "{\"branch\": \"" + branch + "\"}")
                .andExpect(status().isCreated());
        as(operator, post("/api/v1/databases/" + db + "/deploy-requests/1/reviews"), "{\"state\": \"approved\"}")
                .andExpect(status().isCreated());
        as(operator, post("/api/v1/databases/" + db + "/deploy-requests/1/deploy?wait=true"), "")
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.deployment_state").value("complete_pending_revert"));
        return new Window(operator, password);
    }
}
