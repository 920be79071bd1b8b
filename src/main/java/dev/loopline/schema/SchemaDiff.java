package dev.loopline.schema;

import java.util.ArrayList;
import java.util.List;

import dev.loopline.schema.SchemaSnapshot.Column;
import dev.loopline.schema.SchemaSnapshot.ForeignKey;
import dev.loopline.schema.SchemaSnapshot.Index;
import dev.loopline.schema.SchemaSnapshot.Table;
import dev.loopline.schema.TableChange.Kind;

/**
 * The changes that turn one schema into another, table by table, with the DDL (standard SQL as H2 takes it) that
 * applies them. Tables come in a safe order: created ones first, then altered, then dropped.
 * <p>
 * Schema-level objects ({@code objects}: views, sequences, domains, schemas, other schemas' tables) change in three
 * phases around the tables: {@code prepare} (new schemas, domains and sequences, changed domains and sequences),
 * {@code beforeTables} (views that are dropped, redefined or read a changing table are dropped; other schemas'
 * tables change), {@code afterTables} (views are created again in dependency order; sequences, domains and schemas
 * are dropped).
 */
public record SchemaDiff(List<TableChange> tables, List<ObjectChange> objects, List<String> prepare,
        List<String> beforeTables, List<String> afterTables) {

    public SchemaDiff {
        tables = List.copyOf(tables);
        objects = objects == null ? List.of() : List.copyOf(objects);
        prepare = prepare == null ? List.of() : List.copyOf(prepare);
        beforeTables = beforeTables == null ? List.of() : List.copyOf(beforeTables);
        afterTables = afterTables == null ? List.of() : List.copyOf(afterTables);
    }

    /** Table changes only. */
    public SchemaDiff(List<TableChange> tables) {
        this(tables, null, null, null, null);
    }

    public boolean isEmpty() {
        return tables.isEmpty() && objects.isEmpty();
    }

    /** Every statement, in the order to run them. */
    public List<String> statements() {
        List<String> all = new ArrayList<>(prepare);
        all.addAll(beforeTables);
        tables.forEach(t -> all.addAll(t.statements()));
        all.addAll(afterTables);
        return List.copyOf(all);
    }

    public static SchemaDiff between(SchemaSnapshot from, SchemaSnapshot to) {
        List<TableChange> created = new ArrayList<>();
        List<TableChange> altered = new ArrayList<>();
        List<TableChange> dropped = new ArrayList<>();
        for (Table table : to.tables()) {
            var before = from.exactTable(table.name());
            if (before.isEmpty()) {
                created.add(create(table));
            }
            else if (!before.get().equals(table)) {
                TableChange change = alter(before.get(), table);
                if (!change.statements().isEmpty()) {
                    altered.add(change);
                }
            }
        }
        for (Table table : from.tables()) {
            if (to.exactTable(table.name()).isEmpty()) {
                dropped.add(new TableChange(table.name(), Kind.DROP, List.of("DROP TABLE " + q(table.name()) + ";"),
                        List.of("- table " + q(table.name()) + " (" + table.columns().size() + " columns)")));
            }
        }
        List<TableChange> all = new ArrayList<>(created);
        all.addAll(altered);
        all.addAll(dropped);
        ObjectDiff objects = ObjectDiff.between(from, to, all.stream().filter(c -> c.kind() != Kind.CREATE)
                .map(TableChange::table).collect(java.util.stream.Collectors.toSet()));
        return new SchemaDiff(all, objects.changes(), objects.prepare(), objects.beforeTables(), objects.afterTables());
    }

    private static TableChange create(Table table) {
        List<String> statements = new ArrayList<>();
        statements.add(DdlRenderer.createTable(table));
        table.indexes().forEach(index -> statements.add(DdlRenderer.createIndex(table.name(), index)));
        table.foreignKeys().forEach(fk -> statements.add(DdlRenderer.addForeignKey(table.name(), fk)));
        return new TableChange(table.name(), Kind.CREATE, statements,
                List.of("+ table " + q(table.name()) + " (" + table.columns().size() + " columns)"));
    }

    private static TableChange alter(Table from, Table to) {
        String name = to.name();
        String t = q(name);
        List<String> statements = new ArrayList<>();
        List<String> descriptions = new ArrayList<>();
        TableDetailsDiff.dropChecks(from, to, statements, descriptions);
        for (ForeignKey fk : from.foreignKeys()) {
            if (!TableDetailsDiff.hasForeignKey(to, fk)) {
                statements.add("ALTER TABLE " + t + " DROP CONSTRAINT " + q(fk.name()) + ";");
                descriptions.add("- foreign key " + q(fk.name()));
            }
        }
        for (Index index : from.indexes()) {
            if (!TableDetailsDiff.hasIndex(to, index)) {
                statements.add(index.constraint() ? "ALTER TABLE " + t + " DROP CONSTRAINT " + q(index.name()) + ";"
                        : "DROP INDEX " + q(index.name()) + ";");
                descriptions.add("- index " + q(index.name()));
            }
        }
        if (!from.primaryKey().equals(to.primaryKey()) && !from.primaryKey().isEmpty()) {
            statements.add("ALTER TABLE " + t + " DROP PRIMARY KEY;");
        }
        for (Column column : from.columns()) {
            if (to.exactColumn(column.name()).isEmpty()) {
                statements.add("ALTER TABLE " + t + " DROP COLUMN " + q(column.name()) + ";");
                descriptions.add("- column " + q(column.name()) + " " + column.type());
            }
        }
        for (Column column : to.columns()) {
            var before = from.exactColumn(column.name());
            if (before.isEmpty()) {
                statements.add("ALTER TABLE " + t + " ADD COLUMN " + DdlRenderer.column(column) + ";");
                descriptions.add("+ column " + DdlRenderer.column(column));
            }
            else if (!before.get().equals(column)) {
                TableDetailsDiff.modify(t, before.get(), column, statements, descriptions);
            }
        }
        if (!from.primaryKey().equals(to.primaryKey())) {
            if (!to.primaryKey().isEmpty()) {
                statements.add("ALTER TABLE " + t + " ADD PRIMARY KEY (" + SqlNames.list(to.primaryKey()) + ");");
            }
            descriptions.add("~ primary key (" + SqlNames.list(from.primaryKey()) + ") → (" + SqlNames.list(to.primaryKey()) + ")");
        }
        for (Index index : to.indexes()) {
            if (!TableDetailsDiff.hasIndex(from, index)) {
                statements.add(DdlRenderer.createIndex(name, index));
                descriptions.add("+ " + (index.unique() ? "unique index " : "index ") + q(index.name()) + " ("
                        + index.columnList() + ")");
            }
        }
        for (ForeignKey fk : to.foreignKeys()) {
            if (!TableDetailsDiff.hasForeignKey(from, fk)) {
                statements.add(DdlRenderer.addForeignKey(name, fk));
                descriptions.add("+ foreign key " + q(fk.name()) + " → " + q(fk.referencedTable())
                        + TableDetailsDiff.actions(fk));
            }
        }
        TableDetailsDiff.addChecksAndComment(from, to, statements, descriptions);
        return new TableChange(name, Kind.ALTER, statements, descriptions);
    }

    private static String q(String name) {
        return SqlNames.quote(name);
    }
}
