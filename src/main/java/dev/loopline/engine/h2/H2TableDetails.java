package dev.loopline.engine.h2;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import dev.loopline.schema.SchemaSnapshot.Check;
import dev.loopline.schema.SchemaSnapshot.Column;
import dev.loopline.schema.SchemaSnapshot.Identity;

/**
 * The table-level details H2 keeps beside types and keys: a column's default, identity, generation expression,
 * {@code ON UPDATE} and comment; a table's CHECK constraints (with their comments) and its comment.
 */
final class H2TableDetails {

    /** H2's default identity cache size. */
    private static final long DEFAULT_CACHE = 32;
    private static final Map<String, long[]> INTEGER_BOUNDS = Map.of("TINYINT", new long[] {Byte.MIN_VALUE, Byte.MAX_VALUE},
            "SMALLINT", new long[] {Short.MIN_VALUE, Short.MAX_VALUE},
            "INTEGER", new long[] {Integer.MIN_VALUE, Integer.MAX_VALUE},
            "BIGINT", new long[] {Long.MIN_VALUE, Long.MAX_VALUE});

    private final Map<String, List<Check>> checks;
    private final Map<String, String> comments;

    private H2TableDetails(Map<String, List<Check>> checks, Map<String, String> comments) {
        this.checks = checks;
        this.comments = comments;
    }

    List<Check> checks(String table) {
        return checks.getOrDefault(table, List.of());
    }

    String comment(String table) {
        return comments.get(table);
    }

    /** The checks and comments of {@code schema}'s tables. */
    static H2TableDetails read(Connection connection, String schema) throws SQLException {
        String s = dev.loopline.schema.SqlNames.literal(schema);
        Map<String, List<Check>> checks = new TreeMap<>();
        Map<String, String> comments = new TreeMap<>();
        try (Statement statement = connection.createStatement()) {
            try (ResultSet rs = statement.executeQuery("""
                    SELECT T.TABLE_NAME, T.CONSTRAINT_NAME, C.CHECK_CLAUSE, T.REMARKS
                    FROM INFORMATION_SCHEMA.TABLE_CONSTRAINTS T JOIN INFORMATION_SCHEMA.CHECK_CONSTRAINTS C
                      ON C.CONSTRAINT_SCHEMA = T.CONSTRAINT_SCHEMA AND C.CONSTRAINT_NAME = T.CONSTRAINT_NAME
                    WHERE T.TABLE_SCHEMA = %1$s AND T.CONSTRAINT_TYPE = 'CHECK'""".formatted(s))) {
                while (rs.next()) {
                    checks.computeIfAbsent(rs.getString(1), t -> new ArrayList<>())
                            .add(new Check(rs.getString(2), rs.getString(3), rs.getString(4)));
                }
            }
            try (ResultSet rs = statement.executeQuery("SELECT TABLE_NAME, REMARKS FROM INFORMATION_SCHEMA.TABLES "
                    + "WHERE TABLE_SCHEMA = " + s + " AND TABLE_TYPE = 'BASE TABLE' AND REMARKS IS NOT NULL")) {
                while (rs.next()) {
                    comments.put(rs.getString(1), rs.getString(2));
                }
            }
        }
        return new H2TableDetails(checks, comments);
    }

    /** A column from its INFORMATION_SCHEMA.COLUMNS row, with its type already rendered. */
    static Column column(ResultSet rs, String type) throws SQLException {
        Identity identity = "YES".equals(rs.getString("IS_IDENTITY")) ? identity(rs) : null;
        String generated = "ALWAYS".equals(rs.getString("IS_GENERATED")) ? rs.getString("GENERATION_EXPRESSION") : null;
        String defaultValue = identity == null && generated == null ? rs.getString("COLUMN_DEFAULT") : null;
        return new Column(rs.getString("COLUMN_NAME"), type, "YES".equals(rs.getString("IS_NULLABLE")), defaultValue,
                identity, generated, rs.getString("COLUMN_ON_UPDATE"), rs.getString("REMARKS"));
    }

    private static Identity identity(ResultSet rs) throws SQLException {
        long start = rs.getLong("IDENTITY_START");
        long increment = rs.getLong("IDENTITY_INCREMENT");
        long minimum = rs.getLong("IDENTITY_MINIMUM");
        long maximum = rs.getLong("IDENTITY_MAXIMUM");
        long cache = rs.getLong("IDENTITY_CACHE");
        long[] bounds = INTEGER_BOUNDS.get(rs.getString("DATA_TYPE"));
        Long min = minimum;
        Long max = maximum;
        if (bounds != null) {
            // H2's defaults (org.h2.command.ddl.SequenceOptions): ascending from 1 (or a lower start) to the type's
            // maximum, descending from -1 (or a higher start) to the type's minimum
            long defaultMin = increment >= 0 ? Math.min(1, start) : bounds[0];
            long defaultMax = increment >= 0 ? bounds[1] : Math.max(-1, start);
            min = minimum == defaultMin ? null : minimum;
            max = maximum == defaultMax ? null : maximum;
        }
        Object base = rs.getObject("IDENTITY_BASE");
        return new Identity(rs.getString("IDENTITY_GENERATION"), start, increment, min, max,
                "YES".equals(rs.getString("IDENTITY_CYCLE")), cache == DEFAULT_CACHE ? null : cache,
                base == null ? null : ((Number) base).longValue());
    }
}
