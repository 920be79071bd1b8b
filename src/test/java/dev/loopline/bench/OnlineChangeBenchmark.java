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
import dev.loopline.support.ConcurrentWriter;

/**
 * The online change (add a column) of a 1,000,000-row table against the yardstick, a chunked INSERT … SELECT copy
 * of the same table, without and with a writer at ~500 writes/s, with fixed 10,000-row chunks and with chunks sized
 * to a 20 ms budget ({@link ChunkSizer}, what deploys use). Each configuration runs {@code bench.rounds} rounds (3);
 * each round runs the yardstick right before the online run, under the same writer, so that both see the same
 * machine; after the yardstick's copy, the same writer runs alone on its table for as long as the copy took. Prints
 * the median copy time, the median ratio and every round's, the cutover pause, the writer's p99 and max latency and
 * its writes over 50 ms during the online copy, during the yardstick (what H2 and the TCP path cost the writer under
 * a bulk copy alone) and with no copy at all (what the TCP path costs it on this machine), and whether any write was
 * lost, resurrected or failed.
 */
@Tag("bench")
class OnlineChangeBenchmark {

    private static final int ROWS = 1_000_000;
    private static final int CHUNK = 10_000;

    @TempDir
    Path dataDir;

    /** Rounds per configuration ({@code -Dbench.rounds=}); the figures printed are the rounds' medians. */
    private static final int ROUNDS = Integer.getInteger("bench.rounds", 3);

    @Test
    void addAColumnToAMillionRows() throws Exception {
        try (TestH2Engine h2 = TestH2Engine.start(dataDir)) {
            H2Engine engine = h2.engine();
            System.out.println("BENCH warming up (a full yardstick and online run, not reported)");
            yardstick(engine, "warmup-yardstick", 0);
            run(engine, 0, 9, true);
            long id = 10;
            for (Config config : List.of(new Config("no writer, fixed 10,000-row chunks", 0, false),
                    new Config("no writer, adaptive chunks", 0, true),
                    new Config("writer at ~500 writes/s, fixed 10,000-row chunks", 500, false),
                    new Config("writer at ~500 writes/s, adaptive chunks", 500, true))) {
                List<Result> results = new java.util.ArrayList<>();
                for (int round = 0; round < ROUNDS; round++) {
                    // the yardstick runs right before each online run, under the same writer, so both see the same machine
                    Yardstick yardstick = yardstick(engine, "yardstick-" + id, config.writesPerSecond());
                    results.add(run(engine, config.writesPerSecond(), id++, config.adaptive()).against(yardstick));
                }
                report(config, results);
            }
        }
    }

    private record Config(String label, int writesPerSecond, boolean adaptive) {
    }

    /**
     * One yardstick run: its copy time, its writer during the copy and the same writer alone afterwards for as long
     * (both null without one).
     */
    private record Yardstick(double seconds, ConcurrentWriter writer, ConcurrentWriter alone) {
    }

    /** One online run: its copy time, pause and writer figures, and its yardstick's. */
    private record Result(double seconds, long pauseMillis, Yardstick yardstick, ConcurrentWriter writer, String lost) {

        Result against(Yardstick yardstick) {
            return new Result(seconds, pauseMillis, yardstick, writer, lost);
        }

        double ratio() {
            return yardstick.seconds() / seconds;
        }
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    private static void report(Config config, List<Result> results) {
        String ratios = String.join(", ", results.stream().map(r -> String.format("%.2f", r.ratio())).toList());
        StringBuilder line = new StringBuilder(String.format("BENCH online add-column (%s, %d rounds): copy %.2f s vs "
                + "yardstick %.2f s%s: median %.2f × the yardstick's speed (rounds: %s); cutover pause max %d ms",
                config.label(), results.size(), median(results.stream().map(Result::seconds).toList()),
                median(results.stream().map(r -> r.yardstick().seconds()).toList()),
                config.writesPerSecond() > 0 ? " (under the same writer)" : "",
                median(results.stream().map(Result::ratio).toList()), ratios,
                results.stream().mapToLong(Result::pauseMillis).max().orElse(0)));
        if (config.writesPerSecond() > 0) {
            // the same writer's latency during the yardstick: what H2 and the TCP path cost it under a bulk copy alone
            line.append(String.format("; writer p99 median %.1f ms (during the yardstick %.1f ms, alone %.1f ms), max of "
                    + "rounds %.1f ms (during the yardstick %.1f ms, alone %.1f ms), writes over 50 ms %s (during the "
                    + "yardstick %s, alone %s); %s",
                    median(results.stream().map(r -> r.writer().percentileMillis(99)).toList()),
                    median(results.stream().map(r -> r.yardstick().writer().percentileMillis(99)).toList()),
                    median(results.stream().map(r -> r.yardstick().alone().percentileMillis(99)).toList()),
                    max(results, Result::writer), max(results, r -> r.yardstick().writer()),
                    max(results, r -> r.yardstick().alone()), slow(results, Result::writer),
                    slow(results, r -> r.yardstick().writer()), slow(results, r -> r.yardstick().alone()),
                    String.join(" | ", results.stream().map(Result::lost).toList())));
        }
        System.out.println(line);
    }

    /** The worst write of all rounds, in milliseconds. */
    private static double max(List<Result> results, java.util.function.Function<Result, ConcurrentWriter> writer) {
        return results.stream().mapToDouble(r -> writer.apply(r).maxLatencyNanos.get() / 1e6).max().orElse(0);
    }

    /** Each round's writes over 50 ms, as "slow/all" joined by commas. */
    private static String slow(List<Result> results, java.util.function.Function<Result, ConcurrentWriter> writer) {
        return String.join(", ", results.stream().map(writer)
                .map(w -> w.slowerThan(50) + "/" + w.writes.get()).toList());
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
    private static Yardstick yardstick(H2Engine engine, String name, int writesPerSecond) throws Exception {
        AdminCredential[] admin = new AdminCredential[1];
        BranchDatabase database = load(engine, name, admin);
        engine.createUser(database, admin[0], "APP", "app-pass-1", PasswordRole.READWRITER, false);
        engine.runScript(database, admin[0], "CREATE TABLE COPY_ITEMS (ID BIGINT PRIMARY KEY, VAL VARCHAR(40), QTY INT, "
                + "NOTE VARCHAR(40) DEFAULT 'n')", ScriptRights.SCHEMA_OWNER, 1);
        StringBuilder script = new StringBuilder();
        for (long low = 0; low < ROWS; low += CHUNK) {
            script.append("INSERT INTO COPY_ITEMS (ID, VAL, QTY) SELECT ID, VAL, QTY FROM ITEMS WHERE ID > ").append(low)
                    .append(" AND ID <= ").append(low + CHUNK).append(";\n");
        }
        ConcurrentWriter writer = writesPerSecond == 0 ? null : new ConcurrentWriter(
                engine.connectionDetails(database).jdbcUrl(), "APP", "app-pass-1", ROWS, writesPerSecond).start();
        long start = System.nanoTime();
        var result = engine.runScript(database, admin[0], script.toString(), ScriptRights.SCHEMA_OWNER, 1);
        double seconds = (System.nanoTime() - start) / 1e9;
        ConcurrentWriter alone = null;
        if (writer != null) {
            writer.stop();
            // the same writer on the same table with no copy running, for as long as the copy took
            alone = new ConcurrentWriter(engine.connectionDetails(database).jdbcUrl(), "APP", "app-pass-1", ROWS,
                    writesPerSecond);
            alone.nextKey = writer.nextKey; // past the keys the first writer inserted
            alone.start();
            Thread.sleep((long) (seconds * 1000));
            alone.stop();
            if (!alone.errors.isEmpty()) {
                throw new IllegalStateException("the writer alone failed", alone.errors.get(0));
            }
        }
        if (result.failed()) {
            throw new IllegalStateException(result.error().message());
        }
        var count = engine.runScript(database, admin[0], "SELECT COUNT(*) FROM COPY_ITEMS", ScriptRights.SCHEMA_OWNER, 1);
        if (writesPerSecond == 0 && !count.results().get(0).rows().get(0).get(0).equals(String.valueOf(ROWS))) {
            throw new IllegalStateException("the yardstick copied " + count.results().get(0).rows() + " rows, not " + ROWS
                    + " (" + result.results().size() + " statements, first " + result.results().get(0) + ", last "
                    + result.results().get(result.results().size() - 1) + "; the load: "
                    + engine.runScript(database, admin[0], "SELECT COUNT(*) FROM ITEMS", ScriptRights.SCHEMA_OWNER, 1)
                            .results() + ")");
        }
        engine.dropDatabase(database, admin[0]);
        return new Yardstick(seconds, writer, alone);
    }

    private static Result run(H2Engine engine, int writesPerSecond, long id, boolean adaptive) throws Exception {
        AdminCredential[] admin = new AdminCredential[1];
        BranchDatabase database = load(engine, "online-" + id, admin);
        engine.createUser(database, admin[0], "APP", "app-pass-1", PasswordRole.READWRITER, false);
        ShadowPlan plan = dev.loopline.support.OnlineChanges.addNoteColumn(engine, database, admin[0], id);
        ConcurrentWriter writer = writesPerSecond == 0 ? null : new ConcurrentWriter(
                engine.connectionDetails(database).jdbcUrl(), "APP", "app-pass-1", ROWS, writesPerSecond).start();
        long start = System.nanoTime();
        engine.online().prepare(database, admin[0], plan);
        List<String> key = null;
        ChunkSizer sizer = new ChunkSizer();
        try (var copier = engine.online().copier(database, admin[0], plan)) {
            do {
                int rows = adaptive ? sizer.next() : CHUNK;
                var step = copier.next(key, rows);
                sizer.took(rows, step.held());
                key = step.lastKey();
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
            lost = missing + " lost or stale, " + extra + " resurrected, " + writer.errors.size() + " writer errors in "
                    + writer.writes.get() + " writes" + (writer.errors.isEmpty() ? "" : " (first: " + writer.errors.get(0) + ")");
        }
        engine.dropDatabase(database, admin[0]);
        return new Result(seconds, pause.toMillis(), null, writer, lost);
    }
}
