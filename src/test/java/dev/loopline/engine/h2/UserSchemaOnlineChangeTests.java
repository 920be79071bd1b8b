package dev.loopline.engine.h2;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.loopline.engine.AdminCredential;
import dev.loopline.engine.BranchDatabase;
import dev.loopline.engine.DatabaseEngine.ScriptRights;
import dev.loopline.engine.ShadowPlan;
import dev.loopline.schema.SchemaSnapshot;
import dev.loopline.support.RowText;

/** The pieces of an online change of a table of another schema live in that schema, and go with it. */
class UserSchemaOnlineChangeTests extends H2EngineTest {

    private static List<String> loopline(BranchDatabase database, AdminCredential admin) throws Exception {
        List<String> found = new ArrayList<>();
        try (Connection connection = engine.connect(database, admin)) {
            found.addAll(RowText.of(connection, "SELECT TABLE_SCHEMA, TABLE_NAME FROM INFORMATION_SCHEMA.TABLES "
                    + "WHERE TABLE_NAME LIKE 'LL\\_%' ORDER BY 1, 2"));
            found.addAll(RowText.of(connection, "SELECT DISTINCT TRIGGER_SCHEMA, TRIGGER_NAME, EVENT_OBJECT_TABLE FROM "
                    + "INFORMATION_SCHEMA.TRIGGERS ORDER BY 1, 2"));
        }
        return found;
    }

    @Test
    void aChangeOfAnotherSchemasTableWorksInThatSchemaAndARestoreDropsWhatItLeft(@org.junit.jupiter.api.io.TempDir Path dir)
            throws Exception {
        BranchDatabase database = new BranchDatabase("schemas", "main");
        AdminCredential admin = engine.createDatabase(database);
        engine.runScript(database, admin, """
                CREATE SCHEMA "Shop";
                CREATE TABLE "Shop".ITEMS (ID BIGINT PRIMARY KEY, VAL VARCHAR(20));
                CREATE TABLE ITEMS (ID BIGINT PRIMARY KEY, VAL VARCHAR(20));
                INSERT INTO "Shop".ITEMS SELECT X, 's' || X FROM SYSTEM_RANGE(1, 50);
                INSERT INTO ITEMS SELECT X, 'p' || X FROM SYSTEM_RANGE(1, 50);
                """, ScriptRights.SCHEMA_OWNER, 1);
        SchemaSnapshot.Table from = engine.inspectSchema(database, admin).exactTable("Shop", "ITEMS").orElseThrow();
        List<SchemaSnapshot.Column> columns = new ArrayList<>(from.columns());
        columns.add(new SchemaSnapshot.Column("NOTE", "CHARACTER VARYING(40)", true, null));
        ShadowPlan plan = new ShadowPlan(5, from, new SchemaSnapshot.Table("ITEMS", columns, from.primaryKey(),
                List.of(), List.of()), "Shop");
        engine.online().prepare(database, admin, plan);
        // the shadow, the change log and its trigger in the table's schema; where reverse triggers record a write the
        // old table cannot take stays in PUBLIC
        assertThat(loopline(database, admin)).containsExactly("PUBLIC | LL_OLD_5 | ", "Shop | LL_LOG_5_ITEMS | ",
                "Shop | LL_SHADOW_5_ITEMS | ", "Shop | LL_LOG_5_ITEMS | ITEMS | ");
        engine.runScript(database, admin, "UPDATE \"Shop\".ITEMS SET VAL = 'changed' WHERE ID = 7; "
                + "UPDATE ITEMS SET VAL = 'public' WHERE ID = 8;", ScriptRights.SCHEMA_OWNER, 1);
        try (Connection connection = engine.connect(database, admin)) {
            assertThat(RowText.of(connection, "SELECT ID FROM \"Shop\".LL_LOG_5_ITEMS"))
                    .as("the Shop table's write, logged; the PUBLIC one's not").containsExactly("7 | ");
        }
        Path backup = dir.resolve("mid-change.zip");
        engine.backup(database, admin, backup);
        BranchDatabase restored = new BranchDatabase("schemas", "restored");
        AdminCredential restoredAdmin = engine.restoreDatabase(restored, backup, admin, bytes -> { });
        assertThat(loopline(restored, restoredAdmin)).as("a change's tables and triggers, in any schema").isEmpty();
        SchemaSnapshot schema = engine.inspectSchema(restored, restoredAdmin);
        assertThat(schema.exactTable("Shop", "ITEMS")).contains(from);
        assertThat(schema.exactTable("ITEMS")).isPresent();

        // the copy ends by mirroring, in the table's schema too
        try (var copier = engine.online().copier(database, admin, plan)) {
            for (var step = copier.next(null, 20); !step.done(); step = copier.next(step.lastKey(), 20)) {
                // copying
            }
        }
        assertThat(loopline(database, admin)).containsExactly("PUBLIC | LL_OLD_5 | ", "Shop | LL_SHADOW_5_ITEMS | ",
                "Shop | LL_FWD_5_ITEMS | ITEMS | ");
        engine.runScript(database, admin, "UPDATE \"Shop\".ITEMS SET VAL = 'again' WHERE ID = 9", ScriptRights.SCHEMA_OWNER, 1);
        try (Connection connection = engine.connect(database, admin)) {
            assertThat(RowText.of(connection, "SELECT ID, VAL FROM \"Shop\".LL_SHADOW_5_ITEMS WHERE ID IN (7, 8, 9) ORDER BY ID"))
                    .containsExactly("7 | changed | ", "8 | s8 | ", "9 | again | ");
        }
    }
}
