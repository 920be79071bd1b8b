package dev.loopline.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.loopline.engine.AdminCredential;
import dev.loopline.engine.BranchDatabase;
import dev.loopline.engine.DatabaseEngine.ScriptRights;
import dev.loopline.engine.h2.H2Engine;
import dev.loopline.engine.h2.TestH2Engine;

/**
 * How long creating a branch of a 50-table schema takes on the H2 engine: a new database file plus the copy of
 * every table, key, index and foreign key. Goal: under 1 s. Run with {@code bench/run BranchCreationBenchmark}.
 */
@Tag("bench")
class BranchCreationBenchmark {

    private static final int TABLES = 50;
    private static final int WARMUP = 5;
    private static final int RUNS = 30;

    @TempDir
    Path dataDir;

    @Test
    void branchOfAFiftyTableSchema() {
        try (TestH2Engine h2 = TestH2Engine.start(dataDir)) {
            H2Engine engine = h2.engine();
            BranchDatabase main = new BranchDatabase("bench", "main");
            AdminCredential admin = engine.createDatabase(main);
            var created = engine.runScript(main, admin, fiftyTables(), ScriptRights.SCHEMA_OWNER, 1);
            if (created.failed()) {
                throw new IllegalStateException(created.error().message());
            }
            List<Double> millis = new ArrayList<>();
            for (int i = 0; i < WARMUP + RUNS; i++) {
                BranchDatabase branch = new BranchDatabase("bench", "b-" + i);
                long start = System.nanoTime();
                AdminCredential branchAdmin = engine.createDatabase(branch);
                engine.copySchema(main, admin, branch, branchAdmin);
                double elapsed = (System.nanoTime() - start) / 1e6;
                if (i >= WARMUP) {
                    millis.add(elapsed);
                }
                if (i == WARMUP && engine.inspectSchema(branch, branchAdmin).tables().size() != TABLES) {
                    throw new IllegalStateException("the copy lost tables");
                }
            }
            Collections.sort(millis);
            System.out.printf("BENCH branch creation, %d-table schema, %d runs after %d warm-up: min %.1f ms, "
                    + "median %.1f ms, p95 %.1f ms, max %.1f ms (goal < 1000 ms; median is %.3f of the goal)%n",
                    TABLES, RUNS, WARMUP, millis.get(0), millis.get(RUNS / 2), millis.get((int) (RUNS * 0.95) - 1),
                    millis.get(RUNS - 1), millis.get(RUNS / 2) / 1000);
        }
    }

    private static String fiftyTables() {
        StringBuilder sql = new StringBuilder();
        for (int t = 0; t < TABLES; t++) {
            sql.append("CREATE TABLE t").append(t).append(" (id BIGINT PRIMARY KEY, name VARCHAR(120) NOT NULL, ")
                    .append("code CHAR(8) UNIQUE, amount DECIMAL(12, 2) DEFAULT 0, created TIMESTAMP DEFAULT CURRENT_TIMESTAMP, ")
                    .append("active BOOLEAN DEFAULT TRUE NOT NULL, note VARCHAR(500), parent_id BIGINT")
                    .append(t > 0 ? ", CONSTRAINT fk_t" + t + " FOREIGN KEY (parent_id) REFERENCES t" + (t - 1) + " (id)" : "")
                    .append(");\n");
            sql.append("CREATE INDEX ix_t").append(t).append("_name ON t").append(t).append(" (name, active);\n");
        }
        return sql.toString();
    }
}
