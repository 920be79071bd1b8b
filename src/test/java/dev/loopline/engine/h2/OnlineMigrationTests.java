package dev.loopline.engine.h2;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.loopline.engine.AdminCredential;
import dev.loopline.engine.BranchDatabase;
import dev.loopline.engine.DatabaseEngine.ScriptRights;
import dev.loopline.engine.OnlineMigrator;
import dev.loopline.engine.PasswordRole;
import dev.loopline.engine.ShadowPlan;
import dev.loopline.schema.SchemaSnapshot;
import dev.loopline.support.ConcurrentWriter;

/**
 * An online change of a 100,000-row table while a client writes through the TCP port: nothing lost, nothing
 * resurrected, no writer error; then a revert that keeps the writes made after the cutover.
 */
class OnlineMigrationTests extends H2EngineTest {

    private static final int ROWS = 100_000;

    private static Map<Long, String> contents(BranchDatabase database, AdminCredential admin, String table) throws Exception {
        Map<Long, String> rows = new HashMap<>();
        try (Connection connection = engine.connect(database, admin);
                ResultSet result = connection.createStatement().executeQuery("SELECT ID, VAL FROM " + table)) {
            while (result.next()) {
                rows.put(result.getLong(1), result.getString(2));
            }
        }
        return rows;
    }

    @Test
    void changesABusyTableOnlineAndRevertsWithoutLosingWrites() throws Exception {
        BranchDatabase database = new BranchDatabase("online", "main");
        AdminCredential admin = engine.createDatabase(database);
        engine.runScript(database, admin, "CREATE TABLE ITEMS (ID BIGINT PRIMARY KEY, VAL VARCHAR(40), QTY INT);"
                + "INSERT INTO ITEMS SELECT X, 'v0', 0 FROM SYSTEM_RANGE(1, " + ROWS + ");", ScriptRights.SCHEMA_OWNER, 1);
        engine.createUser(database, admin, "APP", "app-pass-1", PasswordRole.READWRITER, false);
        SchemaSnapshot.Table from = engine.inspectSchema(database, admin).table("ITEMS").orElseThrow();
        SchemaSnapshot.Table to = new SchemaSnapshot.Table("ITEMS", List.of(from.columns().get(0), from.columns().get(1),
                from.columns().get(2), new SchemaSnapshot.Column("NOTE", "CHARACTER VARYING(40)", true, "'n'")),
                from.primaryKey(), List.of(new SchemaSnapshot.Index("IX_ITEMS_VAL", List.of("VAL"), false)), List.of());
        ShadowPlan plan = new ShadowPlan(7, from, to);
        OnlineMigrator online = engine.online();

        ConcurrentWriter writer = new ConcurrentWriter(engine.connectionDetails(database).jdbcUrl(), "APP", "app-pass-1",
                ROWS, 0).start();
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(20)).until(() -> writer.writes.get() > 100
                || !writer.errors.isEmpty());
        try {
            online.prepare(database, admin, plan);
            List<String> key = null;
            long copied = 0;
            try (var copier = online.copier(database, admin, plan)) {
                do {
                    var step = copier.next(key, 5_000);
                    copied += step.rows();
                    key = step.lastKey();
                } while (key != null);
            }
            assertThat(copied).isGreaterThan(ROWS / 2);
            Duration pause = online.cutOver(database, admin, List.of(plan), Duration.ofSeconds(5));
            assertThat(pause).isLessThan(Duration.ofSeconds(2));
            Thread.sleep(300);
            long writesBeforeStop = writer.writes.get();
            assertThat(writesBeforeStop).isGreaterThan(100);
        }
        finally {
            writer.stop();
        }
        assertThat(writer.errors).isEmpty();
        SchemaSnapshot.Table after = engine.inspectSchema(database, admin).table("ITEMS").orElseThrow();
        assertThat(after).isEqualTo(to);
        assertThat(engine.inspectSchema(database, admin).tables()).extracting(SchemaSnapshot.Table::name)
                .containsExactly("ITEMS");
        assertThat(contents(database, admin, "ITEMS")).isEqualTo(writer.expected);

        ConcurrentWriter afterCutover = new ConcurrentWriter(engine.connectionDetails(database).jdbcUrl(), "APP",
                "app-pass-1", ROWS, 0);
        afterCutover.expected.clear();
        afterCutover.expected.putAll(writer.expected);
        afterCutover.nextKey = writer.nextKey;
        afterCutover.start();
        Thread.sleep(500);
        afterCutover.stop();
        assertThat(afterCutover.errors).isEmpty();

        online.revert(database, admin, List.of(plan), Duration.ofSeconds(5));
        assertThat(engine.inspectSchema(database, admin).table("ITEMS").orElseThrow()).isEqualTo(from);
        assertThat(contents(database, admin, "ITEMS")).as("writes made in the revert window survive the revert")
                .isEqualTo(afterCutover.expected);

        online.finish(database, admin, List.of(plan), plan.migrationId(), List.of());
        try (Connection connection = engine.connect(database, admin);
                ResultSet leftovers = connection.createStatement().executeQuery("SELECT COUNT(*) FROM INFORMATION_SCHEMA.TABLES "
                        + "WHERE TABLE_NAME LIKE 'LL_%' UNION ALL SELECT COUNT(*) FROM INFORMATION_SCHEMA.TRIGGERS")) {
            List<Long> counts = new ArrayList<>();
            while (leftovers.next()) {
                counts.add(leftovers.getLong(1));
            }
            assertThat(counts).as("no shadow, old table or trigger is left").containsOnly(0L);
        }
    }

    /**
     * H2 commits each rename of a swap on its own, so a process killed mid-swap leaves it half done. Running the
     * cutover again finishes it, running it once more changes nothing, and the revert window's cleanup refuses to
     * drop anything while the table itself is missing.
     */
    @Test
    void aSwapInterruptedAfterItsFirstRenameCompletesWhenRunAgain() throws Exception {
        BranchDatabase database = new BranchDatabase("online", "interrupted");
        AdminCredential admin = engine.createDatabase(database);
        engine.runScript(database, admin, "CREATE TABLE ITEMS (ID BIGINT PRIMARY KEY, VAL VARCHAR(40) UNIQUE);"
                + "CREATE TABLE GONE (ID BIGINT PRIMARY KEY);"
                + "INSERT INTO ITEMS SELECT X, 'v' || X FROM SYSTEM_RANGE(1, 1000);", ScriptRights.SCHEMA_OWNER, 1);
        SchemaSnapshot.Table from = engine.inspectSchema(database, admin).table("ITEMS").orElseThrow();
        List<SchemaSnapshot.Column> columns = new ArrayList<>(from.columns());
        columns.add(new SchemaSnapshot.Column("NOTE", "CHARACTER VARYING(40)", true, null));
        SchemaSnapshot.Table to = new SchemaSnapshot.Table("ITEMS", columns, from.primaryKey(), from.indexes(), List.of());
        ShadowPlan plan = new ShadowPlan(31, from, to);
        OnlineMigrator online = engine.online();
        online.prepare(database, admin, plan);
        try (var copier = online.copier(database, admin, plan)) {
            List<String> key = null;
            do {
                key = copier.next(key, 300).lastKey();
            } while (key != null);
        }
        engine.runScript(database, admin, "ALTER TABLE ITEMS RENAME TO LL_OLD_31_ITEMS", ScriptRights.SCHEMA_OWNER, 1);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> online.finish(database, admin, List.of(plan), 31, List.of()))
                .hasMessageContaining("missing");

        online.cutOver(database, admin, List.of(plan), Duration.ofSeconds(5));
        online.cutOver(database, admin, List.of(plan), Duration.ofSeconds(5));
        online.park(database, admin, 31, "GONE");
        online.park(database, admin, 31, "GONE");

        SchemaSnapshot schema = engine.inspectSchema(database, admin);
        assertThat(schema.table("ITEMS").orElseThrow()).isEqualTo(to);
        assertThat(schema.tables()).extracting(SchemaSnapshot.Table::name).containsExactly("ITEMS");
        assertThat(contents(database, admin, "ITEMS")).hasSize(1000).containsEntry(500L, "v500");

        online.revert(database, admin, List.of(plan), Duration.ofSeconds(5));
        online.unpark(database, admin, 31, "GONE");
        assertThat(engine.inspectSchema(database, admin).table("ITEMS").orElseThrow()).isEqualTo(from);
        assertThat(engine.inspectSchema(database, admin).table("GONE")).isPresent();
    }
}
