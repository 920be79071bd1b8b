package dev.loopline.engine.h2;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

import dev.loopline.schema.SqlNames;

/**
 * A generated H2 schema as the generator ({@link RandomSchemas}) builds it, before H2 has seen it: what to create,
 * written out as DDL by {@link #ddl()}. The round-trip properties create it on H2 and compare what the inspector reads
 * back, so this spec is never compared with a {@code SchemaSnapshot} directly.
 * <p>
 * Extension point for object kinds the model does not carry yet: kinds that belong to a table (checks, comments on
 * columns) go into {@link TableSpec#extraClauses} (table constraints, rendered inside {@code CREATE TABLE}); kinds of
 * their own (views, sequences, domains, comments, other schemas) go into {@link #extraStatements}, run after every
 * table and foreign key in order. Column details (identity, generated, {@code ON UPDATE}) go into
 * {@link ColumnSpec#extraClauses}.
 */
record SchemaSpec(List<TableSpec> tables, List<ForeignKeySpec> foreignKeys, List<String> extraStatements) {

    SchemaSpec {
        tables = List.copyOf(tables);
        foreignKeys = List.copyOf(foreignKeys);
        extraStatements = List.copyOf(extraStatements);
    }

    /** What a column's type allows: keys and indexes need comparable values; LOBs and JSON are not. */
    record TypeSpec(String sql, boolean keyable, List<String> defaults) {

        TypeSpec {
            defaults = List.copyOf(defaults);
        }

        @Override
        public String toString() {
            return sql;
        }
    }

    record ColumnSpec(String name, TypeSpec type, String defaultSql, boolean notNull, List<String> extraClauses) {

        ColumnSpec {
            extraClauses = List.copyOf(extraClauses);
        }

        ColumnSpec(String name, TypeSpec type, String defaultSql, boolean notNull) {
            this(name, type, defaultSql, notNull, List.of());
        }

        /** Name, type, default, the extra clauses (identity, ON UPDATE, COMMENT), NOT NULL: H2's order. */
        String ddl() {
            return SqlNames.quote(name) + " " + type.sql() + (defaultSql == null ? "" : " DEFAULT " + defaultSql)
                    + extraClauses.stream().map(c -> " " + c).collect(Collectors.joining()) + (notNull ? " NOT NULL" : "");
        }

        boolean identity() {
            return extraClauses.stream().anyMatch(RandomSchemas::isIdentity);
        }
    }

    /** {@code ordering} per column: what follows the column in the index definition ({@code DESC NULLS FIRST}). */
    record IndexSpec(String name, List<String> columns, List<String> ordering, boolean unique) {

        IndexSpec {
            columns = List.copyOf(columns);
            ordering = List.copyOf(ordering);
        }

        String ddl(String table) {
            List<String> parts = new ArrayList<>();
            for (int i = 0; i < columns.size(); i++) {
                parts.add((SqlNames.quote(columns.get(i)) + " " + ordering.get(i)).trim());
            }
            return "CREATE " + (unique ? "UNIQUE " : "") + "INDEX " + SqlNames.quote(name) + " ON "
                    + SqlNames.quote(table) + " (" + String.join(", ", parts) + ");";
        }
    }

    record UniqueSpec(String name, List<String> columns) {

        UniqueSpec {
            columns = List.copyOf(columns);
        }
    }

    record TableSpec(String name, List<ColumnSpec> columns, List<String> primaryKey, List<UniqueSpec> uniques,
            List<IndexSpec> indexes, List<String> extraClauses) {

        TableSpec {
            columns = List.copyOf(columns);
            primaryKey = List.copyOf(primaryKey);
            uniques = List.copyOf(uniques);
            indexes = List.copyOf(indexes);
            extraClauses = List.copyOf(extraClauses);
        }

        TableSpec(String name, List<ColumnSpec> columns, List<String> primaryKey, List<UniqueSpec> uniques,
                List<IndexSpec> indexes) {
            this(name, columns, primaryKey, uniques, indexes, List.of());
        }

        ColumnSpec column(String column) {
            return columns.stream().filter(c -> c.name().equals(column)).findFirst().orElse(null);
        }

        /** The column sets a foreign key may reference: the primary key and each unique constraint. */
        List<List<String>> keys() {
            List<List<String>> keys = new ArrayList<>();
            if (!primaryKey.isEmpty()) {
                keys.add(primaryKey);
            }
            uniques.forEach(u -> keys.add(u.columns()));
            return keys;
        }

        String createTable() {
            List<String> lines = new ArrayList<>(columns.stream().map(ColumnSpec::ddl).toList());
            if (!primaryKey.isEmpty()) {
                lines.add("PRIMARY KEY (" + SqlNames.list(primaryKey) + ")");
            }
            uniques.forEach(u -> lines.add("CONSTRAINT " + SqlNames.quote(u.name()) + " UNIQUE ("
                    + SqlNames.list(u.columns()) + ")"));
            lines.addAll(extraClauses);
            return "CREATE TABLE " + SqlNames.quote(name) + " (\n  " + String.join(",\n  ", lines) + "\n);";
        }

        TableSpec with(List<ColumnSpec> newColumns) {
            return new TableSpec(name, newColumns, primaryKey, uniques, indexes, extraClauses);
        }
    }

    /** {@code onDelete} is the clause as written ({@code CASCADE}, {@code SET NULL}) or {@code null} for none. */
    record ForeignKeySpec(String name, String table, List<String> columns, String referencedTable,
            List<String> referencedColumns, String onDelete) {

        ForeignKeySpec {
            columns = List.copyOf(columns);
            referencedColumns = List.copyOf(referencedColumns);
        }

        String ddl() {
            return "ALTER TABLE " + SqlNames.quote(table) + " ADD CONSTRAINT " + SqlNames.quote(name) + " FOREIGN KEY ("
                    + SqlNames.list(columns) + ") REFERENCES " + SqlNames.quote(referencedTable) + " ("
                    + SqlNames.list(referencedColumns) + ")" + (onDelete == null ? "" : " ON DELETE " + onDelete) + ";";
        }
    }

    TableSpec table(String name) {
        return tables.stream().filter(t -> t.name().equals(name)).findFirst().orElse(null);
    }

    /** The schema as one H2 script: tables, indexes, foreign keys, then the extra statements. */
    String ddl() {
        List<String> statements = new ArrayList<>();
        tables.forEach(t -> statements.add(t.createTable()));
        tables.forEach(t -> t.indexes().forEach(i -> statements.add(i.ddl(t.name()))));
        foreignKeys.forEach(fk -> statements.add(fk.ddl()));
        statements.addAll(extraStatements);
        return String.join("\n", statements);
    }

    @Override
    public String toString() {
        return "\n" + ddl();
    }

    /**
     * The same schema with every reference made valid again after a mutation dropped or changed something: keys,
     * indexes and foreign keys lose columns that are gone (and vanish when empty), primary key columns are NOT NULL,
     * and a foreign key survives only while its target still has that exact key with the same column types.
     */
    SchemaSpec normalized() {
        List<TableSpec> fixed = new ArrayList<>();
        for (TableSpec original : tables) {
            TableSpec t = withValidExtras(original);
            Set<String> names = t.columns().stream().map(ColumnSpec::name).collect(Collectors.toSet());
            Set<String> keyable = t.columns().stream().filter(c -> c.type().keyable()).map(ColumnSpec::name)
                    .collect(Collectors.toSet());
            List<String> pk = t.primaryKey().stream().allMatch(keyable::contains) ? t.primaryKey() : List.of();
            List<ColumnSpec> columns = t.columns().stream()
                    .map(c -> pk.contains(c.name()) && !c.notNull()
                            ? new ColumnSpec(c.name(), c.type(), c.defaultSql(), true, c.extraClauses()) : c)
                    .toList();
            Set<Set<String>> seen = new java.util.HashSet<>();
            List<UniqueSpec> uniques = t.uniques().stream()
                    .filter(u -> !u.columns().isEmpty() && u.columns().stream().allMatch(keyable::contains))
                    .filter(u -> seen.add(new LinkedHashSet<>(u.columns()))).toList();
            List<IndexSpec> indexes = t.indexes().stream()
                    .filter(i -> !i.columns().isEmpty() && i.columns().stream().allMatch(keyable::contains)).toList();
            if (!names.isEmpty()) {
                fixed.add(new TableSpec(t.name(), columns, pk, uniques, indexes, t.extraClauses()));
            }
        }
        // a table comment goes with its table
        List<String> statements = extraStatements.stream().filter(sql -> !sql.startsWith("COMMENT ON TABLE ")
                || fixed.stream().anyMatch(t -> sql.startsWith("COMMENT ON TABLE " + SqlNames.quote(t.name()) + " IS ")))
                .toList();
        SchemaSpec partial = new SchemaSpec(fixed, List.of(), statements);
        List<ForeignKeySpec> fks = foreignKeys.stream().filter(fk -> partial.valid(fk)).toList();
        return new SchemaSpec(fixed, fks, statements);
    }

    /**
     * At most one identity column (the first), each on an integer type and without a default; an ON UPDATE only
     * where the type is unchanged from when it was drawn is kept as is (a retyped column is drawn anew).
     */
    static List<ColumnSpec> oneIdentity(List<ColumnSpec> columns) {
        List<ColumnSpec> result = new ArrayList<>();
        boolean seen = false;
        for (ColumnSpec c : columns) {
            List<String> extras = c.extraClauses();
            if (c.identity() && (seen || !RandomSchemas.INTEGER_TYPES.contains(c.type().sql()))) {
                extras = extras.stream().filter(e -> !RandomSchemas.isIdentity(e)).toList();
            }
            boolean identity = extras.stream().anyMatch(RandomSchemas::isIdentity);
            seen |= identity;
            result.add(new ColumnSpec(c.name(), c.type(), identity ? null : c.defaultSql(), c.notNull(), extras));
        }
        return result;
    }

    private static final java.util.regex.Pattern QUOTED = java.util.regex.Pattern.compile("\"((?:[^\"]|\"\")*)\"");

    /**
     * The table with one identity at most ({@link #oneIdentity}) and only the CHECKs whose columns it still has (and,
     * for a comparison, still of an integer type).
     */
    private static TableSpec withValidExtras(TableSpec t) {
        List<ColumnSpec> columns = oneIdentity(t.columns());
        List<String> checks = t.extraClauses().stream().filter(clause -> {
            String condition = clause.substring(clause.indexOf("CHECK ("));
            var names = QUOTED.matcher(condition);
            while (names.find()) {
                ColumnSpec column = t.column(names.group(1).replace("\"\"", "\""));
                if (column == null || condition.contains(" >= ") && !RandomSchemas.INTEGER_TYPES.contains(column.type().sql())) {
                    return false;
                }
            }
            return true;
        }).toList();
        return new TableSpec(t.name(), columns, t.primaryKey(), t.uniques(), t.indexes(), checks);
    }

    private boolean valid(ForeignKeySpec fk) {
        TableSpec from = table(fk.table());
        TableSpec to = table(fk.referencedTable());
        if (from == null || to == null || !to.keys().contains(fk.referencedColumns())) {
            return false;
        }
        for (int i = 0; i < fk.columns().size(); i++) {
            ColumnSpec column = from.column(fk.columns().get(i));
            ColumnSpec referenced = to.column(fk.referencedColumns().get(i));
            if (column == null || referenced == null || !Objects.equals(column.type().sql(), referenced.type().sql())) {
                return false;
            }
            if ("SET NULL".equals(fk.onDelete()) && column.notNull()) {
                return false;
            }
        }
        return true;
    }
}
