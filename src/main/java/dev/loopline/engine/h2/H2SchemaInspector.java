package dev.loopline.engine.h2;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import dev.loopline.schema.SchemaSnapshot;
import dev.loopline.schema.SchemaSnapshot.Column;
import dev.loopline.schema.SchemaSnapshot.ForeignKey;
import dev.loopline.schema.SchemaSnapshot.Index;
import dev.loopline.schema.SchemaSnapshot.Table;

/** Reads the PUBLIC schema of an H2 database from its INFORMATION_SCHEMA into a {@link SchemaSnapshot}. */
final class H2SchemaInspector {

    private static final Set<String> SIZED = Set.of("CHARACTER VARYING", "CHARACTER", "BINARY VARYING", "BINARY",
            "VARCHAR_IGNORECASE");

    private H2SchemaInspector() {
    }

    private record KeyColumn(String constraint, String table, String column, int position, Integer uniquePosition) {
    }

    static SchemaSnapshot inspect(Connection connection) throws SQLException {
        Map<String, List<Column>> columns = new TreeMap<>();
        Map<String, List<String>> primaryKeys = new LinkedHashMap<>();
        Map<String, List<Index>> indexes = new LinkedHashMap<>();
        Map<String, List<ForeignKey>> foreignKeys = new LinkedHashMap<>();
        try (Statement statement = connection.createStatement()) {
            try (ResultSet rs = statement.executeQuery("""
                    SELECT C.TABLE_NAME, C.COLUMN_NAME, C.DATA_TYPE, C.CHARACTER_MAXIMUM_LENGTH, C.NUMERIC_PRECISION,
                           C.NUMERIC_SCALE, C.DATETIME_PRECISION, C.IS_NULLABLE, C.COLUMN_DEFAULT, C.IS_IDENTITY,
                           C.IDENTITY_GENERATION
                    FROM INFORMATION_SCHEMA.COLUMNS C JOIN INFORMATION_SCHEMA.TABLES T
                      ON T.TABLE_SCHEMA = C.TABLE_SCHEMA AND T.TABLE_NAME = C.TABLE_NAME
                    WHERE C.TABLE_SCHEMA = 'PUBLIC' AND T.TABLE_TYPE = 'BASE TABLE'
                    ORDER BY C.TABLE_NAME, C.ORDINAL_POSITION""")) {
                while (rs.next()) {
                    String defaultValue = "YES".equals(rs.getString("IS_IDENTITY"))
                            ? "GENERATED " + rs.getString("IDENTITY_GENERATION") + " AS IDENTITY"
                            : rs.getString("COLUMN_DEFAULT");
                    columns.computeIfAbsent(rs.getString("TABLE_NAME"), t -> new ArrayList<>())
                            .add(new Column(rs.getString("COLUMN_NAME"), type(rs), "YES".equals(rs.getString("IS_NULLABLE")),
                                    defaultValue));
                }
            }
            List<KeyColumn> keyColumns = new ArrayList<>();
            try (ResultSet rs = statement.executeQuery("""
                    SELECT CONSTRAINT_NAME, TABLE_NAME, COLUMN_NAME, ORDINAL_POSITION, POSITION_IN_UNIQUE_CONSTRAINT
                    FROM INFORMATION_SCHEMA.KEY_COLUMN_USAGE WHERE TABLE_SCHEMA = 'PUBLIC'
                    ORDER BY CONSTRAINT_NAME, ORDINAL_POSITION""")) {
                while (rs.next()) {
                    keyColumns.add(new KeyColumn(rs.getString(1), rs.getString(2), rs.getString(3), rs.getInt(4),
                            (Integer) rs.getObject(5)));
                }
            }
            Map<String, String> uniqueOfForeignKey = new TreeMap<>();
            Map<String, String> deleteRule = new TreeMap<>();
            try (ResultSet rs = statement.executeQuery("""
                    SELECT CONSTRAINT_NAME, UNIQUE_CONSTRAINT_NAME, DELETE_RULE FROM INFORMATION_SCHEMA.REFERENTIAL_CONSTRAINTS
                    WHERE CONSTRAINT_SCHEMA = 'PUBLIC'""")) {
                while (rs.next()) {
                    uniqueOfForeignKey.put(rs.getString(1), rs.getString(2));
                    deleteRule.put(rs.getString(1), rs.getString(3));
                }
            }
            try (ResultSet rs = statement.executeQuery("""
                    SELECT CONSTRAINT_NAME, CONSTRAINT_TYPE, TABLE_NAME FROM INFORMATION_SCHEMA.TABLE_CONSTRAINTS
                    WHERE TABLE_SCHEMA = 'PUBLIC' ORDER BY CONSTRAINT_NAME""")) {
                while (rs.next()) {
                    String name = rs.getString(1);
                    String table = rs.getString(3);
                    List<KeyColumn> own = keyColumns.stream().filter(k -> k.constraint().equals(name)).toList();
                    List<String> names = own.stream().map(KeyColumn::column).toList();
                    switch (rs.getString(2)) {
                        case "PRIMARY KEY" -> primaryKeys.put(table, names);
                        case "UNIQUE" -> indexes.computeIfAbsent(table, t -> new ArrayList<>())
                                .add(new Index(name, names, true, true));
                        case "FOREIGN KEY" -> {
                            List<KeyColumn> referenced = keyColumns.stream()
                                    .filter(k -> k.constraint().equals(uniqueOfForeignKey.get(name))).toList();
                            List<String> referencedColumns = own.stream().map(k -> referenced.stream()
                                    .filter(r -> k.uniquePosition() != null && r.position() == k.uniquePosition())
                                    .map(KeyColumn::column).findFirst().orElse("?")).toList();
                            String referencedTable = referenced.isEmpty() ? "?" : referenced.get(0).table();
                            foreignKeys.computeIfAbsent(table, t -> new ArrayList<>()).add(new ForeignKey(name, names,
                                    referencedTable, referencedColumns, deleteRule.get(name)));
                        }
                        default -> {
                            // CHECK constraints are kept by schema copies but not modelled yet
                        }
                    }
                }
            }
            try (ResultSet rs = statement.executeQuery("""
                    SELECT I.TABLE_NAME, I.INDEX_NAME, I.INDEX_TYPE_NAME, C.COLUMN_NAME
                    FROM INFORMATION_SCHEMA.INDEXES I JOIN INFORMATION_SCHEMA.INDEX_COLUMNS C
                      ON C.INDEX_SCHEMA = I.INDEX_SCHEMA AND C.INDEX_NAME = I.INDEX_NAME
                    WHERE I.INDEX_SCHEMA = 'PUBLIC' AND I.IS_GENERATED = FALSE
                    ORDER BY I.TABLE_NAME, I.INDEX_NAME, C.ORDINAL_POSITION""")) {
                Map<String, Index> explicit = new LinkedHashMap<>();
                Map<String, String> tableOf = new LinkedHashMap<>();
                while (rs.next()) {
                    String name = rs.getString(2);
                    tableOf.put(name, rs.getString(1));
                    Index previous = explicit.get(name);
                    List<String> cols = new ArrayList<>(previous == null ? List.of() : previous.columns());
                    cols.add(rs.getString(4));
                    explicit.put(name, new Index(name, cols, "UNIQUE INDEX".equals(rs.getString(3))));
                }
                explicit.forEach((name, index) -> indexes.computeIfAbsent(tableOf.get(name), t -> new ArrayList<>()).add(index));
            }
        }
        List<Table> tables = new ArrayList<>();
        columns.keySet().removeIf(name -> name.startsWith(H2OnlineMigrator.SHADOW_PREFIX)
                || name.startsWith(H2OnlineMigrator.OLD_PREFIX));
        columns.forEach((table, cols) -> tables.add(new Table(table, cols, primaryKeys.getOrDefault(table, List.of()),
                indexes.getOrDefault(table, List.of()), foreignKeys.getOrDefault(table, List.of()))));
        return new SchemaSnapshot(tables);
    }

    private static String type(ResultSet rs) throws SQLException {
        String type = rs.getString("DATA_TYPE");
        if (SIZED.contains(type) && rs.getObject("CHARACTER_MAXIMUM_LENGTH") != null) {
            return type + "(" + rs.getLong("CHARACTER_MAXIMUM_LENGTH") + ")";
        }
        if (("NUMERIC".equals(type) || "DECIMAL".equals(type)) && rs.getObject("NUMERIC_PRECISION") != null) {
            return type + "(" + rs.getInt("NUMERIC_PRECISION") + ", " + rs.getInt("NUMERIC_SCALE") + ")";
        }
        if ((type.startsWith("TIMESTAMP") || type.startsWith("TIME")) && rs.getObject("DATETIME_PRECISION") != null) {
            int precision = rs.getInt("DATETIME_PRECISION");
            int standard = type.startsWith("TIMESTAMP") ? 6 : 0;
            if (precision != standard) {
                int space = type.indexOf(' ');
                return space < 0 ? type + "(" + precision + ")"
                        : type.substring(0, space) + "(" + precision + ")" + type.substring(space);
            }
        }
        return type;
    }
}
