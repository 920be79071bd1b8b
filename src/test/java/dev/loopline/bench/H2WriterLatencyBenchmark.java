package dev.loopline.bench;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

import org.h2.tools.Server;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.loopline.support.ConcurrentWriter;

/**
 * The baseline for {@code OnlineChangeBenchmark}'s writer latency, without any Loopline code: plain H2 (its own TCP
 * server, no connection gate), a writer at ~500 writes/s, and a chunked {@code INSERT … SELECT} copy of a
 * 1,000,000-row table (the yardstick) running in the same JVM. Three kinds of round, 2 rounds each, in turn: the
 * writer over TCP during the copy, embedded during the copy, and over TCP for 4 s with no copy at all (what the TCP
 * path costs on its own). Prints the writer's p99 and worst latency and how many writes took over 50 ms. Run with
 * {@code bench/run H2WriterLatencyBenchmark}.
 */
@Tag("bench")
class H2WriterLatencyBenchmark {

    private static final int ROWS = 1_000_000;

    @TempDir
    Path dataDir;

    @Test
    void writerDuringABulkCopy() throws Exception {
        Server server = Server.createTcpServer("-tcpPort", "0", "-baseDir", dataDir.toString(), "-ifNotExists").start();
        try {
            for (int round = 0; round < 6; round++) {
                boolean tcp = round % 3 != 1;
                boolean copy = round % 3 != 2;
                String name = "round" + round;
                String embedded = "jdbc:h2:" + dataDir.resolve(name);
                try (Connection admin = DriverManager.getConnection(embedded, "sa", "");
                        Statement statement = admin.createStatement()) {
                    statement.execute("CREATE TABLE ITEMS (ID BIGINT PRIMARY KEY, VAL VARCHAR(40), QTY INT);"
                            + "INSERT INTO ITEMS SELECT X, 'v0', 1 FROM SYSTEM_RANGE(1, " + ROWS + ");"
                            + "CREATE TABLE COPY_ITEMS (ID BIGINT PRIMARY KEY, VAL VARCHAR(40), QTY INT)");
                    String url = tcp ? "jdbc:h2:tcp://localhost:" + server.getPort() + "/" + name : embedded;
                    ConcurrentWriter writer = new ConcurrentWriter(url, "sa", "", ROWS, 500).start();
                    Thread.sleep(300);
                    long start = System.nanoTime();
                    for (long low = 0; copy && low < ROWS; low += 10_000) {
                        statement.executeUpdate("INSERT INTO COPY_ITEMS SELECT * FROM ITEMS WHERE ID > " + low
                                + " AND ID <= " + (low + 10_000));
                    }
                    if (!copy) {
                        Thread.sleep(4_000);
                    }
                    double seconds = (System.nanoTime() - start) / 1e9;
                    writer.stop();
                    if (!writer.errors.isEmpty()) {
                        throw new SQLException("the writer failed", writer.errors.get(0));
                    }
                    System.out.printf("BENCH plain H2, writer %s, %s %.2f s%s: %d writes, p99 %.1f ms, worst %.1f ms, %d over "
                            + "50 ms%n", tcp ? "over TCP" : "embedded", copy ? "during a" : "alone for", seconds,
                            copy ? " bulk copy" : " (no copy)", writer.writes.get(), writer.percentileMillis(99),
                            writer.maxLatencyNanos.get() / 1e6, writer.slowerThan(50));
                    statement.execute("SHUTDOWN");
                }
            }
        }
        finally {
            server.stop();
        }
    }
}
