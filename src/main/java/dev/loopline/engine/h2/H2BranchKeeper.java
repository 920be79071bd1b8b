package dev.loopline.engine.h2;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.loopline.engine.BranchDatabase;
import dev.loopline.schema.SqlNames;

/**
 * Keeps every branch database that Loopline or a client has used open, from Loopline's own admin session, and clears
 * it of views that call host functions each time it opens.
 *
 * <p>Why: when H2 opens a database, its system session (an admin) compiles every stored view, including a
 * {@code CREATE FORCE VIEW} that a non-admin stored although it could not compile it. A view over
 * {@code CSVREAD('<file>')} then gets the file's first line as its column names, which any user of the branch can
 * read from {@code INFORMATION_SCHEMA}. Nothing but an admin can use such a view, and Loopline's admin never creates
 * one, so the keeper drops them (with the views built on them) right after the open and before any client session
 * exists; holding the database open then makes sure it is not opened again behind the keeper's back. Every path to a
 * branch (Loopline's embedded connections, the console, the connection gate) calls {@link #hold} first.
 *
 * <p>Cost: one idle session per branch in use, and a branch stays in memory until Loopline stops or drops it.
 */
final class H2BranchKeeper implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(H2BranchKeeper.class);

    /** Opens an admin connection to the branch; the keeper owns what it returns. */
    @FunctionalInterface
    interface Opener {
        Connection open() throws SQLException;
    }

    private final Map<BranchDatabase, Connection> held = new ConcurrentHashMap<>();
    private final Map<BranchDatabase, Object> locks = new ConcurrentHashMap<>();
    private volatile boolean closed;

    /**
     * Makes sure the branch is open in Loopline's own session and was cleared since it opened. Cheap when it already
     * is: one map lookup.
     *
     * @throws SQLException when the branch cannot be opened or cleared; no client may be let in then
     */
    void hold(BranchDatabase database, Opener opener) throws SQLException {
        Connection current = held.get(database);
        if (current != null && !current.isClosed()) {
            return;
        }
        synchronized (locks.computeIfAbsent(database, d -> new Object())) {
            current = held.get(database);
            if (current != null && !current.isClosed()) {
                return;
            }
            if (closed) {
                throw new SQLException("Loopline is stopping: the branch " + database + " is not served any more.");
            }
            Connection connection = opener.open();
            try {
                dropViewsCallingHostFunctions(database, connection);
            }
            catch (SQLException | RuntimeException e) {
                closeQuietly(connection);
                throw e;
            }
            held.put(database, connection);
        }
    }

    /**
     * Closes the keeper's session of the branch (before Loopline shuts the branch down or deletes it), clearing it
     * first: a view a client stored since the branch opened is still uncompiled, and must not be there when the
     * branch opens again, since H2's system session would compile it — reading a file, a URL or a device as an admin
     * — before the keeper can clear it.
     */
    void release(BranchDatabase database) {
        synchronized (locks.computeIfAbsent(database, d -> new Object())) {
            Connection connection = held.remove(database);
            if (connection != null) {
                try {
                    if (!connection.isClosed()) {
                        dropViewsCallingHostFunctions(database, connection);
                    }
                }
                catch (SQLException | RuntimeException e) {
                    log.warn("Could not clear the branch {} before closing it: {}", database, e.toString());
                }
                closeQuietly(connection);
            }
        }
    }

    /**
     * Clears a branch the keeper holds of views that call host functions, as when it opened; before Loopline copies
     * the branch's file (a backup that opens again elsewhere).
     *
     * @throws SQLException when the branch cannot be cleared
     */
    void clear(BranchDatabase database) throws SQLException {
        synchronized (locks.computeIfAbsent(database, d -> new Object())) {
            Connection connection = held.get(database);
            if (connection != null && !connection.isClosed()) {
                dropViewsCallingHostFunctions(database, connection);
            }
        }
    }

    /** Whether the keeper holds the branch open now; for tests. */
    boolean holds(BranchDatabase database) throws SQLException {
        Connection connection = held.get(database);
        return connection != null && !connection.isClosed();
    }

    @Override
    public void close() {
        closed = true;
        for (BranchDatabase database : List.copyOf(held.keySet())) {
            release(database);
        }
    }

    private static void dropViewsCallingHostFunctions(BranchDatabase database, Connection connection)
            throws SQLException {
        List<H2HostFunctionScan.ViewCall> calls = H2HostFunctionScan.views(connection);
        try (Statement statement = connection.createStatement()) {
            for (H2HostFunctionScan.ViewCall call : calls) {
                String view = SqlNames.quote(call.schema()) + "." + SqlNames.quote(call.name());
                statement.execute("DROP VIEW IF EXISTS " + view + " CASCADE");
                log.warn("Dropped the view {} of branch {}: it calls {}, which only an engine admin may run, "
                        + "and would let a branch user read what Loopline's admin compiled it with.", view, database,
                        call.function());
            }
            for (String view : replacedViews(statement)) {
                statement.execute("DROP VIEW IF EXISTS " + view + " CASCADE");
                log.warn("Dropped the view {} of branch {}, whose stored query Loopline replaced before the branch "
                        + "opened (it called a host function).", view, database);
            }
        }
    }

    /** Views that {@link H2StoredViews} replaced in the file before it opened, as quoted names. */
    private static List<String> replacedViews(Statement statement) throws SQLException {
        List<String> views = new java.util.ArrayList<>();
        try (var rows = statement.executeQuery("SELECT V.TABLE_SCHEMA, V.TABLE_NAME FROM INFORMATION_SCHEMA.VIEWS V "
                + "JOIN INFORMATION_SCHEMA.COLUMNS C ON C.TABLE_SCHEMA = V.TABLE_SCHEMA AND C.TABLE_NAME = V.TABLE_NAME "
                + "WHERE C.COLUMN_NAME = '" + H2StoredViews.REMOVED_MARKER + "'")) {
            while (rows.next()) {
                views.add(SqlNames.quote(rows.getString(1)) + "." + SqlNames.quote(rows.getString(2)));
            }
        }
        return views;
    }

    private static void closeQuietly(Connection connection) {
        try {
            connection.close();
        }
        catch (SQLException ignored) {
            // closing anyway
        }
    }
}
