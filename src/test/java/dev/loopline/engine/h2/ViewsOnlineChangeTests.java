package dev.loopline.engine.h2;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import dev.loopline.engine.AdminCredential;
import dev.loopline.engine.BranchDatabase;
import dev.loopline.engine.DatabaseEngine.ScriptRights;
import dev.loopline.engine.OnlineMigrator;
import dev.loopline.engine.ShadowPlan;
import dev.loopline.schema.SchemaSnapshot;
import dev.loopline.support.RowText;

/**
 * The native-ALTER oracle for views: a table that views read (directly and through other views) changed online
 * leaves the views exactly as a plain {@code ALTER} on a copy does — reading the new table, with its column types,
 * and no longer tied to the old table, which can then be dropped. Reverting binds them to the original again.
 */
class ViewsOnlineChangeTests extends H2EngineTest {

    private static final AtomicInteger NAMES = new AtomicInteger();

    private static final String SCHEMA = """
            CREATE TABLE T (ID BIGINT PRIMARY KEY, A INT, B VARCHAR(10));
            INSERT INTO T VALUES (1, 10, 'x'), (2, 20, 'y'), (3, NULL, 'z');
            CREATE VIEW V AS SELECT * FROM T;
            CREATE VIEW VV (DOUBLED) AS SELECT A * 2 FROM V WHERE A IS NOT NULL;
            CREATE VIEW BS AS SELECT B, ID FROM T WHERE ID > 1;
            CREATE TABLE OTHER (ID INT PRIMARY KEY);
            CREATE VIEW UNRELATED AS SELECT ID FROM OTHER;
            """;

    private static final String ALTER = """
            ALTER TABLE T ALTER COLUMN A SET DATA TYPE BIGINT;
            ALTER TABLE T ADD COLUMN C INT DEFAULT 5;
            """;

    private static BranchDatabase create(String ddl) {
        BranchDatabase database = new BranchDatabase("views", "db" + NAMES.incrementAndGet());
        AdminCredential admin = engine.createDatabase(database);
        admins.put(database, admin);
        assertThat(engine.runScript(database, admin, ddl, ScriptRights.SCHEMA_OWNER, 1).error()).isNull();
        return database;
    }

    private static final java.util.Map<BranchDatabase, AdminCredential> admins = new java.util.HashMap<>();

    /** What a client sees of the views: their rows and their columns' types. */
    private static List<String> seen(BranchDatabase database) throws Exception {
        try (Connection connection = engine.connect(database, admins.get(database))) {
            List<String> seen = new java.util.ArrayList<>();
            seen.addAll(RowText.of(connection, "SELECT * FROM V ORDER BY ID"));
            seen.addAll(RowText.of(connection, "SELECT * FROM VV ORDER BY 1"));
            seen.addAll(RowText.of(connection, "SELECT * FROM BS ORDER BY ID"));
            seen.addAll(RowText.of(connection, "SELECT TABLE_NAME, COLUMN_NAME, DATA_TYPE FROM INFORMATION_SCHEMA.COLUMNS "
                    + "WHERE TABLE_SCHEMA = 'PUBLIC' AND TABLE_NAME IN ('V', 'VV', 'BS') ORDER BY TABLE_NAME, ORDINAL_POSITION"));
            return seen;
        }
    }

    @Test
    void viewsReadTheNewTableAfterCutoverExactlyAsAfterAPlainAlter() throws Exception {
        BranchDatabase oracle = create(SCHEMA + ALTER);
        BranchDatabase online = create(SCHEMA);
        SchemaSnapshot original = engine.inspectSchema(online, admins.get(online));
        List<String> originalSeen = seen(online);
        SchemaSnapshot expected = engine.inspectSchema(oracle, admins.get(oracle));

        ShadowPlan plan = new ShadowPlan(7, original.table("T").orElseThrow(), expected.table("T").orElseThrow());
        OnlineMigrator migrator = engine.online();
        AdminCredential admin = admins.get(online);
        migrator.prepare(online, admin, plan);
        try (var copier = migrator.copier(online, admin, plan)) {
            List<String> key = null;
            do {
                key = copier.next(key, 2).lastKey();
            } while (key != null);
        }
        migrator.cutOver(online, admin, List.of(plan), Duration.ofSeconds(5));

        assertThat(engine.inspectSchema(online, admin)).isEqualTo(expected);
        assertThat(seen(online)).isEqualTo(seen(oracle));
        assertThat(seen(online)).anyMatch(row -> row.contains("V | A | BIGINT"));

        migrator.revert(online, admin, List.of(plan), Duration.ofSeconds(5));
        assertThat(engine.inspectSchema(online, admin)).isEqualTo(original);
        assertThat(seen(online)).isEqualTo(originalSeen);

        migrator.cutOver(online, admin, List.of(plan), Duration.ofSeconds(5));
        // closing the revert window drops the old table: no view may still be tied to it
        migrator.finish(online, admin, List.of(plan), 7, List.of());
        assertThat(engine.inspectSchema(online, admin)).isEqualTo(expected);
        assertThat(seen(online)).isEqualTo(seen(oracle));
    }

    /**
     * A client's long statement keeps the swap from a quiet moment: the attempt gives up, production keeps its views
     * exactly, and the error names the blocking session. (An open transaction with uncommitted row changes does not
     * block H2's renames.)
     */
    @Test
    void aSwapThatCannotHappenLeavesTheViewsAndNamesTheBlocker() throws Exception {
        BranchDatabase oracle = create(SCHEMA + ALTER);
        BranchDatabase online = create(SCHEMA);
        AdminCredential admin = admins.get(online);
        SchemaSnapshot original = engine.inspectSchema(online, admin);
        List<String> originalSeen = seen(online);
        SchemaSnapshot expected = engine.inspectSchema(oracle, admins.get(oracle));
        ShadowPlan plan = new ShadowPlan(8, original.table("T").orElseThrow(), expected.table("T").orElseThrow());
        OnlineMigrator migrator = engine.online();
        migrator.prepare(online, admin, plan);
        try (var copier = migrator.copier(online, admin, plan)) {
            List<String> key = null;
            do {
                key = copier.next(key, 2).lastKey();
            } while (key != null);
        }
        engine.createUser(online, admin, "APP", "app-pass-1", dev.loopline.engine.PasswordRole.READWRITER, false);
        List<String> dropViews = List.of("DROP VIEW \"PUBLIC\".\"VV\";", "DROP VIEW \"PUBLIC\".\"V\";",
                "DROP VIEW \"PUBLIC\".\"BS\";");
        try (Connection app = java.sql.DriverManager.getConnection(engine.connectionDetails(online).jdbcUrl(), "APP",
                "app-pass-1"); java.sql.Statement slow = app.createStatement()) {
            var running = java.util.concurrent.CompletableFuture.runAsync(() -> {
                try {
                    slow.executeQuery("SELECT COUNT(*) FROM T, SYSTEM_RANGE(1, 2000000000)");
                }
                catch (java.sql.SQLException cancelled) {
                    // cancelled below
                }
            });
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> !RowText.of(
                    engine.connect(online, admin), "SELECT SESSION_ID FROM INFORMATION_SCHEMA.SESSIONS "
                            + "WHERE USER_NAME = 'APP' AND EXECUTING_STATEMENT IS NOT NULL").isEmpty());
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> migrator.swap(online, admin, List.of(plan),
                    Duration.ofMillis(500), true, dropViews, List.of()))
                    .isInstanceOf(dev.loopline.engine.EngineException.class)
                    .hasMessageContaining("blocked by session").hasMessageContaining("(APP) running a statement for");
            slow.cancel();
            running.get(10, java.util.concurrent.TimeUnit.SECONDS);
        }
        assertThat(seen(online)).isEqualTo(originalSeen);
        // a swap that fails after the views were dropped (here: a table in the way of the old one) puts them back
        try (Connection connection = engine.connect(online, admin)) {
            connection.createStatement().execute("CREATE TABLE LL_OLD_8_T (ID INT)");
        }
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> migrator.swap(online, admin, List.of(plan),
                Duration.ofSeconds(5), true, dropViews, List.of())).hasMessageContaining("in the way");
        try (Connection connection = engine.connect(online, admin)) {
            connection.createStatement().execute("DROP TABLE LL_OLD_8_T");
        }
        assertThat(engine.inspectSchema(online, admin)).isEqualTo(original);
        assertThat(seen(online)).isEqualTo(originalSeen);
    }
}
