package dev.loopline.metadata;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Locale;

import org.h2.api.ErrorCode;

/**
 * Makes an H2 metadata database accept a given password before the application's pool opens it: a database that
 * does not exist yet is left for the pool to create with that password; one that still uses a former password (the
 * old fixed {@code loopline}) has it changed with {@code ALTER USER … SET PASSWORD}.
 */
final class H2MetadataPassword {

    /** The fixed password every H2 metadata database had before it got its own. */
    static final String LEGACY_PASSWORD = "loopline";

    enum Outcome {
        /** No database yet: the pool creates it with the password. */
        NEW_DATABASE,
        /** The database already accepts the password. */
        UNCHANGED,
        /** The database accepted a former password and now uses the new one. */
        CHANGED
    }

    private final String url;
    private final String username;

    H2MetadataPassword(String url, String username) {
        this.url = url;
        this.username = username;
    }

    /** Embedded H2 databases in a file (not in memory, not on a remote server): the ones kept in the data directory. */
    static boolean isEmbeddedFile(String url) {
        if (url == null || !url.startsWith("jdbc:h2:")) {
            return false;
        }
        String rest = url.substring("jdbc:h2:".length());
        return !rest.startsWith("mem:") && !rest.startsWith("tcp:") && !rest.startsWith("ssl:");
    }

    /**
     * Ensures the database takes {@code password}, trying {@code formerPasswords} in order when it does not.
     *
     * @throws IllegalStateException when the database takes none of them, or cannot be opened at all
     */
    Outcome ensure(String password, List<String> formerPasswords) {
        try (Connection ignored = open(password)) {
            return Outcome.UNCHANGED;
        }
        catch (SQLException e) {
            if (e.getErrorCode() == ErrorCode.DATABASE_NOT_FOUND_WITH_IF_EXISTS_1) {
                return Outcome.NEW_DATABASE;
            }
            if (e.getErrorCode() != ErrorCode.WRONG_USER_OR_PASSWORD) {
                throw new IllegalStateException("Could not open the metadata database " + url + ": " + e.getMessage(), e);
            }
        }
        for (String former : formerPasswords) {
            try (Connection connection = open(former)) {
                changePassword(connection, password);
                return Outcome.CHANGED;
            }
            catch (SQLException e) {
                if (e.getErrorCode() != ErrorCode.WRONG_USER_OR_PASSWORD) {
                    throw new IllegalStateException("Could not change the metadata database's password: "
                            + e.getMessage(), e);
                }
            }
        }
        throw new IllegalStateException("The metadata database " + url + " does not accept user '" + username
                + "' with the configured password, nor with the old default.");
    }

    private Connection open(String password) throws SQLException {
        // IFEXISTS: never create the database here, so a wrong guess cannot leave an empty one behind;
        // TRACE_LEVEL_FILE=0: an expected wrong guess is not worth a stack trace in loopline.trace.db
        return DriverManager.getConnection(withSetting(withSetting(url, "IFEXISTS", "TRUE"), "TRACE_LEVEL_FILE", "0"),
                username, password);
    }

    /** H2 refuses a setting given twice in a URL: one the operator wrote wins. */
    private static String withSetting(String url, String key, String value) {
        if (url.toUpperCase(Locale.ROOT).contains(";" + key + "=")) {
            return url;
        }
        return url + (url.endsWith(";") ? "" : ";") + key + "=" + value;
    }

    private static void changePassword(Connection connection, String password) throws SQLException {
        String user;
        try (Statement statement = connection.createStatement();
                ResultSet current = statement.executeQuery("SELECT CURRENT_USER")) {
            current.next();
            user = current.getString(1);
        }
        try (PreparedStatement alter = connection
                .prepareStatement("ALTER USER \"" + user.replace("\"", "\"\"") + "\" SET PASSWORD ?")) {
            alter.setString(1, password);
            alter.execute();
        }
    }
}
