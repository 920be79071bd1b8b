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
 * transaction. Which table and which columns is read, by trigger name, from {@code LOOPLINE.MIRROR} when H2 loads
 * the trigger. Used forwards (table → shadow) while a change is copied, and backwards (new table → old table)
 * during the revert window. Public only because H2 instantiates it by name.
 */
public class MirrorTrigger implements Trigger {

    private int[] sourcePositions;
    private int[] keyPositions;
    private String merge;
    private String delete;

    @Override
    public void init(Connection connection, String schemaName, String triggerName, String tableName, boolean before,
            int type) throws SQLException {
        try (PreparedStatement config = connection.prepareStatement("SELECT TARGET_TABLE, SOURCE_POSITIONS, TARGET_COLUMNS, "
                + "KEY_POSITIONS, KEY_COLUMNS FROM LOOPLINE.MIRROR WHERE TRIGGER_NAME = ?")) {
            config.setString(1, triggerName);
            try (ResultSet row = config.executeQuery()) {
                if (!row.next()) {
                    throw new SQLException("No mirror configuration for trigger " + triggerName);
                }
                String target = quote(row.getString(1));
                sourcePositions = positions(row.getString(2));
                String[] columns = row.getString(3).split(",");
                keyPositions = positions(row.getString(4));
                String[] keys = row.getString(5).split(",");
                String columnList = String.join(", ", Arrays.stream(columns).map(MirrorTrigger::quote).toList());
                String keyList = String.join(", ", Arrays.stream(keys).map(MirrorTrigger::quote).toList());
                merge = "MERGE INTO " + target + " (" + columnList + ") KEY (" + keyList + ") VALUES ("
                        + String.join(", ", java.util.Collections.nCopies(columns.length, "?")) + ")";
                delete = "DELETE FROM " + target + " WHERE " + String.join(" AND ",
                        Arrays.stream(keys).map(k -> quote(k) + " = ?").toList());
            }
        }
    }

    @Override
    public void fire(Connection connection, Object[] oldRow, Object[] newRow) throws SQLException {
        if (oldRow != null && (newRow == null || keyChanged(oldRow, newRow))) {
            try (PreparedStatement statement = connection.prepareStatement(delete)) {
                for (int i = 0; i < keyPositions.length; i++) {
                    statement.setObject(i + 1, oldRow[keyPositions[i]]);
                }
                statement.executeUpdate();
            }
        }
        if (newRow != null) {
            try (PreparedStatement statement = connection.prepareStatement(merge)) {
                for (int i = 0; i < sourcePositions.length; i++) {
                    statement.setObject(i + 1, newRow[sourcePositions[i]]);
                }
                statement.executeUpdate();
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
