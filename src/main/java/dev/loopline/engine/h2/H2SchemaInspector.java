package dev.loopline.engine.h2;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import dev.loopline.schema.SchemaSnapshot;
import dev.loopline.schema.SqlNames;
import dev.loopline.schema.SchemaSnapshot.Column;
import dev.loopline.schema.SchemaSnapshot.ForeignKey;
import dev.loopline.schema.SchemaSnapshot.Index;
import dev.loopline.schema.SchemaSnapshot.Table;

/**
 * Reads an H2 database's schema from its INFORMATION_SCHEMA into a {@link SchemaSnapshot}: the tables of {@code PUBLIC}
 * here, the schema-level objects and other schemas in {@link H2SchemaObjects}.
 */
final class H2SchemaInspector {

    private H2SchemaInspector() {
    }

    private record KeyColumn(String constraint, String table, String column, int position, Integer uniquePosition) {
    }

    static SchemaSnapshot inspect(Connection connection) throws SQLException {
        return H2SchemaObjects.complete(connection, tables(connection, SchemaSnapshot.PUBLIC));
    }

    /** The base tables of one schema (without Loopline's own shadow and old tables). */
    static List<Table> tables(Connection connection, String schema) throws SQLException {
        String s = SqlNames.literal(schema);
        Map<String, List<Column>> columns = new TreeMap<>();
        Map<String, List<String>> primaryKeys = new LinkedHashMap<>();
        Map<String, List<Index>> indexes = new LinkedHashMap<>();
        Map<String, List<ForeignKey>> foreignKeys = new LinkedHashMap<>();
        try (Statement statement = connection.createStatement()) {
            TypeDetails details = TypeDetails.read(statement, schema, "TABLE");
            try (ResultSet rs = statement.executeQuery("""
                    SELECT C.*
                    FROM INFORMATION_SCHEMA.COLUMNS C JOIN INFORMATION_SCHEMA.TABLES T
                      ON T.TABLE_SCHEMA = C.TABLE_SCHEMA AND T.TABLE_NAME = C.TABLE_NAME
                    WHERE C.TABLE_SCHEMA = %1$s AND T.TABLE_TYPE = 'BASE TABLE'
                    ORDER BY C.TABLE_NAME, C.ORDINAL_POSITION""".formatted(s))) {
                while (rs.next()) {
                    columns.computeIfAbsent(rs.getString("TABLE_NAME"), t -> new ArrayList<>())
                            .add(H2TableDetails.column(rs, rs.getString("DOMAIN_NAME") != null
                                    ? H2SchemaObjects.reference(rs.getString("DOMAIN_SCHEMA"), rs.getString("DOMAIN_NAME"))
                                    : type(rs.getString("TABLE_NAME"), TypeRow.of(rs), details)));
                }
            }
            List<KeyColumn> keyColumns = new ArrayList<>();
            try (ResultSet rs = statement.executeQuery("""
                    SELECT CONSTRAINT_NAME, TABLE_NAME, COLUMN_NAME, ORDINAL_POSITION, POSITION_IN_UNIQUE_CONSTRAINT
                    FROM INFORMATION_SCHEMA.KEY_COLUMN_USAGE WHERE TABLE_SCHEMA = %1$s
                    ORDER BY CONSTRAINT_NAME, ORDINAL_POSITION""".formatted(s))) {
                while (rs.next()) {
                    keyColumns.add(new KeyColumn(rs.getString(1), rs.getString(2), rs.getString(3), rs.getInt(4),
                            (Integer) rs.getObject(5)));
                }
            }
            Map<String, String> uniqueOfForeignKey = new TreeMap<>();
            Map<String, String> deleteRule = new TreeMap<>();
            Map<String, String> updateRule = new TreeMap<>();
            java.util.Set<String> toOtherSchemas = new java.util.HashSet<>();
            try (ResultSet rs = statement.executeQuery("""
                    SELECT CONSTRAINT_NAME, UNIQUE_CONSTRAINT_NAME, DELETE_RULE, UPDATE_RULE, UNIQUE_CONSTRAINT_SCHEMA
                    FROM INFORMATION_SCHEMA.REFERENTIAL_CONSTRAINTS WHERE CONSTRAINT_SCHEMA = %1$s""".formatted(s))) {
                while (rs.next()) {
                    if (!schema.equals(rs.getString(5))) {
                        // the model names a referenced table without its schema: listed as unsupported instead
                        toOtherSchemas.add(rs.getString(1));
                    }
                    uniqueOfForeignKey.put(rs.getString(1), rs.getString(2));
                    deleteRule.put(rs.getString(1), rs.getString(3));
                    updateRule.put(rs.getString(1), rs.getString(4));
                }
            }
            try (ResultSet rs = statement.executeQuery("""
                    SELECT CONSTRAINT_NAME, CONSTRAINT_TYPE, TABLE_NAME, REMARKS FROM INFORMATION_SCHEMA.TABLE_CONSTRAINTS
                    WHERE TABLE_SCHEMA = %1$s ORDER BY CONSTRAINT_NAME""".formatted(s))) {
                while (rs.next()) {
                    String name = rs.getString(1);
                    String table = rs.getString(3);
                    List<KeyColumn> own = keyColumns.stream().filter(k -> k.constraint().equals(name)).toList();
                    List<String> names = own.stream().map(KeyColumn::column).toList();
                    switch (rs.getString(2)) {
                        case "PRIMARY KEY" -> primaryKeys.put(table, names);
                        case "UNIQUE" -> indexes.computeIfAbsent(table, t -> new ArrayList<>())
                                .add(new Index(name, names, true, true, null, rs.getString(4)));
                        case "FOREIGN KEY" -> {
                            if (toOtherSchemas.contains(name)) {
                                continue;
                            }
                            List<KeyColumn> referenced = keyColumns.stream()
                                    .filter(k -> k.constraint().equals(uniqueOfForeignKey.get(name))).toList();
                            List<String> referencedColumns = own.stream().map(k -> referenced.stream()
                                    .filter(r -> k.uniquePosition() != null && r.position() == k.uniquePosition())
                                    .map(KeyColumn::column).findFirst().orElse("?")).toList();
                            String referencedTable = referenced.isEmpty() ? "?" : referenced.get(0).table();
                            foreignKeys.computeIfAbsent(table, t -> new ArrayList<>()).add(new ForeignKey(name, names,
                                    referencedTable, referencedColumns, deleteRule.get(name), updateRule.get(name), rs.getString(4)));
                        }
                        default -> {
                            // CHECK constraints: read by H2TableDetails
                        }
                    }
                }
            }
            try (ResultSet rs = statement.executeQuery("""
                    SELECT I.TABLE_NAME, I.INDEX_NAME, I.INDEX_TYPE_NAME, C.COLUMN_NAME, C.ORDERING_SPECIFICATION,
                           C.NULL_ORDERING, I.REMARKS
                    FROM INFORMATION_SCHEMA.INDEXES I JOIN INFORMATION_SCHEMA.INDEX_COLUMNS C
                      ON C.INDEX_SCHEMA = I.INDEX_SCHEMA AND C.INDEX_NAME = I.INDEX_NAME
                    WHERE I.INDEX_SCHEMA = %1$s AND I.IS_GENERATED = FALSE
                    ORDER BY I.TABLE_NAME, I.INDEX_NAME, C.ORDINAL_POSITION""".formatted(s))) {
                Map<String, Index> explicit = new LinkedHashMap<>();
                Map<String, String> tableOf = new LinkedHashMap<>();
                while (rs.next()) {
                    String name = rs.getString(2);
                    tableOf.put(name, rs.getString(1));
                    Index previous = explicit.get(name);
                    List<String> cols = new ArrayList<>(previous == null ? List.of() : previous.columns());
                    List<String> ordering = new ArrayList<>(previous == null ? List.of() : previous.ordering());
                    cols.add(rs.getString(4));
                    ordering.add(ordering(rs.getString(5), rs.getString(6)));
                    explicit.put(name, new Index(name, cols, "UNIQUE INDEX".equals(rs.getString(3)), false, ordering,
                            rs.getString(7)));
                }
                explicit.forEach((name, index) -> indexes.computeIfAbsent(tableOf.get(name), t -> new ArrayList<>()).add(index));
            }
        }
        H2TableDetails tableDetails = H2TableDetails.read(connection, schema);
        List<Table> tables = new ArrayList<>();
        columns.keySet().removeIf(name -> name.startsWith(H2OnlineMigrator.SHADOW_PREFIX)
                || name.startsWith(H2OnlineMigrator.OLD_PREFIX) || name.startsWith(H2OnlineMigrator.LOG_PREFIX));
        columns.forEach((table, cols) -> tables.add(new Table(table, cols, primaryKeys.getOrDefault(table, List.of()),
                indexes.getOrDefault(table, List.of()), foreignKeys.getOrDefault(table, List.of()),
                tableDetails.checks(table), tableDetails.comment(table))));
        return tables;
    }

    /**
     * One data type as INFORMATION_SCHEMA describes it; COLUMNS, ELEMENT_TYPES (array elements) and FIELDS (row
     * fields) share these columns.
     */
    record TypeRow(String dataType, Long length, Integer precision, Integer scale, Integer datetimePrecision,
            String intervalType, Integer intervalPrecision, Integer cardinality, String dtd, Integer declaredPrecision,
            String geometryType, Integer geometrySrid, String declaredType) {

        static TypeRow of(ResultSet rs) throws SQLException {
            return new TypeRow(rs.getString("DATA_TYPE"), (Long) number(rs, "CHARACTER_MAXIMUM_LENGTH", true),
                    (Integer) number(rs, "NUMERIC_PRECISION", false), (Integer) number(rs, "NUMERIC_SCALE", false),
                    (Integer) number(rs, "DATETIME_PRECISION", false), rs.getString("INTERVAL_TYPE"),
                    (Integer) number(rs, "INTERVAL_PRECISION", false), (Integer) number(rs, "MAXIMUM_CARDINALITY", false),
                    rs.getString("DTD_IDENTIFIER"), (Integer) number(rs, "DECLARED_NUMERIC_PRECISION", false),
                    rs.getString("GEOMETRY_TYPE"), (Integer) number(rs, "GEOMETRY_SRID", false),
                    rs.getString("DECLARED_DATA_TYPE"));
        }

        private static Number number(ResultSet rs, String column, boolean wide) throws SQLException {
            Object value = rs.getObject(column);
            if (value == null) {
                return null;
            }
            long n = ((Number) value).longValue();
            return wide ? (Number) n : (Number) (int) n;
        }
    }

    /** Array element types, enum values and row fields of one table's columns, by their DTD identifiers. */
    record TypeDetails(Map<String, TypeRow> elements, Map<String, List<String>> enumValues,
            Map<String, List<Map.Entry<String, TypeRow>>> fields) {

        static String key(String table, String identifier) {
            return table + '\u0000' + identifier;
        }

        static TypeDetails read(Statement statement, String schema, String objectType) throws SQLException {
            String owner = "OBJECT_SCHEMA = " + SqlNames.literal(schema) + " AND OBJECT_TYPE = " + SqlNames.literal(objectType);
            Map<String, TypeRow> elements = new TreeMap<>();
            Map<String, List<String>> enumValues = new TreeMap<>();
            Map<String, List<Map.Entry<String, TypeRow>>> fields = new TreeMap<>();
            try (ResultSet rs = statement.executeQuery("SELECT * FROM INFORMATION_SCHEMA.ELEMENT_TYPES "
                    + "WHERE " + owner)) {
                while (rs.next()) {
                    elements.put(key(rs.getString("OBJECT_NAME"), rs.getString("COLLECTION_TYPE_IDENTIFIER")),
                            TypeRow.of(rs));
                }
            }
            try (ResultSet rs = statement.executeQuery("SELECT OBJECT_NAME, ENUM_IDENTIFIER, VALUE_NAME "
                    + "FROM INFORMATION_SCHEMA.ENUM_VALUES WHERE " + owner + " "
                    + "ORDER BY OBJECT_NAME, ENUM_IDENTIFIER, CAST(VALUE_ORDINAL AS INT)")) {
                while (rs.next()) {
                    enumValues.computeIfAbsent(key(rs.getString(1), rs.getString(2)), k -> new ArrayList<>())
                            .add(rs.getString(3));
                }
            }
            try (ResultSet rs = statement.executeQuery("SELECT * FROM INFORMATION_SCHEMA.FIELDS "
                    + "WHERE " + owner + " ORDER BY OBJECT_NAME, ROW_IDENTIFIER, "
                    + "ORDINAL_POSITION")) {
                while (rs.next()) {
                    fields.computeIfAbsent(key(rs.getString("OBJECT_NAME"), rs.getString("ROW_IDENTIFIER")),
                            k -> new ArrayList<>()).add(Map.entry(rs.getString("FIELD_NAME"), TypeRow.of(rs)));
                }
            }
            return new TypeDetails(elements, enumValues, fields);
        }
    }

    /** H2's defaults, left out when rendering so that types read as they are usually written. */
    private static final long NO_LOB_LIMIT = Long.MAX_VALUE;
    private static final long DEFAULT_JSON_LENGTH = 1_000_000_000L;
    private static final int DEFAULT_CARDINALITY = 65_536;
    private static final int DEFAULT_INTERVAL_PRECISION = 2;
    private static final int DEFAULT_INTERVAL_FRACTION = 6;

    /**
     * The full SQL type of a column, array element or row field, with every parameter H2 keeps, so that creating a
     * column of the rendered type reads back as the same type.
     */
    static String type(String table, TypeRow row, TypeDetails details) {
        String type = row.dataType();
        if ("FLOAT".equals(row.declaredType())) {
            // FLOAT(p) is REAL or DOUBLE PRECISION by its binary precision; H2 keeps the declared form, and so do we
            return row.declaredPrecision() == null ? "FLOAT" : "FLOAT(" + row.declaredPrecision() + ")";
        }
        switch (type) {
            case "CHARACTER VARYING", "CHARACTER", "BINARY VARYING", "BINARY", "VARCHAR_IGNORECASE" -> {
                return row.length() == null ? type : type + "(" + row.length() + ")";
            }
            case "CHARACTER LARGE OBJECT", "BINARY LARGE OBJECT" -> {
                return row.length() == null || row.length() == NO_LOB_LIMIT ? type : type + "(" + row.length() + ")";
            }
            case "JSON", "JAVA_OBJECT" -> {
                return row.length() == null || row.length() == DEFAULT_JSON_LENGTH ? type : type + "(" + row.length() + ")";
            }
            case "NUMERIC", "DECIMAL" -> {
                // H2 reports DECIMAL as NUMERIC but keeps the declared name
                String name = "DECIMAL".equals(row.declaredType()) ? "DECIMAL" : type;
                return row.precision() == null ? name : name + "(" + row.precision() + ", " + row.scale() + ")";
            }
            case "DECFLOAT" -> {
                return row.declaredPrecision() == null ? type : type + "(" + row.declaredPrecision() + ")";
            }
            case "ENUM" -> {
                List<String> values = details.enumValues().getOrDefault(TypeDetails.key(table, row.dtd()), List.of());
                return "ENUM(" + String.join(", ", values.stream().map(SqlNames::literal).toList()) + ")";
            }
            case "ARRAY" -> {
                TypeRow element = details.elements().get(TypeDetails.key(table, row.dtd()));
                String elementType = element == null ? "" : type(table, element, details) + " ";
                Integer cardinality = row.cardinality();
                return elementType + "ARRAY"
                        + (cardinality == null || cardinality == DEFAULT_CARDINALITY ? "" : "[" + cardinality + "]");
            }
            case "ROW" -> {
                List<String> fields = new ArrayList<>();
                for (var field : details.fields().getOrDefault(TypeDetails.key(table, row.dtd()), List.of())) {
                    fields.add(SqlNames.quote(field.getKey()) + " " + type(table, field.getValue(), details));
                }
                return "ROW(" + String.join(", ", fields) + ")";
            }
            case "INTERVAL" -> {
                return interval(row);
            }
            case "GEOMETRY" -> {
                if (row.geometryType() == null && row.geometrySrid() == null) {
                    return type;
                }
                return "GEOMETRY(" + (row.geometryType() == null ? "GEOMETRY" : row.geometryType())
                        + (row.geometrySrid() == null ? "" : ", " + row.geometrySrid()) + ")";
            }
            default -> {
                if (type.startsWith("TIME") && row.datetimePrecision() != null) {
                    int precision = row.datetimePrecision();
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
    }

    /** {@code INTERVAL DAY TO SECOND}, {@code INTERVAL YEAR(3)}, {@code INTERVAL SECOND(4, 3)}: defaults left out. */
    private static String interval(TypeRow row) {
        String qualifier = row.intervalType();
        int leading = row.intervalPrecision() == null ? DEFAULT_INTERVAL_PRECISION : row.intervalPrecision();
        int fraction = row.datetimePrecision() == null ? DEFAULT_INTERVAL_FRACTION : row.datetimePrecision();
        String[] parts = qualifier.split(" TO ");
        String start = parts[0];
        boolean secondsOnly = parts.length == 1 && "SECOND".equals(start);
        StringBuilder sql = new StringBuilder("INTERVAL ").append(start);
        if (secondsOnly) {
            if (leading != DEFAULT_INTERVAL_PRECISION || fraction != DEFAULT_INTERVAL_FRACTION) {
                sql.append('(').append(leading).append(fraction != DEFAULT_INTERVAL_FRACTION ? ", " + fraction : "")
                        .append(')');
            }
            return sql.toString();
        }
        if (leading != DEFAULT_INTERVAL_PRECISION) {
            sql.append('(').append(leading).append(')');
        }
        if (parts.length == 2) {
            sql.append(" TO ").append(parts[1]);
            if ("SECOND".equals(parts[1]) && fraction != DEFAULT_INTERVAL_FRACTION) {
                sql.append('(').append(fraction).append(')');
            }
        }
        return sql.toString();
    }

    /**
     * What follows a column in an index definition: {@code ""} for H2's default (ascending, nulls first;
     * descending means nulls last), else {@code DESC} and/or {@code NULLS FIRST|LAST}.
     */
    static String ordering(String specification, String nullOrdering) {
        boolean descending = "DESC".equals(specification);
        String defaultNulls = descending ? "LAST" : "FIRST";
        String nulls = nullOrdering == null || nullOrdering.equals(defaultNulls) ? "" : "NULLS " + nullOrdering;
        return ((descending ? "DESC " : "") + nulls).trim();
    }
}
