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
    /** For a reverse trigger: where a write the old table cannot take is recorded instead of failing the writer. */
    private String revertBlock;
    /** For a reverse trigger: per mirrored column, what the old table takes (null where not checked). */
    private Limit[] limits;
    /**
     * For a reverse trigger: the old table's columns the new one does not have and that a new row cannot do without
     * (NOT NULL, no default, identity or expression): a row inserted by the application cannot go back.
     */
    private java.util.List<String> required = java.util.List.of();
    /** Whether a key change can update the target's row in place: no key column is a target's ALWAYS identity. */
    private boolean keysUpdatable;
    private String triggerName;
    private String sourceTable;

    @Override
    public void init(Connection connection, String schemaName, String triggerName, String tableName, boolean before,
            int type) throws SQLException {
        this.triggerName = triggerName;
        this.sourceTable = dev.loopline.schema.SqlNames.qualified(schemaName, tableName);
        if (triggerName.startsWith("LL_REV_")) {
            int end = triggerName.indexOf('_', "LL_REV_".length());
            revertBlock = H2OnlineMigrator.revertBlockTableSql(Long.parseLong(triggerName.substring("LL_REV_".length(), end)));
        }
        try (PreparedStatement config = connection.prepareStatement("SELECT TARGET_TABLE, SOURCE_POSITIONS, TARGET_COLUMNS, "
                + "KEY_POSITIONS, KEY_COLUMNS, FALLBACK_TABLE, FIXED_COLUMNS FROM LOOPLINE.MIRROR WHERE TRIGGER_NAME = ?")) {
            config.setString(1, configurationKey(schemaName, triggerName));
            try (ResultSet row = config.executeQuery()) {
                if (!row.next()) {
                    throw new SQLException("No mirror configuration for trigger " + triggerName);
                }
                // the writer's session may be in any schema: the target and the fallback are in the trigger's
                target = quote(schemaName) + "." + quote(row.getString(1));
                sourcePositions = positions(row.getString(2));
                columns = names(row.getString(3));
                keyPositions = positions(row.getString(4));
                keys = names(row.getString(5));
                fallback = quote(schemaName) + "." + quote(row.getString(6));
                columnList = String.join(", ", Arrays.stream(columns).map(MirrorTrigger::quote).toList());
                java.util.Set<String> fixed = java.util.Set.of(row.getString(7).isEmpty() ? new String[0]
                        : names(row.getString(7)));
                java.util.Set<String> keySet = java.util.Set.of(keys);
                updated = java.util.stream.IntStream.range(0, columns.length)
                        .filter(i -> !keySet.contains(columns[i]) && !fixed.contains(columns[i])).toArray();
                keysUpdatable = keySet.stream().noneMatch(fixed::contains);
                if (revertBlock != null) {
                    limits = limitsOf(connection, schemaName, row.getString(1));
                    required = requiredOf(connection, schemaName, row.getString(1));
                }
            }
        }
    }

    /**
     * How a trigger's configuration is keyed in {@code LOOPLINE.MIRROR}: its name in {@code PUBLIC}, else
     * {@code SCHEMA.NAME} (trigger names are per schema, and the same table may change in two schemas at once).
     */
    static String configurationKey(String schema, String trigger) {
        return schema == null || "PUBLIC".equals(schema) ? trigger : schema + "." + trigger;
    }

    private Limit[] limitsOf(Connection connection, String schema, String table) throws SQLException {
        Limit[] result = new Limit[columns.length];
        try (PreparedStatement query = connection.prepareStatement("SELECT COLUMN_NAME, DATA_TYPE, "
                + "CHARACTER_MAXIMUM_LENGTH, NUMERIC_PRECISION, NUMERIC_SCALE, IS_NULLABLE FROM INFORMATION_SCHEMA.COLUMNS "
                + "WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ?")) {
            query.setString(1, schema);
            query.setString(2, table);
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    int i = Arrays.asList(columns).indexOf(rows.getString(1));
                    if (i >= 0) {
                        result[i] = new Limit("YES".equals(rows.getString(6)), rows.getString(2),
                                (Long) rows.getObject(3, Long.class), (Integer) rows.getObject(4, Integer.class),
                                (Integer) rows.getObject(5, Integer.class));
                    }
                }
            }
        }
        return result;
    }

    /** The columns of {@code table} that are not mirrored and that an insert without them would fail on. */
    private java.util.List<String> requiredOf(Connection connection, String schema, String table) throws SQLException {
        java.util.List<String> result = new java.util.ArrayList<>();
        try (PreparedStatement query = connection.prepareStatement("SELECT C.COLUMN_NAME FROM INFORMATION_SCHEMA.COLUMNS C "
                + "LEFT JOIN INFORMATION_SCHEMA.DOMAINS D ON D.DOMAIN_SCHEMA = C.DOMAIN_SCHEMA AND D.DOMAIN_NAME = C.DOMAIN_NAME "
                + "WHERE C.TABLE_SCHEMA = ? AND C.TABLE_NAME = ? AND C.IS_NULLABLE = 'NO' AND C.COLUMN_DEFAULT IS NULL "
                + "AND D.DOMAIN_DEFAULT IS NULL AND C.IS_IDENTITY = 'NO' AND C.IS_GENERATED = 'NEVER' ORDER BY C.ORDINAL_POSITION")) {
            query.setString(1, schema);
            query.setString(2, table);
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    if (!Arrays.asList(columns).contains(rows.getString(1))) {
                        result.add(rows.getString(1));
                    }
                }
            }
        }
        return result;
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
        if (limits != null && newRow != null) {
            String misfit = misfit(newRow);
            if (misfit != null && recordRevertBlock(connection, misfit, newRow)) {
                // the old table cannot take this write: the revert is marked unavailable, the writer's write stands
                // (checked before writing: a failed statement inside a trigger would undo the writer's own change)
                return;
            }
        }
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

    /** What one column of the old table takes: nullability, and the range or length of common types. */
    private record Limit(boolean nullable, String type, Long length, Integer precision, Integer scale) {
    }

    /** Why {@code row} does not fit the old table, or null when it does (or when its type is not one checked here). */
    private String misfit(Object[] row) {
        for (int i = 0; i < columns.length; i++) {
            Limit limit = limits[i];
            Object value = row[sourcePositions[i]];
            if (limit == null) {
                continue;
            }
            String column = dev.loopline.schema.SqlNames.quote(columns[i]);
            if (value == null) {
                if (!limit.nullable()) {
                    return "NULL in " + column + ", which is NOT NULL in the old table";
                }
                continue;
            }
            String type = limit.type();
            if (value instanceof Number number && (type.equals("TINYINT") || type.equals("SMALLINT")
                    || type.equals("INTEGER") || type.equals("BIGINT"))) {
                java.math.BigDecimal v = new java.math.BigDecimal(number.toString());
                long max = switch (type) {
                    case "TINYINT" -> Byte.MAX_VALUE;
                    case "SMALLINT" -> Short.MAX_VALUE;
                    case "INTEGER" -> Integer.MAX_VALUE;
                    default -> Long.MAX_VALUE;
                };
                if (v.compareTo(java.math.BigDecimal.valueOf(max)) > 0 || v.compareTo(java.math.BigDecimal.valueOf(-max - 1)) < 0) {
                    return "value " + v.toPlainString() + " of " + column + " is out of range for the old type " + type;
                }
            }
            else if (value instanceof Number number && (type.equals("NUMERIC") || type.equals("DECIMAL"))
                    && limit.precision() != null && limit.scale() != null) {
                java.math.BigDecimal v = new java.math.BigDecimal(number.toString())
                        .setScale(limit.scale(), java.math.RoundingMode.HALF_UP);
                if (v.precision() - v.scale() > limit.precision() - limit.scale()) {
                    return "value " + v.toPlainString() + " of " + column + " does not fit the old type NUMERIC("
                            + limit.precision() + ", " + limit.scale() + ")";
                }
            }
            else if (value instanceof String text && limit.length() != null && (type.equals("CHARACTER VARYING")
                    || type.equals("CHARACTER") || type.equals("VARCHAR_IGNORECASE"))
                    && text.codePointCount(0, text.length()) > limit.length()) {
                return "a value of " + text.codePointCount(0, text.length()) + " characters in " + column
                        + " is longer than the old type's " + limit.length();
            }
            else if (value instanceof byte[] bytes && limit.length() != null && (type.equals("BINARY VARYING")
                    || type.equals("BINARY")) && bytes.length > limit.length()) {
                return "a value of " + bytes.length + " bytes in " + column + " is longer than the old type's " + limit.length();
            }
        }
        return null;
    }

    /** Records the first write the old table could not take; false when even that failed (then it is mirrored as ever). */
    private boolean recordRevertBlock(Connection connection, String reason, Object[] row) {
        StringBuilder key = new StringBuilder();
        for (int i = 0; i < keyPositions.length; i++) {
            key.append(i == 0 ? "" : ", ").append(row[keyPositions[i]]);
        }
        try (PreparedStatement record = connection.prepareStatement("INSERT INTO " + revertBlock + " (TRIGGER_NAME, "
                + "TABLE_NAME, REASON, ROW_KEY, RECORDED_AT) SELECT ?, ?, ?, ?, CURRENT_TIMESTAMP FROM DUAL WHERE NOT EXISTS "
                + "(SELECT 1 FROM " + revertBlock + " WHERE TRIGGER_NAME = ?)")) {
            record.setString(1, triggerName);
            record.setString(2, sourceTable);
            record.setString(3, reason.length() > 2000 ? reason.substring(0, 2000) : reason);
            record.setString(4, key.length() > 2000 ? key.substring(0, 2000) : key.toString());
            record.setString(5, triggerName);
            record.executeUpdate();
            return true;
        }
        catch (SQLException e) {
            return false;
        }
    }

    private static boolean isTableMissing(SQLException e) {
        return e.getErrorCode() == 42102 || e.getErrorCode() == 42103 || e.getErrorCode() == 42104;
    }

    private void mirror(Connection connection, String table, Object[] oldRow, Object[] newRow) throws SQLException {
        boolean keyChanged = oldRow != null && newRow != null && keyChanged(oldRow, newRow);
        if (keyChanged && keysUpdatable) {
            // the row keeps what only the target has (a column the change drops, a new column's value), as the
            // application's UPDATE of the key does on either table
            if (movedKey(connection, table, oldRow, newRow)) {
                return;
            }
        }
        else if (oldRow != null && (newRow == null || keyChanged)) {
            try (PreparedStatement statement = connection.prepareStatement(delete(table))) {
                for (int i = 0; i < keyPositions.length; i++) {
                    statement.setObject(i + 1, oldRow[keyPositions[i]]);
                }
                statement.executeUpdate();
            }
        }
        if (newRow != null && !updated(connection, table, newRow)) {
            if (!required.isEmpty() && recordRevertBlock(connection, "no value for " + String.join(", ",
                    required.stream().map(dev.loopline.schema.SqlNames::quote).toList()) + ", which the old table "
                    + "requires (NOT NULL without a default)", newRow)) {
                return;
            }
            try (PreparedStatement statement = connection.prepareStatement(insert(table))) {
                for (int i = 0; i < sourcePositions.length; i++) {
                    statement.setObject(i + 1, newRow[sourcePositions[i]]);
                }
                statement.executeUpdate();
            }
        }
    }

    /**
     * Moves the target's row of {@code oldRow}'s key to {@code newRow}'s key, with {@code newRow}'s values; false when
     * the target has no such row (then {@code newRow} is to be inserted).
     */
    private boolean movedKey(Connection connection, String table, Object[] oldRow, Object[] newRow) throws SQLException {
        java.util.List<String> set = new java.util.ArrayList<>();
        for (int i : updated) {
            set.add(quote(columns[i]) + " = ?");
        }
        for (String key : keys) {
            set.add(quote(key) + " = ?");
        }
        try (PreparedStatement statement = connection.prepareStatement("UPDATE " + table + " SET " + String.join(", ", set)
                + " WHERE " + keyCondition())) {
            int parameter = 1;
            for (int i : updated) {
                statement.setObject(parameter++, newRow[sourcePositions[i]]);
            }
            for (int position : keyPositions) {
                statement.setObject(parameter++, newRow[position]);
            }
            for (int position : keyPositions) {
                statement.setObject(parameter++, oldRow[position]);
            }
            return statement.executeUpdate() > 0;
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

    /**
     * A list of column names as {@code LOOPLINE.MIRROR} stores it: joined by commas, each name's {@code %} and
     * {@code ,} written as {@code %25} and {@code %2C} (a quoted name may hold any character).
     */
    static String nameList(java.util.List<String> names) {
        return String.join(",", names.stream().map(n -> n.replace("%", "%25").replace(",", "%2C")).toList());
    }

    /** The names of a {@link #nameList}. */
    static String[] names(String list) {
        return Arrays.stream(list.split(",", -1)).map(n -> n.replace("%2C", ",").replace("%25", "%")).toArray(String[]::new);
    }

    private static int[] positions(String list) {
        return Arrays.stream(list.split(",")).mapToInt(Integer::parseInt).toArray();
    }

    static String quote(String identifier) {
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }
}
