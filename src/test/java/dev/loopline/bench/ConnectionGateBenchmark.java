package dev.loopline.bench;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.h2.tools.Server;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.loopline.engine.AdminCredential;
import dev.loopline.engine.BranchDatabase;
import dev.loopline.engine.PasswordRole;
import dev.loopline.engine.h2.H2Engine;
import dev.loopline.engine.h2.TestH2Engine;

/**
 * What the connection gate in front of H2's TCP server costs a client: query round trips ({@code SELECT 1}), opening
 * a connection, and reading a 200,000-row result, through the gate against a plain H2 TCP server over the same
 * branches (H2's own port behind the gate serves only the gate), in alternating rounds so that load on the machine
 * hits both alike. Run with {@code bench/run ConnectionGateBenchmark}.
 */
@Tag("bench")
class ConnectionGateBenchmark {

    private static final int ROUNDS = 6;
    private static final int QUERIES_PER_ROUND = 5_000;
    private static final int CONNECTS_PER_ROUND = 100;
    private static final int SCAN_ROWS = 200_000;

    @TempDir
    Path dataDir;

    @Test
    void gateAgainstDirect() throws SQLException {
        try (TestH2Engine h2 = TestH2Engine.start(dataDir)) {
            H2Engine engine = h2.engine();
            BranchDatabase database = new BranchDatabase("bench", "main");
            AdminCredential admin = engine.createDatabase(database);
            engine.createUser(database, admin, "APP", "app-pass-1", PasswordRole.READWRITER, true);
            String gate = engine.connectionDetails(database).jdbcUrl();
            Server plain = Server.createTcpServer("-tcpPort", "0", "-baseDir", dataDir.resolve("branches").toString(),
                    "-ifExists").start();
            try {
                String direct = "jdbc:h2:tcp://localhost:" + plain.getPort() + "/bench/main";
                measure(gate, direct); // warm-up
                List<double[]> rounds = new ArrayList<>();
                for (int i = 0; i < ROUNDS; i++) {
                    rounds.add(measure(gate, direct));
                }
                report("query round trip", rounds, 0, "µs");
                report("connect", rounds, 2, "ms");
                report("read " + SCAN_ROWS + " rows", rounds, 4, "ms");
            }
            finally {
                plain.stop();
            }
        }
    }

    /** Gate then direct, each: µs per query, ms per connect, ms per scan. */
    private static double[] measure(String gate, String direct) throws SQLException {
        double[] figures = new double[6];
        String[] urls = { gate, direct };
        for (int which = 0; which < 2; which++) {
            try (Connection connection = DriverManager.getConnection(urls[which], "APP", "app-pass-1");
                    PreparedStatement one = connection.prepareStatement("SELECT 1");
                    PreparedStatement scan = connection.prepareStatement(
                            "SELECT X, CAST(X AS VARCHAR) || ' some text to carry' FROM SYSTEM_RANGE(1, " + SCAN_ROWS + ")")) {
                long start = System.nanoTime();
                for (int q = 0; q < QUERIES_PER_ROUND; q++) {
                    try (ResultSet rows = one.executeQuery()) {
                        rows.next();
                    }
                }
                figures[which] = (System.nanoTime() - start) / 1e3 / QUERIES_PER_ROUND;
                start = System.nanoTime();
                long sum = 0;
                try (ResultSet rows = scan.executeQuery()) {
                    while (rows.next()) {
                        sum += rows.getLong(1) + rows.getString(2).length();
                    }
                }
                figures[4 + which] = (System.nanoTime() - start) / 1e6;
                if (sum == 0) {
                    throw new IllegalStateException("the scan read nothing");
                }
            }
            long start = System.nanoTime();
            for (int c = 0; c < CONNECTS_PER_ROUND; c++) {
                DriverManager.getConnection(urls[which], "APP", "app-pass-1").close();
            }
            figures[2 + which] = (System.nanoTime() - start) / 1e6 / CONNECTS_PER_ROUND;
        }
        return figures;
    }

    private static void report(String what, List<double[]> rounds, int index, String unit) {
        List<Double> gate = new ArrayList<>();
        List<Double> direct = new ArrayList<>();
        List<Double> ratios = new ArrayList<>();
        for (double[] round : rounds) {
            gate.add(round[index]);
            direct.add(round[index + 1]);
            ratios.add(round[index] / round[index + 1]);
        }
        Collections.sort(gate);
        Collections.sort(direct);
        Collections.sort(ratios);
        System.out.printf("BENCH connection gate, %s: through the gate median %.2f %s, direct to H2 median %.2f %s; "
                + "gate/direct ratio median %.2f (min %.2f, max %.2f) over %d rounds%n", what, median(gate), unit,
                median(direct), unit, median(ratios), ratios.get(0), ratios.get(ratios.size() - 1), rounds.size());
    }

    private static double median(List<Double> sorted) {
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }
}
