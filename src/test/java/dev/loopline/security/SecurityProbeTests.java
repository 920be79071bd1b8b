package dev.loopline.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestBuilders.formLogin;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.test.web.servlet.MvcResult;

import com.jayway.jsonpath.JsonPath;

import dev.loopline.common.LooplineProperties;
import dev.loopline.support.AbstractIntegrationTest;
import dev.loopline.support.IntegrationTest;

/**
 * Tries, as each kind of person and token, every known way for SQL typed into Loopline (console page, {@code …/sql})
 * or sent over the TCP port with a branch password to reach outside its branch: Java, files, other databases,
 * database-wide settings, engine users, and expressions stored for Loopline's admin to evaluate later. Every probe
 * must be refused and leave no file behind.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SecurityProbeTests extends AbstractIntegrationTest {

    @Autowired
    LooplineProperties properties;

    private Path probeDir;
    private String db;
    private String seedScript;
    private String secret;
    private Path secretFile;

    /** Someone who sends console scripts: a token or a signed-in browser session, with the branches they work on. */
    private record Actor(String name, String token, MockHttpSession session, List<String> branches) {
    }

    private final List<Actor> actors = new ArrayList<>();
    private final List<Actor> outsiders = new ArrayList<>();

    @BeforeAll
    void setUp() throws Exception {
        probeDir = Files.createTempDirectory("loopline-probe-");
        db = "probe-" + UUID.randomUUID().toString().substring(0, 6);
        api(post("/api/v1/databases").contentType(MediaType.APPLICATION_JSON).content("{\"name\":\"" + db + "\"}"),
                adminToken(), 201);
        api(post("/api/v1/databases/" + db + "/branches").contentType(MediaType.APPLICATION_JSON)
                .content("{\"name\":\"dev\"}"), adminToken(), 201);
        sql("dev", adminToken(), "CREATE TABLE T (ID INT PRIMARY KEY, NOTE VARCHAR(40)); INSERT INTO T VALUES (1, 'a')", 200);
        seedScript = Files.writeString(probeDir.resolve("seed.sql"), "CREATE TABLE PWNED (ID INT);").toString();
        secret = "secret-" + UUID.randomUUID();
        secretFile = Files.writeString(probeDir.resolve("secret.txt"), secret);

        MockHttpSession admin = signIn("admin", IntegrationTest.ADMIN_PASSWORD);
        actors.add(new Actor("developer token", tokenWithRoles("developer"), null, List.of("dev")));
        actors.add(new Actor("operator token", tokenWithRoles("operator"), null, List.of("main")));
        actors.add(new Actor("admin token", adminToken(), null, List.of("dev", "main")));
        actors.add(new Actor("developer session", null, userSession(admin, "DEVELOPER"), List.of("dev")));
        actors.add(new Actor("operator session", null, userSession(admin, "OPERATOR"), List.of("main")));
        outsiders.add(new Actor("project manager token", tokenWithRoles("project_manager"), null, List.of("dev", "main")));
        outsiders.add(new Actor("project manager session", null, userSession(admin, "PROJECT_MANAGER"), List.of("dev", "main")));
    }

    /** The escapes found by trying Loopline, and more of the same kinds. */
    private List<String> escapes() {
        Path dataDir = properties.dataDir().toAbsolutePath();
        String file = probeDir.resolve("written").toString();
        return List.of(
                "CREATE ALIAS X AS 'String e(String c) throws Exception { new java.io.File(c).createNewFile(); return c; }';"
                        + " CALL X('" + file + "')",
                "CREATE ALIAS GETPROP FOR 'java.lang.System.getProperty'",
                "SELECT FILE_READ('/etc/hostname')",
                "SELECT CAST(FILE_READ('" + secretFile + "') AS VARCHAR)",
                "SELECT * FROM CSVREAD('" + secretFile + "')",
                "SELECT FILE_READ('" + dataDir.resolve("secret.key") + "')",
                "CALL FILE_WRITE('x', '" + file + "')",
                "SCRIPT TO '" + file + "'",
                "CALL CSVWRITE('" + file + "', 'SELECT 1')",
                "SELECT * FROM CSVREAD('/etc/hostname')",
                "CREATE LINKED TABLE LT('', 'jdbc:h2:file:" + dataDir.resolve("loopline")
                        + "', 'loopline', 'loopline', 'APP_USER'); SELECT * FROM LT",
                "CALL LINK_SCHEMA('LS', '', 'jdbc:h2:file:" + dataDir.resolve("loopline") + "', 'loopline', 'loopline', 'PUBLIC')",
                "CREATE USER EVIL PASSWORD 'evil' ADMIN",
                "ALTER USER LOOPLINE SET PASSWORD 'evil'",
                "SET PASSWORD 'evil'",
                "REVOKE SELECT ON SCHEMA PUBLIC FROM LOOPLINE_OWNER",
                "GRANT SELECT, INSERT, UPDATE, DELETE ON SCHEMA PUBLIC TO PUBLIC",
                "RUNSCRIPT FROM '" + seedScript + "'",
                "CREATE TRIGGER TR BEFORE INSERT ON T FOR EACH ROW CALL 'org.h2.tools.TriggerAdapter'",
                "SET MODE MySQL",
                "SET DB_CLOSE_DELAY -1",
                "SET CACHE_SIZE 1",
                "SET EXCLUSIVE 1",
                "SET WRITE_DELAY 0",
                "SET TRACE_LEVEL_FILE 3",
                "SHUTDOWN",
                "SHUTDOWN IMMEDIATELY",
                "BACKUP TO '" + file + "'",
                "CHECKPOINT SYNC",
                "CALL ABORT_SESSION(1)",
                "CREATE VIEW V AS SELECT FILE_READ('/etc/hostname') X",
                "CREATE TABLE D (ID INT PRIMARY KEY, V BLOB DEFAULT FILE_WRITE('x', '" + file + "'))",
                "CREATE TABLE G (ID INT PRIMARY KEY, V VARCHAR GENERATED ALWAYS AS (CAST(\"FILE_READ\"('/etc/hostname') AS VARCHAR)))",
                "CREATE TABLE C (ID INT PRIMARY KEY CHECK (FILE_WRITE('x', '" + file + "') > 0))");
    }

    @Test
    void everyEscapeThroughTheConsoleIsRefusedForEveryoneAndLeavesNothingBehind() throws Exception {
        List<String> accepted = new ArrayList<>();
        for (Actor actor : actors) {
            for (String branch : actor.branches()) {
                for (String escape : escapes()) {
                    Answer answer = console(actor, branch, escape);
                    if (!answer.refused()) {
                        accepted.add(actor.name() + " on " + branch + ": " + escape + " -> " + answer);
                    }
                    assertThat(answer.body()).as(escape).doesNotContain(secret);
                }
            }
        }
        assertThat(accepted).isEmpty();
        for (Actor outsider : outsiders) {
            for (String branch : outsider.branches()) {
                assertThat(console(outsider, branch, "SELECT 1").status()).as(outsider.name()).isEqualTo(403);
            }
        }
        assertNothingLeftBehind();
        // the branches still work, and nothing the probes tried to create exists
        String check = sql("dev", adminToken(), "SELECT (SELECT COUNT(*) FROM INFORMATION_SCHEMA.USERS WHERE USER_NAME = 'EVIL'), "
                + "(SELECT COUNT(*) FROM INFORMATION_SCHEMA.TABLES WHERE TABLE_NAME IN ('PWNED', 'LT', 'V', 'D', 'G', 'C')), "
                + "(SELECT COUNT(*) FROM INFORMATION_SCHEMA.ROUTINES WHERE ROUTINE_SCHEMA = 'PUBLIC'), "
                + "(SELECT COUNT(*) FROM INFORMATION_SCHEMA.TRIGGERS), (SELECT COUNT(*) FROM T)", 200);
        assertThat(JsonPath.<List<String>>read(check, "$.results[0].rows[0]")).containsExactly("0", "0", "0", "0", "1");
        sql("main", adminToken(), "SELECT 1", 200);
    }

    @Test
    void branchPasswordsWithEveryRoleAreRefusedTheSameEscapesOverTheTcpPort() throws Exception {
        List<String> accepted = new ArrayList<>();
        for (String role : List.of("reader", "writer", "readwriter", "admin")) {
            String password = createPassword("dev", role);
            try (Connection connection = connect(password)) {
                for (String escape : escapes()) {
                    // host-function objects may be stored by a password with role admin (it owns the schema):
                    // the refusal for those is on Loopline's side, tested below
                    boolean storesExpression = escape.startsWith("CREATE VIEW") || escape.startsWith("CREATE TABLE");
                    // a client may change its own password: it stays the same engine user with the same rights
                    // (and a password with role admin owns the schema's rights on a development branch)
                    boolean ownAccount = escape.startsWith("SET PASSWORD") || escape.startsWith("GRANT")
                            || escape.startsWith("REVOKE");
                    if (!storesExpression && !ownAccount && runs(connection, escape)) {
                        accepted.add(role + ": " + escape);
                    }
                }
            }
        }
        assertThat(accepted).isEmpty();
        assertNothingLeftBehind();
    }

    @Test
    void urlSettingsOtherDatabasesAndTheMetadataDatabaseAreRefusedOnTheTcpPort() throws Exception {
        String password = createPassword("dev", "admin");
        String url = JsonPath.read(password, "$.jdbc_url");
        String user = JsonPath.read(password, "$.username");
        String secret = JsonPath.read(password, "$.plain_text");
        String server = url.substring(0, url.indexOf('/', "jdbc:h2:tcp://".length()) + 1);
        Set<Path> before = filesUnder(properties.dataDir());
        List<String> refusedUrls = List.of(
                url + ";INIT=CREATE TABLE INITX(ID INT)",
                url + ";INIT=RUNSCRIPT FROM '" + seedScript + "'",
                url + ";IFEXISTS=FALSE",
                url + ";ACCESS_MODE_DATA=r",
                url + ";FILE_LOCK=NO",
                url + ";AUTO_SERVER=TRUE",
                server + db + "/../" + db + "/dev",
                server + "../loopline",
                server + db + "/../../loopline",
                server + "loopline",
                server + properties.dataDir().toAbsolutePath().resolve("loopline"),
                server + "nio:" + db + "/dev",
                server + "mem:probe",
                server + db + "/main",
                server + db + "/new-branch",
                server + "other-db/dev");
        List<String> accepted = new ArrayList<>();
        for (String candidate : refusedUrls) {
            try (Connection connection = DriverManager.getConnection(candidate, user, secret)) {
                accepted.add(candidate);
            }
            catch (SQLException expected) {
                // refused
            }
        }
        assertThat(accepted).isEmpty();
        assertThat(filesUnder(properties.dataDir())).as("no database file was created")
                .filteredOn(p -> p.toString().endsWith(".mv.db")).containsExactlyInAnyOrderElementsOf(
                        before.stream().filter(p -> p.toString().endsWith(".mv.db")).toList());
        String tables = sql("dev", adminToken(), "SELECT COUNT(*) FROM INFORMATION_SCHEMA.TABLES WHERE TABLE_NAME = 'INITX'", 200);
        assertThat(JsonPath.<String>read(tables, "$.results[0].rows[0][0]")).isEqualTo("0");
        try (Connection plain = connect(password)) {
            assertThat(runs(plain, "SELECT COUNT(*) FROM T")).isTrue();
        }
    }

    /**
     * A developer with a branch password of role admin may store host-function calls in the schema. Loopline's admin
     * never evaluates them: branching from it and deploying it are refused (422, lint error); backing it up,
     * verifying and restoring the backup, and reading its schema write nothing.
     */
    @Test
    void aSchemaThatCallsHostFunctionsIsNeverEvaluatedWithAdminRights() throws Exception {
        api(post("/api/v1/databases/" + db + "/branches").contentType(MediaType.APPLICATION_JSON)
                .content("{\"name\":\"poisoned\"}"), adminToken(), 201);
        Path marker = probeDir.resolve("evaluated-by-admin");
        try (Connection connection = connect(createPassword("poisoned", "admin")); Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE P (ID INT PRIMARY KEY, V BLOB DEFAULT FILE_WRITE('x', '" + marker + "'))");
            statement.execute("CREATE VIEW PV AS SELECT FILE_WRITE('x', '" + marker + "') W FROM P");
            statement.execute("INSERT INTO P (ID, V) VALUES (1, NULL)");
            statement.execute("CREATE TABLE Q (ID INT PRIMARY KEY, G VARCHAR GENERATED ALWAYS AS "
                    + "(CAST(FILE_READ('/etc/hostname') AS VARCHAR)))");
            statement.execute("ALTER TABLE Q ADD CONSTRAINT CK CHECK (FILE_WRITE('x', '" + marker + "') > 0 OR ID > 0)");
        }
        String refused = api(post("/api/v1/databases/" + db + "/branches").contentType(MediaType.APPLICATION_JSON)
                .content("{\"name\":\"from-poisoned\",\"parent_branch\":\"poisoned\"}"), adminToken(), 422);
        assertThat(JsonPath.<String>read(refused, "$.code")).isEqualTo("host_function_in_schema");
        assertThat(JsonPath.<String>read(refused, "$.message")).contains("view PUBLIC.PV calls FILE_WRITE",
                "default of column PUBLIC.P.V calls FILE_WRITE", "generated column PUBLIC.Q.G calls FILE_READ",
                "check constraint PUBLIC.CK calls FILE_WRITE");

        String request = api(post("/api/v1/databases/" + db + "/deploy-requests").contentType(MediaType.APPLICATION_JSON)
                .content("{\"branch\":\"poisoned\"}"), tokenWithRoles("developer"), 201);
        int number = JsonPath.read(request, "$.number");
        String shown = api(get("/api/v1/databases/" + db + "/deploy-requests/" + number), adminToken(), 200);
        assertThat(JsonPath.<List<String>>read(shown, "$.lint_errors[*].code")).contains("host_function");
        api(post("/api/v1/databases/" + db + "/deploy-requests/" + number + "/deploy"), adminToken(), 409);

        api(get("/api/v1/databases/" + db + "/branches/poisoned/schema"), adminToken(), 200);
        String backup = api(post("/api/v1/databases/" + db + "/branches/poisoned/backups").contentType(MediaType.APPLICATION_JSON)
                .content("{\"wait\":true}"), adminToken(), 201);
        long backupId = ((Number) JsonPath.read(backup, "$.id")).longValue();
        await().atMost(Duration.ofSeconds(60)).until(() -> "success".equals(JsonPath.read(api(get("/api/v1/databases/" + db
                + "/branches/poisoned/backups/" + backupId), adminToken(), 200), "$.state")));
        api(post("/api/v1/databases/" + db + "/branches/poisoned/backups/" + backupId + "/verify"), adminToken(), 202);
        await().atMost(Duration.ofSeconds(60)).until(() -> "passed".equals(JsonPath.read(api(get("/api/v1/databases/" + db
                + "/branches/poisoned/backups/" + backupId), adminToken(), 200), "$.verification")));
        api(post("/api/v1/databases/" + db + "/branches").contentType(MediaType.APPLICATION_JSON)
                .content("{\"name\":\"restored\",\"backup_id\":" + backupId + ",\"wait\":true}"), adminToken(), 201);
        await().atMost(Duration.ofSeconds(60)).until(() -> "ready".equals(JsonPath.read(api(get("/api/v1/databases/"
                + db + "/branches/restored"), adminToken(), 200), "$.state")));
        assertThat(marker).doesNotExist();
        assertNothingLeftBehind();
    }

    // --- helpers -----------------------------------------------------------------------------------------------

    private record Answer(int status, String body) {

        /** Not run: a refusal (422, 403) or a failed statement (400) — never 200 with results. */
        boolean refused() {
            return status == 400 || status == 403 || status == 422
                    || (status == 200 && (body.contains("data-testid=\"sql-error\"") || body.contains("data-testid=\"sql-refused\"")));
        }
    }

    private Answer console(Actor actor, String branch, String script) throws Exception {
        MvcResult result;
        if (actor.token() != null) {
            result = mvc.perform(post("/api/v1/databases/" + db + "/branches/" + branch + "/sql")
                    .header("Authorization", bearer(actor.token())).contentType(MediaType.TEXT_PLAIN).content(script))
                    .andReturn();
        }
        else {
            result = mvc.perform(post("/databases/" + db + "/branches/" + branch + "/console").session(actor.session())
                    .with(csrf()).param("script", script)).andReturn();
        }
        return new Answer(result.getResponse().getStatus(), result.getResponse().getContentAsString());
    }

    private void assertNothingLeftBehind() throws Exception {
        try (Stream<Path> files = Files.list(probeDir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("seed.sql", "secret.txt");
        }
    }

    private static Set<Path> filesUnder(Path dir) throws Exception {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).collect(Collectors.toSet());
        }
    }


    private String api(org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder request, String token,
            int expectedStatus) throws Exception {
        MvcResult result = mvc.perform(request.header("Authorization", bearer(token))).andReturn();
        String body = result.getResponse().getContentAsString();
        assertThat(result.getResponse().getStatus()).as(body).isEqualTo(expectedStatus);
        return body;
    }

    private String sql(String branch, String token, String script, int expectedStatus) throws Exception {
        return api(post("/api/v1/databases/" + db + "/branches/" + branch + "/sql").contentType(MediaType.TEXT_PLAIN)
                .content(script), token, expectedStatus);
    }

    private String createPassword(String branch, String role) throws Exception {
        return api(post("/api/v1/databases/" + db + "/branches/" + branch + "/passwords").contentType(MediaType.APPLICATION_JSON)
                .content("{\"name\":\"" + role + "-" + UUID.randomUUID().toString().substring(0, 6) + "\",\"role\":\""
                        + role + "\"}"), adminToken(), 201);
    }

    private static Connection connect(String passwordJson) throws SQLException {
        return DriverManager.getConnection(JsonPath.read(passwordJson, "$.jdbc_url"),
                JsonPath.read(passwordJson, "$.username"), JsonPath.read(passwordJson, "$.plain_text"));
    }

    private static boolean runs(Connection connection, String script) {
        try (Statement statement = connection.createStatement()) {
            for (String sql : script.split(";\\s")) {
                statement.execute(sql);
            }
            return true;
        }
        catch (SQLException e) {
            return false;
        }
    }

    private MockHttpSession signIn(String username, String password) throws Exception {
        return (MockHttpSession) mvc.perform(formLogin("/login").user(username).password(password)).andReturn()
                .getRequest().getSession();
    }

    private MockHttpSession userSession(MockHttpSession admin, String role) throws Exception {
        String username = role.toLowerCase().replace('_', '-') + "-" + UUID.randomUUID().toString().substring(0, 4);
        mvc.perform(post("/admin/users").session(admin).with(csrf()).param("username", username)
                .param("password", username + "-password").param("roles", role)).andReturn();
        return signIn(username, username + "-password");
    }
}
