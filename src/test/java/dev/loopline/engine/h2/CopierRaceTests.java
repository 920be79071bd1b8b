package dev.loopline.engine.h2;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.params.ParameterizedTest;

import dev.loopline.engine.AdminCredential;
import dev.loopline.engine.BranchDatabase;
import dev.loopline.engine.DatabaseEngine.ScriptRights;
import dev.loopline.engine.OnlineMigrator;
import dev.loopline.engine.PasswordRole;
import dev.loopline.engine.ShadowPlan;

/**
 * the copier against writers that work right at its progress (multi-statement transactions of updates, key
 * changes, deletes, inserts, some rolled back). When the copy is done and the writers stopped, the shadow holds
 * exactly the table's rows and values; the copier never fails; no writer sees an error about the shadow. Both ways
 * a copy follows writes: logged (what a deploy does) and mirrored (a copy resumed after its switch to mirroring).
 */
class CopierRaceTests extends H2EngineTest {

    private static final int ROWS = 20_000;

    @ParameterizedTest(name = "composite key {0}, up to {1} writes per transaction, writes logged {2}")
    @org.junit.jupiter.params.provider.CsvSource({ "false, 1, true", "true, 1, true", "false, 3, true", "true, 3, true",
            "false, 3, false", "true, 3, false" })
    void theShadowEqualsTheTableAfterACopyUnderWritersAtItsProgress(boolean composite, int maxOps, boolean logged)
            throws Exception {
        BranchDatabase database = new BranchDatabase("race", (composite ? "composite" : "bigint") + maxOps
                + (logged ? "logged" : "mirrored"));
        AdminCredential admin = engine.createDatabase(database);
        engine.runScript(database, admin, composite
                ? "CREATE TABLE ITEMS (K1 VARCHAR(10), K2 INT, VAL VARCHAR(40), PRIMARY KEY (K1, K2));"
                        + "INSERT INTO ITEMS SELECT 'g' || LPAD(X / 100, 5, '0'), MOD(X, 100), 'v0' FROM SYSTEM_RANGE(1, " + ROWS + ");"
                : "CREATE TABLE ITEMS (ID BIGINT PRIMARY KEY, VAL VARCHAR(40));"
                        + "INSERT INTO ITEMS SELECT X, 'v0' FROM SYSTEM_RANGE(1, " + ROWS + ");",
                ScriptRights.SCHEMA_OWNER, 1);
        engine.createUser(database, admin, "APP", "app-pass-1", PasswordRole.READWRITER, false);
        ShadowPlan plan = dev.loopline.support.OnlineChanges.addNoteColumn(engine, database, admin, 91);
        OnlineMigrator online = engine.online();
        ((H2OnlineMigrator) online).prepare(database, admin, plan, logged);

        AtomicLong progress = new AtomicLong(0);
        AtomicBoolean stop = new AtomicBoolean();
        ConcurrentLinkedQueue<String> writerErrors = new ConcurrentLinkedQueue<>();
        AtomicLong commits = new AtomicLong();
        List<Thread> writers = new ArrayList<>();
        for (int w = 0; w < 2; w++) {
            Thread thread = new Thread(() -> {
                try (Connection c = java.sql.DriverManager.getConnection(engine.connectionDetails(database).jdbcUrl(),
                        "APP", "app-pass-1"); Statement s = c.createStatement()) {
                    c.setAutoCommit(false);
                    while (!stop.get()) {
                        ThreadLocalRandom r = ThreadLocalRandom.current();
                        try {
                            int ops = 1 + r.nextInt(maxOps);
                            for (int o = 0; o < ops; o++) {
                                long i = progress.get() + r.nextInt(300);
                                long j = progress.get() - 200 + r.nextInt(600);
                                String v = "w" + r.nextInt(1_000_000);
                                switch (r.nextInt(4)) {
                                    case 0 -> s.executeUpdate("UPDATE ITEMS SET VAL = '" + v + "' WHERE " + where(composite, i));
                                    case 1 -> s.executeUpdate("UPDATE ITEMS SET " + set(composite, j) + ", VAL = '" + v
                                            + "' WHERE " + where(composite, i));
                                    case 2 -> s.executeUpdate("DELETE FROM ITEMS WHERE " + where(composite, i));
                                    default -> s.executeUpdate("INSERT INTO ITEMS VALUES (" + values(composite, j) + ", '" + v + "')");
                                }
                            }
                            if (r.nextInt(5) == 0) {
                                c.rollback();
                            }
                            else {
                                c.commit();
                                commits.incrementAndGet();
                            }
                        }
                        catch (SQLException e) {
                            // a duplicate key in ITEMS itself is the application's own error; anything else is not
                            if (!(e.getErrorCode() == 23505 && !e.getMessage().contains("LL_"))) {
                                writerErrors.add(e.getErrorCode() + " " + e.getMessage());
                            }
                            c.rollback();
                        }
                    }
                }
                catch (SQLException e) {
                    writerErrors.add("connection: " + e);
                }
            });
            thread.start();
            writers.add(thread);
        }
        String copierError = null;
        int chunks = 0;
        try (var copier = online.copier(database, admin, plan)) {
            List<String> after = null;
            while (true) {
                var step = copier.next(after, 100);
                if (step.done()) {
                    break;
                }
                after = step.lastKey();
                chunks++;
                progress.set(composite ? Long.parseLong(after.get(0).substring(1)) * 100 + Long.parseLong(after.get(1))
                        : Long.parseLong(after.get(0)));
            }
        }
        catch (RuntimeException e) {
            copierError = e.toString();
        }
        finally {
            stop.set(true);
            for (Thread thread : writers) {
                thread.join();
            }
        }
        assertThat(copierError).as("the copier failed (the deploy would fail)").isNull();
        assertThat(writerErrors).as("errors writers saw").isEmpty();
        String key = composite ? "K1 || '/' || K2" : "CAST(ID AS VARCHAR)";
        assertThat(contents(database, admin, "SELECT " + key + ", VAL FROM " + H2OnlineMigrator.shadowName(plan)))
                .isEqualTo(contents(database, admin, "SELECT " + key + ", VAL FROM ITEMS"));
    }

    /**
     * A mirrored copy's chunk (one that locks its rows: a change prepared before the change log, or a copy resumed
     * after its switch to mirroring) that gives way to a writer holding one of its rows reports, as the time it held
     * its locks, only the attempt that committed: the chunk sizer must not shrink chunks for time spent waiting on
     * writers.
     */
    @org.junit.jupiter.api.Test
    void aChunkThatGaveWayToAWriterReportsOnlyTheTimeItHeldItsLocks() throws Exception {
        BranchDatabase database = new BranchDatabase("race", "held");
        AdminCredential admin = engine.createDatabase(database);
        engine.runScript(database, admin, "CREATE TABLE ITEMS (ID BIGINT PRIMARY KEY, VAL VARCHAR(40));"
                + "INSERT INTO ITEMS SELECT X, 'v0' FROM SYSTEM_RANGE(1, 1000);", ScriptRights.SCHEMA_OWNER, 1);
        engine.createUser(database, admin, "APP", "app-pass-1", PasswordRole.READWRITER, false);
        ShadowPlan plan = dev.loopline.support.OnlineChanges.addNoteColumn(engine, database, admin, 92);
        ((H2OnlineMigrator) engine.online()).prepare(database, admin, plan, false);
        try (Connection writer = java.sql.DriverManager.getConnection(engine.connectionDetails(database).jdbcUrl(), "APP",
                "app-pass-1"); Statement statement = writer.createStatement();
                var copier = engine.online().copier(database, admin, plan)) {
            writer.setAutoCommit(false);
            statement.executeUpdate("UPDATE ITEMS SET VAL = 'held' WHERE ID = 50");
            Thread release = new Thread(() -> {
                try {
                    Thread.sleep(600);
                    writer.commit();
                }
                catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            release.start();
            long start = System.nanoTime();
            var step = copier.next(null, 1000);
            long total = (System.nanoTime() - start) / 1_000_000;
            release.join();
            assertThat(step.rows()).as("row 50 came through the trigger").isEqualTo(999);
            assertThat(total).as("the chunk waited for the writer").isGreaterThanOrEqualTo(500);
            assertThat(step.held().toMillis()).as("time it held its locks, of %d ms in all", total).isLessThan(total - 300);
        }
    }

    private static String where(boolean composite, long i) {
        return composite ? "K1 = 'g" + String.format("%05d", i / 100) + "' AND K2 = " + (i % 100) : "ID = " + i;
    }

    private static String set(boolean composite, long i) {
        return composite ? "K1 = 'g" + String.format("%05d", i / 100) + "', K2 = " + (i % 100) : "ID = " + i;
    }

    private static String values(boolean composite, long i) {
        return composite ? "'g" + String.format("%05d", i / 100) + "', " + (i % 100) : String.valueOf(i);
    }

    private static Map<String, String> contents(BranchDatabase database, AdminCredential admin, String sql) throws Exception {
        Map<String, String> rows = new TreeMap<>();
        try (Connection connection = engine.connect(database, admin); ResultSet result = connection.createStatement()
                .executeQuery(sql)) {
            while (result.next()) {
                rows.put(result.getString(1), result.getString(2));
            }
        }
        return rows;
    }
}
