package dev.loopline.engine.h2;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.Objects;

import org.h2.api.Trigger;

/**
 * Mirrors every insert, update and delete of a table into another table by primary key, inside the writer's own
 * transaction: a row is updated by key, or inserted when the target has none (identity values as they are, with
 * {@code OVERRIDING SYSTEM VALUE}; generated columns are not written but computed by the target). Which table and which columns is read, by trigger name, from {@code LOOPLINE.MIRROR} when H2 loads
 * the trigger. Used forwards (table → shadow) while a change is copied, and backwards (new table → old table)
 * during the revert window. Public only because H2 instantiates it by name.
 * <p>
 * A statement that was compiled before a swap and paused by it finishes on the table object it started with, now
 * renamed aside; its trigger then finds its target renamed too. Such late writes go to the fallback: the table's
 * live name, which after the swap is the other side of the mirror. So they are neither lost nor refused.
 */
public class MirrorTrigger implements Trigger {

    private int[] sourcePositions;
    private int[] keyPositions;
    private String target;
    private String fallback;
    private String columnList;
    private String[] columns;
    private String[] keys;
    /** Positions (in {@code columns}) of the non-key columns an update sets: not the target's ALWAYS identities. */
    private int[] updated;

    @Override
    public void init(Connection connection, String schemaName, String triggerName, String tableName, boolean before,
            int type) throws SQLException {
        try (PreparedStatement config = connection.prepareStatement("SELECT TARGET_TABLE, SOURCE_POSITIONS, TARGET_COLUMNS, "
                + "KEY_POSITIONS, KEY_COLUMNS, FALLBACK_TABLE, FIXED_COLUMNS FROM LOOPLINE.MIRROR WHERE TRIGGER_NAME = ?")) {
            config.setString(1, triggerName);
            try (ResultSet row = config.executeQuery()) {
                if (!row.next()) {
                    throw new SQLException("No mirror configuration for trigger " + triggerName);
                }
                target = quote(row.getString(1));
                sourcePositions = positions(row.getString(2));
                columns = row.getString(3).split(",");
                keyPositions = positions(row.getString(4));
                keys = row.getString(5).split(",");
                fallback = quote(row.getString(6));
                columnList = String.join(", ", Arrays.stream(columns).map(MirrorTrigger::quote).toList());
                java.util.Set<String> fixed = java.util.Set.of(row.getString(7).isEmpty() ? new String[0]
                        : row.getString(7).split(","));
                java.util.Set<String> keySet = java.util.Set.of(keys);
                updated = java.util.stream.IntStream.range(0, columns.length)
                        .filter(i -> !keySet.contains(columns[i]) && !fixed.contains(columns[i])).toArray();
            }
        }
    }

    /** Sets the row's other columns by key; the key's values follow the set values as parameters. */
    private String update(String table) {
        return "UPDATE " + table + " SET " + String.join(", ", Arrays.stream(updated).mapToObj(i -> quote(columns[i])
                + " = ?").toList()) + " WHERE " + keyCondition();
    }

    private String exists(String table) {
        return "SELECT 1 FROM " + table + " WHERE " + keyCondition();
    }

    /** Identity values are copied as they are, also into {@code GENERATED ALWAYS} identity columns. */
    private String insert(String table) {
        return "INSERT INTO " + table + " (" + columnList + ") OVERRIDING SYSTEM VALUE VALUES ("
                + String.join(", ", java.util.Collections.nCopies(columns.length, "?")) + ")";
    }

    private String keyCondition() {
        return String.join(" AND ", Arrays.stream(keys).map(k -> quote(k) + " = ?").toList());
    }

    private String delete(String table) {
        return "DELETE FROM " + table + " WHERE " + String.join(" AND ",
                Arrays.stream(keys).map(k -> quote(k) + " = ?").toList());
    }

    @Override
    public void fire(Connection connection, Object[] oldRow, Object[] newRow) throws SQLException {
        try {
            mirror(connection, target, oldRow, newRow);
        }
        catch (SQLException e) {
            if (!isTableMissing(e)) {
                throw e;
            }
            mirror(connection, fallback, oldRow, newRow);
        }
    }

    private static boolean isTableMissing(SQLException e) {
        return e.getErrorCode() == 42102 || e.getErrorCode() == 42103 || e.getErrorCode() == 42104;
    }

    private void mirror(Connection connection, String table, Object[] oldRow, Object[] newRow) throws SQLException {
        if (oldRow != null && (newRow == null || keyChanged(oldRow, newRow))) {
            try (PreparedStatement statement = connection.prepareStatement(delete(table))) {
                for (int i = 0; i < keyPositions.length; i++) {
                    statement.setObject(i + 1, oldRow[keyPositions[i]]);
                }
                statement.executeUpdate();
            }
        }
        if (newRow != null && !updated(connection, table, newRow)) {
            try (PreparedStatement statement = connection.prepareStatement(insert(table))) {
                for (int i = 0; i < sourcePositions.length; i++) {
                    statement.setObject(i + 1, newRow[sourcePositions[i]]);
                }
                statement.executeUpdate();
            }
        }
    }

    /** Updates the target's row of {@code newRow}'s key; false when there is none (so it is to be inserted). */
    private boolean updated(Connection connection, String table, Object[] newRow) throws SQLException {
        boolean set = updated.length > 0;
        try (PreparedStatement statement = connection.prepareStatement(set ? update(table) : exists(table))) {
            int parameter = 1;
            for (int i : updated) {
                statement.setObject(parameter++, newRow[sourcePositions[i]]);
            }
            for (int position : keyPositions) {
                statement.setObject(parameter++, newRow[position]);
            }
            if (set) {
                return statement.executeUpdate() > 0;
            }
            try (ResultSet row = statement.executeQuery()) {
                return row.next();
            }
        }
    }

    private boolean keyChanged(Object[] oldRow, Object[] newRow) {
        for (int position : keyPositions) {
            if (!Objects.equals(oldRow[position], newRow[position])) {
                return true;
            }
        }
        return false;
    }

    private static int[] positions(String list) {
        return Arrays.stream(list.split(",")).mapToInt(Integer::parseInt).toArray();
    }

    static String quote(String identifier) {
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }
}
