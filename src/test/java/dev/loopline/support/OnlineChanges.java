package dev.loopline.support;

import java.util.ArrayList;
import java.util.List;

import dev.loopline.engine.AdminCredential;
import dev.loopline.engine.BranchDatabase;
import dev.loopline.engine.DatabaseEngine;
import dev.loopline.engine.ShadowPlan;
import dev.loopline.schema.SchemaSnapshot;

/** The online change most engine tests and benchmarks make: a column added to {@code ITEMS}. */
public final class OnlineChanges {

    private OnlineChanges() {
    }

    /**
     * The plan that adds {@code NOTE VARCHAR(40) DEFAULT 'n'} after the columns {@code ITEMS} has now in the branch,
     * without indexes on the new table.
     */
    public static ShadowPlan addNoteColumn(DatabaseEngine engine, BranchDatabase database, AdminCredential admin,
            long migrationId) {
        SchemaSnapshot.Table from = engine.inspectSchema(database, admin).table("ITEMS").orElseThrow();
        List<SchemaSnapshot.Column> columns = new ArrayList<>(from.columns());
        columns.add(new SchemaSnapshot.Column("NOTE", "CHARACTER VARYING(40)", true, "'n'"));
        return new ShadowPlan(migrationId, from, new SchemaSnapshot.Table("ITEMS", columns, from.primaryKey(), List.of(),
                List.of()));
    }
}
