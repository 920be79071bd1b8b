package dev.loopline.engine.h2;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import dev.loopline.engine.AdminCredential;
import dev.loopline.engine.BranchDatabase;
import dev.loopline.engine.PasswordRole;

/**
 * Review probes against {@link H2BranchKeeper}: a schema owner (branch password with role admin, over the TCP port)
 * stores something that H2's system session (an admin) would evaluate when the branch opens again, and reads the
 * result as a non-admin. A one-line secret file stands for data/secret.key.
 */
class ReviewKeeperProbeTests extends H2EngineTest {

    private static final AtomicInteger BRANCHES = new AtomicInteger();

    /** What a schema owner sees of the branch: every column name, view text and value it can select. */
    private static String everythingVisible(Connection connection) throws SQLException {
        StringBuilder seen = new StringBuilder();
        List<String> relations = new ArrayList<>();
        try (Statement s = connection.createStatement()) {
            try (ResultSet r = s.executeQuery("SELECT TABLE_SCHEMA, TABLE_NAME, COLUMN_NAME, DATA_TYPE, COLUMN_DEFAULT "
                    + "FROM INFORMATION_SCHEMA.COLUMNS")) {
                while (r.next()) {
                    for (int i = 1; i <= 5; i++) {
                        seen.append(r.getString(i)).append(' ');
                    }
                    seen.append('\n');
                }
            }
            try (ResultSet r = s.executeQuery("SELECT TABLE_SCHEMA, TABLE_NAME, VIEW_DEFINITION, STATUS "
                    + "FROM INFORMATION_SCHEMA.VIEWS")) {
                while (r.next()) {
                    seen.append(r.getString(3)).append(' ').append(r.getString(4)).append('\n');
                }
            }
            try (ResultSet r = s.executeQuery("SELECT TABLE_SCHEMA, TABLE_NAME FROM INFORMATION_SCHEMA.TABLES "
                    + "WHERE TABLE_SCHEMA <> 'INFORMATION_SCHEMA'")) {
                while (r.next()) {
                    relations.add('"' + r.getString(1) + "\".\"" + r.getString(2) + '"');
                }
            }
            for (String relation : relations) {
                try (ResultSet r = s.executeQuery("SELECT * FROM " + relation)) {
                    int columns = r.getMetaData().getColumnCount();
                    for (int i = 1; i <= columns; i++) {
                        seen.append(r.getMetaData().getColumnLabel(i)).append(' ');
                    }
                    while (r.next()) {
                        for (int i = 1; i <= columns; i++) {
                            seen.append(r.getString(i)).append(' ');
                        }
                    }
                }
                catch (SQLException e) {
                    seen.append(e.getMessage()).append('\n');
                }
            }
        }
        return seen.toString();
    }

    record Probe(BranchDatabase database, AdminCredential admin, String url, String secret, Path file) {

        Connection asOwner() throws SQLException {
            return DriverManager.getConnection(url, "DEV", "dev-pass-1");
        }

        /** Runs each statement as the schema owner over TCP; errors (H2's refusals) are part of the probe. */
        List<String> storeAsOwner(String... statements) throws SQLException {
            List<String> errors = new ArrayList<>();
            try (Connection c = asOwner(); Statement s = c.createStatement()) {
                for (String sql : statements) {
                    try {
                        s.execute(sql.replace("<FILE>", file.toString()));
                    }
                    catch (SQLException e) {
                        errors.add(e.getMessage());
                    }
                }
            }
            return errors;
        }

        String seenAfterReopen() throws SQLException {
            engine.shutDownQuietly(database, admin);
            try (Connection c = asOwner()) {
                return everythingVisible(c);
            }
        }

        String seenNow() throws SQLException {
            try (Connection c = asOwner()) {
                return everythingVisible(c);
            }
        }
    }

    static Probe probe() throws Exception {
        BranchDatabase database = new BranchDatabase("keeper", "b" + BRANCHES.incrementAndGet());
        AdminCredential admin = engine.createDatabase(database);
        engine.createUser(database, admin, "DEV", "dev-pass-1", PasswordRole.ADMIN, true);
        String secret = "Secret_" + UUID.randomUUID().toString().replace("-", "");
        Path file = Files.writeString(dataDir.resolve(database.branch() + ".key"), secret);
        return new Probe(database, admin, engine.connectionDetails(database).jdbcUrl(), secret, file);
    }

    @Test
    void aLineCommentEndedByACarriageReturnDoesNotHideCsvreadFromTheSweep() throws Exception {
        Probe probe = probe();
        probe.storeAsOwner("CREATE FORCE VIEW V AS SELECT * FROM -- \r CSVREAD('<FILE>')");
        assertThat(probe.seenAfterReopen()).doesNotContainIgnoringCase(probe.secret());
    }

    @Test
    void aNoBreakSpaceBeforeTheParenthesisDoesNotHideCsvreadFromTheSweep() throws Exception {
        Probe probe = probe();
        probe.storeAsOwner("CREATE FORCE VIEW V AS SELECT * FROM CSVREAD\u00A0('<FILE>')");
        assertThat(probe.seenAfterReopen()).doesNotContainIgnoringCase(probe.secret());
    }

    @Test
    void csvreadInADerivedTableDoesNotLeak() throws Exception {
        Probe probe = probe();
        probe.storeAsOwner("CREATE FORCE VIEW V AS SELECT * FROM (SELECT * FROM CSVREAD('<FILE>')) T");
        assertThat(probe.seenNow()).doesNotContainIgnoringCase(probe.secret());
        assertThat(probe.seenAfterReopen()).doesNotContainIgnoringCase(probe.secret());
    }

    @Test
    void csvreadInACommonTableExpressionDoesNotLeak() throws Exception {
        Probe probe = probe();
        probe.storeAsOwner("CREATE FORCE VIEW V AS WITH T AS (SELECT * FROM CSVREAD('<FILE>')) SELECT * FROM T");
        assertThat(probe.seenNow()).doesNotContainIgnoringCase(probe.secret());
        assertThat(probe.seenAfterReopen()).doesNotContainIgnoringCase(probe.secret());
    }

    @Test
    void aViewOverAForceViewDoesNotLeak() throws Exception {
        Probe probe = probe();
        probe.storeAsOwner("CREATE FORCE VIEW V AS SELECT * FROM CSVREAD('<FILE>')",
                "CREATE FORCE VIEW W AS SELECT * FROM V", "CREATE FORCE VIEW X AS SELECT * FROM W");
        assertThat(probe.seenAfterReopen()).doesNotContainIgnoringCase(probe.secret());
    }

    @Test
    void aForceMaterializedViewDoesNotLeak() throws Exception {
        Probe probe = probe();
        List<String> errors = probe.storeAsOwner("CREATE FORCE MATERIALIZED VIEW M AS SELECT * FROM CSVREAD('<FILE>')",
                "CREATE FORCE MATERIALIZED VIEW N AS SELECT FILE_READ('<FILE>') F");
        assertThat(probe.seenNow()).as(errors.toString()).doesNotContainIgnoringCase(probe.secret());
        assertThat(probe.seenAfterReopen()).as(errors.toString()).doesNotContainIgnoringCase(probe.secret());
    }

    @Test
    void aForceViewInAnotherSchemaWithAnOddNameDoesNotLeak() throws Exception {
        Probe probe = probe();
        List<String> errors = probe.storeAsOwner("CREATE SCHEMA \"a.b\"",
                "CREATE FORCE VIEW \"a.b\".\"x\"\"y.z\" AS SELECT * FROM CSVREAD('<FILE>')");
        assertThat(probe.seenAfterReopen()).as(errors.toString()).doesNotContainIgnoringCase(probe.secret());
    }

    @Test
    void aForceViewOverATableCreatedLaterDoesNotLeak() throws Exception {
        Probe probe = probe();
        probe.storeAsOwner("CREATE FORCE VIEW V AS SELECT * FROM LATER, CSVREAD('<FILE>')",
                "CREATE TABLE LATER(ID INT)");
        assertThat(probe.seenNow()).doesNotContainIgnoringCase(probe.secret());
        assertThat(probe.seenAfterReopen()).doesNotContainIgnoringCase(probe.secret());
    }

    @Test
    void quotedFunctionNamesDoNotLeak() throws Exception {
        Probe probe = probe();
        probe.storeAsOwner("CREATE FORCE VIEW V AS SELECT * FROM \"CSVREAD\"('<FILE>')",
                "CREATE FORCE VIEW W AS SELECT * FROM PUBLIC.CSVREAD('<FILE>')",
                "CREATE FORCE VIEW X AS SELECT * FROM TABLE(CSVREAD('<FILE>'))");
        assertThat(probe.seenAfterReopen()).doesNotContainIgnoringCase(probe.secret());
    }

    /** What the copied branch shows its own schema owner (a new branch made from the probed one). */
    private static String seenInACopy(Probe probe) throws Exception {
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
            return everythingVisible(c);
        }
    }

    /**
     * H2 ends a line comment at a carriage return as well as a line feed; a reader that ends it only at a line feed
     * misses the call after it. The view stays invalid (its raw text kept) while the branch is open, so copying the
     * schema replays it as Loopline's admin in the new branch, and CSVREAD runs there.
     */
    @Test
    void aCommentEndedByACarriageReturnDoesNotSmuggleCsvreadIntoACopiedSchema() throws Exception {
        Probe probe = probe();
        probe.storeAsOwner("CREATE FORCE VIEW V AS SELECT * FROM -- \r CSVREAD('<FILE>')");
        assertThat(seenInACopy(probe)).doesNotContainIgnoringCase(probe.secret());
    }

    /** H2 takes any character up to U+0020 and any Unicode space (no-break space too) as white space. */
    @Test
    void aNoBreakSpaceDoesNotSmuggleCsvreadIntoACopiedSchema() throws Exception {
        Probe probe = probe();
        probe.storeAsOwner("CREATE FORCE VIEW V AS SELECT * FROM CSVREAD\u00A0('<FILE>')");
        assertThat(seenInACopy(probe)).doesNotContainIgnoringCase(probe.secret());
    }

    /** An HTTP server on loopback that records the requests it gets and answers a small CSV. */
    static final class Listener implements AutoCloseable {
        final List<String> requests = java.util.Collections.synchronizedList(new ArrayList<>());
        final com.sun.net.httpserver.HttpServer http;

        Listener() throws java.io.IOException {
            http = com.sun.net.httpserver.HttpServer
                    .create(new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0), 0);
            http.createContext("/", exchange -> {
                requests.add(exchange.getRequestURI().toString());
                byte[] body = "A,B\n1,2\n".getBytes(java.nio.charset.StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
                exchange.close();
            });
            http.start();
        }

        String url() {
            return "http://127.0.0.1:" + http.getAddress().getPort() + "/internal";
        }

        @Override
        public void close() {
            http.stop(0);
        }
    }

    /** H2 reads a name in back quotes as a quoted name in every mode, so a function's name can be spelled so. */
    @Test
    void aBackQuotedNameDoesNotSmuggleCsvreadIntoACopiedSchema() throws Exception {
        Probe probe = probe();
        List<String> errors = probe.storeAsOwner("CREATE FORCE VIEW V AS SELECT * FROM `CSVREAD`('<FILE>')");
        assertThat(seenInACopy(probe)).as(errors.toString()).doesNotContainIgnoringCase(probe.secret());
    }

    /** A quoted name in lower case still names H2's built-in function where H2 looks built-ins up ignoring case. */
    @Test
    void aQuotedLowerCaseNameDoesNotSmuggleCsvreadIntoACopiedSchema() throws Exception {
        Probe probe = probe();
        List<String> errors = probe.storeAsOwner("CREATE FORCE VIEW V AS SELECT * FROM \"csvread\"('<FILE>')",
                "CREATE FORCE VIEW W AS SELECT \"file_read\"('<FILE>', NULL) F");
        assertThat(seenInACopy(probe)).as(errors.toString()).doesNotContainIgnoringCase(probe.secret());
    }

    /**
     * The sweep hides what the system session compiled, but the compile itself ran as admin: CSVREAD of a URL is a
     * request from Loopline's host to any address (an internal service, a cloud metadata endpoint), and of a FIFO or
     * /dev/zero a hang or an OutOfMemoryError, each time the branch opens. Loopline closing the branch (a restart)
     * must leave no such view for the next open.
     */
    @Test
    void aStoredViewFetchesNoUrlWhenTheBranchOpensAgain() throws Exception {
        try (Listener listener = new Listener()) {
            Probe probe = probe();
            probe.storeAsOwner("CREATE FORCE VIEW V AS SELECT * FROM CSVREAD('" + listener.url() + "')");
            probe.seenAfterReopen();
            assertThat(listener.requests).as("requests made by Loopline's admin when the branch opened").isEmpty();
        }
    }

    /** A backup is a copy of the file: restoring it opens it, and H2's system session compiles what it holds. */
    @Test
    void aStoredViewFetchesNoUrlWhenABackupOfTheBranchIsRestored() throws Exception {
        try (Listener listener = new Listener()) {
            Probe probe = probe();
            probe.storeAsOwner("CREATE FORCE VIEW V AS SELECT * FROM CSVREAD('" + listener.url() + "')");
            Path backup = dataDir.resolve(probe.database().branch() + ".backup");
            engine.backup(probe.database(), probe.admin(), backup);
            BranchDatabase restored = new BranchDatabase("keeper", probe.database().branch() + "-restored");
            engine.restoreDatabase(restored, backup, probe.admin(), bytes -> { });
            assertThat(listener.requests).as("requests made by Loopline's admin when the backup opened").isEmpty();
        }
    }

    /**
     * A database that closes without Loopline clearing it first (Loopline killed, the host losing power, H2 closing it
     * on a full disk) still holds a client's view; H2's system session compiles stored views when it opens the file.
     * {@link H2StoredViews} replaces such views in the file before any open from disk.
     */
    @Test
    void aStoredViewFetchesNoUrlWhenTheBranchOpensAfterACrash() throws Exception {
        try (Listener listener = new Listener()) {
            Probe probe = probe();
            probe.storeAsOwner("CREATE FORCE VIEW V AS SELECT * FROM CSVREAD('" + listener.url() + "')");
            listener.requests.clear();
            crash(probe);
            probe.seenNow();
            assertThat(listener.requests).as("requests made by Loopline's admin when the branch opened").isEmpty();
        }
    }

    /** Closes the branch as a crash would: nobody clears it first, then Loopline opens and closes it again. */
    private static void crash(Probe probe) throws SQLException {
        try (Connection c = engine.connect(probe.database(), probe.admin()); Statement s = c.createStatement()) {
            s.execute("CHECKPOINT SYNC");
            s.execute("SHUTDOWN IMMEDIATELY");
        }
        engine.shutDownQuietly(probe.database(), probe.admin());
    }

    /**
     * Worse than a read: CSVREAD's file name is an expression H2 evaluates while compiling, so at the open after a
     * crash Loopline's admin would run FILE_WRITE to any path Loopline may write.
     */
    @Test
    void aStoredViewWritesNoFileWhenTheBranchOpensAfterACrash() throws Exception {
        Probe probe = probe();
        Path written = dataDir.resolve(probe.database().branch() + "-written");
        probe.storeAsOwner("CREATE FORCE VIEW V AS SELECT * FROM CSVREAD(CAST(FILE_WRITE(X'41', '" + written
                + "') AS VARCHAR))");
        crash(probe);
        probe.seenNow();
        assertThat(written).as("a file written by Loopline's admin when the branch opened").doesNotExist();
    }

    /**
     * The replaced view is gone once the branch is open, and nothing else is lost: the data, an ordinary view, and a
     * view with a comment and a grant (both stored apart from its query, so a removed view would fail the open).
     */
    @Test
    void aBranchOpensAfterACrashWithItsDataAndOrdinaryViewsAndWithoutTheOffendingView() throws Exception {
        Probe probe = probe();
        List<String> errors = probe.storeAsOwner("CREATE TABLE T(ID INT PRIMARY KEY, NAME VARCHAR(20))",
                "INSERT INTO T VALUES (1, 'kept'), (2, 'also kept')",
                "CREATE VIEW OK AS SELECT NAME FROM T WHERE ID = 1",
                "CREATE FORCE VIEW V AS SELECT * FROM CSVREAD('<FILE>')",
                "COMMENT ON VIEW V IS 'reads a file'",
                "CREATE FORCE VIEW W AS SELECT * FROM V");
        try (Connection c = engine.connect(probe.database(), probe.admin()); Statement s = c.createStatement()) {
            s.execute("CREATE USER READER PASSWORD 'reader-pass-1'");
            s.execute("GRANT SELECT ON V TO READER");
        }
        crash(probe);
        try (Connection c = probe.asOwner(); Statement s = c.createStatement()) {
            assertThat(names(s, "SELECT TABLE_NAME FROM INFORMATION_SCHEMA.VIEWS WHERE TABLE_SCHEMA = 'PUBLIC' "
                    + "ORDER BY TABLE_NAME")).as(errors.toString()).containsExactly("OK");
            assertThat(names(s, "SELECT NAME FROM T ORDER BY ID")).containsExactly("kept", "also kept");
            assertThat(names(s, "SELECT NAME FROM OK")).containsExactly("kept");
        }
    }

    /** A backup made from a branch that crashed with such a view (or by an older Loopline) restores without it. */
    @Test
    void aRestoredCopyOfACrashedBranchWritesNoFile() throws Exception {
        Probe probe = probe();
        Path written = dataDir.resolve(probe.database().branch() + "-restored-written");
        probe.storeAsOwner("CREATE FORCE VIEW V AS SELECT * FROM CSVREAD(CAST(FILE_WRITE(X'41', '" + written
                + "') AS VARCHAR))");
        try (Connection c = engine.connect(probe.database(), probe.admin()); Statement s = c.createStatement()) {
            s.execute("CHECKPOINT SYNC");
            s.execute("SHUTDOWN IMMEDIATELY");
        }
        Path oldBackup = dataDir.resolve(probe.database().branch() + ".old-backup");
        Files.copy(engine.fileOf(probe.database()), oldBackup);
        BranchDatabase restored = new BranchDatabase("keeper", probe.database().branch() + "-old");
        engine.restoreDatabase(restored, oldBackup, probe.admin(), bytes -> { });
        assertThat(written).as("a file written by Loopline's admin when the restored copy opened").doesNotExist();
    }

    private static List<String> names(Statement statement, String query) throws SQLException {
        List<String> names = new ArrayList<>();
        try (ResultSet rows = statement.executeQuery(query)) {
            while (rows.next()) {
                names.add(rows.getString(1));
            }
        }
        return names;
    }

    /**
     * When Loopline stops, the keeper clears each branch and lets go of it; a client still connected afterwards could
     * store a view over a host function that nobody clears before the next open. Clients go first.
     */
    @Test
    void noClientCanStoreAViewAfterLooplineStartedToStop() throws Exception {
        TestH2Engine own = TestH2Engine.start(dataDir.resolve("stopping"));
        try {
            BranchDatabase database = new BranchDatabase("keeper", "stopping");
            AdminCredential admin = own.engine().createDatabase(database);
            own.engine().createUser(database, admin, "DEV", "dev-pass-1", PasswordRole.ADMIN, true);
            Connection client = DriverManager.getConnection(own.engine().connectionDetails(database).jdbcUrl(),
                    "DEV", "dev-pass-1");
            own.engine().close();
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> {
                try (Statement s = client.createStatement()) {
                    s.execute("CREATE FORCE VIEW V AS SELECT * FROM CSVREAD('/etc/hostname')");
                }
            }).isInstanceOf(SQLException.class);
        }
        finally {
            own.close();
        }
    }
}
