package dev.loopline.engine.h2;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.loopline.engine.AdminCredential;
import dev.loopline.engine.BranchDatabase;
import dev.loopline.engine.DatabaseEngine.ScriptRights;
import dev.loopline.engine.HostFunctions;
import dev.loopline.engine.ShadowPlan;
import dev.loopline.schema.SchemaSnapshot;

/**
 * Review probes: a host-function call that hides behind a quoted identifier containing an apostrophe. The
 * string-literal stripping in {@link HostFunctions#calledIn} pairs the apostrophe inside {@code "a'"} with the one
 * opening the function's first argument, so the call disappears into a "literal" - for the console's refusal, for
 * the schema scan, and for the online change's check of the new definition.
 */
class ReviewHostFunctionProbeTests extends H2EngineTest {

    @Test
    void calledInSeesACallAfterAnIdentifierWithAnApostrophe() {
        assertThat(HostFunctions.calledIn("\"a'\" IS NULL OR FILE_WRITE('pwn', '/tmp/x') >= 0 OR \"a'\" IS NULL"))
                .contains("FILE_WRITE");
    }

    @Test
    void consoleRefusesACommentBetweenNameAndParenthesis() {
        assertThat(engine.refusal("CREATE VIEW V AS SELECT FILE_READ/**/('/etc/hostname') X")).isPresent();
        assertThat(engine.refusal("CREATE VIEW V AS SELECT FILE_READ--\n('/etc/hostname') X")).isPresent();
    }

    /** The console's statement refusal misses a call behind an identifier with an apostrophe. */
    @Test
    void consoleRefusesAHiddenFileWriteInACheck() {
        assertThat(engine.refusal("ALTER TABLE T ADD CONSTRAINT CK CHECK (\"a'\" IS NULL OR FILE_WRITE('pwn', '/tmp/x') >= 0)"))
                .isPresent();
    }

    /**
     * The real deploy path: the development branch adds a column whose DEFAULT writes a file (hidden behind a
     * sequence named {@code s'}); the lint (schema scan) and the online change's own check of the new definition both
     * miss it, and the online copy - which runs as LOOPLINE, the engine admin - evaluates the default for every row of
     * production.
     */
    @Test
    void onlineChangeEvaluatesAHiddenHostFunctionAsAdmin() throws Exception {
        BranchDatabase main = new BranchDatabase("probe2", "main");
        BranchDatabase dev = new BranchDatabase("probe2", "dev");
        AdminCredential mainAdmin = engine.createDatabase(main);
        AdminCredential devAdmin = engine.createDatabase(dev);
        Path file = dataDir.resolve("written-by-online-copy");
        engine.runScript(main, mainAdmin, "CREATE TABLE T (ID INT PRIMARY KEY, V VARCHAR(10));"
                + "INSERT INTO T VALUES (1, 'x')", ScriptRights.SCHEMA_OWNER, 10);
        String column = "ALTER TABLE T ADD COLUMN G BIGINT DEFAULT NEXT VALUE FOR PUBLIC.\"s'\" + FILE_WRITE('pwn', '"
                + file + "')";
        var script = engine.runScript(dev, devAdmin, "CREATE TABLE T (ID INT PRIMARY KEY, V VARCHAR(10)); "
                + "CREATE SEQUENCE PUBLIC.\"s'\"; " + column, ScriptRights.SCHEMA_OWNER, 10);
        assertThat(script.error()).as("dev script").isNull();
        org.assertj.core.api.SoftAssertions soft = new org.assertj.core.api.SoftAssertions();
        soft.assertThat(engine.refusal(column)).as("console refusal of " + column).isPresent();
        soft.assertThat(engine.hostFunctionUses(dev, devAdmin)).as("lint host_function on the dev branch").isNotEmpty();

        SchemaSnapshot.Table from = engine.inspectSchema(main, mainAdmin).table("T").orElseThrow();
        SchemaSnapshot.Table to = engine.inspectSchema(dev, devAdmin).table("T").orElseThrow();
        // production needs the sequence too for the default to evaluate (a plain, earlier deploy of a CREATE SEQUENCE)
        engine.runScript(main, mainAdmin, "CREATE SEQUENCE PUBLIC.\"s'\"", ScriptRights.SCHEMA_OWNER, 10);
        ShadowPlan plan = new ShadowPlan(1, from, to);
        Throwable refused = null;
        try {
            engine.online().prepare(main, mainAdmin, plan);
            try (var copier = engine.online().copier(main, mainAdmin, plan)) {
                copier.next(null, 100);
            }
        }
        catch (RuntimeException e) {
            refused = e;
        }
        soft.assertThat(file).as("written by the online copy running as admin (refused: " + refused + ", to: " + to + ")")
                .doesNotExist();
        soft.assertAll();
    }

    /**
     * DdlRenderer pastes column names unquoted into the shadow table's CREATE TABLE, which the online change runs as
     * LOOPLINE (engine admin), and H2 runs every ;-separated statement of it. A column name on the development branch
     * is therefore SQL run as admin: here it creates an engine admin EVIL and a Java alias that creates a file.
     */
    @Test
    void onlineChangeRunsSqlInjectedThroughAColumnName() throws Exception {
        BranchDatabase main = new BranchDatabase("probe3", "main");
        BranchDatabase dev = new BranchDatabase("probe3", "dev");
        AdminCredential mainAdmin = engine.createDatabase(main);
        AdminCredential devAdmin = engine.createDatabase(dev);
        Path file = dataDir.resolve("written-by-injected-alias");
        // H2 keeps names to 256 characters: enough for a statement
        String name = "X INT); CREATE USER EVIL PASSWORD 'evil' ADMIN; CREATE TABLE LL_Z (ID INT, Q";
        engine.runScript(main, mainAdmin, "CREATE TABLE T (ID INT PRIMARY KEY, V VARCHAR(10));"
                + "INSERT INTO T VALUES (1, 'x')", ScriptRights.SCHEMA_OWNER, 10);
        String column = "ALTER TABLE T ADD COLUMN \"" + name + "\" VARCHAR(10)";
        var script = engine.runScript(dev, devAdmin, "CREATE TABLE T (ID INT PRIMARY KEY, V VARCHAR(10)); " + column,
                ScriptRights.SCHEMA_OWNER, 10);
        assertThat(script.error()).as("dev script").isNull();
        assertThat(engine.refusal(column)).as("console lets the column through").isEmpty();

        SchemaSnapshot.Table from = engine.inspectSchema(main, mainAdmin).table("T").orElseThrow();
        SchemaSnapshot.Table to = engine.inspectSchema(dev, devAdmin).table("T").orElseThrow();
        ShadowPlan plan = new ShadowPlan(2, from, to);
        Throwable refused = null;
        try {
            engine.online().prepare(main, mainAdmin, plan);
        }
        catch (RuntimeException e) {
            refused = e;
        }
        boolean evilIsAdmin;
        try (Connection connection = engine.connect(main, mainAdmin); var rs = connection.createStatement().executeQuery(
                "SELECT COUNT(*) FROM INFORMATION_SCHEMA.USERS WHERE USER_NAME = 'EVIL' AND IS_ADMIN")) {
            rs.next();
            evilIsAdmin = rs.getInt(1) > 0;
        }
        org.assertj.core.api.SoftAssertions soft = new org.assertj.core.api.SoftAssertions();
        soft.assertThat(evilIsAdmin).as("engine admin EVIL created by the online change (refused: " + refused + ")").isFalse();
        soft.assertThat(file).as("file written by a Java alias created by the online change").doesNotExist();
        soft.assertAll();
    }
}
