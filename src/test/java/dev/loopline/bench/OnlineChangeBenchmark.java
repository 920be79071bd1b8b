package dev.loopline.bench;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.loopline.engine.AdminCredential;
import dev.loopline.engine.BranchDatabase;
import dev.loopline.engine.ChunkSizer;
import dev.loopline.engine.DatabaseEngine.ScriptRights;
import dev.loopline.engine.PasswordRole;
import dev.loopline.engine.ShadowPlan;
import dev.loopline.engine.h2.H2Engine;
import dev.loopline.engine.h2.TestH2Engine;
import dev.loopline.schema.SchemaSnapshot;
import dev.loopline.support.ConcurrentWriter;

/**
 * The online change (add a column) of a 1,000,000-row table against the yardstick, a chunked INSERT … SELECT copy
 * of the same table, in one run; once without and once with a writer at ~500 writes/s. Prints copy times, their
 * ratio, the cutover pause, the writer's p50/p99/max latency and whether any write was lost; with fixed 10,000-row
 * chunks and with chunks sized to a 20 ms budget ({@link ChunkSizer}), which the deploy runner uses.
 */
@Tag("bench")
class OnlineChangeBenchmark {

    private static final int ROWS = 1_000_000;
    private static final int CHUNK = 10_000;

    @TempDir
    Path dataDir;

    @Test
    void addAColumnToAMillionRows() throws Exception {
        try (TestH2Engine h2 = TestH2Engine.start(dataDir)) {
            H2Engine engine = h2.engine();
            System.out.println("BENCH warming up (a full yardstick and online run, not reported)");
            yardstick(engine, "warmup-yardstick", false);
            run(engine, "warm-up", 0, 1, 9, false, true);
            double yardstick = yardstick(engine, "yardstick", true);
            run(engine, "no writer, fixed 10,000-row chunks", 0, yardstick, 1, true, false);
            run(engine, "no writer, adaptive chunks", 0, yardstick, 3, true, true);
            run(engine, "writer at ~500 writes/s, fixed 10,000-row chunks", 500, yardstick, 2, true, false);
            run(engine, "writer at ~500 writes/s, adaptive chunks", 500, yardstick, 4, true, true);
        }
    }

    private static BranchDatabase load(H2Engine engine, String name, AdminCredential[] admin) {
        BranchDatabase database = new BranchDatabase("bench", name);
        admin[0] = engine.createDatabase(database);
        engine.runScript(database, admin[0], "CREATE TABLE ITEMS (ID BIGINT PRIMARY KEY, VAL VARCHAR(40), QTY INT);"
                + "INSERT INTO ITEMS SELECT X, 'v0', MOD(X, 97) FROM SYSTEM_RANGE(1, " + ROWS + ");",
                ScriptRights.SCHEMA_OWNER, 1);
        return database;
    }

    /** Chunked INSERT … SELECT by key range into a plain copy of the table, as fast as H2 goes. */
    private static double yardstick(H2Engine engine, String name, boolean report) {
        AdminCredential[] admin = new AdminCredential[1];
        BranchDatabase database = load(engine, name, admin);
        engine.runScript(database, admin[0], "CREATE TABLE COPY_ITEMS (ID BIGINT PRIMARY KEY, VAL VARCHAR(40), QTY INT, "
                + "NOTE VARCHAR(40) DEFAULT 'n')", ScriptRights.SCHEMA_OWNER, 1);
        StringBuilder script = new StringBuilder();
        for (long low = 0; low < ROWS; low += CHUNK) {
            script.append("INSERT INTO COPY_ITEMS (ID, VAL, QTY) SELECT ID, VAL, QTY FROM ITEMS WHERE ID > ").append(low)
                    .append(" AND ID <= ").append(low + CHUNK).append(";\n");
        }
        long start = System.nanoTime();
        var result = engine.runScript(database, admin[0], script.toString(), ScriptRights.SCHEMA_OWNER, 1);
        double seconds = (System.nanoTime() - start) / 1e9;
        if (result.failed()) {
            throw new IllegalStateException(result.error().message());
        }
        var count = engine.runScript(database, admin[0], "SELECT COUNT(*) FROM COPY_ITEMS", ScriptRights.SCHEMA_OWNER, 1);
        if (!count.results().get(0).rows().get(0).get(0).equals(String.valueOf(ROWS))) {
            throw new IllegalStateException("the yardstick copied " + count.results().get(0).rows() + " rows, not " + ROWS);
        }
        if (report) {
            System.out.printf("BENCH yardstick: chunked INSERT … SELECT of %,d rows in %.2f s (%,.0f rows/s)%n", ROWS,
                    seconds, ROWS / seconds);
        }
        return seconds;
    }

    private static void run(H2Engine engine, String label, int writesPerSecond, double yardstick, long id, boolean report,
            boolean adaptive) throws Exception {
        AdminCredential[] admin = new AdminCredential[1];
        BranchDatabase database = load(engine, "online-" + id, admin);
        engine.createUser(database, admin[0], "APP", "app-pass-1", PasswordRole.READWRITER, false);
        SchemaSnapshot.Table from = engine.inspectSchema(database, admin[0]).table("ITEMS").orElseThrow();
        List<SchemaSnapshot.Column> columns = new java.util.ArrayList<>(from.columns());
        columns.add(new SchemaSnapshot.Column("NOTE", "CHARACTER VARYING(40)", true, "'n'"));
        SchemaSnapshot.Table to = new SchemaSnapshot.Table("ITEMS", columns, from.primaryKey(), List.of(), List.of());
        ShadowPlan plan = new ShadowPlan(id, from, to);
        ConcurrentWriter writer = writesPerSecond == 0 ? null : new ConcurrentWriter(
                engine.connectionDetails(database).jdbcUrl(), "APP", "app-pass-1", ROWS, writesPerSecond).start();
        long start = System.nanoTime();
        engine.online().prepare(database, admin[0], plan);
        List<String> key = null;
        ChunkSizer sizer = new ChunkSizer();
        try (var copier = engine.online().copier(database, admin[0], plan)) {
            do {
                int rows = adaptive ? sizer.next() : CHUNK;
                long started = System.nanoTime();
                key = copier.next(key, rows).lastKey();
                sizer.took(rows, Duration.ofNanos(System.nanoTime() - started));
            } while (key != null);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        Duration pause = engine.online().cutOver(database, admin[0], List.of(plan), Duration.ofSeconds(5));
        if (writer != null) {
            Thread.sleep(500);
            writer.stop();
        }
        String lost = "not checked";
        if (writer != null) {
            Map<Long, String> rows = new HashMap<>();
            try (Connection connection = DriverManager.getConnection(engine.connectionDetails(database).jdbcUrl(), "APP",
                    "app-pass-1"); ResultSet result = connection.createStatement().executeQuery("SELECT ID, VAL FROM ITEMS")) {
                while (result.next()) {
                    rows.put(result.getLong(1), result.getString(2));
                }
            }
            long missing = writer.expected.entrySet().stream().filter(e -> !e.getValue().equals(rows.get(e.getKey()))).count();
            long extra = rows.keySet().stream().filter(k -> !writer.expected.containsKey(k)).count();
            lost = missing + " lost or stale, " + extra + " resurrected, " + writer.errors.size() + " writer errors, "
                    + writer.writes.get() + " writes, latency p50 " + String.format("%.1f", writer.percentileMillis(50))
                    + " ms, p99 " + String.format("%.1f", writer.percentileMillis(99)) + " ms, max "
                    + String.format("%.1f", writer.maxLatencyNanos.get() / 1e6) + " ms";
        }
        if (!report) {
            return;
        }
        System.out.printf("BENCH online add-column (%s): copy %.2f s = %.2f × the yardstick's speed; cutover pause %d ms; %s%n",
                label, seconds, yardstick / seconds, pause.toMillis(), lost);
    }
}
