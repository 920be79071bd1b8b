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
import dev.loopline.engine.BranchDatabase;
import dev.loopline.engine.ConnectionDetails;
import dev.loopline.engine.DatabaseEngine;
import dev.loopline.engine.EngineException;
import dev.loopline.engine.PasswordRole;
import dev.loopline.engine.ScriptResult;
import dev.loopline.schema.SchemaSnapshot;

/**
 * The embedded default engine: every branch is its own H2 database file {@code <branches>/<database>/<branch>.mv.db},
 * opened by Loopline over an embedded URL and served to clients by {@link H2TcpServer}. Users and grants are H2's
 * own, so the rights of a branch password hold for any client.
 */
public class H2Engine implements DatabaseEngine {

    static final String ADMIN_USER = "LOOPLINE";
    /** Loopline's data-only user: console scripts on safe-migrations branches run as this user. */
    static final String DATA_USER = "LOOPLINE_DATA";
    private static final Pattern USERNAME = Pattern.compile("^[A-Z][A-Z0-9_]{0,62}$");

    private final Path baseDir;
    private final H2TcpServer tcpServer;
    private final H2EngineProperties properties;
    private final H2OnlineMigrator online = new H2OnlineMigrator(this);

    public H2Engine(H2TcpServer tcpServer, H2EngineProperties properties) {
        this.baseDir = tcpServer.baseDir();
        this.tcpServer = tcpServer;
        this.properties = properties;
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
        return open(embeddedUrl(database, false), admin.username(), admin.password());
    }

    private Connection connectAsDataUser(BranchDatabase database, AdminCredential admin) throws SQLException {
        return open(dataUrl(database) + ";IFEXISTS=TRUE", DATA_USER, admin.password());
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
                statement.execute("CREATE USER " + DATA_USER + " PASSWORD " + literal(admin.password()));
                statement.execute("GRANT SELECT, INSERT, UPDATE, DELETE ON SCHEMA PUBLIC TO " + DATA_USER);
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
        if (exists(database) && admin != null) {
            try (Connection connection = connect(database, admin); Statement statement = connection.createStatement()) {
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
        try (Connection from = connect(source, sourceAdmin); Statement statement = from.createStatement();
                ResultSet script = statement.executeQuery("SCRIPT NODATA NOSETTINGS")) {
            while (script.next()) {
                String sql = script.getString(1).trim();
                if (isSchemaStatement(sql)) {
                    ddl.add(sql);
                }
            }
        }
        catch (SQLException e) {
            throw new EngineException("Could not read the schema of " + source + ": " + message(e), e);
        }
        try (Connection to = connect(target, targetAdmin); Statement statement = to.createStatement()) {
            to.setAutoCommit(false);
            for (String sql : ddl) {
                statement.execute(sql);
            }
            to.commit();
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
        try (Connection connection = rights == ScriptRights.SCHEMA_AND_DATA ? connect(database, admin)
                : connectAsDataUser(database, admin)) {
            return H2ScriptRunner.run(connection, script, maxRows);
        }
        catch (SQLException e) {
            throw new EngineException("Could not connect to " + database + ": " + message(e), e);
        }
    }

    @Override
    public void createUser(BranchDatabase database, AdminCredential admin, String username, String password,
            PasswordRole role, boolean schemaChangesAllowed) {
        String user = checkUsername(username);
        try (Connection connection = connect(database, admin); Statement statement = connection.createStatement()) {
            statement.execute("CREATE USER " + user + " PASSWORD " + literal(password));
            String privileges = switch (role) {
                case READER -> "SELECT";
                case WRITER -> "INSERT, UPDATE, DELETE";
                case READWRITER, ADMIN -> "SELECT, INSERT, UPDATE, DELETE";
            };
            statement.execute("GRANT " + privileges + " ON SCHEMA PUBLIC TO " + user);
            if (role == PasswordRole.ADMIN && schemaChangesAllowed) {
                statement.execute("GRANT ALTER ANY SCHEMA TO " + user);
            }
        }
        catch (SQLException e) {
            throw new EngineException("Could not create the user " + user + " on " + database + ": " + message(e), e);
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
        }
        catch (SQLException e) {
            throw new EngineException("Could not change the rights of the users of " + database + ": " + message(e), e);
        }
    }

    @Override
    public void dropUser(BranchDatabase database, AdminCredential admin, String username) {
        String user = checkUsername(username);
        endSessions(database, admin, user);
        try (Connection connection = connect(database, admin); Statement statement = connection.createStatement()) {
            statement.execute("DROP USER IF EXISTS " + user);
        }
        catch (SQLException e) {
            throw new EngineException("Could not drop the user " + user + " on " + database + ": " + message(e), e);
        }
    }

    @Override
    public int endSessions(BranchDatabase database, AdminCredential admin, String username) {
        String user = checkUsername(username);
        int ended = 0;
        try (Connection connection = connect(database, admin);
                PreparedStatement sessions = connection.prepareStatement(
                        "SELECT SESSION_ID FROM INFORMATION_SCHEMA.SESSIONS WHERE USER_NAME = ?");
                PreparedStatement abort = connection.prepareStatement("CALL ABORT_SESSION(?)")) {
            sessions.setString(1, user);
            try (ResultSet ids = sessions.executeQuery()) {
                while (ids.next()) {
                    abort.setInt(1, ids.getInt(1));
                    abort.execute();
                    ended++;
                }
            }
            return ended;
        }
        catch (SQLException e) {
            throw new EngineException("Could not end the sessions of " + user + " on " + database + ": " + message(e), e);
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
    public java.util.Map<String, Long> rowCounts(BranchDatabase database, AdminCredential admin,
            java.util.Collection<String> tables) {
        java.util.Map<String, Long> counts = new java.util.TreeMap<>();
        try (Connection connection = connect(database, admin); PreparedStatement exists = connection.prepareStatement(
                "SELECT TABLE_NAME FROM INFORMATION_SCHEMA.TABLES WHERE TABLE_SCHEMA = 'PUBLIC' AND UPPER(TABLE_NAME) = UPPER(?)");
                Statement statement = connection.createStatement()) {
            for (String table : tables) {
                exists.setString(1, table);
                try (ResultSet found = exists.executeQuery()) {
                    if (found.next()) {
                        String name = found.getString(1);
                        try (ResultSet rows = statement.executeQuery("SELECT COUNT(*) FROM " + MirrorTrigger.quote(name))) {
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

    private static String literal(String value) {
        return "'" + value.replace("'", "''") + "'";
    }

    static String message(Exception e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        int cut = message.indexOf("; SQL statement:");
        message = cut > 0 ? message.substring(0, cut) : message;
        return message.replaceAll("\\s*\\[\\d+-\\d+]$", "").trim();
    }
}
