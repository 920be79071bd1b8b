package dev.loopline.bench;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.loopline.engine.AdminCredential;
import dev.loopline.engine.BranchDatabase;
import dev.loopline.engine.ConnectionDetails;
import dev.loopline.engine.DatabaseEngine.ScriptRights;
import dev.loopline.engine.PasswordRole;
import dev.loopline.engine.h2.H2Engine;
import dev.loopline.engine.h2.TestH2Engine;

/**
 * What H2's query statistics cost a writer: a client inserting (and reading back) over the TCP port on one branch,
 * in alternating rounds with statistics off and on (on: sized as Loopline sizes them, and read every second, far
 * more often than the minutely sampler). Every statement carries its own literals, so each is a new text for H2's
 * statistics map: the worst case. Goal: throughput on ≥ 0.95 × off. Run with {@code bench/run QueryStatisticsBenchmark}.
 */
@Tag("bench")
class QueryStatisticsBenchmark {

    private static final int ROUNDS = 10;
    private static final long ROUND_MILLIS = 2_000;
    private static final int MAX_STATEMENTS = 500;

    @TempDir
    Path dataDir;

    @Test
    void writerThroughputWithStatisticsOnAndOff() throws Exception {
        try (TestH2Engine h2 = TestH2Engine.start(dataDir)) {
            H2Engine engine = h2.engine();
            BranchDatabase main = new BranchDatabase("bench", "main");
            AdminCredential admin = engine.createDatabase(main);
            var created = engine.runScript(main, admin, "CREATE TABLE EVENTS (ID BIGINT PRIMARY KEY, KIND VARCHAR(20), "
                    + "PAYLOAD VARCHAR(200), AT TIMESTAMP DEFAULT CURRENT_TIMESTAMP)", ScriptRights.SCHEMA_OWNER, 1);
            if (created.failed()) {
                throw new IllegalStateException(created.error().message());
            }
            engine.createUser(main, admin, "APP", "app-secret", PasswordRole.READWRITER, false);
            ConnectionDetails tcp = engine.connectionDetails(main);
            List<Double> off = new ArrayList<>();
            List<Double> on = new ArrayList<>();
            long[] nextId = {1};
            try (Connection client = DriverManager.getConnection(tcp.jdbcUrl(), "APP", "app-secret")) {
                round(client, nextId, 5_000, null, null, null); // warm-up
                for (int r = 0; r < ROUNDS; r++) {
                    boolean statistics = r % 2 == 1;
                    engine.setQueryStatistics(main, admin, statistics, MAX_STATEMENTS);
                    double perSecond = round(client, nextId, ROUND_MILLIS, statistics ? engine : null, main, admin);
                    (statistics ? on : off).add(perSecond);
                }
                int texts = engine.queryStatistics(main, admin).entries().size();
                Collections.sort(off);
                Collections.sort(on);
                double offMedian = median(off);
                double onMedian = median(on);
                System.out.printf("BENCH query statistics: writer over TCP, %d rounds of %d s alternating off/on, every "
                        + "statement a new text (%d texts kept at the end, max %d): off median %.0f statements/s %s, on "
                        + "median %.0f statements/s %s; on/off = %.3f (goal >= 0.95)%n", ROUNDS, ROUND_MILLIS / 1000, texts,
                        MAX_STATEMENTS * 2, offMedian, rounded(off), onMedian, rounded(on), onMedian / offMedian);
            }
        }
    }

    /** Inserts a row and reads it back, with literals, for {@code millis}; reads the statistics every second if asked. */
    private static double round(Connection client, long[] nextId, long millis, H2Engine engine, BranchDatabase database,
            AdminCredential admin) throws SQLException {
        long start = System.nanoTime();
        long end = start + millis * 1_000_000;
        long nextRead = start + 1_000_000_000L;
        long statements = 0;
        try (Statement statement = client.createStatement()) {
            long now;
            while ((now = System.nanoTime()) < end) {
                long id = nextId[0]++;
                statement.executeUpdate("INSERT INTO EVENTS (ID, KIND, PAYLOAD) VALUES (" + id + ", 'kind-" + (id % 7)
                        + "', 'payload " + id + "')");
                try (var rows = statement.executeQuery("SELECT PAYLOAD FROM EVENTS WHERE ID = " + id)) {
                    rows.next();
                }
                statements += 2;
                if (engine != null && now > nextRead) {
                    engine.queryStatistics(database, admin);
                    nextRead = now + 1_000_000_000L;
                }
            }
            return statements / ((now - start) / 1e9);
        }
    }

    private static List<Long> rounded(List<Double> values) {
        return values.stream().map(Math::round).toList();
    }

    private static double median(List<Double> values) {
        return values.get(values.size() / 2);
    }
}
