package dev.loopline.deployrequest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.sql.Connection;
import java.sql.DriverManager;
import java.util.List;
import java.util.UUID;

import org.hamcrest.Matchers;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.ResultActions;

import com.jayway.jsonpath.JsonPath;

import dev.loopline.support.AbstractIntegrationTest;
import dev.loopline.support.RowText;

/**
 * Through the API: a production schema with quoted names, every data type and descending indexes is branched,
 * changed on the branch, diffed (the user's names, quoted) and deployed online; every row survives.
 */
class SchemaFidelityDeployTests extends AbstractIntegrationTest {

    private static final String PRODUCTION = """
            CREATE TABLE "order" ("id" BIGINT PRIMARY KEY, "select" VARCHAR(20) NOT NULL, "Mixed Case" INT DEFAULT 7, ID INT);
            INSERT INTO "order" VALUES (1, 'a', 1, 10), (2, 'b', NULL, 20), (3, 'c''q', 3, NULL);
            CREATE TABLE ALL_TYPES (ID BIGINT PRIMARY KEY, SIZE ENUM('small','large') DEFAULT 'small',
                NUMS INTEGER ARRAY, FOUR INTEGER ARRAY[4], VB VARBINARY(16), TSZ TIMESTAMP(9) WITH TIME ZONE,
                T6 TIME(6), J JSON, U UUID, DS INTERVAL DAY TO SECOND, DF DECFLOAT, CL CHARACTER LARGE OBJECT,
                BL BINARY LARGE OBJECT, N NUMERIC(10,2), G GEOMETRY);
            INSERT INTO ALL_TYPES VALUES (1, 'large', ARRAY[1, 2], ARRAY[1, 2, 3, 4], X'0102',
                TIMESTAMP WITH TIME ZONE '2024-01-02 03:04:05.123456789+02:00', TIME '10:11:12.123456', JSON '{"a":1}',
                '123e4567-e89b-12d3-a456-426614174000', INTERVAL '1 02:03:04.5' DAY TO SECOND, 1.5e10, 'text', X'0a0b',
                12345678.91, 'POINT (1 2)');
            INSERT INTO ALL_TYPES (ID) VALUES (2);
            CREATE TABLE LOGS (ID BIGINT PRIMARY KEY, AT TIMESTAMP, LVL INT);
            CREATE INDEX LOGS_AT ON LOGS (AT DESC, LVL);
            INSERT INTO LOGS VALUES (1, TIMESTAMP '2024-01-01 00:00:00', 1), (2, NULL, 2);
            """;

    private ResultActions post(String path, String token, String body) throws Exception {
        return mvc.perform(org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post(path)
                .header("Authorization", bearer(token)).contentType(MediaType.APPLICATION_JSON).content(body));
    }

    private static List<List<String>> rows(Connection connection) throws Exception {
        return List.of(RowText.of(connection, "SELECT \"id\", \"select\", \"Mixed Case\", ID FROM \"order\" ORDER BY 1"),
                RowText.of(connection, "SELECT ID, SIZE, NUMS, FOUR, VB, TSZ, T6, J, U, DS, DF, CL, BL, N, G FROM ALL_TYPES "
                        + "ORDER BY 1"),
                RowText.of(connection, "SELECT ID, AT, LVL FROM LOGS ORDER BY 1"));
    }

    @Test
    void deploysQuotedNamesEveryTypeAndDescendingIndexesOnline() throws Exception {
        String db = "fidelity-" + UUID.randomUUID().toString().substring(0, 6);
        post("/api/v1/databases", adminToken(), "{\"name\": \"" + db + "\"}").andExpect(status().isCreated());
        mvc.perform(delete("/api/v1/databases/" + db + "/branches/main/safe-migrations").header("Authorization", bearer(adminToken())));
        sqlAsAdmin(db, "main", PRODUCTION);
        mvc.perform(org.springframework.test.web.servlet.request.MockMvcRequestBuilders
                .post("/api/v1/databases/" + db + "/branches/main/safe-migrations").header("Authorization", bearer(adminToken())));
        post("/api/v1/databases/" + db + "/branches", adminToken(), "{\"name\": \"widen\"}").andExpect(status().isCreated());
        sqlAsAdmin(db, "widen", """
                ALTER TABLE "order" ADD COLUMN "note" VARCHAR(10) DEFAULT 'n';
                ALTER TABLE ALL_TYPES ADD COLUMN "tags" VARCHAR(8) ARRAY[2];
                ALTER TABLE LOGS ADD COLUMN HOST VARCHAR(20);
                CREATE INDEX "logs host" ON LOGS (HOST DESC NULLS FIRST, AT DESC);
                """);

        String developer = tokenWithRoles("developer");
        String operator = tokenWithRoles("operator");
        post("/api/v1/databases/" + db + "/deploy-requests", developer, "{\"branch\": \"widen\"}").andExpect(status().isCreated());
        mvc.perform(get("/api/v1/databases/" + db + "/deploy-requests/1/diff").header("Authorization", bearer(operator)))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.tables[*].name", Matchers.containsInAnyOrder("order", "ALL_TYPES", "LOGS")))
                .andExpect(jsonPath("$.tables[?(@.name == 'order')].changes[0]")
                        .value("+ column \"note\" CHARACTER VARYING(10) DEFAULT 'n'"))
                .andExpect(jsonPath("$.tables[?(@.name == 'ALL_TYPES')].changes[0]")
                        .value("+ column \"tags\" CHARACTER VARYING(8) ARRAY[2]"))
                .andExpect(jsonPath("$.statements", Matchers.hasItem(
                        "CREATE INDEX \"logs host\" ON LOGS (HOST DESC NULLS FIRST, AT DESC);")));

        String password = mvc.perform(org.springframework.test.web.servlet.request.MockMvcRequestBuilders
                .post("/api/v1/databases/" + db + "/branches/main/passwords").header("Authorization", bearer(operator))
                .contentType(MediaType.APPLICATION_JSON).content("{\"name\": \"app\", \"role\": \"readwriter\"}"))
                .andReturn().getResponse().getContentAsString();
        List<List<String>> before;
        try (Connection connection = DriverManager.getConnection(JsonPath.read(password, "$.jdbc_url"),
                JsonPath.read(password, "$.username"), JsonPath.read(password, "$.plain_text"))) {
            before = rows(connection);
        }

        post("/api/v1/databases/" + db + "/deploy-requests/1/reviews", operator, "{\"state\": \"approved\"}")
                .andExpect(status().isCreated());
        post("/api/v1/databases/" + db + "/deploy-requests/1/deploy?wait=true", operator, "")
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.deployment_state").value("complete_pending_revert"));

        try (Connection connection = DriverManager.getConnection(JsonPath.read(password, "$.jdbc_url"),
                JsonPath.read(password, "$.username"), JsonPath.read(password, "$.plain_text"))) {
            assertThat(rows(connection)).isEqualTo(before);
            assertThat(RowText.of(connection, "SELECT COUNT(*) FROM \"order\" WHERE \"note\" = 'n'")).containsExactly("3 | ");
        }
        mvc.perform(get("/api/v1/databases/" + db + "/branches/main/schema").header("Authorization", bearer(operator)))
                .andExpect(jsonPath("$.tables[?(@.name == 'LOGS')].indexes[?(@.name == 'LOGS_AT')].ordering[0]").value("DESC"))
                .andExpect(jsonPath("$.tables[?(@.name == 'LOGS')].indexes[?(@.name == 'logs host')].ordering[0]")
                        .value("DESC NULLS FIRST"))
                .andExpect(jsonPath("$.tables[?(@.name == 'ALL_TYPES')].columns[?(@.name == 'SIZE')].type")
                        .value("ENUM('small', 'large')"))
                .andExpect(jsonPath("$.tables[?(@.name == 'order')].columns[*].name",
                        Matchers.contains("id", "select", "Mixed Case", "ID", "note")));
    }

    private static final String DETAILED = """
            CREATE TABLE PARENT (ID INT PRIMARY KEY, CODE VARCHAR(5) NOT NULL, CONSTRAINT PARENT_CODE UNIQUE (CODE));
            INSERT INTO PARENT VALUES (1, 'a'), (2, 'b');
            CREATE TABLE "line item" ("id" BIGINT GENERATED ALWAYS AS IDENTITY(START WITH 100 INCREMENT BY 10) PRIMARY KEY,
                QTY INT NOT NULL CHECK (QTY > 0), NET NUMERIC(10, 2) NOT NULL,
                GROSS NUMERIC(12, 2) GENERATED ALWAYS AS (NET * 1.2),
                VERSION INT DEFAULT 0 ON UPDATE 1 COMMENT 'bumped on update', PARENT_ID INT,
                CONSTRAINT "net in range" CHECK (NET BETWEEN 0 AND 100000),
                CONSTRAINT LINE_PARENT FOREIGN KEY (PARENT_ID) REFERENCES PARENT (ID) ON DELETE CASCADE);
            COMMENT ON TABLE "line item" IS 'one line per item';
            INSERT INTO "line item" (QTY, NET, PARENT_ID) VALUES (1, 10, 1), (2, 20.5, 2), (3, 7, NULL);
            """;

    private static final String DETAILED_CHANGE = """
            ALTER TABLE "line item" ADD COLUMN TAX NUMERIC(12, 2) GENERATED ALWAYS AS (NET * 0.2);
            ALTER TABLE "line item" ADD CONSTRAINT "qty small" CHECK (QTY < 1000);
            ALTER TABLE "line item" DROP CONSTRAINT LINE_PARENT;
            ALTER TABLE "line item" ADD CONSTRAINT LINE_PARENT FOREIGN KEY (PARENT_ID) REFERENCES PARENT (ID)
                ON DELETE SET NULL ON UPDATE CASCADE;
            ALTER TABLE "line item" ALTER COLUMN VERSION SET ON UPDATE 2;
            ALTER TABLE "line item" ALTER COLUMN "id" SET INCREMENT BY 5;
            COMMENT ON COLUMN "line item".NET IS 'before tax';
            COMMENT ON TABLE "line item" IS 'one line per item, with tax';
            """;

    private String sqlResult(String db, String script) throws Exception {
        return mvc.perform(org.springframework.test.web.servlet.request.MockMvcRequestBuilders
                .post("/api/v1/databases/" + db + "/branches/main/sql").header("Authorization", bearer(adminToken()))
                .contentType(MediaType.TEXT_PLAIN).content(script)).andExpect(status().isOk())
                .andExpect(jsonPath("$.error").doesNotExist()).andReturn().getResponse().getContentAsString();
    }

    private String production(String script) throws Exception {
        String db = "detail-" + UUID.randomUUID().toString().substring(0, 6);
        post("/api/v1/databases", adminToken(), "{\"name\": \"" + db + "\"}").andExpect(status().isCreated());
        mvc.perform(delete("/api/v1/databases/" + db + "/branches/main/safe-migrations").header("Authorization", bearer(adminToken())));
        sqlAsAdmin(db, "main", script);
        return db;
    }

    private String schemaTables(String db) throws Exception {
        String schema = mvc.perform(get("/api/v1/databases/" + db + "/branches/main/schema")
                .header("Authorization", bearer(adminToken()))).andExpect(status().isOk()).andReturn().getResponse()
                .getContentAsString();
        return JsonPath.parse(schema).read("$.tables").toString();
    }

    /**
     * The oracle: the same deploy request's statements run as a plain ALTER on a copy of production give the same
     * schema (identity state included), the same rows, and the same values for the next insert.
     */
    @Test
    void deploysIdentityGeneratedChecksForeignKeyActionsAndCommentsAsAPlainAlterWould() throws Exception {
        String db = production(DETAILED);
        String copy = production(DETAILED);
        mvc.perform(org.springframework.test.web.servlet.request.MockMvcRequestBuilders
                .post("/api/v1/databases/" + db + "/branches/main/safe-migrations").header("Authorization", bearer(adminToken())));
        post("/api/v1/databases/" + db + "/branches", adminToken(), "{\"name\": \"tax\"}").andExpect(status().isCreated());
        sqlAsAdmin(db, "tax", DETAILED_CHANGE);
        String developer = tokenWithRoles("developer");
        String operator = tokenWithRoles("operator");
        post("/api/v1/databases/" + db + "/deploy-requests", developer, "{\"branch\": \"tax\"}").andExpect(status().isCreated())
                .andExpect(jsonPath("$.lint_errors", org.hamcrest.Matchers.hasSize(0)));
        String diff = mvc.perform(get("/api/v1/databases/" + db + "/deploy-requests/1/diff").header("Authorization",
                bearer(operator))).andExpect(status().isOk())
                .andExpect(jsonPath("$.tables[?(@.name == 'line item')].changes[*]", Matchers.hasItems(
                        "+ check \"qty small\" (\"QTY\" < 1000)",
                        "+ foreign key LINE_PARENT → PARENT ON DELETE SET NULL ON UPDATE CASCADE",
                        "~ comment on table \"line item\": 'one line per item, with tax'")))
                .andReturn().getResponse().getContentAsString();
        List<String> statements = JsonPath.read(diff, "$.statements");

        sqlAsAdmin(db, "main", "INSERT INTO \"line item\" (QTY, NET, PARENT_ID) VALUES (4, 1, 2);");
        sqlResult(copy, "INSERT INTO \"line item\" (QTY, NET, PARENT_ID) VALUES (4, 1, 2);");
        sqlResult(copy, String.join("\n", statements));
        post("/api/v1/databases/" + db + "/deploy-requests/1/reviews", operator, "{\"state\": \"approved\"}")
                .andExpect(status().isCreated());
        post("/api/v1/databases/" + db + "/deploy-requests/1/deploy?wait=true", operator, "").andExpect(status().isOk())
                .andExpect(jsonPath("$.deployment_state").value("complete_pending_revert"));

        assertThat(schemaTables(db)).isEqualTo(schemaTables(copy));
        mvc.perform(delete("/api/v1/databases/" + db + "/branches/main/safe-migrations").header("Authorization", bearer(adminToken())));
        String next = "INSERT INTO \"line item\" (QTY, NET, PARENT_ID) VALUES (5, 2, 1); UPDATE \"line item\" SET QTY = 9 "
                + "WHERE QTY = 1; UPDATE PARENT SET ID = 7 WHERE ID = 2; SELECT * FROM \"line item\" ORDER BY 1;";
        assertThat(sqlResult(db, next)).isEqualTo(sqlResult(copy, next));
        assertThat(schemaTables(db)).isEqualTo(schemaTables(copy)).contains("\"current\":145");
    }
}
