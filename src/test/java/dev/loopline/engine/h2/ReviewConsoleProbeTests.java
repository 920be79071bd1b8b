package dev.loopline.engine.h2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.loopline.engine.AdminCredential;
import dev.loopline.engine.BranchDatabase;
import dev.loopline.engine.DatabaseEngine.ScriptRights;
import dev.loopline.engine.ScriptResult;

/** Review probes: what the console's result reading and the backup fingerprint do with JAVA_OBJECT values. */
class ReviewConsoleProbeTests extends H2EngineTest {

    /** Stands in for a gadget: any Serializable class on Loopline's class path whose readObject does something. */
    static final class Gadget implements Serializable {
        private static final long serialVersionUID = 1L;
        String path;

        private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
            in.defaultReadObject();
            Files.writeString(Path.of(path), "deserialized inside Loopline's JVM");
        }
    }

    /**
     * The console reads every value with ResultSet.getObject on an embedded connection: a JAVA_OBJECT value is
     * deserialized (H2's h2.allowedClasses defaults to "*") inside Loopline's JVM. A console user with data rights
     * only (operator on production) sends the bytes in a literal; no table, no admin right needed. With a gadget
     * chain on the class path this is code execution.
     */
    @Test
    void consoleDoesNotDeserializeJavaObjectsInLooplinesJvm() throws Exception {
        BranchDatabase database = new BranchDatabase("probe", "main");
        AdminCredential admin = engine.createDatabase(database);
        Path file = dataDir.resolve("written-by-deserialization");
        Gadget gadget = new Gadget();
        gadget.path = file.toString();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(gadget);
        }
        var result = engine.runScript(database, admin, "SELECT CAST(X'" + HexFormat.of().formatHex(bytes.toByteArray())
                + "' AS JAVA_OBJECT)", ScriptRights.DATA_ONLY, 10);
        assertThat(file).as("console result: " + result).doesNotExist();
    }

    /** Backup verification's fingerprint casts ROW(...) to VARCHAR, which H2 refuses for a JAVA_OBJECT column. */
    @Test
    void aJavaObjectColumnDoesNotBreakTheBackupFingerprint() {
        BranchDatabase database = new BranchDatabase("probe", "fp");
        AdminCredential admin = engine.createDatabase(database);
        engine.runScript(database, admin, "CREATE TABLE J (ID INT PRIMARY KEY, O JAVA_OBJECT); "
                + "INSERT INTO J VALUES (1, CAST(X'aced0005' AS JAVA_OBJECT))", ScriptRights.SCHEMA_OWNER, 10);
        assertThatCode(() -> engine.fingerprint(database, admin)).doesNotThrowAnyException();
    }

    /**
     * A non-admin with ALTER ANY SCHEMA (a branch password with role admin on a development branch, over the TCP port;
     * or the console with a comment between name and parenthesis) creates CREATE FORCE VIEW ... FROM CSVREAD(file):
     * H2 refuses to compile it for the non-admin, FORCE stores it anyway, and when the branch is opened again (after
     * 30 s idle, or a restart) H2's system session - an admin - compiles it, reading the file's first line as the
     * view's column names. The non-admin then reads them from INFORMATION_SCHEMA.COLUMNS: the first line of any file
     * Loopline can read (data/secret.key, data/metadata-db.password, data/initial-admin-password are one line each).
     */
    @Test
    void aForceViewOverCsvreadDoesNotLeakAFilesFirstLineWhenTheBranchReopens() throws Exception {
        BranchDatabase database = new BranchDatabase("probe", "leak");
        AdminCredential admin = engine.createDatabase(database);
        engine.createUser(database, admin, "DEV", "dev-pass-1", dev.loopline.engine.PasswordRole.ADMIN, true);
        String secret = "Secret_" + java.util.UUID.randomUUID().toString().replace("-", "");
        Path file = Files.writeString(dataDir.resolve("secret.key"), secret);
        String url = engine.connectionDetails(database).jdbcUrl();
        try (java.sql.Connection c = java.sql.DriverManager.getConnection(url, "DEV", "dev-pass-1");
                java.sql.Statement s = c.createStatement()) {
            s.execute("CREATE TABLE KEPT(ID INT PRIMARY KEY)");
            s.execute("CREATE VIEW KEPT_VIEW AS SELECT ID FROM KEPT");
            s.execute("CREATE FORCE VIEW V AS SELECT * FROM CSVREAD('" + file
                    + "', NULL, 'caseSensitiveColumnNames=true fieldSeparator=;')");
        }
        // the console's own refusal sees the same statement with a comment before the parenthesis
        assertThat(engine.refusal("CREATE FORCE VIEW W AS SELECT * FROM CSVREAD/**/('" + file + "')")).isPresent();
        engine.shutDownQuietly(database, admin); // as a restart of Loopline does
        assertThat(engine.holds(database)).isFalse();
        StringBuilder columns = new StringBuilder();
        List<String> views = new java.util.ArrayList<>();
        try (java.sql.Connection c = java.sql.DriverManager.getConnection(url, "DEV", "dev-pass-1");
                java.sql.Statement s = c.createStatement()) {
            try (java.sql.ResultSet r = s.executeQuery("SELECT COLUMN_NAME FROM INFORMATION_SCHEMA.COLUMNS")) {
                while (r.next()) {
                    columns.append(r.getString(1)).append(' ');
                }
            }
            try (java.sql.ResultSet r = s.executeQuery(
                    "SELECT TABLE_NAME FROM INFORMATION_SCHEMA.VIEWS WHERE TABLE_SCHEMA = 'PUBLIC' ORDER BY 1")) {
                while (r.next()) {
                    views.add(r.getString(1));
                }
            }
        }
        assertThat(columns.toString()).as("column names seen by a non-admin").doesNotContainIgnoringCase(secret);
        assertThat(views).as("the views over a host function are gone, the user's own view stays")
                .containsExactly("KEPT_VIEW");
        assertThat(engine.holds(database)).as("Loopline opened the branch before the client").isTrue();
    }

    /** The console's path (a script as the schema owner) opens a closed branch the same way. */
    @Test
    void theConsoleOpensAClosedBranchOnlyAfterClearingViewsOverHostFunctions() throws Exception {
        BranchDatabase database = new BranchDatabase("probe", "leak-console");
        AdminCredential admin = engine.createDatabase(database);
        engine.createUser(database, admin, "DEV", "dev-pass-1", dev.loopline.engine.PasswordRole.ADMIN, true);
        String secret = "Secret_" + java.util.UUID.randomUUID().toString().replace("-", "");
        Path file = Files.writeString(dataDir.resolve("secret-console.key"), secret);
        try (java.sql.Connection c = java.sql.DriverManager.getConnection(engine.connectionDetails(database).jdbcUrl(),
                "DEV", "dev-pass-1"); java.sql.Statement s = c.createStatement()) {
            s.execute("CREATE FORCE VIEW V AS SELECT * FROM CSVREAD('" + file + "')");
        }
        engine.shutDownQuietly(database, admin);
        ScriptResult result = engine.runScript(database, admin,
                "SELECT COLUMN_NAME FROM INFORMATION_SCHEMA.COLUMNS WHERE TABLE_SCHEMA = 'PUBLIC'",
                ScriptRights.SCHEMA_OWNER, 100);
        assertThat(result.failed()).isFalse();
        assertThat(result.toString()).doesNotContainIgnoringCase(secret);
    }

    /**
     * Console scripts run without a query timeout (no setQueryTimeout anywhere): one request of a developer or
     * operator keeps a CPU core and a request thread busy for as long as the query runs - here far past 20 s.
     */
    @Test
    void aConsoleQueryIsStoppedAfterABoundedTime() throws Exception {
        BranchDatabase database = new BranchDatabase("probe", "slow");
        AdminCredential admin = engine.createDatabase(database);
        var done = new java.util.concurrent.CompletableFuture<Object>();
        Thread runner = new Thread(() -> {
            try {
                done.complete(engine.runScript(database, admin,
                        "SELECT COUNT(*) FROM SYSTEM_RANGE(1, 9000000000000000000) WHERE MOD(X, 7) = 3", ScriptRights.DATA_ONLY, 10));
            }
            catch (Throwable t) {
                done.complete(t);
            }
        }, "review-slow-console");
        runner.setDaemon(true);
        runner.start();
        Object outcome = null;
        try {
            outcome = done.get(20, java.util.concurrent.TimeUnit.SECONDS);
        }
        catch (java.util.concurrent.TimeoutException stillRunning) {
            // the proof: nothing stopped it
        }
        finally {
            runner.interrupt();
        }
        assertThat(outcome).as("the console's query ended (refused or timed out) within 20 s").isNotNull();
    }
}
