package dev.loopline.schema;

import java.util.List;
import java.util.stream.Collectors;

import dev.loopline.schema.SchemaSnapshot.Column;
import dev.loopline.schema.SchemaSnapshot.ForeignKey;
import dev.loopline.schema.SchemaSnapshot.Index;
import dev.loopline.schema.SchemaSnapshot.Table;

/**
 * Renders a schema as standard SQL DDL: schemas, domains and sequences, then tables with their keys, then indexes,
 * then foreign keys, then other schemas' tables, then views in dependency order ({@link SchemaObjectDdl}). Names are given
 * as the model keeps them (exact, unquoted) and quoted here as needed ({@link SqlNames#quote}).
 */
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
        return SchemaObjectDdl.render(schema, ddl.toString().trim());
    }

    public static String createTable(Table table) {
        List<String> lines = table.columns().stream().map(DdlRenderer::column).collect(Collectors.toList());
        if (!table.primaryKey().isEmpty()) {
            lines.add("PRIMARY KEY (" + SqlNames.list(table.primaryKey()) + ")");
        }
        return "CREATE TABLE " + SqlNames.quote(table.name()) + " (\n  " + String.join(",\n  ", lines) + "\n);";
    }

    public static String column(Column column) {
        StringBuilder sql = new StringBuilder(SqlNames.quote(column.name())).append(' ').append(column.type());
        if (column.defaultValue() != null) {
            sql.append(column.defaultValue().startsWith("GENERATED ") ? " " : " DEFAULT ").append(column.defaultValue());
        }
        if (!column.nullable()) {
            sql.append(" NOT NULL");
        }
        return sql.toString();
    }

    /** {@code table} is the table's exact name. */
    public static String createIndex(String table, Index index) {
        if (index.constraint()) {
            return "ALTER TABLE " + SqlNames.quote(table) + " ADD CONSTRAINT " + SqlNames.quote(index.name())
                    + " UNIQUE (" + SqlNames.list(index.columns()) + ");";
        }
        return "CREATE " + (index.unique() ? "UNIQUE " : "") + "INDEX " + SqlNames.quote(index.name()) + " ON "
                + SqlNames.quote(table) + " (" + index.columnList() + ");";
    }

    public static String addForeignKey(String table, ForeignKey fk) {
        String onDelete = fk.onDelete() == null || "NO ACTION".equals(fk.onDelete()) || "RESTRICT".equals(fk.onDelete())
                ? "" : " ON DELETE " + fk.onDelete();
        return "ALTER TABLE " + SqlNames.quote(table) + " ADD CONSTRAINT " + SqlNames.quote(fk.name()) + " FOREIGN KEY ("
                + SqlNames.list(fk.columns()) + ") REFERENCES " + SqlNames.quote(fk.referencedTable()) + " ("
                + SqlNames.list(fk.referencedColumns()) + ")" + onDelete + ";";
    }
}
