package dev.loopline.engine.h2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import dev.loopline.engine.AdminCredential;
import dev.loopline.engine.BranchDatabase;
import dev.loopline.engine.DatabaseEngine.ScriptRights;
import dev.loopline.engine.EngineException;
import dev.loopline.engine.OnlineMigrator;
import dev.loopline.engine.PasswordRole;
import dev.loopline.engine.ShadowPlan;
import dev.loopline.support.OnlineChanges;

/**
 * A copy whose writes are logged ({@link ChangeLogTrigger}): its chunks take no row locks, so they never wait for a
 * writer; what writers change reaches the shadow once committed, deleted rows do not come back, and the copy ends
 * (switching to mirroring) only when no logged write is still open.
 */
class ChangeLogCopyTests extends H2EngineTest {

    private record Branch(BranchDatabase database, AdminCredential admin, ShadowPlan plan) {

        Connection writer() throws Exception {
            Connection connection = DriverManager.getConnection(engine.connectionDetails(database).jdbcUrl(), "APP",
                    "app-pass-1");
            connection.setAutoCommit(false);
            return connection;
        }

        /** Runs {@code statements} as the application, in one transaction, and commits it. */
        void write(String... statements) throws Exception {
            try (Connection writer = writer(); Statement statement = writer.createStatement()) {
                for (String sql : statements) {
                    statement.executeUpdate(sql);
                }
                writer.commit();
            }
        }

        Map<Long, String> rows(String table) throws Exception {
            Map<Long, String> rows = new TreeMap<>();
            try (Connection connection = engine.connect(database, admin); ResultSet result = connection.createStatement()
                    .executeQuery("SELECT ID, VAL FROM " + table)) {
                while (result.next()) {
                    rows.put(result.getLong(1), result.getString(2));
                }
            }
            return rows;
        }

        Map<Long, String> shadow() throws Exception {
            return rows(H2OnlineMigrator.shadowName(plan));
        }

        List<String> triggers() throws Exception {
            List<String> names = new java.util.ArrayList<>();
            try (Connection connection = engine.connect(database, admin); ResultSet result = connection.createStatement()
                    .executeQuery("SELECT DISTINCT TRIGGER_NAME FROM INFORMATION_SCHEMA.TRIGGERS WHERE EVENT_OBJECT_TABLE = 'ITEMS'")) {
                while (result.next()) {
                    names.add(result.getString(1));
                }
            }
            return names;
        }

        /** Copies from after {@code after} to the end (the switch included); the copier's steps' last keys. */
        List<String> copyToEnd(List<String> after, int chunk) {
            List<String> keys = new java.util.ArrayList<>();
            try (var copier = engine.online().copier(database, admin, plan)) {
                while (true) {
                    var step = copier.next(after, chunk);
                    if (step.done()) {
                        return keys;
                    }
                    after = step.lastKey();
                    keys.add(after.get(0));
                }
            }
        }
    }

    /** A branch made by {@code script}, with the writers' user {@code APP}. */
    private record Loaded(BranchDatabase database, AdminCredential admin) {
    }

    private static Loaded load(String name, String script) {
        BranchDatabase database = new BranchDatabase("changelog", name);
        AdminCredential admin = engine.createDatabase(database);
        engine.runScript(database, admin, script, ScriptRights.SCHEMA_OWNER, 1);
        engine.createUser(database, admin, "APP", "app-pass-1", PasswordRole.READWRITER, false);
        return new Loaded(database, admin);
    }

    /** {@code rows} rows in {@code ITEMS} (made by {@code table}), and the change that adds a column, prepared. */
    private static Branch branch(String name, String table, int rows, long migration) {
        Loaded loaded = load(name, table + ";INSERT INTO ITEMS (ID, VAL) SELECT X, 'v0' FROM SYSTEM_RANGE(1, " + rows + ");");
        ShadowPlan plan = OnlineChanges.addNoteColumn(engine, loaded.database(), loaded.admin(), migration);
        engine.online().prepare(loaded.database(), loaded.admin(), plan);
        return new Branch(loaded.database(), loaded.admin(), plan);
    }

    /**
     * A writer changes and deletes rows of a chunk's range and holds them: the chunk does not wait and copies the rows
     * as they were committed; once the writer commits, the next chunk brings the changed row up to date and removes
     * the deleted one (which the chunk had copied: without the log it would come back).
     */
    @Test
    void aChunkNeverWaitsForAWriterAndTheWritersCommittedChangesReachTheShadow() throws Exception {
        Branch branch = branch("nowait", "CREATE TABLE ITEMS (ID BIGINT PRIMARY KEY, VAL VARCHAR(40))", 2000, 41);
        try (Connection writer = branch.writer(); Statement statement = writer.createStatement();
                var copier = engine.online().copier(branch.database(), branch.admin(), branch.plan())) {
            statement.executeUpdate("UPDATE ITEMS SET VAL = 'w1' WHERE ID = 500");
            statement.executeUpdate("DELETE FROM ITEMS WHERE ID = 600");
            var chunk = CompletableFuture.supplyAsync(() -> copier.next(null, 1000));
            var step = chunk.get(3, TimeUnit.SECONDS);
            assertThat(step.lastKey()).containsExactly("1000");
            assertThat(branch.shadow()).hasSize(1000).containsEntry(500L, "v0").containsKey(600L);
            writer.commit();
            // a write after the chunk, to a row it copied, and one beyond it
            statement.executeUpdate("UPDATE ITEMS SET VAL = 'w2' WHERE ID = 700");
            statement.executeUpdate("UPDATE ITEMS SET VAL = 'w3' WHERE ID = 1500");
            writer.commit();
            assertThat(copier.next(step.lastKey(), 1000).lastKey()).containsExactly("2000");
        }
        assertThat(branch.shadow()).hasSize(1999).containsEntry(500L, "w1").containsEntry(499L, "v0")
                .containsEntry(700L, "w2").containsEntry(1500L, "w3").doesNotContainKey(600L);
    }

    /**
     * The copy ends by switching the table's trigger from logging keys to mirroring rows. A write logged in a
     * transaction that is still open would be neither applied nor mirrored, so the copy ends only once it commits.
     */
    @Test
    void theCopyEndsOnlyOnceAWriteLoggedInAnOpenTransactionIsCommitted() throws Exception {
        Branch branch = branch("open", "CREATE TABLE ITEMS (ID BIGINT PRIMARY KEY, VAL VARCHAR(40))", 1000, 42);
        assertThat(branch.triggers()).containsExactly(H2OnlineMigrator.logName(branch.plan()));
        try (Connection writer = branch.writer(); Statement statement = writer.createStatement()) {
            statement.executeUpdate("UPDATE ITEMS SET VAL = 'open' WHERE ID = 10");
            statement.executeUpdate("DELETE FROM ITEMS WHERE ID = 20");
            statement.executeUpdate("INSERT INTO ITEMS VALUES (5000, 'new')");
            var copy = CompletableFuture.supplyAsync(() -> branch.copyToEnd(null, 300));
            org.awaitility.Awaitility.await().during(Duration.ofMillis(700)).atMost(Duration.ofSeconds(5))
                    .until(() -> !copy.isDone());
            writer.commit();
            copy.get(20, TimeUnit.SECONDS);
            assertThat(branch.triggers()).containsExactly("LL_FWD_42_ITEMS");
            // from now on writes are mirrored in the writer's own transaction
            statement.executeUpdate("UPDATE ITEMS SET VAL = 'mirrored' WHERE ID = 30");
            writer.commit();
        }
        assertThat(branch.shadow()).isEqualTo(branch.rows("ITEMS")).containsEntry(10L, "open")
                .containsEntry(30L, "mirrored").containsEntry(5000L, "new").doesNotContainKey(20L);
        try (Connection connection = engine.connect(branch.database(), branch.admin()); ResultSet tables = connection
                .createStatement().executeQuery("SELECT COUNT(*) FROM INFORMATION_SCHEMA.TABLES WHERE TABLE_NAME LIKE 'LL\\_LOG%'")) {
            tables.next();
            assertThat(tables.getLong(1)).as("the change log is dropped with its trigger").isZero();
        }
    }

    /**
     * An application transaction that stays open longer than the switch's limit: the last step gives up with an
     * {@link dev.loopline.engine.EngineBusyException} naming the session, changing nothing (still logging, the write
     * still pending); once the transaction commits, the same step called again ends the copy, the write included.
     */
    @Test
    void aTransactionOpenLongerThanTheSwitchLimitMakesTheLastStepBusyAndItEndsWhenCalledAgain() throws Exception {
        Branch branch = branch("busy", "CREATE TABLE ITEMS (ID BIGINT PRIMARY KEY, VAL VARCHAR(40))", 500, 48);
        try (Connection writer = branch.writer(); Statement statement = writer.createStatement();
                var copier = engine.online().copier(branch.database(), branch.admin(), branch.plan())) {
            var step = copier.next(null, 1000);
            assertThat(step.lastKey()).containsExactly("500");
            statement.executeUpdate("UPDATE ITEMS SET VAL = 'late' WHERE ID = 7");
            long started = System.nanoTime();
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> copier.next(step.lastKey(), 1000))
                    .isInstanceOf(dev.loopline.engine.EngineBusyException.class)
                    .hasMessageContaining("could not end within " + H2OnlineMigrator.SWITCH_LIMIT.toSeconds() + " s")
                    .hasMessageContaining("(APP), idle for");
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(H2OnlineMigrator.SWITCH_LIMIT);
            assertThat(branch.triggers()).containsExactly(H2OnlineMigrator.logName(branch.plan()));
            writer.commit();
            assertThat(copier.next(step.lastKey(), 1000).done()).isTrue();
        }
        assertThat(branch.triggers()).containsExactly("LL_FWD_48_ITEMS");
        assertThat(branch.shadow()).isEqualTo(branch.rows("ITEMS")).containsEntry(7L, "late");
    }

    /**
     * A restart can lose the copy's last progress (a chunk committed, its key not saved): the copy resumes from an
     * earlier key, over rows it copied before, some of which writers changed or deleted meanwhile.
     */
    @Test
    void aCopyResumedFromAnEarlierKeyMatchesTheTable() throws Exception {
        Branch branch = branch("resume", "CREATE TABLE ITEMS (ID BIGINT PRIMARY KEY, VAL VARCHAR(40))", 3000, 43);
        List<String> keys;
        try (var copier = engine.online().copier(branch.database(), branch.admin(), branch.plan())) {
            List<String> first = copier.next(null, 500).lastKey();
            copier.next(first, 1000);
            keys = first;
        }
        branch.write("UPDATE ITEMS SET VAL = 'a' WHERE ID IN (100, 900, 2000)",
                "DELETE FROM ITEMS WHERE ID IN (200, 1200, 2500)",
                "UPDATE ITEMS SET ID = 1300 + 10000 WHERE ID = 1300");
        branch.copyToEnd(keys, 400);
        assertThat(branch.shadow()).isEqualTo(branch.rows("ITEMS")).hasSize(2997).containsEntry(900L, "a")
                .containsKey(11300L).doesNotContainKeys(200L, 1200L, 1300L);
    }

    /**
     * Rows of a unique column swap values in one transaction. Catching up deletes every logged row before copying any
     * again, so the copy does not trip over the value the other row still had.
     */
    @Test
    void uniqueValuesSwappedBetweenCopiedRowsDoNotClash() throws Exception {
        Loaded loaded = load("unique", "CREATE TABLE ITEMS (ID BIGINT PRIMARY KEY, VAL VARCHAR(40), CODE VARCHAR(10) "
                + "UNIQUE); INSERT INTO ITEMS SELECT X, 'v0', 'c' || X FROM SYSTEM_RANGE(1, 1000);");
        BranchDatabase database = loaded.database();
        AdminCredential admin = loaded.admin();
        ShadowPlan plan = OnlineChanges.addNoteColumn(engine, database, admin, 44);
        plan = new ShadowPlan(44, plan.from(), new dev.loopline.schema.SchemaSnapshot.Table("ITEMS", plan.to().columns(),
                plan.to().primaryKey(), List.of(new dev.loopline.schema.SchemaSnapshot.Index("UQ_CODE", List.of("CODE"), true)),
                List.of()));
        engine.online().prepare(database, admin, plan);
        Branch branch = new Branch(database, admin, plan);
        List<String> after;
        try (var copier = engine.online().copier(database, admin, plan)) {
            after = copier.next(null, 500).lastKey();
        }
        branch.write("UPDATE ITEMS SET CODE = 'tmp' WHERE ID = 10",
                "UPDATE ITEMS SET CODE = 'c10' WHERE ID = 20",
                "UPDATE ITEMS SET CODE = 'c20' WHERE ID = 10");
        branch.copyToEnd(after, 500);
        try (Connection connection = engine.connect(database, admin); ResultSet rows = connection
                .createStatement().executeQuery("SELECT ID, CODE FROM " + H2OnlineMigrator.shadowName(plan)
                        + " WHERE ID IN (10, 20) ORDER BY ID")) {
            rows.next();
            assertThat(rows.getString(2)).isEqualTo("c20");
            rows.next();
            assertThat(rows.getString(2)).isEqualTo("c10");
        }
    }

    /**
     * A switch to mirroring interrupted after the mirror trigger was made and before the log trigger was dropped
     * leaves both (here made by preparing the change the old way and then again): the copy goes on logged, with only
     * the log trigger, and ends with the switch again.
     */
    @Test
    void aSwitchInterruptedHalfwayRunsAgain() throws Exception {
        Loaded loaded = load("halfway", "CREATE TABLE ITEMS (ID BIGINT PRIMARY KEY, VAL VARCHAR(40));"
                + "INSERT INTO ITEMS SELECT X, 'v0' FROM SYSTEM_RANGE(1, 500);");
        BranchDatabase database = loaded.database();
        AdminCredential admin = loaded.admin();
        ShadowPlan plan = OnlineChanges.addNoteColumn(engine, database, admin, 47);
        H2OnlineMigrator online = (H2OnlineMigrator) engine.online();
        online.prepare(database, admin, plan, false);
        online.prepare(database, admin, plan, true);
        Branch branch = new Branch(database, admin, plan);
        assertThat(branch.triggers()).containsExactlyInAnyOrder("LL_FWD_47_ITEMS", "LL_LOG_47_ITEMS");
        try (var copier = online.copier(database, admin, plan)) {
            assertThat(branch.triggers()).containsExactly("LL_LOG_47_ITEMS");
            var step = copier.next(null, 200);
            branch.write("UPDATE ITEMS SET VAL = 'w' WHERE ID IN (10, 300)",
                    "DELETE FROM ITEMS WHERE ID = 20");
            while (!step.done()) {
                step = copier.next(step.lastKey(), 200);
            }
        }
        assertThat(branch.triggers()).containsExactly("LL_FWD_47_ITEMS");
        assertThat(branch.shadow()).isEqualTo(branch.rows("ITEMS")).containsEntry(300L, "w").doesNotContainKey(20L);
    }

    /** Names may hold commas: the triggers' configuration keeps them apart (found by a reviewer: every write failed). */
    @Test
    void aKeyColumnWithACommaInItsName() throws Exception {
        Loaded loaded = load("comma", "CREATE TABLE ITEMS (\"a,b\" BIGINT, ID BIGINT, VAL VARCHAR(40), PRIMARY KEY (\"a,b\", ID));"
                + "INSERT INTO ITEMS SELECT X, X, 'v0' FROM SYSTEM_RANGE(1, 300);");
        ShadowPlan plan = OnlineChanges.addNoteColumn(engine, loaded.database(), loaded.admin(), 48);
        engine.online().prepare(loaded.database(), loaded.admin(), plan);
        Branch branch = new Branch(loaded.database(), loaded.admin(), plan);
        branch.write("UPDATE ITEMS SET VAL = 'w' WHERE \"a,b\" = 5", "DELETE FROM ITEMS WHERE ID = 6");
        branch.copyToEnd(null, 100);
        branch.write("UPDATE ITEMS SET VAL = 'm' WHERE \"a,b\" = 7");
        assertThat(branch.shadow()).isEqualTo(branch.rows("ITEMS")).containsEntry(5L, "w").containsEntry(7L, "m")
                .doesNotContainKey(6L);
    }

    /** A cutover before the copy has ended (and switched to mirroring) is refused and changes nothing. */
    @Test
    void aCutoverBeforeTheCopyEndedIsRefused() throws Exception {
        Branch branch = branch("early", "CREATE TABLE ITEMS (ID BIGINT PRIMARY KEY, VAL VARCHAR(40))", 100, 46);
        OnlineMigrator online = engine.online();
        assertThatThrownBy(() -> online.cutOver(branch.database(), branch.admin(), List.of(branch.plan()),
                Duration.ofSeconds(2))).isInstanceOf(EngineException.class).hasMessageContaining("not all copied yet");
        assertThat(engine.inspectSchema(branch.database(), branch.admin()).table("ITEMS").orElseThrow())
                .isEqualTo(branch.plan().from());
    }
}
