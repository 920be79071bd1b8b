package dev.loopline.engine.h2;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

import org.h2.tools.DeleteDbFiles;

import dev.loopline.common.Secrets;
import dev.loopline.engine.AdminCredential;
import dev.loopline.engine.AdminCredentials;
import dev.loopline.engine.BranchDatabase;
import dev.loopline.engine.ConnectionDetails;
import dev.loopline.engine.DatabaseEngine;
import dev.loopline.engine.EngineException;
import dev.loopline.engine.PasswordRole;
import dev.loopline.engine.ScriptResult;
import dev.loopline.schema.SchemaSnapshot;
import dev.loopline.schema.SqlNames;

/**
 * The embedded default engine: every branch is its own H2 database file {@code <branches>/<database>/<branch>.mv.db},
 * opened by Loopline over an embedded URL and served to clients by {@link H2TcpServer}. Users and grants are H2's
 * own, so the rights of a branch password hold for any client.
 */
public class H2Engine implements DatabaseEngine {

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(H2Engine.class);

    static final String ADMIN_USER = "LOOPLINE";
    private static final Pattern USERNAME = Pattern.compile("^[A-Z][A-Z0-9_]{0,62}$");

    private final Path baseDir;
    private final H2TcpServer tcpServer;
    private final H2EngineProperties properties;
    private final H2OnlineMigrator online = new H2OnlineMigrator(this);
    private final H2BranchKeeper keeper = new H2BranchKeeper();
    private final H2QueryStatistics statistics = new H2QueryStatistics();
    private final AdminCredentials credentials;

    /**
     * @param credentials finds a branch's admin credential when a client connects over the TCP port, so that the
     *                    branch is opened and cleared by Loopline first ({@link H2BranchKeeper}); a branch it does
     *                    not know is refused to clients
     */
    public H2Engine(H2TcpServer tcpServer, H2EngineProperties properties, AdminCredentials credentials) {
        this.baseDir = tcpServer.baseDir();
        this.tcpServer = tcpServer;
        this.properties = properties;
        this.credentials = credentials;
        tcpServer.beforeEachClient(this::prepareForClient);
    }

    /**
     * Before the gate lets a client's session reach H2: the branch must be one Loopline knows, opened and cleared by
     * Loopline's keeper.
     */
    private void prepareForClient(BranchDatabase database) throws SQLException {
        if (!exists(database)) {
            throw new SQLException("Database " + database + " not found", "90013", org.h2.api.ErrorCode.DATABASE_NOT_FOUND_1);
        }
        AdminCredential admin = credentials.of(database).orElseThrow(() -> new SQLException("Database " + database
                + " not found, or not ready yet", "90013", org.h2.api.ErrorCode.DATABASE_NOT_FOUND_1));
        hold(database, admin);
    }

    /** Every connection to a branch goes through here first: see {@link H2BranchKeeper}. */
    private void hold(BranchDatabase database, AdminCredential admin) throws SQLException {
        keeper.hold(database, () -> statistics.reapply(database, openFromDisk(database, embeddedUrl(database, false),
                admin.username(), admin.password())));
    }

    /**
     * Opens a branch that may not be open in this JVM yet: its file's stored views that call host functions are
     * replaced first ({@link H2StoredViews}), since H2's system session compiles every stored view as an admin when it
     * opens the file.
     */
    private Connection openFromDisk(BranchDatabase database, String url, String user, String password)
            throws SQLException {
        for (H2StoredViews.Neutralized view : H2StoredViews.neutralize(fileOf(database))) {
            log.warn("Replaced the stored view {} of branch {} before opening it: it calls {}, which only an engine "
                    + "admin may run, and H2 compiles stored views as an admin when it opens a file.", view.quotedName(),
                    database, view.function());
        }
        return open(url, user, password);
    }

    /**
     * A connection as the branch's data user, after giving it data rights on {@code schemas} besides {@code PUBLIC}
     * (never on Loopline's own schema): for work that evaluates a developer's expressions over a branch's rows.
     */
    Connection dataUserOn(BranchDatabase database, AdminCredential admin, java.util.Collection<String> schemas)
            throws SQLException {
        try (Connection connection = connect(database, admin); Statement statement = connection.createStatement()) {
            for (String schema : new java.util.TreeSet<>(schemas)) {
                if (schema != null && !List.of("PUBLIC", "LOOPLINE", "INFORMATION_SCHEMA").contains(schema)) {
                    statement.execute("GRANT SELECT, INSERT, UPDATE, DELETE ON SCHEMA " + MirrorTrigger.quote(schema)
                            + " TO " + H2ServiceUsers.DATA);
                }
            }
        }
        return connectAs(H2ServiceUsers.DATA, database, admin);
    }

    /** Holds the branch's TCP clients' requests until the returned pause is closed (online schema changes' swaps). */
    AutoCloseable pauseClients(BranchDatabase database) throws InterruptedException {
        return tcpServer.pauseClients(database);
    }

    /** Whether Loopline holds the branch open now; for tests. */
    boolean holds(BranchDatabase database) throws SQLException {
        return keeper.holds(database);
    }

    /**
     * Ends every client connection, then clears and closes Loopline's own sessions of every branch. In this order:
     * a client still connected after the keeper's last clearing could store a view that the next open compiles as
     * admin.
     */
    public void close() {
        tcpServer.stopClients();
        keeper.close();
    }

    @Override
    public String id() {
        return "h2";
    }

    Path fileOf(BranchDatabase database) {
        return baseDir.resolve(database.database()).resolve(database.branch() + ".mv.db");
    }

    /**
     * Loopline's own connections keep a branch open for {@value #CLOSE_DELAY_SECONDS} s after the last one closes:
     * otherwise work done in many short connections (a chunked copy) would close and reopen the database each time.
     */
    static final int CLOSE_DELAY_SECONDS = 30;

    private String embeddedUrl(BranchDatabase database, boolean mayCreate) {
        return dataUrl(database) + ";DB_CLOSE_DELAY=" + CLOSE_DELAY_SECONDS + (mayCreate ? "" : ";IFEXISTS=TRUE");
    }

    /** Without database settings, which only admins may give. */
    private String dataUrl(BranchDatabase database) {
        return "jdbc:h2:file:" + baseDir.resolve(database.database()).resolve(database.branch()) + ";DB_CLOSE_ON_EXIT=FALSE";
    }

    Connection connect(BranchDatabase database, AdminCredential admin) throws SQLException {
        hold(database, admin);
        // from disk: should H2 have closed the database since the keeper held it (a full disk, a panic), this open
        // would compile its stored views as an admin
        return openFromDisk(database, embeddedUrl(database, false), admin.username(), admin.password());
    }

    /**
     * Connects as one of Loopline's non-admin {@link H2ServiceUsers service users}, without database settings (which
     * only admins may give). A database made before that user existed gets it first.
     */
    Connection connectAs(String serviceUser, BranchDatabase database, AdminCredential admin) throws SQLException {
        String url = dataUrl(database) + ";IFEXISTS=TRUE";
        hold(database, admin);
        try {
            return openFromDisk(database, url, serviceUser, H2ServiceUsers.passwordOf(serviceUser, admin));
        }
        catch (SQLException e) {
            if (e.getErrorCode() != org.h2.api.ErrorCode.WRONG_USER_OR_PASSWORD) {
                throw e;
            }
            try (Connection connection = connect(database, admin); Statement statement = connection.createStatement()) {
                H2ServiceUsers.provision(statement, admin);
            }
            return openFromDisk(database, url, serviceUser, H2ServiceUsers.passwordOf(serviceUser, admin));
        }
    }

    private static final int EXCLUSIVE_MODE = 90135;
    private static final long EXCLUSIVE_WAIT_MILLIS = 5_000;

    /**
     * H2 refuses new connections (instead of making them wait) while a schema change holds the database in
     * exclusive mode for a few milliseconds; Loopline's own connections wait and try again.
     */
    private static Connection open(String url, String user, String password) throws SQLException {
        long deadline = System.currentTimeMillis() + EXCLUSIVE_WAIT_MILLIS;
        while (true) {
            try {
                return DriverManager.getConnection(url, user, password);
            }
            catch (SQLException e) {
                if (e.getErrorCode() != EXCLUSIVE_MODE || System.currentTimeMillis() > deadline) {
                    throw e;
                }
                try {
                    Thread.sleep(5);
                }
                catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    @Override
    public AdminCredential createDatabase(BranchDatabase database) {
        if (exists(database)) {
            throw new EngineException("The database " + database + " already exists.", null);
        }
        AdminCredential admin = new AdminCredential(ADMIN_USER, Secrets.alphanumeric(32));
        try {
            Files.createDirectories(baseDir.resolve(database.database()));
            try (Connection connection = DriverManager.getConnection(embeddedUrl(database, true), admin.username(),
                    admin.password()); Statement statement = connection.createStatement()) {
                H2ServiceUsers.provision(statement, admin);
            }
            return admin;
        }
        catch (SQLException | IOException e) {
            deleteFiles(database);
            throw new EngineException("Could not create the database " + database + ": " + message(e), e);
        }
    }

    @Override
    public void dropDatabase(BranchDatabase database, AdminCredential admin) {
        keeper.release(database);
        if (exists(database) && admin != null) {
            try (Connection connection = openFromDisk(database, embeddedUrl(database, false), admin.username(),
                    admin.password()); Statement statement = connection.createStatement()) {
                statement.execute("SHUTDOWN");
            }
            catch (SQLException e) {
                // closed already or unreachable: the files go regardless
            }
        }
        deleteFiles(database);
    }

    private void deleteFiles(BranchDatabase database) {
        Path dir = baseDir.resolve(database.database());
        if (Files.isDirectory(dir)) {
            DeleteDbFiles.execute(dir.toString(), database.branch(), true);
        }
    }

    @Override
    public boolean exists(BranchDatabase database) {
        return Files.exists(fileOf(database));
    }

    @Override
    public long sizeBytes(BranchDatabase database) {
        try {
            return exists(database) ? Files.size(fileOf(database)) : 0;
        }
        catch (IOException e) {
            return 0;
        }
    }

    @Override
    public void copySchema(BranchDatabase source, AdminCredential sourceAdmin, BranchDatabase target,
            AdminCredential targetAdmin) {
        List<String> ddl = new ArrayList<>();
        try (Connection from = connect(source, sourceAdmin); Statement statement = from.createStatement()) {
            requireNoHostFunctions(from, "copy the schema of " + source);
            try (ResultSet script = statement.executeQuery("SCRIPT NODATA NOSETTINGS")) {
                while (script.next()) {
                    String sql = script.getString(1).trim();
                    if (isSchemaStatement(sql)) {
                        ddl.add(sql);
                    }
                }
            }
        }
        catch (SQLException e) {
            throw new EngineException("Could not read the schema of " + source + ": " + message(e), e);
        }
        try (Connection to = connect(target, targetAdmin); Statement statement = to.createStatement()) {
            statement.setEscapeProcessing(false); // H2 runs exactly the text that was checked: no JDBC {fn } rewriting
            to.setAutoCommit(false);
            for (String sql : ddl) {
                statement.execute(sql);
            }
            to.commit();
            dropOnlineChangeLeftovers(statement);
            H2ServiceUsers.grantData(statement);
        }
        catch (SQLException e) {
            throw new EngineException("Could not copy the schema into " + target + ": " + message(e), e);
        }
    }

    /** Schema objects only: users, rights, comments and row-count notes of the source stay behind. */
    private static boolean isSchemaStatement(String sql) {
        String upper = sql.toUpperCase(Locale.ROOT);
        return !(upper.startsWith("--") || upper.startsWith("CREATE USER") || upper.startsWith("ALTER USER")
                || upper.startsWith("GRANT") || upper.startsWith("CREATE ROLE") || upper.startsWith("REVOKE"));
    }

    @Override
    public SchemaSnapshot inspectSchema(BranchDatabase database, AdminCredential admin) {
        try (Connection connection = connect(database, admin)) {
            return H2SchemaInspector.inspect(connection);
        }
        catch (SQLException e) {
            throw new EngineException("Could not read the schema of " + database + ": " + message(e), e);
        }
    }

    @Override
    public ScriptResult runScript(BranchDatabase database, AdminCredential admin, String script, ScriptRights rights,
            int maxRows) {
        ScriptResult result;
        try (Connection connection = connectAs(rights == ScriptRights.SCHEMA_OWNER ? H2ServiceUsers.OWNER
                : H2ServiceUsers.DATA, database, admin)) {
            result = H2ScriptRunner.run(connection, script, maxRows);
        }
        catch (SQLException e) {
            throw new EngineException("Could not connect to " + database + ": " + message(e), e);
        }
        if (rights == ScriptRights.SCHEMA_OWNER) {
            // the script may have created a schema: the data-only user gets its rights on it
            try (Connection connection = connect(database, admin); Statement statement = connection.createStatement()) {
                H2ServiceUsers.grantData(statement);
            }
            catch (SQLException e) {
                throw new EngineException("Could not grant data rights on " + database + ": " + message(e), e);
            }
        }
        return result;
    }

    @Override
    public void createUser(BranchDatabase database, AdminCredential admin, String username, String password,
            PasswordRole role, boolean schemaChangesAllowed) {
        String user = checkUsername(username);
        try (Connection connection = connect(database, admin); Statement statement = connection.createStatement()) {
            statement.execute("CREATE USER " + user + " PASSWORD " + SqlNames.literal(password));
            for (String schema : H2ServiceUsers.userSchemas(statement)) {
                statement.execute("GRANT " + privileges(role) + " ON SCHEMA " + MirrorTrigger.quote(schema) + " TO " + user);
            }
            if (role == PasswordRole.ADMIN && schemaChangesAllowed) {
                statement.execute("GRANT ALTER ANY SCHEMA TO " + user);
            }
        }
        catch (SQLException e) {
            throw new EngineException("Could not create the user " + user + " on " + database + ": " + message(e), e);
        }
    }

    @Override
    public void grantDataRights(BranchDatabase database, AdminCredential admin, Iterable<ClientUser> users) {
        try (Connection connection = connect(database, admin)) {
            grantMissingDataRights(connection, users);
        }
        catch (SQLException e) {
            throw new EngineException("Could not give the users of " + database + " their rights: " + message(e), e);
        }
    }

    /** The data rights of a password's role, as {@code GRANT … ON SCHEMA} gives them. */
    private static String privileges(PasswordRole role) {
        return switch (role) {
            case READER -> "SELECT";
            case WRITER -> "INSERT, UPDATE, DELETE";
            case READWRITER, ADMIN -> "SELECT, INSERT, UPDATE, DELETE";
        };
    }

    /**
     * Gives each user its role's data rights on every user schema it has none on yet (a schema made after its password
     * was created); grants only what is missing, so a branch whose users are up to date sees no DDL at all.
     */
    private static void grantMissingDataRights(Connection connection, Iterable<ClientUser> users) throws SQLException {
        try (Statement statement = connection.createStatement(); PreparedStatement granted = connection.prepareStatement(
                "SELECT COUNT(*) FROM INFORMATION_SCHEMA.RIGHTS WHERE GRANTEE = ? AND TABLE_SCHEMA = ? "
                        + "AND (TABLE_NAME IS NULL OR TABLE_NAME = '')")) {
            List<String> schemas = H2ServiceUsers.userSchemas(statement);
            for (ClientUser client : users) {
                String user = checkUsername(client.username());
                if (!userExists(connection, user)) {
                    continue;
                }
                for (String schema : schemas) {
                    granted.setString(1, user);
                    granted.setString(2, schema);
                    try (ResultSet count = granted.executeQuery()) {
                        count.next();
                        if (count.getLong(1) > 0) {
                            continue;
                        }
                    }
                    statement.execute("GRANT " + privileges(client.role()) + " ON SCHEMA " + MirrorTrigger.quote(schema)
                            + " TO " + user);
                }
            }
        }
    }

    @Override
    public void applySchemaChangePolicy(BranchDatabase database, AdminCredential admin, Iterable<ClientUser> users,
            boolean schemaChangesAllowed) {
        try (Connection connection = connect(database, admin); Statement statement = connection.createStatement()) {
            for (ClientUser user : users) {
                if (user.role() == PasswordRole.ADMIN) {
                    statement.execute((schemaChangesAllowed ? "GRANT ALTER ANY SCHEMA TO " : "REVOKE ALTER ANY SCHEMA FROM ")
                            + checkUsername(user.username()));
                }
            }
            grantMissingDataRights(connection, users);
        }
        catch (SQLException e) {
            throw new EngineException("Could not change the rights of the users of " + database + ": " + message(e), e);
        }
    }

    /**
     * Leaves no moment in which the user's password opens a session that outlives this call. H2 checks the password
     * and then registers the session without a lock in between, and a session whose user is dropped under it lives
     * on without a user name (it answers nothing, but holds its locks). So: first a fresh random password locks the
     * user out of new sessions; then its sessions are ended until a pass finds none (a login that passed the check
     * just before the lock); then the user is dropped; last, any session left without a user is ended.
     */
    @Override
    public void dropUser(BranchDatabase database, AdminCredential admin, String username) {
        String user = checkUsername(username);
        try (Connection connection = connect(database, admin); Statement statement = connection.createStatement()) {
            if (userExists(connection, user)) {
                statement.execute("ALTER USER " + user + " SET PASSWORD " + SqlNames.literal(Secrets.alphanumeric(40)));
                for (int pass = 0; pass < MAX_END_PASSES && endSessions(connection, user) > 0; pass++) {
                    // a login that had passed the password check before the lock may register its session late
                }
            }
            statement.execute("DROP USER IF EXISTS " + user);
            // a login that passed the password check before the change may still register a session, under the
            // dropped user's name (or none): sweep both a few times, a little apart
            for (int pass = 0; pass < MAX_END_PASSES; pass++) {
                int ended = endSessions(connection, user) + endSessions(connection, null);
                if (ended == 0 && pass >= LATE_LOGIN_PASSES) {
                    break;
                }
                try {
                    Thread.sleep(10);
                }
                catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
        catch (SQLException e) {
            throw new EngineException("Could not drop the user " + user + " on " + database + ": " + message(e), e);
        }
    }

    /** How often {@link #dropUser} looks again for sessions that registered while it ended the others. */
    private static final int MAX_END_PASSES = 10;

    /** Sweeps after the drop even when one finds nothing: a late login may still be on its way. */
    private static final int LATE_LOGIN_PASSES = 3;

    @Override
    public int endSessions(BranchDatabase database, AdminCredential admin, String username) {
        String user = checkUsername(username);
        try (Connection connection = connect(database, admin)) {
            return endSessions(connection, user);
        }
        catch (SQLException e) {
            throw new EngineException("Could not end the sessions of " + user + " on " + database + ": " + message(e), e);
        }
    }

    /** Aborts the sessions of {@code user}, or with {@code null} those left without a user; returns how many. */
    private static int endSessions(Connection connection, String user) throws SQLException {
        int ended = 0;
        try (PreparedStatement sessions = connection.prepareStatement("SELECT SESSION_ID FROM INFORMATION_SCHEMA.SESSIONS "
                + (user == null ? "WHERE USER_NAME IS NULL" : "WHERE USER_NAME = ?"));
                PreparedStatement abort = connection.prepareStatement("CALL ABORT_SESSION(?)")) {
            if (user != null) {
                sessions.setString(1, user);
            }
            try (ResultSet ids = sessions.executeQuery()) {
                while (ids.next()) {
                    abort.setInt(1, ids.getInt(1));
                    abort.execute();
                    ended++;
                }
            }
        }
        return ended;
    }

    private static boolean userExists(Connection connection, String user) throws SQLException {
        try (PreparedStatement users = connection.prepareStatement(
                "SELECT 1 FROM INFORMATION_SCHEMA.USERS WHERE USER_NAME = ?")) {
            users.setString(1, user);
            try (ResultSet found = users.executeQuery()) {
                return found.next();
            }
        }
    }

    @Override
    public ConnectionDetails connectionDetails(BranchDatabase database) {
        int port = tcpServer.port();
        return new ConnectionDetails(properties.host(), port,
                "jdbc:h2:tcp://" + properties.host() + ":" + port + "/" + database.database() + "/" + database.branch());
    }

    private static final Pattern SCHEMA_CHANGE = Pattern.compile(
            "^(CREATE|ALTER|DROP|TRUNCATE|RENAME|COMMENT|GRANT|REVOKE|RUNSCRIPT)\\b.*", Pattern.CASE_INSENSITIVE | Pattern.DOTALL);

    @Override
    public dev.loopline.engine.OnlineMigrator online() {
        return online;
    }

    @Override
    public List<dev.loopline.engine.DataCheck.Finding> checkData(BranchDatabase database, AdminCredential admin,
            List<dev.loopline.engine.DataCheck.Change> changes, dev.loopline.engine.DataCheck.Limits limits) {
        // as the data user, not the admin: a new CHECK is the developer's SQL, and what it sees shows in the findings
        try (Connection connection = dataUserOn(database, admin,
                changes.stream().map(dev.loopline.engine.DataCheck.Change::schema).toList())) {
            connection.setReadOnly(true);
            return H2DataCheck.check(connection, changes, limits);
        }
        catch (SQLException e) {
            throw new EngineException("Could not check the data of " + database + ": " + message(e), e);
        }
    }

    @Override
    public java.util.Map<String, Long> rowCounts(BranchDatabase database, AdminCredential admin,
            java.util.Collection<String> tables) {
        java.util.Map<String, Long> counts = new java.util.TreeMap<>();
        try (Connection connection = connect(database, admin); PreparedStatement exists = connection.prepareStatement(
                "SELECT TABLE_NAME FROM INFORMATION_SCHEMA.TABLES WHERE TABLE_SCHEMA = 'PUBLIC' AND TABLE_TYPE = 'BASE TABLE' "
                        + "AND UPPER(TABLE_NAME) = UPPER(?) ORDER BY CASE WHEN TABLE_NAME = ? THEN 0 ELSE 1 END");
                Statement statement = connection.createStatement()) {
            for (String table : tables) {
                exists.setString(1, table);
                exists.setString(2, table);
                try (ResultSet found = exists.executeQuery()) {
                    if (found.next()) {
                        String name = found.getString(1);
                        try (ResultSet rows = statement.executeQuery("SELECT COUNT(*) FROM " + MirrorTrigger.quote(name)
                                + " " + H2QueryStatistics.MARKER)) {
                            rows.next();
                            counts.put(name, rows.getLong(1));
                        }
                    }
                }
            }
            return counts;
        }
        catch (SQLException e) {
            throw new EngineException("Could not count rows on " + database + ": " + message(e), e);
        }
    }

    @Override
    public java.util.Map<String, Long> rowCounts(BranchDatabase database, AdminCredential admin, String schema,
            java.util.Collection<String> tables) {
        java.util.Map<String, Long> counts = new java.util.TreeMap<>();
        try (Connection connection = connect(database, admin); PreparedStatement exists = connection.prepareStatement(
                "SELECT COUNT(*) FROM INFORMATION_SCHEMA.TABLES WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ? "
                        + "AND TABLE_TYPE = 'BASE TABLE'");
                Statement statement = connection.createStatement()) {
            for (String table : tables) {
                exists.setString(1, schema);
                exists.setString(2, table);
                try (ResultSet found = exists.executeQuery()) {
                    found.next();
                    if (found.getLong(1) == 0) {
                        continue;
                    }
                }
                try (ResultSet rows = statement.executeQuery("SELECT COUNT(*) FROM " + MirrorTrigger.quote(schema) + "."
                        + MirrorTrigger.quote(table) + " " + H2QueryStatistics.MARKER)) {
                    rows.next();
                    counts.put(table, rows.getLong(1));
                }
            }
            return counts;
        }
        catch (SQLException e) {
            throw new EngineException("Could not count rows on " + database + ": " + message(e), e);
        }
    }

    /**
     * H2's own consistent online backup, done with the kernel's file copy: the store is flushed and its space reuse
     * switched off and its background housekeeping paused, so no page the copy still has to read is overwritten or
     * moved (new writes go after the end), and the file is copied through H2's own channel until its end. {@code BACKUP TO} does the same into a deflated zip,
     * ≈ 80 × slower. Reading through H2's channel keeps H2's file lock: closing another channel on the file would
     * release it.
     */
    @Override
    public void backup(BranchDatabase database, AdminCredential admin, Path target) {
        try (Connection connection = connect(database, admin)) {
            keeper.clear(database); // the copy opens again elsewhere (a restore), compiled by an admin first
            var session = (org.h2.engine.SessionLocal) connection.unwrap(org.h2.jdbc.JdbcConnection.class).getSession();
            org.h2.mvstore.db.Store store = session.getDatabase().getStore();
            store.flush();
            var mvStore = store.getMvStore();
            var fileStore = mvStore.getFileStore();
            boolean reused = fileStore.isSpaceReused();
            int delay = mvStore.getAutoCommitDelay();
            // no background housekeeping during the copy: it may move chunks, which space reuse does not cover
            mvStore.setAutoCommitDelay(0);
            fileStore.setReuseSpace(false);
            try (var out = java.nio.channels.FileChannel.open(target, java.nio.file.StandardOpenOption.CREATE,
                    java.nio.file.StandardOpenOption.TRUNCATE_EXISTING, java.nio.file.StandardOpenOption.WRITE)) {
                java.nio.channels.FileChannel in = channelOf(fileStore);
                long position = 0;
                while (position < in.size()) {
                    position += in.transferTo(position, in.size() - position, out);
                }
                out.force(false);
            }
            finally {
                fileStore.setReuseSpace(reused);
                mvStore.setAutoCommitDelay(delay);
            }
        }
        catch (SQLException | IOException | RuntimeException e) {
            throw new EngineException("Could not back up " + database + ": " + message(e), e);
        }
    }

    /** The channel H2 reads and writes the file through (the unwrapped one if H2 wrapped it). */
    private static java.nio.channels.FileChannel channelOf(org.h2.mvstore.FileStore<?> fileStore) throws IOException {
        try {
            for (String field : new String[] {"originalFileChannel", "fileChannel"}) {
                var f = org.h2.mvstore.SingleFileStore.class.getDeclaredField(field);
                f.setAccessible(true);
                if (f.get(fileStore) instanceof java.nio.channels.FileChannel channel) {
                    return channel;
                }
            }
            throw new IOException("H2's file store has no open channel");
        }
        catch (ReflectiveOperationException | ClassCastException e) {
            throw new IOException("This H2 version keeps its file channel elsewhere: " + e, e);
        }
    }

    @Override
    public AdminCredential restoreDatabase(BranchDatabase target, Path backup, AdminCredential sourceAdmin,
            java.util.function.LongConsumer progress) {
        if (exists(target)) {
            throw new EngineException("The database " + target + " already exists.", null);
        }
        Path file = fileOf(target);
        Path partial = file.resolveSibling(file.getFileName() + ".restoring");
        AdminCredential admin = new AdminCredential(ADMIN_USER, Secrets.alphanumeric(32));
        try {
            Files.createDirectories(file.getParent());
            try (var in = java.nio.channels.FileChannel.open(backup, java.nio.file.StandardOpenOption.READ);
                    var out = java.nio.channels.FileChannel.open(partial, java.nio.file.StandardOpenOption.CREATE,
                            java.nio.file.StandardOpenOption.TRUNCATE_EXISTING, java.nio.file.StandardOpenOption.WRITE)) {
                long size = in.size();
                long position = 0;
                while (position < size) {
                    position += in.transferTo(position, Math.min(64L << 20, size - position), out);
                    progress.accept(position);
                }
                out.force(false);
            }
            Files.move(partial, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            try (Connection connection = openFromDisk(target, embeddedUrl(target, false), sourceAdmin.username(),
                    sourceAdmin.password());
                    Statement statement = connection.createStatement()) {
                List<String> drop = new ArrayList<>();
                try (ResultSet users = statement.executeQuery("SELECT USER_NAME FROM INFORMATION_SCHEMA.USERS")) {
                    while (users.next()) {
                        String user = users.getString(1);
                        if (!user.equals(ADMIN_USER) && !user.equals(H2ServiceUsers.DATA) && !user.equals(H2ServiceUsers.OWNER)) {
                            drop.add(user);
                        }
                    }
                }
                for (String user : drop) {
                    statement.execute("DROP USER " + MirrorTrigger.quote(user));
                }
                dropOnlineChangeLeftovers(statement);
                statement.execute("ALTER USER " + ADMIN_USER + " SET PASSWORD " + SqlNames.literal(admin.password()));
                H2ServiceUsers.provision(statement, admin);
            }
            return admin;
        }
        catch (SQLException | IOException | RuntimeException e) {
            try {
                Files.deleteIfExists(partial);
            }
            catch (IOException ignored) {
                // the directory is gone or unwritable: nothing else to clean
            }
            shutDownQuietly(target, sourceAdmin);
            shutDownQuietly(target, admin);
            deleteFiles(target);
            throw new EngineException("Could not restore " + target + " from the backup: " + message(e), e);
        }
    }

    /**
     * Drops what an online change in its revert window leaves in a copy of a database (a restored backup, a schema
     * copied from production): the change's mirror triggers and the tables it set aside. A branch made from such a
     * copy would otherwise carry Loopline's Java triggers, which make every later {@code ALTER} of those tables need
     * H2's admin rights.
     */
    private static void dropOnlineChangeLeftovers(Statement statement) throws SQLException {
        List<String> leftovers = new ArrayList<>();
        // a change's triggers and tables set aside, in whichever schema its tables were (the catalogue has
        // a row per event of a trigger)
        try (ResultSet triggers = statement.executeQuery("SELECT DISTINCT TRIGGER_SCHEMA, TRIGGER_NAME FROM "
                + "INFORMATION_SCHEMA.TRIGGERS WHERE TRIGGER_SCHEMA NOT IN ('INFORMATION_SCHEMA', 'LOOPLINE') "
                + "AND TRIGGER_NAME LIKE 'LL\\_%' AND JAVA_CLASS IN ('" + MirrorTrigger.class.getName() + "', '"
                + ChangeLogTrigger.class.getName() + "')")) {
            while (triggers.next()) {
                leftovers.add("DROP TRIGGER IF EXISTS " + MirrorTrigger.quote(triggers.getString(1)) + "."
                        + MirrorTrigger.quote(triggers.getString(2)));
            }
        }
        try (ResultSet tables = statement.executeQuery("SELECT TABLE_SCHEMA, TABLE_NAME FROM "
                + "INFORMATION_SCHEMA.TABLES WHERE TABLE_SCHEMA NOT IN ('INFORMATION_SCHEMA', 'LOOPLINE') "
                + "AND TABLE_NAME LIKE 'LL\\_%'")) {
            while (tables.next()) {
                if (ONLINE_CHANGE_TABLE.matcher(tables.getString(2)).matches()) {
                    leftovers.add("DROP TABLE " + MirrorTrigger.quote(tables.getString(1)) + "."
                            + MirrorTrigger.quote(tables.getString(2)) + " CASCADE");
                }
            }
        }
        for (String sql : leftovers) {
            statement.execute(sql);
        }
    }

    /**
     * What an online change leaves in a backup: shadow and old tables ({@code LL_SHADOW_<id>_<table>},
     * {@code LL_OLD_<id>_<table>}), change logs ({@code LL_LOG_<id>_<table>}) and revert-block tables
     * ({@code LL_OLD_<id>}); not every name starting with LL_.
     */
    private static final Pattern ONLINE_CHANGE_TABLE = Pattern.compile(
            "^(?:" + H2OnlineMigrator.SHADOW_PREFIX + "|" + H2OnlineMigrator.OLD_PREFIX + "|" + H2OnlineMigrator.LOG_PREFIX
                    + ")[0-9]+(?:_.*)?$",
            Pattern.DOTALL);

    /** Closes the branch as a restart would: Loopline's keeper lets go of it and H2 shuts it down. */
    void shutDownQuietly(BranchDatabase database, AdminCredential admin) {
        keeper.release(database);
        if (!exists(database)) {
            return;
        }
        try (Connection connection = openFromDisk(database, embeddedUrl(database, false), admin.username(),
                admin.password()); Statement statement = connection.createStatement()) {
            statement.execute("SHUTDOWN");
        }
        catch (SQLException ignored) {
            // not open with this credential (or not openable at all): the files go regardless
        }
    }

    /**
     * Per table of every user schema: {@code COUNT(*)} and the sum of a hash of every row's full text, in one scan.
     * A flipped byte in a stored value changes its row's hash; a page H2 can no longer read fails the scan. Tables of
     * {@code PUBLIC} are keyed by their name, tables of other schemas by {@code SCHEMA.TABLE}.
     */
    @Override
    public java.util.Map<String, TableFingerprint> fingerprint(BranchDatabase database, AdminCredential admin) {
        java.util.Map<String, TableFingerprint> result = new java.util.TreeMap<>();
        try (Connection connection = connect(database, admin); Statement statement = connection.createStatement()) {
            record Table(String schema, String name) {
                String key() {
                    return "PUBLIC".equals(schema) ? name : schema + "." + name;
                }
            }
            java.util.Map<Table, List<String>> columns = new java.util.LinkedHashMap<>();
            try (ResultSet rows = statement.executeQuery("SELECT C.TABLE_SCHEMA, C.TABLE_NAME, C.COLUMN_NAME, C.DATA_TYPE "
                    + "FROM INFORMATION_SCHEMA.COLUMNS C JOIN INFORMATION_SCHEMA.TABLES T ON T.TABLE_SCHEMA = C.TABLE_SCHEMA "
                    + "AND T.TABLE_NAME = C.TABLE_NAME WHERE C.TABLE_SCHEMA NOT IN ('INFORMATION_SCHEMA', 'LOOPLINE') "
                    + "AND T.TABLE_TYPE = 'BASE TABLE' ORDER BY C.TABLE_SCHEMA, C.TABLE_NAME, C.ORDINAL_POSITION")) {
                while (rows.next()) {
                    String column = MirrorTrigger.quote(rows.getString(3));
                    // serialized Java objects have no text form: their bytes are their content
                    columns.computeIfAbsent(new Table(rows.getString(1), rows.getString(2)), t -> new ArrayList<>())
                            .add("JAVA_OBJECT".equals(rows.getString(4)) ? "CAST(" + column + " AS VARBINARY)" : column);
                }
            }
            for (var table : columns.entrySet()) {
                try (ResultSet sum = statement.executeQuery("SELECT COUNT(*), COALESCE(SUM(CAST(ORA_HASH(CAST(ROW("
                        + String.join(", ", table.getValue()) + ") AS VARCHAR)) AS NUMERIC)), 0) FROM "
                        + MirrorTrigger.quote(table.getKey().schema()) + "." + MirrorTrigger.quote(table.getKey().name())
                        + " " + H2QueryStatistics.MARKER)) {
                    sum.next();
                    result.put(table.getKey().key(), new TableFingerprint(sum.getLong(1), sum.getBigDecimal(2).toPlainString()));
                }
            }
            return result;
        }
        catch (SQLException | RuntimeException e) {
            throw new EngineException("Could not read every row of " + database + ": " + message(e), e);
        }
    }

    @Override
    public void setQueryStatistics(BranchDatabase database, AdminCredential admin, boolean enabled, int maxEntries) {
        try (Connection connection = connect(database, admin)) {
            statistics.set(database, connection, enabled, maxEntries);
        }
        catch (SQLException e) {
            throw new EngineException("Could not switch query statistics on " + database + ": " + message(e), e);
        }
    }

    @Override
    public dev.loopline.engine.QueryStatistics queryStatistics(BranchDatabase database, AdminCredential admin) {
        try (Connection connection = connect(database, admin)) {
            return statistics.read(connection);
        }
        catch (SQLException e) {
            throw new EngineException("Could not read the query statistics of " + database + ": " + message(e), e);
        }
    }

    @Override
    public QueryPlan explain(BranchDatabase database, AdminCredential admin, String statement) {
        try (Connection connection = connectAs(H2ServiceUsers.DATA, database, admin)) {
            return H2QueryStatistics.explain(connection, statement);
        }
        catch (SQLException e) {
            throw new EngineException("Could not explain the statement on " + database + ": " + message(e), e);
        }
    }

    @Override
    public List<dev.loopline.engine.HostFunctionUse> hostFunctionUses(BranchDatabase database, AdminCredential admin) {
        try (Connection connection = connect(database, admin)) {
            return H2HostFunctionScan.uses(connection);
        }
        catch (SQLException e) {
            throw new EngineException("Could not read the schema of " + database + ": " + message(e), e);
        }
    }

    /** Refuses (nothing done) when the schema would make Loopline's admin evaluate a host function. */
    static void requireNoHostFunctions(Connection admin, String what) throws SQLException {
        List<dev.loopline.engine.HostFunctionUse> uses = H2HostFunctionScan.uses(admin);
        if (!uses.isEmpty()) {
            throw new dev.loopline.engine.UnsafeSchemaException(what, uses);
        }
    }

    private static final Pattern OWN_PASSWORD = Pattern.compile("^SET\\s+(PASSWORD|SALT)\\b.*",
            Pattern.CASE_INSENSITIVE | Pattern.DOTALL);
    private static final Pattern RIGHTS = Pattern.compile("^(GRANT|REVOKE)\\b.*", Pattern.CASE_INSENSITIVE | Pattern.DOTALL);

    @Override
    public java.util.Optional<String> refusal(String statement) {
        String sql = statement.strip();
        if (OWN_PASSWORD.matcher(sql).matches()) {
            return java.util.Optional.of("The console's engine user belongs to Loopline; its password cannot be changed. "
                    + "Create a branch password for a user of your own.");
        }
        if (RIGHTS.matcher(sql).matches()) {
            return java.util.Optional.of("Rights on branch databases are Loopline's to manage: give people access with a "
                    + "branch password and its role (reader, writer, readwriter, admin).");
        }
        return dev.loopline.engine.HostFunctions.calledIn(sql).map(function -> function
                + " reaches outside the database (files, other databases or sessions) and is not allowed in branch "
                + "databases, not even in a view, default, generated column or check.");
    }

    @Override
    public List<String> splitScript(String script) {
        return H2ScriptRunner.split(script);
    }

    @Override
    public boolean isSchemaChange(String statement) {
        return SCHEMA_CHANGE.matcher(statement.strip()).matches();
    }

    @Override
    public String usernameFor(String hint) {
        String cleaned = hint.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]+", "_").replaceAll("^_+|_+$", "");
        if (cleaned.isEmpty() || !Character.isLetter(cleaned.charAt(0))) {
            cleaned = "U_" + cleaned;
        }
        return cleaned.length() > 40 ? cleaned.substring(0, 40) : cleaned;
    }

    private static String checkUsername(String username) {
        if (username == null || !USERNAME.matcher(username).matches() || username.startsWith(ADMIN_USER)) {
            throw new IllegalArgumentException("Not a client user name for H2: " + username);
        }
        return username;
    }


    static String message(Exception e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        int cut = message.indexOf("; SQL statement:");
        message = cut > 0 ? message.substring(0, cut) : message;
        return message.replaceAll("\\s*\\[\\d+-\\d+]$", "").trim();
    }
}
