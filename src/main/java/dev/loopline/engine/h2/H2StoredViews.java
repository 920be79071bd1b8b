package dev.loopline.engine.h2;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.h2.engine.DbObject;
import org.h2.mvstore.DataUtils;
import org.h2.mvstore.MVStore;
import org.h2.mvstore.MVStoreException;
import org.h2.mvstore.db.ValueDataType;
import org.h2.mvstore.tx.Transaction;
import org.h2.mvstore.tx.TransactionMap;
import org.h2.mvstore.tx.TransactionStore;
import org.h2.result.Row;
import org.h2.result.SearchRow;
import org.h2.value.Value;
import org.h2.value.ValueVarchar;

import dev.loopline.engine.HostFunctions;

/**
 * Reads a closed branch file's stored view definitions straight from its MVStore, without opening the database, and
 * replaces each view that calls a host function by a harmless one of the same name, before H2 opens the file.
 *
 * <p>Why: when H2 opens a database, its system session (an admin) compiles every stored view. A
 * {@code CREATE FORCE VIEW} that a branch user stored although it could not compile it (CSVREAD, FILE_WRITE … are
 * for admins only) is then compiled as an admin, and H2 evaluates CSVREAD's arguments to learn the view's columns:
 * {@code CSVREAD(CAST(FILE_WRITE(…) AS VARCHAR))} writes a file, {@code CSVREAD('http://…')} fetches a URL. Loopline's {@link H2BranchKeeper} drops such views whenever Loopline itself
 * closes a branch, but a branch can also close without Loopline: the process killed, the power lost, H2 closing the
 * database on a full disk; and a backup taken by an older Loopline may hold one. So every open of a branch file from
 * disk goes through {@link #neutralize(Path)} first.
 *
 * <p>How: H2 keeps its schema as rows {@code (ID, HEAD, TYPE, SQL)} of its meta table, the MVStore map
 * {@code table.0}; a view's row holds H2's {@code CREATE FORCE VIEW "schema"."name" … AS <query>}, where the query is
 * the text the user typed when it did not compile. The row of an offending view gets the SQL
 * {@code CREATE FORCE VIEW "schema"."name" AS SELECT NULL AS "LOOPLINE_REMOVED_VIEW"} (same ID, so grants on it still
 * apply at the open), and the keeper drops such views right after the open. This reads H2's storage format through
 * H2's public MVStore API (as H2's own {@code Recover} tool does); the crash probes of {@code ReviewKeeperProbeTests}
 * and {@code ReviewOpenProbeTests} fail if an H2 upgrade changes it.
 */
final class H2StoredViews {

    /** The only column of a view whose stored query Loopline replaced; the keeper drops views that have it. */
    static final String REMOVED_MARKER = "LOOPLINE_REMOVED_VIEW";

    private static final String META_MAP = "table.0";
    private static final int SQL_COLUMN = 3;
    private static final int TYPE_COLUMN = 2;

    /**
     * H2's stored form: {@code CREATE [OR REPLACE] [FORCE] [MATERIALIZED] VIEW "schema"."name"}, names always
     * double-quoted. A materialized view is replaced too: H2 2.5 cannot load one at all (it refuses its own
     * {@code FORCE MATERIALIZED}), but a later H2 that can would run its query as the system session.
     */
    private static final Pattern VIEW_HEAD = Pattern.compile(
            "^CREATE (?:OR REPLACE )?(?:FORCE )?(?:MATERIALIZED )?VIEW (\"(?:[^\"]|\"\")+\"\\.\"(?:[^\"]|\"\")+\")");
    /**
     * Any view's stored SQL, however spaced: only key words between CREATE and VIEW. A table's SQL (CREATE CACHED
     * TABLE "…") is not one, whatever its names, comments or defaults say: H2 evaluates no default when it opens a file.
     */
    private static final Pattern ANY_VIEW = Pattern.compile("^\\s*CREATE\\s+(?:[A-Za-z_]+\\s+)*?VIEW\\b");

    private H2StoredViews() {
    }

    /** A view whose stored query was replaced: its quoted name as H2 stores it, and the host function it called. */
    record Neutralized(String quotedName, String function) {
    }

    /**
     * Replaces, in a branch file that no H2 database in this JVM has open, every stored view that calls a host
     * function. Does nothing (and returns an empty list) when the file does not exist or is open in this JVM already
     * (then the views were compiled when it opened, and the keeper's sweep applies).
     *
     * @param file the branch's {@code .mv.db} file
     * @return the views replaced, empty when there were none
     * @throws SQLException when the file cannot be read as an H2 database, or holds a view calling a host function in
     *         a form Loopline cannot replace safely: it must not be opened then
     */
    static List<Neutralized> neutralize(Path file) throws SQLException {
        if (!Files.isRegularFile(file)) {
            return List.of();
        }
        Map<Long, Neutralized> found;
        try (MVStore store = new MVStore.Builder().fileName(file.toString()).readOnly().open()) {
            found = scan(store, false);
        }
        catch (MVStoreException e) {
            if (e.getErrorCode() == DataUtils.ERROR_FILE_LOCKED) {
                return List.of();
            }
            throw new SQLException("Could not read the stored views of " + file.getFileName() + ": " + e.getMessage(), e);
        }
        if (found.isEmpty()) {
            return List.of();
        }
        try (MVStore store = new MVStore.Builder().fileName(file.toString()).autoCommitDisabled().open()) {
            Map<Long, Neutralized> replaced = scan(store, true);
            store.commit();
            return List.copyOf(replaced.values());
        }
        catch (MVStoreException e) {
            throw new SQLException("Could not clear the stored views of " + file.getFileName() + ": " + e.getMessage(),
                    e);
        }
    }

    /** Finds the offending view rows; with {@code replace}, rewrites them in one committed transaction. */
    private static Map<Long, Neutralized> scan(MVStore store, boolean replace) throws SQLException {
        Map<Long, Neutralized> found = new java.util.LinkedHashMap<>();
        if (!store.hasMap(META_MAP)) {
            return found;
        }
        TransactionStore transactions = new TransactionStore(store, new ValueDataType());
        transactions.init();
        Transaction transaction = transactions.begin();
        TransactionMap<Long, Row> meta = transaction.openMap(META_MAP);
        for (var keys = meta.keyIterator(null); keys.hasNext();) {
            Long key = keys.next();
            Row row = meta.get(key);
            if (row == null || row.getValue(TYPE_COLUMN).getInt() != DbObject.TABLE_OR_VIEW) {
                continue;
            }
            String sql = row.getValue(SQL_COLUMN).getString();
            if (sql == null || !ANY_VIEW.matcher(sql).lookingAt()) {
                continue;
            }
            Optional<String> function = HostFunctions.calledIn(sql);
            if (function.isEmpty()) {
                continue;
            }
            Matcher head = VIEW_HEAD.matcher(sql);
            if (!head.lookingAt()) {
                throw new SQLException("The branch holds a stored view that calls " + function.get()
                        + " in a form Loopline cannot clear (" + sql.substring(0, Math.min(60, sql.length()))
                        + "…); it is not opened. An administrator must remove it with H2's tools.");
            }
            found.put(key, new Neutralized(head.group(1), function.get()));
            if (replace) {
                Value[] values = row.getValueList().clone();
                values[SQL_COLUMN] = ValueVarchar.get(harmless(head.group(1)));
                meta.put(key, Row.get(values, SearchRow.MEMORY_CALCULATE, key));
            }
        }
        if (replace) {
            transaction.commit();
        }
        else {
            transaction.rollback();
        }
        return found;
    }

    /** The stored definition that replaces an offending view's. */
    static String harmless(String quotedName) {
        return "CREATE FORCE VIEW " + quotedName + " AS\nSELECT NULL AS \"" + REMOVED_MARKER + "\"";
    }
}
