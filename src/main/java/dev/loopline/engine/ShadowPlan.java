package dev.loopline.engine;

import java.util.List;

import dev.loopline.schema.SchemaSnapshot;

/**
 * The online change of one table: from its current definition to the new one. The shadow table gets the new
 * definition; the columns both definitions share are mirrored in both directions.
 *
 * @param migrationId unique per change run, used in the names of shadow tables and triggers
 * @param schema      the table's schema ({@code null}: {@code PUBLIC}); the shadow, the old table and the triggers
 *                    live in it too
 */
public record ShadowPlan(long migrationId, SchemaSnapshot.Table from, SchemaSnapshot.Table to, String schema) {

    public ShadowPlan {
        schema = schema == null ? SchemaSnapshot.PUBLIC : schema;
    }

    /** The change of a table of schema {@code PUBLIC}. */
    public ShadowPlan(long migrationId, SchemaSnapshot.Table from, SchemaSnapshot.Table to) {
        this(migrationId, from, to, null);
    }

    public String table() {
        return from.name();
    }

    /** The table as people read it: its name in {@code PUBLIC}, else {@code SCHEMA.NAME}. */
    public String displayName() {
        return SchemaSnapshot.PUBLIC.equals(schema) ? table() : dev.loopline.schema.SqlNames.qualified(schema, table());
    }

    /** Columns both definitions have, in the old table's order. */
    public List<String> commonColumns() {
        return from.columns().stream().map(SchemaSnapshot.Column::name).filter(c -> to.exactColumn(c).isPresent()).toList();
    }

    /**
     * The common columns whose values are copied or mirrored into {@code target} (one of the two definitions), in the
     * old table's order: not those {@code target} generates itself ({@code GENERATED ALWAYS AS (…)}), which the
     * engine computes from the copied ones, as it would after a plain {@code ALTER}.
     */
    public List<String> columnsWrittenInto(SchemaSnapshot.Table target) {
        return commonColumns().stream().filter(c -> target.exactColumn(c).orElseThrow().generated() == null).toList();
    }
}
