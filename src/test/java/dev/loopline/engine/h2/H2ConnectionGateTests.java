package dev.loopline.engine.h2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.h2.security.SHA256;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.loopline.engine.AdminCredential;
import dev.loopline.engine.BranchDatabase;
import dev.loopline.engine.DatabaseEngine.ScriptRights;
import dev.loopline.engine.PasswordRole;

/**
 * The connection gate in front of H2's TCP server, over real TCP with H2's own JDBC client: branch users connect and
 * work as before, and every URL setting, database name and request that could reach past a branch is refused before
 * H2 sees it.
 */
class H2ConnectionGateTests {

    @TempDir
    static Path dataDir;

    private static TestH2Engine h2;
    private static H2Engine engine;
    private static final BranchDatabase SHOP = new BranchDatabase("shop", "main");
    private static AdminCredential shopAdmin;
    private static int port;

    @BeforeAll
    static void start() throws SQLException {
        h2 = TestH2Engine.start(dataDir);
        engine = h2.engine();
        shopAdmin = engine.createDatabase(SHOP);
        run(SHOP, shopAdmin, "CREATE TABLE items (id INT PRIMARY KEY, label VARCHAR(20)); "
                + "INSERT INTO items VALUES (1, 'one'), (2, 'two');");
        // a branch password that may change the schema: INIT=CREATE TABLE would work for it if it got through
        engine.createUser(SHOP, shopAdmin, "DEV", "dev-pass-1", PasswordRole.ADMIN, true);
        port = engine.connectionDetails(SHOP).port();

        // Loopline's metadata database beside the branches directory, with a user of the same name and password
        try (Connection metadata = DriverManager.getConnection("jdbc:h2:file:" + dataDir.resolve("loopline")
                + ";DB_CLOSE_ON_EXIT=FALSE", "SA", "sa-pass"); Statement statement = metadata.createStatement()) {
            statement.execute("CREATE USER DEV PASSWORD 'dev-pass-1' ADMIN");
        }
        // a scratch restore (a copy of a branch, so its users and passwords too)
        BranchDatabase scratch = new BranchDatabase("loopline-scratch", "verify-1");
        AdminCredential scratchAdmin = engine.createDatabase(scratch);
        engine.createUser(scratch, scratchAdmin, "DEV", "dev-pass-1", PasswordRole.ADMIN, true);
    }

    @AfterAll
    static void stop() {
        h2.close();
    }

    private static void run(BranchDatabase database, AdminCredential admin, String script) {
        var result = engine.runScript(database, admin, script, ScriptRights.SCHEMA_OWNER, 1);
        assertThat(result.failed()).as("%s", result.error()).isFalse();
    }

    private static String url(String path) {
        return "jdbc:h2:tcp://localhost:" + port + "/" + path;
    }

    @Test
    void aPlainConnectionWithABranchPasswordWorks() throws SQLException {
        assertThat(engine.connectionDetails(SHOP).jdbcUrl()).isEqualTo(url("shop/main"));
        try (Connection connection = DriverManager.getConnection(url("shop/main"), "DEV", "dev-pass-1");
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT label FROM items ORDER BY id")) {
            List<String> labels = new ArrayList<>();
            while (rows.next()) {
                labels.add(rows.getString(1));
            }
            assertThat(labels).containsExactly("one", "two");
            assertThat(statement.executeUpdate("INSERT INTO items VALUES (3, 'three')")).isEqualTo(1);
            assertThat(statement.executeUpdate("DELETE FROM items WHERE id = 3")).isEqualTo(1);
        }
    }

    /**
     * Database files Loopline did not make (or whose branch it no longer knows) are not served: the gate asks for the
     * branch's admin credential first, to open and clear it before the client (see {@link H2BranchKeeper}).
     */
    @Test
    void aDatabaseFileLooplineDoesNotKnowIsNotServed() throws SQLException {
        try (Connection stray = DriverManager.getConnection("jdbc:h2:file:" + dataDir.resolve("branches/shop/stray")
                + ";DB_CLOSE_ON_EXIT=FALSE", "DEV", "dev-pass-1")) {
            assertThat(Files.exists(dataDir.resolve("branches/shop/stray.mv.db"))).isTrue();
        }
        assertThatThrownBy(() -> DriverManager.getConnection(url("shop/stray"), "DEV", "dev-pass-1"))
                .isInstanceOfSatisfying(SQLException.class, e -> {
                    assertThat(e.getErrorCode()).isEqualTo(org.h2.api.ErrorCode.DATABASE_NOT_FOUND_1);
                    assertThat(e.getMessage()).contains("shop/stray");
                });
        assertThatThrownBy(() -> DriverManager.getConnection(url("shop/missing"), "DEV", "dev-pass-1"))
                .isInstanceOfSatisfying(SQLException.class,
                        e -> assertThat(e.getErrorCode()).isEqualTo(org.h2.api.ErrorCode.DATABASE_NOT_FOUND_1));
    }

    /**
     * A client that names a branch nobody has is refused before anything is kept for it: otherwise each made-up
     * name, from anyone who can reach the port and without a password, would stay in memory until Loopline stops.
     */
    @Test
    void refusedConnectionsLeaveNothingBehindAtTheGate() {
        int before = h2.server().branchesWithTraffic();
        for (int i = 0; i < 20; i++) {
            String branch = "shop/made-up-" + i;
            assertThatThrownBy(() -> DriverManager.getConnection(url(branch), "DEV", "dev-pass-1"))
                    .isInstanceOf(SQLException.class);
        }
        assertThat(h2.server().branchesWithTraffic()).isEqualTo(before);
    }

    @Test
    void harmlessSessionSettingsAreAccepted() throws SQLException {
        String settings = ";IFEXISTS=TRUE;LOCK_TIMEOUT=2500;QUERY_TIMEOUT=60000;SCHEMA=PUBLIC;NETWORK_TIMEOUT=30000"
                + ";AUTOCOMMIT=FALSE;NON_KEYWORDS=VALUE,YEAR";
        try (Connection connection = DriverManager.getConnection(url("shop/main" + settings), "dev", "dev-pass-1");
                Statement statement = connection.createStatement();
                ResultSet lockTimeout = statement.executeQuery(
                        "SELECT LOCK_TIMEOUT()")) {
            assertThat(lockTimeout.next()).isTrue();
            assertThat(lockTimeout.getString(1)).isEqualTo("2500");
            assertThat(connection.getSchema()).isEqualTo("PUBLIC");
            assertThat(connection.getAutoCommit()).isFalse();
            try (ResultSet value = statement.executeQuery("SELECT 7 AS VALUE")) {
                assertThat(value.next()).isTrue();
                assertThat(value.getInt("VALUE")).isEqualTo(7);
            }
        }
    }

    @Test
    void aHandshakeNoH2ClientWouldSendIsAnsweredWithAnErrorAndClosed() throws Exception {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(10_000);
            DataOutputStream out = new DataOutputStream(socket.getOutputStream());
            out.writeInt(17);
            out.writeInt(21);
            out.writeInt(100_000_000); // a database name of 100 million characters
            out.flush();
            DataInputStream in = new DataInputStream(socket.getInputStream());
            assertThat(in.readInt()).as("STATUS_ERROR").isZero();
            assertThat(readString(in)).as("SQL state").isEqualTo("HY000");
            assertThat(readString(in)).contains("Loopline could not read this H2 handshake");
        }
    }

    private static String readString(DataInputStream in) throws IOException {
        int length = in.readInt();
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < length; i++) {
            text.append(in.readChar());
        }
        return text.toString();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            shop/main;INIT=CREATE TABLE X(ID INT)      | the connection setting INIT
            shop/main;IFEXISTS=FALSE                   | IFEXISTS only with the value TRUE
            shop/other;IFEXISTS=FALSE                  | IFEXISTS only with the value TRUE
            shop/main;ACCESS_MODE_DATA=r               | the connection setting ACCESS_MODE_DATA
            shop/main;FILE_LOCK=NO                     | the connection setting FILE_LOCK
            shop/main;AUTO_SERVER=TRUE                 | the connection setting AUTO_SERVER
            shop/main;IGNORE_UNKNOWN_SETTINGS=TRUE     | the connection setting IGNORE_UNKNOWN_SETTINGS
            shop/main;TRACE_MAX_FILE_SIZE=1            | the connection setting TRACE_MAX_FILE_SIZE
            shop/main;MODE=MySQL                       | the connection setting MODE
            shop/main;LOCK_TIMEOUT=1 CREATE            | LOCK_TIMEOUT only as a whole number
            shop/main;SCHEMA=PUBLIC CALL 1             | SCHEMA only as a plain schema name
            nio:shop/main                              | 'nio:shop/main' is not one
            split:shop/main                            | 'split:shop/main' is not one
            mem:shop/main                              | 'mem:shop/main' is not one
            zip:shop/main                              | 'zip:shop/main' is not one
            ../loopline                                | '../loopline' is not one
            shop/../../loopline                        | 'shop/../../loopline' is not one
            shop                                       | 'shop' is not one
            shop/main/extra                            | 'shop/main/extra' is not one
            shop/Main                                  | 'shop/Main' is not one
            ~/shop/main                                | '~/shop/main' is not one
            loopline-scratch/verify-1                  | does not serve its scratch database
            """)
    void settingsAndNamesThatReachPastABranchAreRefused(String path, String expected) throws Exception {
        Set<String> before = files();

        assertThatThrownBy(() -> DriverManager.getConnection(url(path), "DEV", "dev-pass-1").close())
                .isInstanceOf(SQLException.class)
                .hasMessageContaining("Loopline")
                .hasMessageContaining(expected);

        assertThat(files()).as("no database, lock or trace file is created").isEqualTo(before);
        assertThat(tables(SHOP)).doesNotContain("X");
    }

    @Test
    void theRefusalNamesTheSetting() {
        assertThatThrownBy(() -> DriverManager.getConnection(url("shop/main;INIT=CREATE TABLE X(ID INT)"), "DEV",
                "dev-pass-1")).isInstanceOf(SQLException.class)
                .hasMessageContaining("Loopline does not accept the connection setting INIT on branch connections");
    }

    /** A client on this host that finds H2's own port behind the gate is refused there too. */
    @Test
    void h2sOwnPortServesOnlyTheGate() throws Exception {
        Set<String> before = files();
        String direct = "jdbc:h2:tcp://localhost:" + h2.h2Port() + "/shop/main";

        assertThatThrownBy(() -> DriverManager.getConnection(direct + ";INIT=CREATE TABLE X(ID INT)", "DEV",
                "dev-pass-1").close()).isInstanceOf(SQLException.class)
                .extracting(e -> ((SQLException) e).getErrorCode()).isEqualTo(org.h2.api.ErrorCode.REMOTE_CONNECTION_NOT_ALLOWED);
        assertThatThrownBy(() -> DriverManager.getConnection(direct, "DEV", "dev-pass-1").close())
                .isInstanceOf(SQLException.class);

        assertThat(tables(SHOP)).doesNotContain("X");
        assertThat(files()).isEqualTo(before);
    }

    @Test
    void aFilePasswordIsRefused() {
        assertThatThrownBy(() -> DriverManager.getConnection(url("shop/main;CIPHER=AES"), "DEV", "file-pass dev-pass-1"))
                .isInstanceOf(SQLException.class).hasMessageContaining("Loopline does not accept file passwords");
    }

    /**
     * H2's "check key" request (made for AUTO_SERVER) carries a database name in the session-id field, and
     * TcpServerThread goes on to open that database with the settings that follow. The gate refuses it.
     */
    @Test
    void aCheckKeyRequestCannotOpenADatabaseWithSettings() throws Exception {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(10_000);
            DataOutputStream out = new DataOutputStream(socket.getOutputStream());
            out.writeInt(17);
            out.writeInt(21);
            writeString(out, null);
            writeString(out, null);
            writeString(out, "shop/main");
            out.writeInt(14); // SessionRemote.SESSION_CHECK_KEY
            writeString(out, "DEV");
            byte[] hash = SHA256.getKeyPasswordHash("DEV", "dev-pass-1".toCharArray());
            out.writeInt(hash.length);
            out.write(hash);
            out.writeInt(-1);
            out.writeInt(1);
            writeString(out, "INIT");
            writeString(out, "CREATE TABLE HACKED(ID INT)");
            out.flush();
            DataInputStream in = new DataInputStream(socket.getInputStream());
            assertThat(in.readInt()).as("STATUS_ERROR").isZero();
            in.readInt(); // sqlstate length
        }
        catch (IOException e) {
            // a gate may also just close the connection
        }
        assertThat(tables(SHOP)).doesNotContain("HACKED");
    }

    private static void writeString(DataOutputStream out, String s) throws IOException {
        if (s == null) {
            out.writeInt(-1);
        }
        else {
            out.writeInt(s.length());
            out.writeChars(s);
        }
    }

    @Test
    void aStatementCanBeCancelledThroughTheGate() throws Exception {
        try (Connection connection = DriverManager.getConnection(url("shop/main"), "DEV", "dev-pass-1");
                Statement statement = connection.createStatement()) {
            CompletableFuture<Object> query = CompletableFuture.supplyAsync(() -> {
                try (ResultSet rows = statement.executeQuery(
                        "SELECT COUNT(*) FROM SYSTEM_RANGE(1, 100000) A, SYSTEM_RANGE(1, 100000) B WHERE A.X + B.X = 3")) {
                    rows.next();
                    return rows.getLong(1);
                }
                catch (SQLException e) {
                    return e;
                }
            });
            await().atMost(Duration.ofSeconds(10)).until(() -> isExecuting("SYSTEM_RANGE(1, 100000) A"));

            statement.cancel();

            Object outcome = query.get(10, TimeUnit.SECONDS);
            assertThat(outcome).isInstanceOf(SQLException.class);
            assertThat(((SQLException) outcome).getErrorCode()).isEqualTo(org.h2.api.ErrorCode.STATEMENT_WAS_CANCELED);
            try (ResultSet one = statement.executeQuery("SELECT 1")) {
                assertThat(one.next()).as("the connection still works").isTrue();
            }
        }
    }

    private static boolean isExecuting(String fragment) throws SQLException {
        try (Connection connection = engine.connect(SHOP, shopAdmin); Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT EXECUTING_STATEMENT FROM INFORMATION_SCHEMA.SESSIONS")) {
            while (rows.next()) {
                String sql = rows.getString(1);
                if (sql != null && sql.contains(fragment)) {
                    return true;
                }
            }
            return false;
        }
    }

    /**
     * An online change's pause (clients held at the gate, the database in exclusive mode) does not refuse a client
     * that connects meanwhile: H2 would answer "The database is open in exclusive mode"; the gate holds the handshake
     * and the connection opens once the pause ends.
     */
    @Test
    void aClientConnectingDuringAnOnlineChangesPauseWaitsAndThenConnects() throws Exception {
        CompletableFuture<Object> connecting;
        try (Connection admin = engine.connect(SHOP, shopAdmin); Statement statement = admin.createStatement()) {
            AutoCloseable pause = engine.pauseClients(SHOP);
            try {
                statement.execute("SET EXCLUSIVE 1");
                connecting = CompletableFuture.supplyAsync(() -> {
                    try (Connection connection = DriverManager.getConnection(url("shop/main"), "DEV", "dev-pass-1");
                            Statement query = connection.createStatement(); ResultSet rows = query.executeQuery(
                                    "SELECT COUNT(*) FROM items")) {
                        rows.next();
                        return rows.getLong(1);
                    }
                    catch (SQLException e) {
                        return e;
                    }
                });
                Thread.sleep(300);
                assertThat(connecting).as("held at the gate while the pause lasts").isNotDone();
                statement.execute("SET EXCLUSIVE 0");
            }
            finally {
                pause.close();
            }
        }
        assertThat(connecting.get(10, TimeUnit.SECONDS)).isEqualTo(2L);
    }

    /**
     * A client that sends its handshake and then never its session id (H2's client sends it at once) holds up at most
     * the pause under way when it connected, for {@link H2ConnectionGate#HANDSHAKE_SETTLE_MILLIS}; not every later
     * online change's pause of the branch, each of which would hold all the branch's clients that long.
     */
    @Test
    void aClientThatNeverSendsItsSessionIdDoesNotHoldUpEveryPause() throws Exception {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(10_000);
            DataOutputStream out = new DataOutputStream(socket.getOutputStream());
            out.writeInt(17);
            out.writeInt(21);
            writeString(out, "shop/main");
            writeString(out, url("shop/main"));
            writeString(out, "DEV");
            byte[] hash = SHA256.getKeyPasswordHash("DEV", "dev-pass-1".toCharArray());
            out.writeInt(hash.length);
            out.write(hash);
            out.writeInt(-1); // no file password
            out.writeInt(0); // no settings
            out.flush();
            DataInputStream in = new DataInputStream(socket.getInputStream());
            assertThat(in.readInt()).as("STATUS_OK").isEqualTo(1);
            in.readInt(); // the protocol version; the client stops here

            engine.pauseClients(SHOP).close(); // may wait for the session H2 is opening
            for (int i = 0; i < 3; i++) {
                long start = System.nanoTime();
                engine.pauseClients(SHOP).close();
                assertThat(Duration.ofNanos(System.nanoTime() - start)).as("pause %s", i)
                        .isLessThan(Duration.ofMillis(H2ConnectionGate.HANDSHAKE_SETTLE_MILLIS / 2));
            }
        }
    }

    /**
     * A pause that waits for a session H2 is opening can be interrupted (a deploy cancelled, the app stopping); the
     * caller then has no pause to close, so the gate must not go on holding the branch's clients.
     */
    @Test
    void anInterruptedPauseDoesNotHoldTheBranchsClients() throws Exception {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(10_000);
            DataOutputStream out = new DataOutputStream(socket.getOutputStream());
            out.writeInt(17);
            out.writeInt(21);
            writeString(out, "shop/main");
            writeString(out, url("shop/main"));
            writeString(out, "DEV");
            byte[] hash = SHA256.getKeyPasswordHash("DEV", "dev-pass-1".toCharArray());
            out.writeInt(hash.length);
            out.write(hash);
            out.writeInt(-1);
            out.writeInt(0);
            out.flush();
            DataInputStream in = new DataInputStream(socket.getInputStream());
            assertThat(in.readInt()).as("STATUS_OK").isEqualTo(1);
            in.readInt(); // the client stops here: a pause now waits for its session

            CompletableFuture<Boolean> interrupted = new CompletableFuture<>();
            Thread pausing = new Thread(() -> {
                try {
                    engine.pauseClients(SHOP).close();
                    interrupted.complete(false);
                }
                catch (InterruptedException e) {
                    interrupted.complete(true);
                }
                catch (Exception e) {
                    interrupted.completeExceptionally(e);
                }
            });
            pausing.start();
            await().atMost(Duration.ofSeconds(1)).until(() -> pausing.getState() == Thread.State.TIMED_WAITING);
            pausing.interrupt();
            assertThat(interrupted.get(5, TimeUnit.SECONDS)).isTrue();
        }
        CompletableFuture<Long> query = CompletableFuture.supplyAsync(() -> {
            try (Connection connection = DriverManager.getConnection(url("shop/main"), "DEV", "dev-pass-1");
                    Statement statement = connection.createStatement();
                    ResultSet rows = statement.executeQuery("SELECT COUNT(*) FROM items")) {
                rows.next();
                return rows.getLong(1);
            }
            catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        });
        assertThat(query.get(5, TimeUnit.SECONDS)).as("not held at the gate").isEqualTo(2L);
    }

    @Test
    void manyConcurrentConnectionsWork() throws Exception {
        int clients = 64;
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        try {
            List<Future<Long>> results = new ArrayList<>();
            for (int i = 0; i < clients; i++) {
                results.add(pool.submit(() -> {
                    long sum = 0;
                    try (Connection connection = DriverManager.getConnection(url("shop/main"), "DEV", "dev-pass-1");
                            Statement statement = connection.createStatement()) {
                        for (int q = 0; q < 20; q++) {
                            try (ResultSet rows = statement.executeQuery("SELECT SUM(id) FROM items")) {
                                rows.next();
                                sum += rows.getLong(1);
                            }
                        }
                    }
                    return sum;
                }));
            }
            for (Future<Long> result : results) {
                assertThat(result.get(60, TimeUnit.SECONDS)).isEqualTo(20 * 3L);
            }
        }
        finally {
            pool.shutdownNow();
        }
    }

    @Test
    void stoppingTheServerClosesTheGateAndItsConnections(@TempDir Path otherDataDir) throws Exception {
        TestH2Engine other = TestH2Engine.start(otherDataDir);
        BranchDatabase database = new BranchDatabase("closing", "main");
        AdminCredential admin = other.engine().createDatabase(database);
        other.engine().createUser(database, admin, "APP", "app-pass-1", PasswordRole.READWRITER, true);
        int otherPort = other.engine().connectionDetails(database).port();
        Connection open = DriverManager.getConnection(other.engine().connectionDetails(database).jdbcUrl(), "APP",
                "app-pass-1");
        try (Statement statement = open.createStatement()) {
            statement.execute("SELECT 1");

            other.close();

            assertThatThrownBy(() -> statement.execute("SELECT 1")).as("the open connection is ended")
                    .isInstanceOf(SQLException.class);
            assertThatThrownBy(() -> new Socket(InetAddress.getLoopbackAddress(), otherPort).close())
                    .as("nothing listens on the port any more").isInstanceOf(ConnectException.class);
            await().atMost(Duration.ofSeconds(10)).until(() -> Thread.getAllStackTraces().keySet().stream()
                    .noneMatch(t -> t.getName().startsWith("loopline-h2-gate-" + otherPort + "-")));
        }
        finally {
            open.close();
        }
    }

    private static Set<String> files() throws IOException {
        try (Stream<Path> paths = Files.walk(dataDir)) {
            return paths.filter(Files::isRegularFile).map(p -> dataDir.relativize(p).toString())
                    .collect(java.util.stream.Collectors.toCollection(TreeSet::new));
        }
    }

    private static Set<String> tables(BranchDatabase database) throws SQLException {
        try (Connection connection = engine.connect(database, shopAdmin); Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(
                        "SELECT TABLE_NAME FROM INFORMATION_SCHEMA.TABLES WHERE TABLE_SCHEMA = 'PUBLIC'")) {
            Set<String> names = new TreeSet<>();
            while (rows.next()) {
                names.add(rows.getString(1));
            }
            return names;
        }
    }
}
