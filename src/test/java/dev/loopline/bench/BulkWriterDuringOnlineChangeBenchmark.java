package dev.loopline.bench;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;

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
import dev.loopline.support.OnlineChanges;

/**
 * The change log's worst case: an online change (add a column) of a 200,000-row table while a client over TCP runs
 * {@code UPDATE … WHERE ID BETWEEN ? AND ?} statements of {@code bench.bulk.rows} rows (5,000) back to back, each
 * logging that many keys. Chunks are sized as deploys size them ({@link ChunkSizer}). Each of {@code bench.rounds}
 * rounds (3) prints the copy's time (the client stops after {@code bench.bulk.seconds}, 30, if the copy has not ended
 * by then: a client that changes rows faster than the copy catches up keeps it from ending), how long its last step took (the catch-ups and the switch to mirroring, during
 * which the branch's clients are held at the gate at the end), the client's statements, their p99 and worst latency,
 * and whether every update is in the table after the cutover ({@code SUM(QTY)}: each statement adds 1 to each of its
 * rows).
 */
@Tag("bench")
class BulkWriterDuringOnlineChangeBenchmark {

    private static final int ROWS = 200_000;
    private static final int BULK = Integer.getInteger("bench.bulk.rows", 5_000);
    private static final int ROUNDS = Integer.getInteger("bench.rounds", 3);
    /** The client stops after this long if the copy has not ended by then, so that the copy can catch up and end. */
    private static final long LIMIT_NANOS = Long.getLong("bench.bulk.seconds", 30) * 1_000_000_000L;

    @TempDir
    Path dataDir;

    @Test
    void bulkUpdatesBackToBack() throws Exception {
        try (TestH2Engine h2 = TestH2Engine.start(dataDir)) {
            H2Engine engine = h2.engine();
            for (int round = 0; round < ROUNDS; round++) {
                run(engine, round + 1);
            }
        }
    }

    private static void run(H2Engine engine, long id) throws Exception {
        BranchDatabase database = new BranchDatabase("bench", "bulk-" + id);
        AdminCredential admin = engine.createDatabase(database);
        engine.runScript(database, admin, "CREATE TABLE ITEMS (ID BIGINT PRIMARY KEY, VAL VARCHAR(40), QTY INT);"
                + "INSERT INTO ITEMS SELECT X, 'v0', 0 FROM SYSTEM_RANGE(1, " + ROWS + ");", ScriptRights.SCHEMA_OWNER, 1);
        engine.createUser(database, admin, "APP", "app-pass-1", PasswordRole.READWRITER, false);
        ShadowPlan plan = OnlineChanges.addNoteColumn(engine, database, admin, id);
        String url = engine.connectionDetails(database).jdbcUrl();
        AtomicBoolean running = new AtomicBoolean(true);
        List<Long> latencies = new ArrayList<>();
        List<Throwable> errors = new ArrayList<>();
        Thread client = new Thread(() -> {
            Random random = new Random(id);
            try (Connection connection = DriverManager.getConnection(url, "APP", "app-pass-1");
                    PreparedStatement update = connection.prepareStatement(
                            "UPDATE ITEMS SET QTY = QTY + 1 WHERE ID BETWEEN ? AND ?")) {
                while (running.get()) {
                    long low = 1 + random.nextInt(ROWS - BULK + 1);
                    update.setLong(1, low);
                    update.setLong(2, low + BULK - 1);
                    long started = System.nanoTime();
                    update.executeUpdate();
                    synchronized (latencies) {
                        latencies.add(System.nanoTime() - started);
                    }
                }
            }
            catch (Throwable e) {
                synchronized (errors) {
                    errors.add(e);
                }
            }
        }, "bulk-writer");
        client.start();
        Thread.sleep(500);
        long start = System.nanoTime();
        engine.online().prepare(database, admin, plan);
        List<String> key = null;
        ChunkSizer sizer = new ChunkSizer();
        long lastStep = 0;
        long stoppedAt = 0;
        try (var copier = engine.online().copier(database, admin, plan)) {
            while (true) {
                if (running.get() && System.nanoTime() - start > LIMIT_NANOS) {
                    running.set(false);
                    stoppedAt = System.nanoTime();
                }
                int rows = sizer.next();
                long stepStart = System.nanoTime();
                var step = copier.next(key, rows);
                lastStep = System.nanoTime() - stepStart;
                if (step.done()) {
                    break;
                }
                sizer.took(rows, step.held());
                key = step.lastKey();
            }
        }
        catch (dev.loopline.engine.EngineException e) {
            running.set(false);
            client.join(60_000);
            System.out.printf("BENCH bulk writer, round %d: the copy failed after %.1f s: %s%n", id,
                    (System.nanoTime() - start) / 1e9, e.getMessage());
            engine.dropDatabase(database, admin);
            return;
        }
        long ended = System.nanoTime();
        double seconds = (ended - start) / 1e9;
        String underLoad = stoppedAt == 0 ? "the copy ended under the client's load"
                : String.format("the copy had not ended after %d s, so the client stopped; it ended %.1f s later",
                        LIMIT_NANOS / 1_000_000_000L, (ended - stoppedAt) / 1e9);
        Duration pause = engine.online().cutOver(database, admin, List.of(plan), Duration.ofSeconds(5));
        Thread.sleep(300);
        running.set(false);
        client.join(60_000);
        long statements;
        List<Long> sorted;
        synchronized (latencies) {
            statements = latencies.size();
            sorted = latencies.stream().sorted().toList();
        }
        long sum;
        try (Connection connection = DriverManager.getConnection(url, "APP", "app-pass-1");
                ResultSet result = connection.createStatement().executeQuery("SELECT SUM(QTY) FROM ITEMS")) {
            result.next();
            sum = result.getLong(1);
        }
        System.out.printf("BENCH bulk writer (%,d-row updates back to back) during an online change of %,d rows, round %d: "
                + "copy %.2f s, its last step (catch-ups, switch to mirroring) %.0f ms, cutover pause %d ms; %d statements, "
                + "p99 %.0f ms, worst %.0f ms; %s; %s; %s%n", BULK, ROWS, id, seconds, lastStep / 1e6, pause.toMillis(),
                statements, sorted.isEmpty() ? 0 : sorted.get((int) Math.min(sorted.size() - 1, sorted.size() * 0.99)) / 1e6,
                sorted.isEmpty() ? 0 : sorted.get(sorted.size() - 1) / 1e6,
                sum == statements * BULK ? "every update kept" : "SUM(QTY) " + sum + " but " + statements * BULK + " expected",
                errors.isEmpty() ? "no client error" : "client error: " + errors.get(0), underLoad);
        engine.dropDatabase(database, admin);
    }
}
