package dev.loopline.schema;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

import dev.loopline.schema.SchemaSnapshot.Column;
import dev.loopline.schema.SchemaSnapshot.ForeignKey;
import dev.loopline.schema.SchemaSnapshot.Index;
import dev.loopline.schema.SchemaSnapshot.Table;
import dev.loopline.schema.TableChange.Kind;

/**
 * The changes that turn one schema into another, table by table, with the DDL (standard SQL as H2 takes it) that
 * applies them. Tables come schema by schema ({@code PUBLIC} first, then the others by name, each {@link TableChange}
 * saying its schema), and within a schema in a safe order: created ones first, then altered, then dropped; within each
 * group a table comes after the tables its foreign keys need ({@link #inKeyOrder}), else by name.
 * <p>
 * Schema-level objects ({@code objects}: views, sequences, domains, schemas) change in three phases around the
 * tables: {@code prepare} (new schemas, domains and sequences, changed domains and sequences), {@code beforeTables}
 * (views that are dropped, redefined or read a changing table are dropped), {@code afterTables} (views are created
 * again in dependency order; sequences, domains and schemas are dropped).
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
        List<TableChange> all = new ArrayList<>();
        java.util.Set<String> schemas = new java.util.LinkedHashSet<>(from.schemaNames());
        schemas.addAll(to.schemaNames());
        for (String schema : schemas) {
            List<TableChange> changes = tableChanges(new SchemaSnapshot(from.tablesIn(schema)),
                    new SchemaSnapshot(to.tablesIn(schema)));
            if (SchemaSnapshot.PUBLIC.equals(schema)) {
                all.addAll(changes);
                continue;
            }
            for (TableChange change : changes) {
                all.add(new TableChange(change.table(), change.kind(), SchemaObjectDdl.inSchema(schema, change.statements()),
                        change.descriptions().stream().map(d -> d + " in schema " + SqlNames.quote(schema)).toList(),
                        schema));
            }
        }
        ObjectDiff objects = ObjectDiff.between(from, to, all.stream().filter(c -> c.kind() != Kind.CREATE)
                .map(c -> List.of(c.schema(), c.table())).collect(java.util.stream.Collectors.toSet()));
        return new SchemaDiff(all, objects.changes(), objects.prepare(), objects.beforeTables(), objects.afterTables());
    }

    /** The changes of the tables of one schema ({@code from} and {@code to} hold that schema's tables only). */
    private static List<TableChange> tableChanges(SchemaSnapshot from, SchemaSnapshot to) {
        List<TableChange> created = new ArrayList<>();
        List<TableChange> altered = new ArrayList<>();
        List<TableChange> dropped = new ArrayList<>();
        for (Table table : to.tables()) {
            var before = from.exactTable(table.name());
            if (before.isEmpty()) {
                created.add(create(table));
            }
            else if (!before.get().equals(table)) {
                TableChange change = alter(before.get(), table, from, to);
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
        List<TableChange> all = new ArrayList<>(inKeyOrder(created, (a, b) -> references(to, a, b)));
        // an altered table adds its foreign keys last (after a referenced table gained its key) and drops them first
        // (before a referenced table loses its key)
        all.addAll(inKeyOrder(altered, (a, b) -> addsReference(from, to, a, b) || dropsReference(from, to, b, a)));
        all.addAll(inKeyOrder(dropped, (a, b) -> references(from, b, a)));
        return all;
    }

    /** Whether table {@code a} has a foreign key to table {@code b} (another table) in {@code schema}. */
    private static boolean references(SchemaSnapshot schema, String a, String b) {
        return !a.equals(b) && schema.exactTable(a).stream().flatMap(t -> t.foreignKeys().stream())
                .anyMatch(fk -> fk.referencedTable().equals(b));
    }

    /** Whether altered table {@code a} adds a foreign key to {@code b}. */
    private static boolean addsReference(SchemaSnapshot from, SchemaSnapshot to, String a, String b) {
        return !a.equals(b) && to.exactTable(a).stream().flatMap(t -> t.foreignKeys().stream())
                .anyMatch(fk -> fk.referencedTable().equals(b) && !TableDetailsDiff.hasForeignKey(from.exactTable(a).orElseThrow(), fk));
    }

    /** Whether altered table {@code a} drops a foreign key to {@code b}. */
    private static boolean dropsReference(SchemaSnapshot from, SchemaSnapshot to, String a, String b) {
        return !a.equals(b) && from.exactTable(a).stream().flatMap(t -> t.foreignKeys().stream())
                .anyMatch(fk -> fk.referencedTable().equals(b) && !TableDetailsDiff.hasForeignKey(to.exactTable(a).orElseThrow(), fk));
    }

    /**
     * The changes (in name order) reordered so that a table whose change {@code needs} another table's change comes
     * after it; where needs go round in a circle, the rest keep their name order.
     */
    static List<TableChange> inKeyOrder(List<TableChange> changes, java.util.function.BiPredicate<String, String> needs) {
        List<TableChange> waiting = new ArrayList<>(changes);
        List<TableChange> ordered = new ArrayList<>();
        while (!waiting.isEmpty()) {
            TableChange next = waiting.stream().filter(c -> waiting.stream()
                    .noneMatch(other -> other != c && needs.test(c.table(), other.table())))
                    .findFirst().orElse(waiting.get(0));
            waiting.remove(next);
            ordered.add(next);
        }
        return ordered;
    }

    private static TableChange create(Table table) {
        List<String> statements = new ArrayList<>();
        statements.add(DdlRenderer.createTable(table));
        table.indexes().forEach(index -> statements.add(DdlRenderer.createIndex(table.name(), index)));
        table.foreignKeys().forEach(fk -> statements.add(DdlRenderer.addForeignKey(table.name(), fk)));
        return new TableChange(table.name(), Kind.CREATE, statements,
                List.of("+ table " + q(table.name()) + " (" + table.columns().size() + " columns)"));
    }

    private static TableChange alter(Table from, Table to, SchemaSnapshot fromSchema, SchemaSnapshot toSchema) {
        String name = to.name();
        String t = q(name);
        List<String> statements = new ArrayList<>();
        List<String> descriptions = new ArrayList<>();
        TableDetailsDiff.dropChecks(from, to, statements, descriptions);
        List<Index> sharingPrimaryKeyIndex = sharingPrimaryKeyIndex(from, to);
        Map<String, List<ForeignKey>> riding = foreignKeysOnReplacedKeys(from, to, sharingPrimaryKeyIndex, fromSchema,
                toSchema);
        riding.forEach((table, fks) -> fks.forEach(fk -> statements.add("ALTER TABLE " + q(table) + " DROP CONSTRAINT "
                + q(fk.name()) + ";")));
        for (ForeignKey fk : from.foreignKeys()) {
            if (!TableDetailsDiff.hasForeignKey(to, fk)) {
                if (!goesWithReferencedKey(name, fk, fromSchema, toSchema)) {
                    statements.add("ALTER TABLE " + t + " DROP CONSTRAINT " + q(fk.name()) + ";");
                }
                descriptions.add("- foreign key " + q(fk.name()));
            }
        }
        for (Index index : from.indexes()) {
            boolean kept = TableDetailsDiff.hasIndex(to, index);
            if (!kept || sharingPrimaryKeyIndex.contains(index)) {
                statements.add(index.constraint() ? "ALTER TABLE " + t + " DROP CONSTRAINT " + q(index.name()) + ";"
                        : "DROP INDEX " + q(index.name()) + ";");
                if (!kept) {
                    descriptions.add("- index " + q(index.name()));
                }
            }
        }
        if (!from.primaryKey().equals(to.primaryKey()) && !from.primaryKey().isEmpty()) {
            statements.add("ALTER TABLE " + t + " DROP PRIMARY KEY;");
        }
        // new columns before old ones go: H2 refuses to drop a table's last column
        // plain columns first, then generated ones (which may read columns added with them); each in its place,
        // before the next column of the new order that the table has by then
        List<Column> toColumns = to.columns();
        Set<String> present = new HashSet<>();
        from.columns().forEach(c -> present.add(c.name()));
        List<Column> added = new ArrayList<>(toColumns.stream().filter(c -> !present.contains(c.name()))
                .filter(c -> c.generated() == null).toList());
        added.addAll(toColumns.stream().filter(c -> !present.contains(c.name())).filter(c -> c.generated() != null).toList());
        for (Column column : added) {
            int at = toColumns.indexOf(column);
            String place = toColumns.subList(at + 1, toColumns.size()).stream()
                    .filter(next -> present.contains(next.name())).findFirst()
                    .map(next -> " BEFORE " + q(next.name())).orElse("");
            statements.add("ALTER TABLE " + t + " ADD COLUMN " + DdlRenderer.column(column) + place + ";");
            descriptions.add("+ column " + DdlRenderer.column(column));
            present.add(column.name());
        }
        for (Column column : from.columns()) {
            if (to.exactColumn(column.name()).isEmpty()) {
                statements.add("ALTER TABLE " + t + " DROP COLUMN " + q(column.name()) + ";");
                descriptions.add("- column " + q(column.name()) + " " + column.type());
            }
        }
        for (Column column : to.columns()) {
            var before = from.exactColumn(column.name());
            if (before.isPresent() && !before.get().equals(column)) {
                TableDetailsDiff.modify(t, before.get(), column, statements, descriptions);
            }
        }
        List<String> keptInOldOrder = from.columns().stream().map(Column::name)
                .filter(c -> to.exactColumn(c).isPresent()).toList();
        List<String> keptInNewOrder = to.columns().stream().map(Column::name)
                .filter(c -> from.exactColumn(c).isPresent()).toList();
        if (!keptInOldOrder.equals(keptInNewOrder)) {
            // no ALTER moves a column in H2; a deploy rebuilds the table (the shadow) in the new order
            descriptions.add("~ column order (" + SqlNames.list(keptInOldOrder) + ") → (" + SqlNames.list(keptInNewOrder)
                    + "): no ALTER statement does this; the deploy rebuilds the table in the new order");
        }
        if (!from.primaryKey().equals(to.primaryKey())) {
            if (!to.primaryKey().isEmpty()) {
                statements.add("ALTER TABLE " + t + " ADD PRIMARY KEY (" + SqlNames.list(to.primaryKey()) + ");");
            }
            descriptions.add("~ primary key (" + SqlNames.list(from.primaryKey()) + ") → (" + SqlNames.list(to.primaryKey()) + ")");
        }
        for (Index index : to.indexes()) {
            if (sharingPrimaryKeyIndex.stream().anyMatch(i -> i.commented(null).equals(index.commented(null)))) {
                statements.add(DdlRenderer.createIndex(name, index));
            }
            else if (!TableDetailsDiff.hasIndex(from, index)) {
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
        riding.forEach((table, fks) -> fks.stream().filter(fk -> kept(toSchema, table, fk))
                .forEach(fk -> statements.add(DdlRenderer.addForeignKey(table, fk))));
        TableDetailsDiff.addChecksAndComment(from, to, statements, descriptions);
        return new TableChange(name, Kind.ALTER, statements, descriptions);
    }

    /**
     * Foreign keys (by table) on a unique or primary key of {@code from} that goes or is created again: H2 ties them
     * to that constraint, so this table's change drops them before it and adds the ones that stay after it. Foreign
     * keys of other tables that go for good are dropped here too (their own table's change, which may come later
     * because it also needs this one, skips them: {@link #goesWithReferencedKey}).
     */
    private static Map<String, List<ForeignKey>> foreignKeysOnReplacedKeys(Table from, Table to, List<Index> recreated,
            SchemaSnapshot fromSchema, SchemaSnapshot toSchema) {
        List<Set<String>> replaced = replacedKeys(from, to, recreated);
        Map<String, List<ForeignKey>> riding = new TreeMap<>();
        if (replaced.isEmpty()) {
            return riding;
        }
        for (Table table : fromSchema.tables()) {
            for (ForeignKey fk : table.foreignKeys()) {
                if (fk.referencedTable().equals(from.name()) && replaced.contains(new HashSet<>(fk.referencedColumns()))
                        && (kept(toSchema, table.name(), fk) || !table.name().equals(from.name()))) {
                    riding.computeIfAbsent(table.name(), n -> new ArrayList<>()).add(fk);
                }
            }
        }
        return riding;
    }

    /** The column sets of {@code from}'s primary key and unique constraints that go or are created again. */
    private static List<Set<String>> replacedKeys(Table from, Table to, List<Index> recreated) {
        List<Set<String>> replaced = new ArrayList<>();
        if (!from.primaryKey().isEmpty() && !from.primaryKey().equals(to.primaryKey())) {
            replaced.add(new HashSet<>(from.primaryKey()));
        }
        from.indexes().stream().filter(i -> i.constraint() && (!TableDetailsDiff.hasIndex(to, i) || recreated.contains(i)))
                .forEach(i -> replaced.add(new HashSet<>(i.columns())));
        return replaced;
    }

    /** Whether table {@code table} still has foreign key {@code fk} in {@code schema}. */
    private static boolean kept(SchemaSnapshot schema, String table, ForeignKey fk) {
        return schema.exactTable(table).filter(t -> TableDetailsDiff.hasForeignKey(t, fk)).isPresent();
    }

    /**
     * Whether foreign key {@code fk} of table {@code table}, which goes, is dropped by the change of the table it
     * references (another table, whose key it uses goes or is created again).
     */
    private static boolean goesWithReferencedKey(String table, ForeignKey fk, SchemaSnapshot fromSchema,
            SchemaSnapshot toSchema) {
        if (fk.referencedTable().equals(table)) {
            return false;
        }
        var before = fromSchema.exactTable(fk.referencedTable());
        var after = toSchema.exactTable(fk.referencedTable());
        return before.isPresent() && after.isPresent() && replacedKeys(before.get(), after.get(),
                sharingPrimaryKeyIndex(before.get(), after.get())).contains(new HashSet<>(fk.referencedColumns()));
    }

    /**
     * Unique constraints kept by the change that sit on exactly the old primary key's columns while that key changes:
     * H2 lets such a constraint use the primary key's index and then refuses to drop the key, so they are dropped
     * before it and added again after the new one.
     */
    private static List<Index> sharingPrimaryKeyIndex(Table from, Table to) {
        if (from.primaryKey().isEmpty() || from.primaryKey().equals(to.primaryKey())) {
            return List.of();
        }
        var keyColumns = new java.util.HashSet<>(from.primaryKey());
        return from.indexes().stream().filter(i -> i.constraint() && TableDetailsDiff.hasIndex(to, i)
                && new java.util.HashSet<>(i.columns()).equals(keyColumns)).toList();
    }

    private static String q(String name) {
        return SqlNames.quote(name);
    }
}
