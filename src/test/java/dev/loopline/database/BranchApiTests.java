package dev.loopline.database;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.nio.file.Files;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.ResultActions;

import com.jayway.jsonpath.JsonPath;

import dev.loopline.audit.AuditEntry;
import dev.loopline.audit.AuditLog;
import dev.loopline.common.LooplineProperties;
import dev.loopline.support.AbstractIntegrationTest;

/** Databases, branches, passwords and the console through the API, checked over real JDBC through the TCP port. */
class BranchApiTests extends AbstractIntegrationTest {

    @Autowired
    LooplineProperties properties;

    @Autowired
    AuditLog auditLog;

    private ResultActions api(org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder request,
            String token) throws Exception {
        return mvc.perform(request.header("Authorization", bearer(token)));
    }

    private ResultActions postJson(String path, String token, String body) throws Exception {
        return api(post(path).contentType(MediaType.APPLICATION_JSON).content(body), token);
    }

    private ResultActions sql(String database, String branch, String token, String script) throws Exception {
        return api(post("/api/v1/databases/" + database + "/branches/" + branch + "/sql")
                .contentType(MediaType.TEXT_PLAIN).content(script), token);
    }

    /** A database whose main branch holds a small schema (set up with safe migrations briefly off). */
    private String databaseWithSchema() throws Exception {
        String name = "shop-" + UUID.randomUUID().toString().substring(0, 8);
        postJson("/api/v1/databases", adminToken(), "{\"name\": \"" + name + "\"}")
                .andExpect(status().isCreated());
        api(delete("/api/v1/databases/" + name + "/branches/main/safe-migrations"), adminToken()).andExpect(status().isOk());
        sql(name, "main", adminToken(), """
                CREATE TABLE customers (id BIGINT PRIMARY KEY, email VARCHAR(200) NOT NULL UNIQUE, tier VARCHAR(10) DEFAULT 'free');
                CREATE TABLE orders (id BIGINT PRIMARY KEY, customer_id BIGINT NOT NULL REFERENCES customers (id),
                                     total DECIMAL(10, 2) NOT NULL);
                CREATE INDEX ix_orders_customer ON orders (customer_id);
                INSERT INTO customers (id, email) VALUES (1, 'ada@example.com');
                """).andExpect(status().isOk());
        api(post("/api/v1/databases/" + name + "/branches/main/safe-migrations"), adminToken()).andExpect(status().isOk());
        return name;
    }

    private String createPassword(String database, String branch, String token, String role) throws Exception {
        return mvc.perform(post("/api/v1/databases/" + database + "/branches/" + branch + "/passwords")
                .header("Authorization", bearer(token)).contentType(MediaType.APPLICATION_JSON)
                .content("{\"name\": \"" + role + "-" + UUID.randomUUID().toString().substring(0, 4) + "\", \"role\": \""
                        + role + "\"}"))
                .andExpect(status().isCreated()).andReturn().getResponse().getContentAsString();
    }

    private static Connection connect(String passwordJson) throws SQLException {
        return DriverManager.getConnection(JsonPath.read(passwordJson, "$.jdbc_url"),
                JsonPath.read(passwordJson, "$.username"), JsonPath.read(passwordJson, "$.plain_text"));
    }

    private static boolean succeeds(Connection connection, String sql) {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
            return true;
        }
        catch (SQLException e) {
            return false;
        }
    }

    @Test
    void createsADatabaseWithAProductionMainBranchOnARealFile() throws Exception {
        String db = "mechanica-" + UUID.randomUUID().toString().substring(0, 6);
        postJson("/api/v1/databases", adminToken(), "{\"name\": \"" + db + "\", \"required_approvals\": 2}")
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.name").value(db))
                .andExpect(jsonPath("$.engine").value("h2"))
                .andExpect(jsonPath("$.default_branch").value("main"))
                .andExpect(jsonPath("$.required_approvals").value(2))
                .andExpect(jsonPath("$.revert_window_minutes").value(30));
        api(get("/api/v1/databases/" + db + "/branches/main"), adminToken())
                .andExpect(jsonPath("$.production").value(true))
                .andExpect(jsonPath("$.safe_migrations").value(true))
                .andExpect(jsonPath("$.state").value("ready"));
        assertThat(properties.dataDir().resolve("branches/" + db + "/main.mv.db")).exists();
    }

    @Test
    void rejectsBadNamesDuplicatesUnknownParentsAndUnknownDatabases() throws Exception {
        String db = databaseWithSchema();
        postJson("/api/v1/databases", adminToken(), "{\"name\": \"Bad_Name\"}")
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.code").value("invalid_name"));
        postJson("/api/v1/databases", adminToken(), "{\"name\": \"" + db + "\"}")
                .andExpect(status().isConflict()).andExpect(jsonPath("$.code").value("database_exists"));
        postJson("/api/v1/databases", adminToken(), "{\"name\": \"x-db-oracle\", \"engine\": \"oracle\"}")
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.code").value("invalid_engine"));
        postJson("/api/v1/databases/" + db + "/branches", adminToken(), "{\"name\": \"-dash-first\"}")
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.code").value("invalid_name"));
        postJson("/api/v1/databases/" + db + "/branches", adminToken(), "{\"name\": \"main\"}")
                .andExpect(status().isConflict()).andExpect(jsonPath("$.code").value("branch_exists"));
        postJson("/api/v1/databases/" + db + "/branches", adminToken(), "{\"name\": \"feature\", \"parent_branch\": \"ghost\"}")
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.code").value("unknown_parent_branch"));
        postJson("/api/v1/databases/no-such-db/branches", adminToken(), "{\"name\": \"feature\"}")
                .andExpect(status().isNotFound());
        assertThat(properties.dataDir().resolve("branches/" + db + "/feature.mv.db")).doesNotExist();
        postJson("/api/v1/databases", adminToken(), "{\"name\": \"y-db\", \"required_approvals\": 0}")
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.code").value("invalid_required_approvals"));
    }

    @Test
    void aNewBranchCopiesItsParentsSchemaButNoRows() throws Exception {
        String db = databaseWithSchema();
        String developer = tokenWithRoles("developer");
        postJson("/api/v1/databases/" + db + "/branches", developer, "{\"name\": \"add-loyalty\"}")
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.parent_branch").value("main"))
                .andExpect(jsonPath("$.production").value(false))
                .andExpect(jsonPath("$.safe_migrations").value(false))
                .andExpect(jsonPath("$.state").value("ready"));

        String mainSchema = api(get("/api/v1/databases/" + db + "/branches/main/schema"), adminToken())
                .andReturn().getResponse().getContentAsString();
        String branchSchema = api(get("/api/v1/databases/" + db + "/branches/add-loyalty/schema"), developer)
                .andExpect(jsonPath("$.tables[0].name").value("CUSTOMERS"))
                .andExpect(jsonPath("$.tables[0].primary_key[0]").value("ID"))
                .andExpect(jsonPath("$.tables[0].columns[2].default").value("'free'"))
                .andExpect(jsonPath("$.tables[1].indexes[*].name", hasItem("IX_ORDERS_CUSTOMER")))
                .andExpect(jsonPath("$.ddl").value(containsString("CREATE TABLE ORDERS")))
                .andReturn().getResponse().getContentAsString();
        assertThat(branchSchema).isEqualTo(mainSchema);
        sql(db, "add-loyalty", developer, "SELECT COUNT(*) AS n FROM customers")
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.results[0].columns[0]").value("N"))
                .andExpect(jsonPath("$.results[0].rows[0][0]").value("0"));
        sql(db, "add-loyalty", developer, "ALTER TABLE customers ADD COLUMN points INT DEFAULT 0")
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.results[0].update_count").value(0));
    }

    @Test
    void productionRefusesDirectDdlInTheConsoleAndAtTheDatabase() throws Exception {
        String db = databaseWithSchema();
        sql(db, "main", adminToken(), "INSERT INTO customers (id, email) VALUES (2, 'bo@example.com');\nALTER TABLE customers ADD COLUMN x INT")
                .andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.code").value("direct_ddl_disabled"))
                .andExpect(jsonPath("$.message").value(containsString("deploy request")));
        sql(db, "main", adminToken(), "SELECT COUNT(*) FROM customers")
                .andExpect(jsonPath("$.results[0].rows[0][0]").value("1"));

        String admin = createPassword(db, "main", adminToken(), "admin");
        try (Connection connection = connect(admin)) {
            assertThat(succeeds(connection, "INSERT INTO customers (id, email) VALUES (3, 'cy@example.com')")).isTrue();
            assertThat(succeeds(connection, "CREATE TABLE sneaky (id INT)")).isFalse();
            assertThat(succeeds(connection, "ALTER TABLE customers ADD COLUMN sneaky INT")).isFalse();
            assertThat(succeeds(connection, "DROP TABLE orders")).isFalse();
        }
        api(delete("/api/v1/databases/" + db + "/branches/main/safe-migrations"), adminToken())
                .andExpect(jsonPath("$.safe_migrations").value(false));
        try (Connection connection = connect(admin)) {
            assertThat(succeeds(connection, "CREATE TABLE allowed_now (id INT)")).isTrue();
        }
    }

    @Test
    void passwordsGiveTheirRolesRightsOverTheTcpPortAndDeletingOneEndsItsSession() throws Exception {
        String db = databaseWithSchema();
        String developer = tokenWithRoles("developer");
        postJson("/api/v1/databases/" + db + "/branches", developer, "{\"name\": \"dev\"}").andExpect(status().isCreated());

        String reader = createPassword(db, "dev", developer, "reader");
        assertThat(JsonPath.<String>read(reader, "$.plain_text")).startsWith("llp_");
        assertThat(JsonPath.<String>read(reader, "$.jdbc_url")).startsWith("jdbc:h2:tcp://localhost:").endsWith("/" + db + "/dev");
        String readwriter = createPassword(db, "dev", developer, "readwriter");
        try (Connection r = connect(reader); Connection rw = connect(readwriter)) {
            assertThat(succeeds(r, "SELECT * FROM customers")).isTrue();
            assertThat(succeeds(r, "INSERT INTO customers (id, email) VALUES (9, 'r@example.com')")).isFalse();
            assertThat(succeeds(rw, "INSERT INTO customers (id, email) VALUES (9, 'rw@example.com')")).isTrue();
            assertThat(succeeds(rw, "CREATE TABLE nope (id INT)")).isFalse();
        }

        String listed = api(get("/api/v1/databases/" + db + "/branches/dev/passwords"), developer)
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        assertThat(listed).doesNotContain(JsonPath.<String>read(reader, "$.plain_text")).doesNotContain("plain_text");

        Connection open = connect(readwriter);
        assertThat(succeeds(open, "SELECT 1")).isTrue();
        long id = ((Number) JsonPath.read(readwriter, "$.id")).longValue();
        api(delete("/api/v1/databases/" + db + "/branches/dev/passwords/" + id), developer).andExpect(status().isNoContent());
        assertThat(succeeds(open, "SELECT * FROM customers")).as("the open session was ended").isFalse();
        open.close();
        assertThatThrownBy(() -> connect(readwriter)).isInstanceOf(SQLException.class);

        assertThat(auditLog.forTarget("branch", db + "/dev")).extracting(AuditEntry::getAction)
                .contains("branch.created", "branch.password_created", "branch.password_deleted");
    }

    @Test
    void passwordsReachSchemasMadeAfterThem() throws Exception {
        String db = databaseWithSchema();
        String developer = tokenWithRoles("developer");
        postJson("/api/v1/databases/" + db + "/branches", developer, "{\"name\": \"dev\"}").andExpect(status().isCreated());
        String reader = createPassword(db, "dev", developer, "reader");
        String writer = createPassword(db, "dev", developer, "writer");
        String admin = createPassword(db, "dev", developer, "admin");

        sql(db, "dev", developer, "CREATE SCHEMA sales; CREATE TABLE sales.deals (id INT PRIMARY KEY, amount INT);"
                + "INSERT INTO sales.deals VALUES (1, 10);").andExpect(status().isOk());
        try (Connection r = connect(reader); Connection w = connect(writer)) {
            assertThat(succeeds(r, "SELECT * FROM sales.deals")).as("made in the console: reachable at once").isTrue();
            assertThat(succeeds(r, "INSERT INTO sales.deals VALUES (2, 20)")).isFalse();
            assertThat(succeeds(w, "INSERT INTO sales.deals VALUES (2, 20)")).isTrue();
        }

        try (Connection a = connect(admin); Statement statement = a.createStatement()) {
            statement.execute("CREATE SCHEMA billing");
            statement.execute("CREATE TABLE billing.invoices (id INT PRIMARY KEY)");
        }
        try (Connection r = connect(reader)) {
            assertThat(succeeds(r, "SELECT * FROM billing.invoices")).as("made by a client's own DDL").isFalse();
        }
        api(get("/api/v1/databases/" + db + "/branches/dev/schema"), developer).andExpect(status().isOk());
        try (Connection r = connect(reader); Connection w = connect(writer)) {
            assertThat(succeeds(r, "SELECT * FROM billing.invoices")).as("once Loopline has read the schema").isTrue();
            assertThat(succeeds(w, "INSERT INTO billing.invoices VALUES (1)")).isTrue();
            assertThat(succeeds(r, "INSERT INTO billing.invoices VALUES (2)")).as("still a reader").isFalse();
        }
    }

    @Test
    void rejectsUnknownPasswordRolesAndBadTtls() throws Exception {
        String db = databaseWithSchema();
        postJson("/api/v1/databases/" + db + "/branches/main/passwords", adminToken(), "{\"name\": \"x\", \"role\": \"superuser\"}")
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.code").value("invalid_role"));
        postJson("/api/v1/databases/" + db + "/branches/main/passwords", adminToken(),
                "{\"name\": \"x\", \"role\": \"reader\", \"ttl_seconds\": 5}")
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.code").value("invalid_ttl_seconds"));
        createPassword(db, "main", adminToken(), "reader");
    }

    @Test
    void aScriptErrorNamesTheFailingStatementAndKeepsEarlierResults() throws Exception {
        String db = databaseWithSchema();
        postJson("/api/v1/databases/" + db + "/branches", adminToken(), "{\"name\": \"ci-test\"}").andExpect(status().isCreated());
        sql(db, "ci-test", adminToken(), "INSERT INTO customers (id, email) VALUES (5, 'e@example.com');\nSELEC * FROM customers;")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.code").value("sql_error"))
                .andExpect(jsonPath("$.statement").value("SELEC * FROM customers"))
                .andExpect(jsonPath("$.message").value(containsString("Statement 2 failed")))
                .andExpect(jsonPath("$.results[0].update_count").value(1));
        sql(db, "ci-test", adminToken(), "   ").andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.code").value("empty_script"));
    }

    @Test
    void enforcesWhoMayDoWhat() throws Exception {
        String db = databaseWithSchema();
        String developer = tokenWithRoles("developer");
        String operator = tokenWithRoles("operator");
        postJson("/api/v1/databases", developer, "{\"name\": \"dev-made\"}").andExpect(status().isForbidden());
        postJson("/api/v1/databases/" + db + "/branches/main/passwords", developer, "{\"name\": \"x\", \"role\": \"reader\"}")
                .andExpect(status().isForbidden());
        sql(db, "main", developer, "SELECT 1").andExpect(status().isForbidden());
        api(delete("/api/v1/databases/" + db + "/branches/main/safe-migrations"), developer).andExpect(status().isForbidden());

        postJson("/api/v1/databases/" + db + "/branches", developer, "{\"name\": \"staging\"}").andExpect(status().isCreated());
        api(post("/api/v1/databases/" + db + "/branches/staging/promote"), operator)
                .andExpect(status().isOk()).andExpect(jsonPath("$.production").value(true))
                .andExpect(jsonPath("$.safe_migrations").value(true));
        api(delete("/api/v1/databases/" + db + "/branches/staging"), operator).andExpect(status().isForbidden());
        api(delete("/api/v1/databases/" + db + "/branches/main"), adminToken())
                .andExpect(status().isConflict()).andExpect(jsonPath("$.code").value("default_branch"));
        api(post("/api/v1/databases/" + db + "/branches/main/demote"), operator)
                .andExpect(status().isConflict()).andExpect(jsonPath("$.code").value("default_branch"));
        api(delete("/api/v1/databases/" + db + "/branches/staging"), adminToken()).andExpect(status().isNoContent());
        assertThat(properties.dataDir().resolve("branches/" + db + "/staging.mv.db")).doesNotExist();
        api(get("/api/v1/databases/" + db + "/branches/staging"), adminToken()).andExpect(status().isNotFound());
    }

    @Autowired
    org.springframework.jdbc.core.JdbcTemplate jdbc;

    @Autowired
    BranchService branchService;

    @Test
    void recordsTheParentsSchemaAsTheBranchBase() throws Exception {
        String db = databaseWithSchema();
        postJson("/api/v1/databases/" + db + "/branches", adminToken(), "{\"name\": \"based\"}").andExpect(status().isCreated());
        sql(db, "based", adminToken(), "ALTER TABLE customers ADD COLUMN points INT").andExpect(status().isOk());
        Branch based = branchService.get(db, "based");
        var base = branchService.baseSchema(based).orElseThrow();
        assertThat(base.table("customers").orElseThrow().column("points")).as("the base is the schema at branching").isEmpty();
        assertThat(base).isEqualTo(branchService.schema(branchService.get(db, "main")));
    }

    @Autowired
    SecretBox secrets;

    @Test
    void keepsItsOwnEngineCredentialEncryptedInTheMetadata() throws Exception {
        String db = databaseWithSchema();
        String stored = jdbc.queryForObject("select b.engine_admin_secret from branch b join managed_database d "
                + "on d.id = b.database_id where d.name = ? and b.name = 'main'", String.class, db);
        String url = "jdbc:h2:tcp://localhost:" + JsonPath.read(createPassword(db, "main", adminToken(), "reader"),
                "$.port") + "/" + db + "/main";
        assertThatThrownBy(() -> DriverManager.getConnection(url, "LOOPLINE", stored)).isInstanceOf(SQLException.class);
        try (Connection connection = DriverManager.getConnection(url, "LOOPLINE", secrets.open(stored))) {
            assertThat(succeeds(connection, "SELECT 1")).isTrue();
        }
        assertThat(Files.readString(properties.dataDir().resolve("secret.key"))).isNotBlank();
    }
}
