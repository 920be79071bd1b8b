package dev.loopline.deployrequest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.sql.Connection;
import java.sql.DriverManager;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.test.web.servlet.ResultActions;
import org.springframework.test.web.servlet.request.MockMvcRequestBuilders;

import com.jayway.jsonpath.JsonPath;

import dev.loopline.support.AbstractIntegrationTest;
import dev.loopline.support.RowText;

/**
 * Views, sequences and domains through deploy requests, against the native-ALTER oracle: production with views on a
 * table (and on each other), changed on a branch and deployed online, ends with the schema (views included) and
 * the rows through the views that the same statements give when run as plain DDL on a copy; revert brings the
 * original back. Objects the model cannot carry show on the branch page and block a deploy touching their table.
 */
class SchemaObjectDeployTests extends AbstractIntegrationTest {

    private static final String PRODUCTION = """
            CREATE SEQUENCE TICKETS START WITH 100;
            CREATE DOMAIN AMOUNT AS NUMERIC(10, 2) CHECK (VALUE >= 0);
            CREATE TABLE ORDERS (ID BIGINT PRIMARY KEY, QTY INT, TOTAL AMOUNT, NOTE VARCHAR(10));
            INSERT INTO ORDERS VALUES (1, 2, 10.50, 'a'), (2, 5, 99.00, NULL), (3, NULL, 0, 'c');
            CREATE VIEW ALL_ORDERS AS SELECT * FROM ORDERS;
            CREATE VIEW BIG_ORDERS (ID, DOUBLED) AS SELECT ID, QTY * 2 FROM ALL_ORDERS WHERE QTY > 1;
            CREATE VIEW NOTES AS SELECT ID, NOTE FROM ORDERS;
            CREATE VIEW GONE AS SELECT ID FROM ORDERS;
            """;

    private static final String CHANGE = """
            DROP VIEW GONE;
            DROP VIEW NOTES;
            ALTER TABLE ORDERS ALTER COLUMN QTY SET DATA TYPE BIGINT;
            ALTER TABLE ORDERS ADD COLUMN STATE VARCHAR(8) DEFAULT 'open';
            CREATE VIEW NOTES AS SELECT ID, NOTE, STATE FROM ORDERS WHERE NOTE IS NOT NULL;
            CREATE VIEW OPEN_ORDERS AS SELECT ID FROM BIG_ORDERS;
            CREATE SEQUENCE INVOICES AS INTEGER START WITH 5 INCREMENT BY 5;
            ALTER SEQUENCE TICKETS INCREMENT BY 10;
            """;

    private ResultActions post(String path, String token, String body) throws Exception {
        return mvc.perform(MockMvcRequestBuilders.post(path).header("Authorization", bearer(token))
                .contentType(MediaType.APPLICATION_JSON).content(body));
    }

    private String database(String script) throws Exception {
        String db = "objects-" + UUID.randomUUID().toString().substring(0, 6);
        post("/api/v1/databases", adminToken(), "{\"name\": \"" + db + "\"}").andExpect(status().isCreated());
        mvc.perform(delete("/api/v1/databases/" + db + "/branches/main/safe-migrations").header("Authorization", bearer(adminToken())));
        sqlAsAdmin(db, "main", script);
        mvc.perform(MockMvcRequestBuilders.post("/api/v1/databases/" + db + "/branches/main/safe-migrations")
                .header("Authorization", bearer(adminToken())));
        return db;
    }

    private String ddl(String db) throws Exception {
        return JsonPath.read(bodyOf(mvc.perform(get("/api/v1/databases/" + db + "/branches/main/schema")
                .header("Authorization", bearer(adminToken())))), "$.ddl");
    }

    /** Rows through every view, as a client with a branch password reads them. */
    private List<String> throughViews(String db, String password) throws Exception {
        try (Connection connection = DriverManager.getConnection(JsonPath.read(password, "$.jdbc_url"),
                JsonPath.read(password, "$.username"), JsonPath.read(password, "$.plain_text"))) {
            List<String> rows = new ArrayList<>();
            for (String view : RowText.of(connection, "SELECT TABLE_NAME FROM INFORMATION_SCHEMA.VIEWS "
                    + "WHERE TABLE_SCHEMA = 'PUBLIC' ORDER BY TABLE_NAME")) {
                String name = view.substring(0, view.indexOf(" |"));
                rows.add(name + ":");
                rows.addAll(RowText.of(connection, "SELECT * FROM " + name + " ORDER BY 1"));
            }
            return rows;
        }
    }

    private String password(String db, String operator) throws Exception {
        return bodyOf(post("/api/v1/databases/" + db + "/branches/main/passwords", operator,
                "{\"name\": \"app" + UUID.randomUUID().toString().substring(0, 4) + "\", \"role\": \"readwriter\"}"));
    }

    @Test
    void deploysViewAndSequenceChangesAroundAnOnlineTableChangeExactlyAsPlainDdl() throws Exception {
        String oracle = database(PRODUCTION);
        mvc.perform(delete("/api/v1/databases/" + oracle + "/branches/main/safe-migrations").header("Authorization", bearer(adminToken())));
        sqlAsAdmin(oracle, "main", CHANGE);

        String db = database(PRODUCTION);
        String original = ddl(db);
        post("/api/v1/databases/" + db + "/branches", adminToken(), "{\"name\": \"views\"}").andExpect(status().isCreated());
        sqlAsAdmin(db, "views", CHANGE);
        String developer = tokenWithRoles("developer");
        String operator = tokenWithRoles("operator");
        post("/api/v1/databases/" + db + "/deploy-requests", developer, "{\"branch\": \"views\"}").andExpect(status().isCreated());
        mvc.perform(get("/api/v1/databases/" + db + "/deploy-requests/1/diff").header("Authorization", bearer(operator)))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.objects[*].changes[*]", hasItem("+ view OPEN_ORDERS")))
                .andExpect(jsonPath("$.objects[*].changes[*]", hasItem("- view GONE")))
                .andExpect(jsonPath("$.objects[*].changes[*]", hasItem("+ sequence INVOICES")))
                .andExpect(jsonPath("$.statements", hasItem("DROP VIEW ALL_ORDERS;")));
        mvc.perform(get("/api/v1/databases/" + db + "/deploy-requests/1").header("Authorization", bearer(operator)))
                .andExpect(jsonPath("$.lint_errors").isEmpty());

        String password = password(db, operator);
        List<String> before = throughViews(db, password);
        post("/api/v1/databases/" + db + "/deploy-requests/1/reviews", operator, "{\"state\": \"approved\"}")
                .andExpect(status().isCreated());
        post("/api/v1/databases/" + db + "/deploy-requests/1/deploy?wait=true", operator, "")
                .andExpect(status().isOk()).andExpect(jsonPath("$.deployment_state").value("complete_pending_revert"));

        assertThat(ddl(db)).isEqualTo(ddl(oracle));
        assertThat(throughViews(db, password)).isEqualTo(throughViews(oracle, password(oracle, operator)));

        post("/api/v1/databases/" + db + "/deploy-requests/1/revert", operator, "").andExpect(status().isOk())
                .andExpect(jsonPath("$.deployment_state").value("complete_revert"));
        assertThat(ddl(db)).isEqualTo(original);
        assertThat(throughViews(db, password)).isEqualTo(before);
    }

    @Test
    void objectsTheModelCannotCarryShowOnTheBranchPageAndBlockADeployOfTheirTable() throws Exception {
        String db = database("""
                CREATE TABLE ORDERS (ID BIGINT PRIMARY KEY, QTY INT);
                CREATE SYNONYM PURCHASES FOR ORDERS;
                CREATE SEQUENCE TICKETS START WITH 100;
                CREATE VIEW BIG_ORDERS AS SELECT ID FROM ORDERS WHERE QTY > 10;
                """);
        var session = (MockHttpSession) mvc.perform(org.springframework.security.test.web.servlet.request
                .SecurityMockMvcRequestBuilders.formLogin("/login").user("admin")
                .password(dev.loopline.support.IntegrationTest.ADMIN_PASSWORD)).andReturn().getRequest().getSession();
        mvc.perform(get("/databases/" + db + "/branches/main").session(session)).andExpect(status().isOk())
                .andExpect(content().string(containsString("data-testid=\"schema-view\"")))
                .andExpect(content().string(containsString("BIG_ORDERS")))
                .andExpect(content().string(containsString("TICKETS BIGINT start 100")))
                .andExpect(content().string(containsString("data-testid=\"schema-unsupported-object\"")))
                .andExpect(content().string(containsString("PURCHASES")));

        mvc.perform(get("/api/v1/databases/" + db + "/branches/main/schema").header("Authorization", bearer(adminToken())))
                .andExpect(jsonPath("$.views[0].name").value("BIG_ORDERS"))
                .andExpect(jsonPath("$.views[0].columns[0]").value("ID"))
                .andExpect(jsonPath("$.sequences[0].start").value(100))
                .andExpect(jsonPath("$.unsupported_objects[0].kind").value("synonym"))
                .andExpect(jsonPath("$.unsupported_objects[0].table").value("ORDERS"));
        post("/api/v1/databases/" + db + "/branches", adminToken(), "{\"name\": \"wider\"}").andExpect(status().isCreated());
        sqlAsAdmin(db, "wider", "ALTER TABLE ORDERS ADD COLUMN NOTE VARCHAR(10);");
        post("/api/v1/databases/" + db + "/deploy-requests", tokenWithRoles("developer"), "{\"branch\": \"wider\"}")
                .andExpect(status().isCreated());
        mvc.perform(get("/api/v1/databases/" + db + "/deploy-requests/1").header("Authorization", bearer(adminToken())))
                .andExpect(jsonPath("$.lint_errors[?(@.code == 'unsupported_object')].table").value(hasItem("ORDERS")))
                .andExpect(jsonPath("$.lint_errors[?(@.code == 'unsupported_object')].message")
                        .value(hasItem(containsString("The synonym PURCHASES (for PUBLIC.ORDERS)"))))
                .andExpect(jsonPath("$.lint_errors[?(@.code == 'unsupported_object')].message")
                        .value(hasItem(containsString("Drop it on the target first"))));
    }
}
