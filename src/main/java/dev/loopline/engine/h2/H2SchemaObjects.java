package dev.loopline.engine.h2;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.loopline.schema.SchemaSnapshot;
import dev.loopline.schema.SchemaSnapshot.Domain;
import dev.loopline.schema.SchemaSnapshot.DomainCheck;
import dev.loopline.schema.SchemaSnapshot.Sequence;
import dev.loopline.schema.SchemaSnapshot.UnsupportedObject;
import dev.loopline.schema.SchemaSnapshot.UserSchema;
import dev.loopline.schema.SchemaSnapshot.View;

/**
 * Reads the schema-level objects of an H2 database: views (H2's normalized query text), sequences (not the identity
 * columns' own), domains, schemas other than {@code PUBLIC} with their tables, and the objects the model cannot carry
 * (triggers, user-defined functions and aggregates, synonyms, constants, linked and temporary tables, foreign keys
 * to a table of another schema), which are listed as {@link UnsupportedObject}s. Loopline's own schema {@code LOOPLINE} and its {@code LL_} triggers are left out.
 */
final class H2SchemaObjects {

    /** Schemas that are not the user's. */
    private static final String SYSTEM = "('INFORMATION_SCHEMA', 'LOOPLINE')";

    private H2SchemaObjects() {
    }

    /** How H2 names an object in normalized SQL: {@code "PUBLIC"."EMAIL"}; used for domain types. */
    static String reference(String schema, String name) {
        return "\"" + schema.replace("\"", "\"\"") + "\".\"" + name.replace("\"", "\"\"") + "\"";
    }

    static SchemaSnapshot complete(Connection connection, List<SchemaSnapshot.Table> publicTables) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            List<UserSchema> schemas = new ArrayList<>();
            for (String schema : strings(statement, "SELECT SCHEMA_NAME FROM INFORMATION_SCHEMA.SCHEMATA WHERE SCHEMA_NAME "
                    + "NOT IN " + SYSTEM + " AND SCHEMA_NAME <> 'PUBLIC' ORDER BY SCHEMA_NAME")) {
                schemas.add(new UserSchema(schema, H2SchemaInspector.tables(connection, schema)));
            }
            return new SchemaSnapshot(publicTables, views(statement), sequences(statement), domains(statement), schemas,
                    unsupported(statement));
        }
    }

    private static List<String> strings(Statement statement, String query) throws SQLException {
        List<String> values = new ArrayList<>();
        try (ResultSet rs = statement.executeQuery(query)) {
            while (rs.next()) {
                values.add(rs.getString(1));
            }
        }
        return values;
    }

    static List<View> views(Statement statement) throws SQLException {
        Map<List<String>, String> queries = new LinkedHashMap<>();
        try (ResultSet rs = statement.executeQuery("SELECT TABLE_SCHEMA, TABLE_NAME, VIEW_DEFINITION FROM "
                + "INFORMATION_SCHEMA.VIEWS WHERE TABLE_SCHEMA NOT IN " + SYSTEM + " ORDER BY TABLE_SCHEMA, TABLE_NAME")) {
            while (rs.next()) {
                queries.put(List.of(rs.getString(1), rs.getString(2)), rs.getString(3));
            }
        }
        Map<List<String>, List<String>> columns = new LinkedHashMap<>();
        try (ResultSet rs = statement.executeQuery("SELECT C.TABLE_SCHEMA, C.TABLE_NAME, C.COLUMN_NAME FROM "
                + "INFORMATION_SCHEMA.COLUMNS C JOIN INFORMATION_SCHEMA.TABLES T ON T.TABLE_SCHEMA = C.TABLE_SCHEMA "
                + "AND T.TABLE_NAME = C.TABLE_NAME WHERE T.TABLE_TYPE = 'VIEW' AND C.TABLE_SCHEMA NOT IN " + SYSTEM
                + " ORDER BY C.TABLE_SCHEMA, C.TABLE_NAME, C.ORDINAL_POSITION")) {
            while (rs.next()) {
                columns.computeIfAbsent(List.of(rs.getString(1), rs.getString(2)), k -> new ArrayList<>()).add(rs.getString(3));
            }
        }
        List<View> views = new ArrayList<>();
        queries.forEach((key, query) -> views.add(new View(key.get(0), key.get(1), columns.getOrDefault(key, List.of()),
                query)));
        return views;
    }

    private static List<Sequence> sequences(Statement statement) throws SQLException {
        List<Sequence> sequences = new ArrayList<>();
        try (ResultSet rs = statement.executeQuery("SELECT * FROM INFORMATION_SCHEMA.SEQUENCES WHERE SEQUENCE_SCHEMA "
                + "NOT IN " + SYSTEM + " ORDER BY SEQUENCE_SCHEMA, SEQUENCE_NAME")) {
            while (rs.next()) {
                String type = rs.getString("DATA_TYPE");
                if ("NUMERIC".equals(type) || "DECIMAL".equals(type)) {
                    Object declared = rs.getObject("DECLARED_NUMERIC_PRECISION");
                    type = type + "(" + (declared == null ? rs.getInt("NUMERIC_PRECISION") : declared) + ")";
                }
                sequences.add(new Sequence(rs.getString("SEQUENCE_SCHEMA"), rs.getString("SEQUENCE_NAME"), type,
                        rs.getLong("START_VALUE"), rs.getLong("INCREMENT"), rs.getLong("MINIMUM_VALUE"),
                        rs.getLong("MAXIMUM_VALUE"), "YES".equals(rs.getString("CYCLE_OPTION")), rs.getLong("CACHE"),
                        rs.getLong("BASE_VALUE")));
            }
        }
        return sequences;
    }

    private static List<Domain> domains(Statement statement) throws SQLException {
        Map<List<String>, List<DomainCheck>> checks = new LinkedHashMap<>();
        try (ResultSet rs = statement.executeQuery("SELECT D.DOMAIN_SCHEMA, D.DOMAIN_NAME, D.CONSTRAINT_NAME, C.CHECK_CLAUSE "
                + "FROM INFORMATION_SCHEMA.DOMAIN_CONSTRAINTS D JOIN INFORMATION_SCHEMA.CHECK_CONSTRAINTS C "
                + "ON C.CONSTRAINT_SCHEMA = D.CONSTRAINT_SCHEMA AND C.CONSTRAINT_NAME = D.CONSTRAINT_NAME "
                + "WHERE D.DOMAIN_SCHEMA NOT IN " + SYSTEM)) {
            while (rs.next()) {
                checks.computeIfAbsent(List.of(rs.getString(1), rs.getString(2)), k -> new ArrayList<>())
                        .add(new DomainCheck(rs.getString(3), rs.getString(4)));
            }
        }
        List<Domain> domains = new ArrayList<>();
        Map<String, H2SchemaInspector.TypeDetails> details = new LinkedHashMap<>();
        List<Object[]> rows = new ArrayList<>();
        try (ResultSet rs = statement.executeQuery("SELECT * FROM INFORMATION_SCHEMA.DOMAINS WHERE DOMAIN_SCHEMA NOT IN "
                + SYSTEM + " ORDER BY DOMAIN_SCHEMA, DOMAIN_NAME")) {
            while (rs.next()) {
                rows.add(new Object[] {rs.getString("DOMAIN_SCHEMA"), rs.getString("DOMAIN_NAME"),
                        H2SchemaInspector.TypeRow.of(rs), rs.getString("DOMAIN_DEFAULT"), rs.getString("DOMAIN_ON_UPDATE"),
                        rs.getString("PARENT_DOMAIN_SCHEMA"), rs.getString("PARENT_DOMAIN_NAME")});
            }
        }
        for (Object[] row : rows) {
            String schema = (String) row[0];
            String name = (String) row[1];
            String type;
            if (row[6] != null) {
                type = reference((String) row[5], (String) row[6]);
            }
            else {
                H2SchemaInspector.TypeDetails typeDetails = details.get(schema);
                if (typeDetails == null) {
                    typeDetails = H2SchemaInspector.TypeDetails.read(statement, schema, "DOMAIN");
                    details.put(schema, typeDetails);
                }
                type = H2SchemaInspector.type(name, (H2SchemaInspector.TypeRow) row[2], typeDetails);
            }
            domains.add(new Domain(schema, name, type, (String) row[3], (String) row[4],
                    checks.getOrDefault(List.of(schema, name), List.of())));
        }
        return domains;
    }

    private static List<UnsupportedObject> unsupported(Statement statement) throws SQLException {
        List<UnsupportedObject> objects = new ArrayList<>();
        try (ResultSet rs = statement.executeQuery("SELECT TRIGGER_SCHEMA, TRIGGER_NAME, EVENT_OBJECT_TABLE, JAVA_CLASS "
                + "FROM INFORMATION_SCHEMA.TRIGGERS WHERE TRIGGER_SCHEMA NOT IN " + SYSTEM
                + " AND TRIGGER_NAME NOT LIKE 'LL\\_%' ORDER BY TRIGGER_SCHEMA, TRIGGER_NAME")) {
            while (rs.next()) {
                objects.add(new UnsupportedObject("trigger", rs.getString(1), rs.getString(2), rs.getString(3),
                        rs.getString(4) == null ? "a trigger with source code" : "Java class " + rs.getString(4)));
            }
        }
        try (ResultSet rs = statement.executeQuery("SELECT ROUTINE_SCHEMA, ROUTINE_NAME, ROUTINE_TYPE, EXTERNAL_NAME "
                + "FROM INFORMATION_SCHEMA.ROUTINES WHERE ROUTINE_SCHEMA NOT IN " + SYSTEM)) {
            while (rs.next()) {
                String kind = "AGGREGATE".equals(rs.getString(3)) ? "aggregate" : "function";
                objects.add(new UnsupportedObject("user-defined " + kind, rs.getString(1), rs.getString(2), null,
                        rs.getString(4) == null ? "defined by source code" : "Java " + rs.getString(4)));
            }
        }
        try (ResultSet rs = statement.executeQuery("SELECT SYNONYM_SCHEMA, SYNONYM_NAME, SYNONYM_FOR_SCHEMA, SYNONYM_FOR "
                + "FROM INFORMATION_SCHEMA.SYNONYMS WHERE SYNONYM_SCHEMA NOT IN " + SYSTEM)) {
            while (rs.next()) {
                objects.add(new UnsupportedObject("synonym", rs.getString(1), rs.getString(2), rs.getString(4),
                        "for " + rs.getString(3) + "." + rs.getString(4)));
            }
        }
        try (ResultSet rs = statement.executeQuery("SELECT CONSTANT_SCHEMA, CONSTANT_NAME, VALUE_DEFINITION "
                + "FROM INFORMATION_SCHEMA.CONSTANTS WHERE CONSTANT_SCHEMA NOT IN " + SYSTEM)) {
            while (rs.next()) {
                objects.add(new UnsupportedObject("constant", rs.getString(1), rs.getString(2), null,
                        "value " + rs.getString(3)));
            }
        }
        try (ResultSet rs = statement.executeQuery("SELECT RC.CONSTRAINT_SCHEMA, RC.CONSTRAINT_NAME, FK.TABLE_NAME, "
                + "UK.TABLE_SCHEMA, UK.TABLE_NAME FROM INFORMATION_SCHEMA.REFERENTIAL_CONSTRAINTS RC "
                + "JOIN INFORMATION_SCHEMA.TABLE_CONSTRAINTS FK ON FK.CONSTRAINT_SCHEMA = RC.CONSTRAINT_SCHEMA "
                + "AND FK.CONSTRAINT_NAME = RC.CONSTRAINT_NAME JOIN INFORMATION_SCHEMA.TABLE_CONSTRAINTS UK "
                + "ON UK.CONSTRAINT_SCHEMA = RC.UNIQUE_CONSTRAINT_SCHEMA AND UK.CONSTRAINT_NAME = RC.UNIQUE_CONSTRAINT_NAME "
                + "WHERE RC.CONSTRAINT_SCHEMA <> RC.UNIQUE_CONSTRAINT_SCHEMA AND RC.CONSTRAINT_SCHEMA NOT IN " + SYSTEM
                + " AND FK.TABLE_NAME NOT LIKE 'LL\\_%' ORDER BY RC.CONSTRAINT_SCHEMA, RC.CONSTRAINT_NAME")) {
            while (rs.next()) {
                objects.add(new UnsupportedObject("foreign key to another schema", rs.getString(1), rs.getString(2),
                        rs.getString(3), "references " + dev.loopline.schema.SqlNames.quote(rs.getString(4)) + "."
                                + dev.loopline.schema.SqlNames.quote(rs.getString(5)) + ", which the schema model cannot name: change its table outside "
                                + "Loopline, or move both tables into one schema"));
            }
        }
        try (ResultSet rs = statement.executeQuery("SELECT TABLE_SCHEMA, TABLE_NAME, TABLE_TYPE, TABLE_CLASS "
                + "FROM INFORMATION_SCHEMA.TABLES WHERE TABLE_SCHEMA NOT IN " + SYSTEM + " AND (TABLE_TYPE NOT IN "
                + "('BASE TABLE', 'VIEW') OR TABLE_TYPE = 'BASE TABLE' AND TABLE_CLASS <> 'org.h2.mvstore.db.MVTable')")) {
            while (rs.next()) {
                String kind = rs.getString(4) != null && rs.getString(4).contains("TableLink") ? "linked table"
                        : rs.getString(3).toLowerCase(java.util.Locale.ROOT) + " table";
                objects.add(new UnsupportedObject(kind, rs.getString(1), rs.getString(2), rs.getString(2),
                        rs.getString(4)));
            }
        }
        return objects;
    }
}
