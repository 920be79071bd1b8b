package dev.loopline.engine;

import java.util.List;

import dev.loopline.schema.SchemaSnapshot;

/**
 * The online change of one table: from its current definition to the new one. The shadow table gets the new
 * definition; the columns both definitions share are mirrored in both directions.
 *
 * @param migrationId unique per change run, used in the names of shadow tables and triggers
 */
public record ShadowPlan(long migrationId, SchemaSnapshot.Table from, SchemaSnapshot.Table to) {

    public String table() {
        return from.name();
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
