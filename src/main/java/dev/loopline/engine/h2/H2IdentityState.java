package dev.loopline.engine.h2;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

import dev.loopline.schema.SchemaSnapshot;
import dev.loopline.schema.SchemaSnapshot.Column;
import dev.loopline.schema.SchemaSnapshot.Identity;

/**
 * Where identity sequences stand after a swap. Rows reach a shadow table (and, in the revert window, the old table)
 * with their identity values given explicitly, which H2 does not count, so the arriving table's sequence still stands
 * at its start. At cutover it is set to where the leaving table's sequence stands when a plain {@code ALTER} would
 * have kept counting ({@link Identity#continues}); otherwise it starts at its start, as the plain {@code ALTER} that
 * defines the identity anew does. At revert the old table's sequence moves past every value the new table handed out.
 */
final class H2IdentityState {

    private H2IdentityState() {
    }

    static void carryOver(Statement statement, List<String> undo, String leavingName, SchemaSnapshot.Table leaving,
            String arrivingName, SchemaSnapshot.Table arriving, boolean forward) throws SQLException {
        for (Column column : arriving.columns()) {
            Identity identity = column.identity();
            Identity before = leaving.exactColumn(column.name()).map(Column::identity).orElse(null);
            if (identity == null || before == null || forward && !identity.continues(before)) {
                continue;
            }
            Long leavingBase = base(statement, leavingName, column.name());
            Long arrivingBase = base(statement, arrivingName, column.name());
            if (leavingBase == null || arrivingBase == null || leavingBase.equals(arrivingBase)) {
                continue;
            }
            boolean ahead = identity.increment() >= 0 ? leavingBase > arrivingBase : leavingBase < arrivingBase;
            if (forward || ahead) {
                String alter = "ALTER TABLE " + MirrorTrigger.quote(arrivingName) + " ALTER COLUMN "
                        + MirrorTrigger.quote(column.name()) + " RESTART WITH ";
                H2OnlineMigrator.rename(statement, undo, alter + leavingBase, alter + arrivingBase);
            }
        }
    }

    /**
     * The value the next insert into {@code table} (of the session's current schema) gets for the identity column
     * {@code column}.
     */
    static Long base(Statement statement, String table, String column) throws SQLException {
        try (PreparedStatement query = statement.getConnection().prepareStatement("SELECT IDENTITY_BASE FROM "
                + "INFORMATION_SCHEMA.COLUMNS WHERE TABLE_SCHEMA = CURRENT_SCHEMA AND TABLE_NAME = ? AND COLUMN_NAME = ?")) {
            query.setString(1, table);
            query.setString(2, column);
            try (ResultSet rows = query.executeQuery()) {
                return rows.next() && rows.getObject(1) != null ? rows.getLong(1) : null;
            }
        }
    }
}
