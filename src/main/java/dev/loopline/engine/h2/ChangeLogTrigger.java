package dev.loopline.engine.h2;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.Objects;

import org.h2.api.Trigger;

/**
 * Records, inside the writer's own transaction, the primary key of every row an insert, update or delete touches
 * into the change log of an online change ({@code LL_LOG_<id>_<table>}, one row per key: the old key of an update or
 * delete, the new key of an insert, both keys of an update that changes the key). It writes nothing else: while a
 * change is copied, the shadow is written only by the copier, which brings each logged key's row up to date from
 * the table (see {@link H2OnlineMigrator}). So a writer never waits for the copier, nor the copier for a writer.
 * <p>
 * The log table and the key's positions in the row are read, by trigger name, from {@code LOOPLINE.MIRROR} when H2
 * loads the trigger ({@code TARGET_TABLE}, {@code KEY_POSITIONS}). Public only because H2 instantiates it by name.
 */
public class ChangeLogTrigger implements Trigger {

    private int[] keyPositions;
    private String insert;

    @Override
    public void init(Connection connection, String schemaName, String triggerName, String tableName, boolean before,
            int type) throws SQLException {
        try (PreparedStatement config = connection.prepareStatement("SELECT TARGET_TABLE, KEY_POSITIONS, KEY_COLUMNS "
                + "FROM LOOPLINE.MIRROR WHERE TRIGGER_NAME = ?")) {
            config.setString(1, MirrorTrigger.configurationKey(schemaName, triggerName));
            try (ResultSet row = config.executeQuery()) {
                if (!row.next()) {
                    throw new SQLException("No change-log configuration for trigger " + triggerName);
                }
                keyPositions = Arrays.stream(row.getString(2).split(",")).mapToInt(Integer::parseInt).toArray();
                String[] keys = MirrorTrigger.names(row.getString(3));
                insert = "INSERT INTO " + MirrorTrigger.quote(schemaName) + "." + MirrorTrigger.quote(row.getString(1))
                        + " (" + String.join(", ", Arrays.stream(keys).map(MirrorTrigger::quote).toList()) + ") VALUES ("
                        + String.join(", ", java.util.Collections.nCopies(keys.length, "?")) + ")";
            }
        }
    }

    @Override
    public void fire(Connection connection, Object[] oldRow, Object[] newRow) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(insert)) {
            if (oldRow != null) {
                log(statement, oldRow);
            }
            if (newRow != null && (oldRow == null || keyChanged(oldRow, newRow))) {
                log(statement, newRow);
            }
        }
    }

    private void log(PreparedStatement statement, Object[] row) throws SQLException {
        for (int i = 0; i < keyPositions.length; i++) {
            statement.setObject(i + 1, row[keyPositions[i]]);
        }
        statement.executeUpdate();
    }

    private boolean keyChanged(Object[] oldRow, Object[] newRow) {
        for (int position : keyPositions) {
            if (!Objects.equals(oldRow[position], newRow[position])) {
                return true;
            }
        }
        return false;
    }
}
