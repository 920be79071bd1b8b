package dev.loopline.schema;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import dev.loopline.schema.SchemaSnapshot.Column;
import dev.loopline.schema.SchemaSnapshot.Index;
import dev.loopline.schema.SchemaSnapshot.Table;

/**
 * What changed from one schema to another, one human line per change: {@code + table T}, {@code - column T.C},
 * {@code ~ column T.C VARCHAR(10) → VARCHAR(20)}, then the views, sequences, domains and schemas that change
 * ({@code + view V}). Used to show a branch's changes against its parent.
 */
public final class SchemaChanges {

    private SchemaChanges() {
    }

    public static List<String> describe(SchemaSnapshot from, SchemaSnapshot to) {
        List<String> changes = new ArrayList<>();
        java.util.Set<String> schemas = new java.util.LinkedHashSet<>(from.schemaNames());
        schemas.addAll(to.schemaNames());
        for (String schema : schemas) {
            for (Table table : to.tablesIn(schema)) {
                var before = from.exactTable(schema, table.name());
                String t = SqlNames.qualified(schema, table.name());
                if (before.isEmpty()) {
                    changes.add("+ table " + t + " (" + table.columns().size() + " columns)");
                }
                else {
                    describeTable(before.get(), table, t, changes);
                }
            }
            for (Table table : from.tablesIn(schema)) {
                if (to.exactTable(schema, table.name()).isEmpty()) {
                    changes.add("- table " + SqlNames.qualified(schema, table.name()));
                }
            }
        }
        SchemaDiff.between(from, to).objects().forEach(object -> changes.addAll(object.descriptions()));
        return changes;
    }

    /** {@code t}: the table's name as shown, schema-qualified outside {@code PUBLIC}. */
    private static void describeTable(Table from, Table to, String t, List<String> changes) {
        for (Column column : to.columns()) {
            var before = from.exactColumn(column.name());
            if (before.isEmpty()) {
                changes.add("+ column " + t + "." + SqlNames.quote(column.name()) + " " + column.type());
            }
            else if (!before.get().equals(column)) {
                changes.add("~ column " + t + "." + SqlNames.quote(column.name()) + " " + describe(before.get()) + " → " + describe(column));
            }
        }
        for (Column column : from.columns()) {
            if (to.exactColumn(column.name()).isEmpty()) {
                changes.add("- column " + t + "." + SqlNames.quote(column.name()));
            }
        }
        if (!Objects.equals(from.primaryKey(), to.primaryKey())) {
            changes.add("~ primary key of " + t + " (" + SqlNames.list(from.primaryKey()) + ") → ("
                    + SqlNames.list(to.primaryKey()) + ")");
        }
        for (Index index : to.indexes()) {
            if (TableDetailsDiff.hasIndex(from, index) && !from.indexes().contains(index)) {
                changes.add("~ comment on index " + SqlNames.quote(index.name()) + " on " + t + ": "
                        + (index.comment() == null ? "none" : SqlNames.literal(index.comment())));
            }
            else if (!from.indexes().contains(index)) {
                changes.add("+ " + (index.unique() ? "unique index " : "index ") + SqlNames.quote(index.name()) + " on " + t
                        + " (" + index.columnList() + ")");
            }
        }
        for (Index index : from.indexes()) {
            if (!TableDetailsDiff.hasIndex(to, index)) {
                changes.add("- index " + SqlNames.quote(index.name()) + " on " + t);
            }
        }
        for (var fk : to.foreignKeys()) {
            if (TableDetailsDiff.hasForeignKey(from, fk) && !from.foreignKeys().contains(fk)) {
                changes.add("~ comment on foreign key " + SqlNames.quote(fk.name()) + " on " + t + ": "
                        + (fk.comment() == null ? "none" : SqlNames.literal(fk.comment())));
            }
            else if (!from.foreignKeys().contains(fk)) {
                changes.add("+ foreign key " + SqlNames.quote(fk.name()) + " on " + t + " → " + SqlNames.quote(fk.referencedTable())
                        + TableDetailsDiff.actions(fk));
            }
        }
        for (var fk : from.foreignKeys()) {
            if (!TableDetailsDiff.hasForeignKey(to, fk)) {
                changes.add("- foreign key " + SqlNames.quote(fk.name()) + " on " + t);
            }
        }
        for (var check : to.checks()) {
            if (!from.checks().contains(check)) {
                changes.add("+ check " + SqlNames.quote(check.name()) + " on " + t + " (" + check.expression() + ")");
            }
        }
        for (var check : from.checks()) {
            if (!to.checks().contains(check)) {
                changes.add("- check " + SqlNames.quote(check.name()) + " on " + t);
            }
        }
        if (!Objects.equals(from.comment(), to.comment())) {
            changes.add("~ comment on " + t + ": " + (to.comment() == null ? "none" : SqlNames.literal(to.comment())));
        }
    }

    /** The column's definition after its name: type, default or identity or expression, and the rest. */
    private static String describe(Column column) {
        return DdlRenderer.column(column).substring(SqlNames.quote(column.name()).length() + 1);
    }
}
