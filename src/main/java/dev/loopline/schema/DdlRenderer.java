package dev.loopline.schema;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import dev.loopline.schema.SchemaSnapshot.Check;
import dev.loopline.schema.SchemaSnapshot.Column;
import dev.loopline.schema.SchemaSnapshot.ForeignKey;
import dev.loopline.schema.SchemaSnapshot.Identity;
import dev.loopline.schema.SchemaSnapshot.Index;
import dev.loopline.schema.SchemaSnapshot.Table;

/**
 * Renders a schema as standard SQL DDL: schemas, domains and sequences, then tables with their keys, checks and
 * comments, then indexes, then foreign keys, then other schemas' tables, then views in dependency order
 * ({@link SchemaObjectDdl}). Names are given
 * as the model keeps them (exact, unquoted) and quoted here as needed ({@link SqlNames#quote}).
 */
public final class DdlRenderer {

    private DdlRenderer() {
    }

    /**
     * The whole schema as DDL that builds it again in an empty database. Every constraint is named: those the schema
     * names keep their names (H2's generated ones too, such as {@code CONSTRAINT_8B72} for a foreign key written
     * without a name), and primary keys and checks whose names H2 generated get a name as H2 would pick it
     * ({@link GeneratedNames}), chosen among those no named constraint of the schema needs; so no generated name can
     * take one a later statement gives, whatever the order of tables.
     */
    public static String render(SchemaSnapshot schema) {
        return SchemaObjectDdl.render(schema, tables(schema.tables(), schema.domains()));
    }

    /**
     * Tables of one schema with their indexes and foreign keys; names for generated-name constraints avoid the names
     * of {@code domains}' checks (of any schema: constraint names share a schema's namespace with them).
     */
    static String tables(List<Table> tables, List<SchemaSnapshot.Domain> domains) {
        StringBuilder ddl = new StringBuilder();
        GeneratedNames names = new GeneratedNames(tables, domains);
        for (Table table : tables) {
            ddl.append(createTable(table, names)).append("\n\n");
        }
        for (Table table : tables) {
            for (Index index : table.indexes()) {
                ddl.append(createIndex(table.name(), index)).append('\n');
            }
        }
        for (Table table : tables) {
            for (ForeignKey fk : table.foreignKeys()) {
                ddl.append(addForeignKey(table.name(), fk)).append('\n');
            }
        }
        return ddl.toString().trim();
    }

    /** The table with its columns, primary key, checks and comment in one statement; H2 names what has no name. */
    public static String createTable(Table table) {
        return createTable(table, null);
    }

    private static String createTable(Table table, GeneratedNames names) {
        List<String> lines = table.columns().stream().map(DdlRenderer::column).collect(Collectors.toList());
        if (!table.primaryKey().isEmpty()) {
            lines.add((names == null ? "" : "CONSTRAINT " + SqlNames.quote(names.next(table.name())) + " ")
                    + "PRIMARY KEY (" + SqlNames.list(table.primaryKey()) + ")");
        }
        table.checks().forEach(check -> lines.add(names != null && check.generatedName() && check.comment() == null
                ? "CONSTRAINT " + SqlNames.quote(names.next(table.name())) + " CHECK (" + check.expression() + ")"
                : check(check)));
        return "CREATE TABLE " + SqlNames.quote(table.name()) + comment(table.comment()) + " (\n  "
                + String.join(",\n  ", lines) + "\n);";
    }

    /**
     * Names for constraints of one schema whose names H2 would generate, picked as H2 picks them (the shortest prefix
     * of {@code CONSTRAINT_} and the upper-case hex hash of the table's name that is free, then {@code _0},
     * {@code _1}, …), but never one of the names the schema's named constraints have.
     */
    private static final class GeneratedNames {

        private final java.util.Set<String> taken = new java.util.HashSet<>();

        GeneratedNames(List<Table> tables, List<SchemaSnapshot.Domain> domains) {
            domains.forEach(domain -> domain.checks().forEach(check -> taken.add(check.name())));
            for (Table table : tables) {
                table.indexes().stream().filter(Index::constraint).forEach(index -> taken.add(index.name()));
                table.foreignKeys().forEach(fk -> taken.add(fk.name()));
                table.checks().stream().filter(check -> !check.generatedName() || check.comment() != null)
                        .forEach(check -> taken.add(check.name()));
            }
        }

        String next(String table) {
            String hash = Integer.toHexString(table.hashCode()).toUpperCase(java.util.Locale.ROOT);
            for (int i = 1; i <= hash.length(); i++) {
                String name = "CONSTRAINT_" + hash.substring(0, i);
                if (taken.add(name)) {
                    return name;
                }
            }
            for (int i = 0; ; i++) {
                String name = "CONSTRAINT_" + hash + "_" + i;
                if (taken.add(name)) {
                    return name;
                }
            }
        }
    }

    /**
     * A column definition: name, type, then its default, generation expression or identity, {@code ON UPDATE},
     * comment and {@code NOT NULL}.
     */
    public static String column(Column column) {
        StringBuilder sql = new StringBuilder(SqlNames.quote(column.name())).append(' ').append(column.type());
        if (column.identity() != null) {
            sql.append(' ').append(identity(column.identity()));
        }
        else if (column.generated() != null) {
            sql.append(" GENERATED ALWAYS AS (").append(column.generated()).append(')');
        }
        else if (column.defaultValue() != null) {
            sql.append(" DEFAULT ").append(column.defaultValue());
        }
        if (column.onUpdate() != null) {
            sql.append(" ON UPDATE ").append(column.onUpdate());
        }
        sql.append(comment(column.comment()));
        if (!column.nullable()) {
            sql.append(" NOT NULL");
        }
        return sql.toString();
    }

    /**
     * {@code GENERATED BY DEFAULT AS IDENTITY(START WITH 10 INCREMENT BY 5 …)}: options left out where they are the
     * defaults. The current value is state, not definition, and is not rendered.
     */
    public static String identity(Identity identity) {
        List<String> options = new ArrayList<>();
        if (identity.start() != 1 || identity.increment() < 0) {
            options.add("START WITH " + identity.start());
        }
        if (identity.increment() != 1) {
            options.add("INCREMENT BY " + identity.increment());
        }
        if (identity.minimum() != null) {
            options.add("MINVALUE " + identity.minimum());
        }
        if (identity.maximum() != null) {
            options.add("MAXVALUE " + identity.maximum());
        }
        if (identity.cycle()) {
            options.add("CYCLE");
        }
        if (identity.cache() != null) {
            options.add(identity.cache() <= 1 ? "NO CACHE" : "CACHE " + identity.cache());
        }
        return "GENERATED " + identity.generation() + " AS IDENTITY"
                + (options.isEmpty() ? "" : "(" + String.join(" ", options) + ")");
    }

    /**
     * A check as a table constraint: {@code CONSTRAINT name [COMMENT '…'] CHECK (expression)}, or just
     * {@code CHECK (expression)} for a check whose name H2 generated (and without a comment).
     */
    public static String check(Check check) {
        if (check.generatedName() && check.comment() == null) {
            // H2 names it again, with a name still free (see Check)
            return "CHECK (" + check.expression() + ")";
        }
        return "CONSTRAINT " + SqlNames.quote(check.name()) + comment(check.comment()) + " CHECK (" + check.expression()
                + ")";
    }

    public static String addCheck(String table, Check check) {
        return "ALTER TABLE " + SqlNames.quote(table) + " ADD " + check(check) + ";";
    }

    /** {@code " COMMENT 'text'"}, or nothing for {@code null}. */
    private static String comment(String comment) {
        return comment == null ? "" : " COMMENT " + SqlNames.literal(comment);
    }

    /** {@code table} is the table's exact name. */
    public static String createIndex(String table, Index index) {
        if (index.constraint()) {
            return "ALTER TABLE " + SqlNames.quote(table) + " ADD CONSTRAINT " + SqlNames.quote(index.name())
                    + comment(index.comment()) + " UNIQUE (" + SqlNames.list(index.columns()) + ");";
        }
        return "CREATE " + (index.unique() ? "UNIQUE " : "") + "INDEX " + SqlNames.quote(index.name()) + " ON "
                + SqlNames.quote(table) + comment(index.comment()) + " (" + index.columnList() + ");";
    }

    public static String addForeignKey(String table, ForeignKey fk) {
        // NO ACTION is the default; RESTRICT is not, and is kept
        String onDelete = "NO ACTION".equals(fk.onDelete()) ? "" : " ON DELETE " + fk.onDelete();
        String onUpdate = "NO ACTION".equals(fk.onUpdate()) ? "" : " ON UPDATE " + fk.onUpdate();
        return "ALTER TABLE " + SqlNames.quote(table) + " ADD CONSTRAINT " + SqlNames.quote(fk.name())
                + comment(fk.comment()) + " FOREIGN KEY ("
                + SqlNames.list(fk.columns()) + ") REFERENCES " + SqlNames.quote(fk.referencedTable()) + " ("
                + SqlNames.list(fk.referencedColumns()) + ")" + onDelete + onUpdate + ";";
    }
}
