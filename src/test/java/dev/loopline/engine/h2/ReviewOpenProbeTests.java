package dev.loopline.engine.h2;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.loopline.engine.AdminCredential;
import dev.loopline.engine.BranchDatabase;
import dev.loopline.engine.DatabaseEngine.ScriptRights;
import dev.loopline.engine.HostFunctions;
import dev.loopline.engine.PasswordRole;

/**
 * Second review of the stored-view defences (issue 9): ways the raw text of a {@code CREATE FORCE VIEW} reaches H2's
 * parser as an admin although Loopline's reader of SQL sees no host-function call in it, and legitimate branches that
 * the defences must leave whole (views and defaults with non-ASCII text, tables whose SQL mentions a view, the Sakila
 * sample) after a restart or a crash. The schema owner is a branch password with role admin, over the TCP port.
 */
class ReviewOpenProbeTests extends H2EngineTest {

    /** What the copied branch shows its own schema owner (a new branch made from the probed one). */
    private static String seenInACopy(ReviewKeeperProbeTests.Probe probe) throws Exception {
        BranchDatabase target = new BranchDatabase("keeper", probe.database().branch() + "-copy");
        AdminCredential targetAdmin = engine.createDatabase(target);
        engine.createUser(target, targetAdmin, "DEV", "dev-pass-1", PasswordRole.ADMIN, true);
        try {
            engine.copySchema(probe.database(), probe.admin(), target, targetAdmin);
        }
        catch (RuntimeException refused) {
            return "refused: " + refused.getMessage();
        }
        try (Connection c = DriverManager.getConnection(engine.connectionDetails(target).jdbcUrl(), "DEV",
                "dev-pass-1")) {
            return visible(c);
        }
    }

    /** Column names of every relation and every view's text: where a compile as admin leaves what it read. */
    private static String visible(Connection c) throws SQLException {
        StringBuilder seen = new StringBuilder();
        try (Statement s = c.createStatement()) {
            try (ResultSet r = s.executeQuery("SELECT TABLE_NAME, COLUMN_NAME FROM INFORMATION_SCHEMA.COLUMNS")) {
                while (r.next()) {
                    seen.append(r.getString(1)).append('.').append(r.getString(2)).append('\n');
                }
            }
        }
        return seen.toString();
    }

    /** Stores statements as the schema owner with the JDBC driver's escape processing off (any client may). */
    private static List<String> storeRaw(ReviewKeeperProbeTests.Probe probe, String... statements) throws SQLException {
        List<String> errors = new ArrayList<>();
        try (Connection c = probe.asOwner(); Statement s = c.createStatement()) {
            s.setEscapeProcessing(false);
            for (String sql : statements) {
                try {
                    s.execute(sql.replace("<FILE>", probe.file().toString()));
                }
                catch (SQLException e) {
                    errors.add(e.getMessage());
                }
            }
        }
        return errors;
    }

    /** Closes the branch as a crash would: nobody clears it first, then Loopline opens and closes it again. */
    private static void crash(ReviewKeeperProbeTests.Probe probe) throws SQLException {
        try (Connection c = engine.connect(probe.database(), probe.admin()); Statement s = c.createStatement()) {
            s.execute("CHECKPOINT SYNC");
            s.execute("SHUTDOWN IMMEDIATELY");
        }
        engine.shutDownQuietly(probe.database(), probe.admin());
    }

    private static List<String> strings(Connection connection, String query) throws SQLException {
        List<String> values = new ArrayList<>();
        try (Statement s = connection.createStatement(); ResultSet rows = s.executeQuery(query)) {
            while (rows.next()) {
                values.add(rows.getString(1));
            }
        }
        return values;
    }

    // --- H2 upper-cases a name in back quotes (Tokenizer.convertCase): `csvread` is CSVREAD ---

    @Test
    void calledInSeesALowerCaseFunctionNameInBackQuotes() {
        assertThat(HostFunctions.calledIn("SELECT * FROM `csvread`('/etc/hostname')")).contains("CSVREAD");
        assertThat(HostFunctions.calledIn("SELECT `File_Write`('x', '/tmp/x')")).contains("FILE_WRITE");
    }

    @Test
    void aLowerCaseBackQuotedNameDoesNotSmuggleCsvreadIntoACopiedSchema() throws Exception {
        ReviewKeeperProbeTests.Probe probe = ReviewKeeperProbeTests.probe();
        List<String> errors = probe.storeAsOwner("CREATE FORCE VIEW V AS SELECT * FROM `csvread`('<FILE>')");
        assertThat(seenInACopy(probe)).as(errors.toString()).doesNotContainIgnoringCase(probe.secret());
    }

    @Test
    void aLowerCaseBackQuotedNameIsClearedBeforeTheBranchOpensAgain() throws Exception {
        ReviewKeeperProbeTests.Probe probe = ReviewKeeperProbeTests.probe();
        Path written = dataDir.resolve(probe.database().branch() + "-bq-written");
        probe.storeAsOwner("CREATE FORCE VIEW V AS SELECT * FROM `csvread`(CAST(`file_write`(X'41', '" + written
                + "') AS VARCHAR))");
        probe.seenAfterReopen();
        assertThat(written).as("a file written by Loopline's admin when the branch opened").doesNotExist();
        crash(probe);
        probe.seenNow();
        assertThat(written).as("a file written by Loopline's admin when the branch opened after a crash")
                .doesNotExist();
    }

    // --- JDBC escapes: Loopline's own statements go through the driver, which turns {fn } into spaces ---

    @Test
    void calledInSeesACallSplitByAJdbcEscape() {
        assertThat(HostFunctions.calledIn("SELECT * FROM CSVREAD{fn }('/etc/hostname')")).isPresent();
    }

    /**
     * A client that turns the driver's escape processing off stores {@code CSVREAD{fn }(…)} verbatim (H2 keeps a
     * FORCE view's text even when it does not parse). Copying the schema replays it through Loopline's admin JDBC
     * statement, whose escape processing is on: the driver makes it {@code CSVREAD    (…)}, and H2 compiles it as admin.
     */
    @Test
    void aJdbcEscapeDoesNotSmuggleCsvreadIntoACopiedSchema() throws Exception {
        ReviewKeeperProbeTests.Probe probe = ReviewKeeperProbeTests.probe();
        List<String> errors = storeRaw(probe, "CREATE FORCE VIEW V AS SELECT * FROM CSVREAD{fn }('<FILE>')");
        assertThat(seenInACopy(probe)).as(errors.toString()).doesNotContainIgnoringCase(probe.secret());
    }

    /** The console checks the text it is given, but the driver runs the text after escape processing. */
    @Test
    void consoleRefusesACallSplitByAJdbcEscape() {
        assertThat(engine.refusal("CREATE FORCE VIEW V AS SELECT * FROM CSVREAD{fn }('/etc/hostname')")).isPresent();
    }

    // --- legitimate branches stay whole ---

    /**
     * H2 writes every name and literal holding a character outside printable ASCII as {@code U&"…"}/{@code U&'…'};
     * a reader that takes every such token for a possible call drops ordinary views of non-English schemas each time
     * a branch opens.
     */
    @Test
    void viewsWithNonAsciiNamesAndLiteralsSurviveARestartAndACrash() throws Exception {
        ReviewKeeperProbeTests.Probe probe = ReviewKeeperProbeTests.probe();
        List<String> errors = probe.storeAsOwner("CREATE TABLE \"Größe\"(ID INT PRIMARY KEY, \"Straße\" VARCHAR(20))",
                "INSERT INTO \"Größe\" VALUES (1, 'Café'), (2, 'Tab\tbed')",
                "CREATE VIEW CAFES AS SELECT \"Straße\" FROM \"Größe\" WHERE \"Straße\" = 'Café'",
                "CREATE VIEW TABBED AS SELECT ID FROM \"Größe\" WHERE \"Straße\" LIKE '%' || CHAR(9) || '%' "
                        + "OR \"Straße\" = 'Tab\tbed'");
        probe.seenAfterReopen();
        try (Connection c = probe.asOwner()) {
            assertThat(strings(c, "SELECT TABLE_NAME FROM INFORMATION_SCHEMA.VIEWS WHERE TABLE_SCHEMA = 'PUBLIC' "
                    + "ORDER BY TABLE_NAME")).as(errors.toString()).containsExactly("CAFES", "TABBED");
        }
        crash(probe);
        try (Connection c = probe.asOwner()) {
            assertThat(strings(c, "SELECT TABLE_NAME FROM INFORMATION_SCHEMA.VIEWS WHERE TABLE_SCHEMA = 'PUBLIC' "
                    + "ORDER BY TABLE_NAME")).containsExactly("CAFES", "TABBED");
            assertThat(strings(c, "SELECT * FROM CAFES")).containsExactly("Café");
        }
    }

    @Test
    void calledInReadsUnicodeEscapesAsH2Does() {
        assertThat(HostFunctions.calledIn("SELECT U&'caf\\00e9' AS X FROM U&\"Gr\\00f6\\00dfe\"")).isEmpty();
        assertThat(HostFunctions.calledIn("SELECT U&\"Gr\\00f6\\00dfe\"(1)")).isEmpty();
        assertThat(HostFunctions.calledIn("SELECT * FROM U&\"CSV\\0052EAD\"('/etc/hostname')")).contains("CSVREAD");
        assertThat(HostFunctions.calledIn("SELECT * FROM U&\"CSV\\+000052EAD\"('/etc/hostname')")).contains("CSVREAD");
        assertThat(HostFunctions.calledIn("SELECT * FROM U&\"CSV!0052EAD\" UESCAPE '!' ('/x')")).isPresent();
        assertThat(HostFunctions.calledIn("SELECT U&\"bad\\00\"")).isPresent();
        assertThat(HostFunctions.calledIn("SELECT 1 AS " + "U&\"a\" ".repeat(200_000))).as("no deep recursion").isEmpty();
    }

    /** A default with an accented literal is no host-function call: branching from it must not be refused. */
    @Test
    void aBranchWithNonAsciiDefaultsCanBeCopied() throws Exception {
        ReviewKeeperProbeTests.Probe probe = ReviewKeeperProbeTests.probe();
        probe.storeAsOwner("CREATE TABLE CITY(ID INT PRIMARY KEY, NAME VARCHAR(20) DEFAULT 'Zürich')");
        assertThat(seenInACopy(probe)).doesNotStartWith("refused").contains("CITY.NAME");
    }

    /**
     * Tables are stored as rows of the same kind as views; one whose text holds the word VIEW (a comment, a name)
     * and a call in a default (stored by a schema owner: H2 checks the right only on evaluation) is no view, and
     * H2 does not evaluate defaults when it opens a file. It must still open after a crash.
     */
    @Test
    void aTableThatMentionsAViewOpensAfterACrash() throws Exception {
        ReviewKeeperProbeTests.Probe probe = ReviewKeeperProbeTests.probe();
        List<String> errors = probe.storeAsOwner(
                "CREATE TABLE \"VIEW\"(ID INT PRIMARY KEY, F VARCHAR DEFAULT FILE_READ('<FILE>', NULL))",
                "COMMENT ON TABLE \"VIEW\" IS 'what a view shows'",
                "INSERT INTO \"VIEW\"(ID, F) VALUES (1, 'kept')");
        assertThat(errors).isEmpty();
        crash(probe);
        try (Connection c = probe.asOwner()) {
            assertThat(strings(c, "SELECT F FROM \"VIEW\"")).as(errors.toString()).containsExactly("kept");
        }
    }

    /**
     * A materialized view over an empty table is created without evaluating its select list, so a schema owner can
     * store one calling FILE_READ. H2 does not compile it when it opens the file (it cannot reload materialized views
     * at all), so the branch must still open after a crash.
     */
    @Test
    void aMaterializedViewCallingAHostFunctionDoesNotMakeTheBranchUnopenableAfterACrash() throws Exception {
        ReviewKeeperProbeTests.Probe probe = ReviewKeeperProbeTests.probe();
        List<String> errors = probe.storeAsOwner("CREATE TABLE T(ID INT PRIMARY KEY, NAME VARCHAR(20))",
                "CREATE MATERIALIZED VIEW M AS SELECT FILE_READ('<FILE>', NULL) F FROM T",
                "INSERT INTO T VALUES (1, 'kept')");
        assertThat(errors).isEmpty();
        crash(probe);
        try (Connection c = probe.asOwner()) {
            assertThat(strings(c, "SELECT NAME FROM T")).as(errors.toString()).containsExactly("kept");
        }
    }

    // --- the deploy's data check evaluates the developer's new CHECK over production's rows ---

    /**
     * A new CHECK is evaluated over production's rows before anyone approves, and its violations (count, key values)
     * are shown to whoever opened the deploy request. Run as Loopline's admin, a subquery in it sees what only an
     * engine admin sees (every user, every session and its running statement): one bit per key value, and the
     * violating keys spell it out. It must see what a data user of the branch sees.
     */
    @Test
    void aNewCheckIsEvaluatedWithoutEngineAdminRights() {
        String start = "CREATE TABLE T(ID INT PRIMARY KEY, A INT);";
        BranchDatabase production = new BranchDatabase("check", "probe-production");
        AdminCredential productionAdmin = engine.createDatabase(production);
        assertThat(engine.runScript(production, productionAdmin, start + "INSERT INTO T VALUES (1, 1), (2, 2);",
                ScriptRights.SCHEMA_OWNER, 1).error()).isNull();
        BranchDatabase development = new BranchDatabase("check", "probe-development");
        AdminCredential developmentAdmin = engine.createDatabase(development);
        assertThat(engine.runScript(development, developmentAdmin, start + "ALTER TABLE T ADD CONSTRAINT CK CHECK "
                + "(ID NOT IN (SELECT COUNT(*) FROM INFORMATION_SCHEMA.USERS WHERE USER_NAME = 'LOOPLINE'));",
                ScriptRights.SCHEMA_OWNER, 1).error()).isNull();
        var findings = engine.checkData(production, productionAdmin, List.of(new dev.loopline.engine.DataCheck.Change(
                engine.inspectSchema(production, productionAdmin).table("T").orElseThrow(),
                engine.inspectSchema(development, developmentAdmin).table("T").orElseThrow())),
                new dev.loopline.engine.DataCheck.Limits(1000, java.time.Duration.ofSeconds(10)));
        assertThat(findings).as("the admin's view of INFORMATION_SCHEMA.USERS leaks as a violation of row 1")
                .noneMatch(f -> f.kind() == dev.loopline.engine.DataCheck.Kind.CHECK_VIOLATIONS);
    }

    /**
     * The online copy fills a new column of every existing row from its default (the developer's SQL) inside
     * {@code INSERT … SELECT}; as Loopline's admin, a subquery in that default reads what only an engine admin sees
     * (every user; every session's running statement, Loopline's own {@code CREATE USER … PASSWORD} among them) into
     * production's rows. It must see what a data user of the branch sees.
     */
    @Test
    void theOnlineCopyEvaluatesNewDefaultsWithoutEngineAdminRights() throws Exception {
        BranchDatabase main = new BranchDatabase("copy", "probe-main");
        BranchDatabase dev = new BranchDatabase("copy", "probe-dev");
        AdminCredential mainAdmin = engine.createDatabase(main);
        AdminCredential devAdmin = engine.createDatabase(dev);
        String start = "CREATE TABLE T (ID INT PRIMARY KEY, V VARCHAR(10));";
        assertThat(engine.runScript(main, mainAdmin, start + "INSERT INTO T VALUES (1, 'x'), (2, 'y')",
                ScriptRights.SCHEMA_OWNER, 10).error()).isNull();
        assertThat(engine.runScript(dev, devAdmin, start + "ALTER TABLE T ADD COLUMN N INT DEFAULT "
                + "(SELECT COUNT(*) FROM INFORMATION_SCHEMA.USERS WHERE USER_NAME = 'LOOPLINE')",
                ScriptRights.SCHEMA_OWNER, 10).error()).isNull();
        dev.loopline.engine.ShadowPlan plan = new dev.loopline.engine.ShadowPlan(91,
                engine.inspectSchema(main, mainAdmin).table("T").orElseThrow(),
                engine.inspectSchema(dev, devAdmin).table("T").orElseThrow());
        engine.online().prepare(main, mainAdmin, plan);
        try (var copier = engine.online().copier(main, mainAdmin, plan)) {
            copier.next(null, 100);
        }
        List<String> values;
        try (Connection c = engine.connect(main, mainAdmin)) {
            values = strings(c, "SELECT CAST(N AS VARCHAR) FROM " + MirrorTrigger.quote(H2OnlineMigrator.shadowName(plan))
                    + " ORDER BY ID");
        }
        assertThat(values).as("what the default saw of INFORMATION_SCHEMA.USERS").containsExactly("0", "0");
    }

    /**
     * A restore drops what an online change left in the backup (shadow and old tables), found by name; a table of the
     * application's own whose name merely starts with {@code LL_} is no such leftover and must come back with its rows.
     */
    @Test
    void aRestoreKeepsTheApplicationsTablesNamedLikeLooplines() throws Exception {
        ReviewKeeperProbeTests.Probe probe = ReviewKeeperProbeTests.probe();
        List<String> errors = probe.storeAsOwner("CREATE TABLE LL_CUSTOMERS(ID INT PRIMARY KEY, NAME VARCHAR(20))",
                "INSERT INTO LL_CUSTOMERS VALUES (1, 'kept')");
        assertThat(errors).isEmpty();
        Path backup = dataDir.resolve(probe.database().branch() + ".ll-backup");
        engine.backup(probe.database(), probe.admin(), backup);
        BranchDatabase restored = new BranchDatabase("keeper", probe.database().branch() + "-ll-restored");
        AdminCredential restoredAdmin = engine.restoreDatabase(restored, backup, probe.admin(), bytes -> { });
        try (Connection c = engine.connect(restored, restoredAdmin)) {
            assertThat(strings(c, "SELECT NAME FROM LL_CUSTOMERS")).containsExactly("kept");
        }
    }

    /**
     * A schema made over the TCP port by a branch password with role admin is owned by that password's user; H2's
     * SCRIPT writes {@code CREATE SCHEMA … AUTHORIZATION "DEV"}, and the new branch has no such user.
     */
    @Test
    void aBranchWithASchemaMadeByABranchPasswordCanBeBranchedFrom() throws Exception {
        ReviewKeeperProbeTests.Probe probe = ReviewKeeperProbeTests.probe();
        List<String> errors = probe.storeAsOwner("CREATE SCHEMA REPORTING", "CREATE TABLE REPORTING.DAILY(ID INT)");
        assertThat(errors).isEmpty();
        assertThat(seenInACopy(probe)).doesNotStartWith("refused");
    }

    /** The Sakila sample (tables, identities, ON UPDATE, views, foreign keys) opens whole after a crash. */
    @Test
    void theSakilaSampleKeepsItsViewsAfterACrash() throws Exception {
        ReviewKeeperProbeTests.Probe probe = ReviewKeeperProbeTests.probe();
        for (String file : List.of("schema.sql", "constraints.sql")) {
            String script;
            try (var in = getClass().getResourceAsStream("/samples/sakila/" + file)) {
                script = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            var result = engine.runScript(probe.database(), probe.admin(), script, ScriptRights.SCHEMA_OWNER, 10);
            assertThat(result.error()).as(file).isNull();
        }
        List<String> views;
        try (Connection c = probe.asOwner()) {
            views = strings(c, "SELECT TABLE_NAME FROM INFORMATION_SCHEMA.VIEWS WHERE TABLE_SCHEMA = 'PUBLIC' "
                    + "ORDER BY TABLE_NAME");
        }
        assertThat(views).isNotEmpty();
        crash(probe);
        try (Connection c = probe.asOwner()) {
            assertThat(strings(c, "SELECT TABLE_NAME FROM INFORMATION_SCHEMA.VIEWS WHERE TABLE_SCHEMA = 'PUBLIC' "
                    + "ORDER BY TABLE_NAME")).containsExactlyElementsOf(views);
        }
    }
}
