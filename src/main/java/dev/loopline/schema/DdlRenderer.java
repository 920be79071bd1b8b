package dev.loopline.schema;

import java.util.List;
import java.util.stream.Collectors;

import dev.loopline.schema.SchemaSnapshot.Column;
import dev.loopline.schema.SchemaSnapshot.ForeignKey;
import dev.loopline.schema.SchemaSnapshot.Index;
import dev.loopline.schema.SchemaSnapshot.Table;

/** Renders a schema as standard SQL DDL: tables with their keys, then indexes, then foreign keys. */
public final class DdlRenderer {

    private DdlRenderer() {
    }

    public static String render(SchemaSnapshot schema) {
        StringBuilder ddl = new StringBuilder();
        for (Table table : schema.tables()) {
            ddl.append(createTable(table)).append("\n\n");
        }
        for (Table table : schema.tables()) {
            for (Index index : table.indexes()) {
                ddl.append(createIndex(table.name(), index)).append('\n');
            }
        }
        for (Table table : schema.tables()) {
            for (ForeignKey fk : table.foreignKeys()) {
                ddl.append(addForeignKey(table.name(), fk)).append('\n');
            }
        }
        return ddl.toString().trim();
    }

    public static String createTable(Table table) {
        List<String> lines = table.columns().stream().map(DdlRenderer::column).collect(Collectors.toList());
        if (!table.primaryKey().isEmpty()) {
            lines.add("PRIMARY KEY (" + String.join(", ", table.primaryKey()) + ")");
        }
        return "CREATE TABLE " + table.name() + " (\n  " + String.join(",\n  ", lines) + "\n);";
    }

    public static String column(Column column) {
        StringBuilder sql = new StringBuilder(column.name()).append(' ').append(column.type());
        if (column.defaultValue() != null) {
            sql.append(column.defaultValue().startsWith("GENERATED ") ? " " : " DEFAULT ").append(column.defaultValue());
        }
        if (!column.nullable()) {
            sql.append(" NOT NULL");
        }
        return sql.toString();
    }

    public static String createIndex(String table, Index index) {
        if (index.constraint()) {
            return "ALTER TABLE " + table + " ADD CONSTRAINT " + index.name() + " UNIQUE ("
                    + String.join(", ", index.columns()) + ");";
        }
        return "CREATE " + (index.unique() ? "UNIQUE " : "") + "INDEX " + index.name() + " ON " + table + " ("
                + String.join(", ", index.columns()) + ");";
    }

    public static String addForeignKey(String table, ForeignKey fk) {
        String onDelete = fk.onDelete() == null || "NO ACTION".equals(fk.onDelete()) || "RESTRICT".equals(fk.onDelete())
                ? "" : " ON DELETE " + fk.onDelete();
        return "ALTER TABLE " + table + " ADD CONSTRAINT " + fk.name() + " FOREIGN KEY (" + String.join(", ", fk.columns())
                + ") REFERENCES " + fk.referencedTable() + " (" + String.join(", ", fk.referencedColumns()) + ")"
                + onDelete + ";";
    }
}
