package dev.loopline.pipeline.testreport;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Repository;

import dev.loopline.pipeline.junit.JUnitXmlParser;
import dev.loopline.pipeline.junit.TestCaseResult;
import dev.loopline.pipeline.junit.TestRunTally;

/**
 * The {@code test_runs} and {@code test_results} tables. Plain JDBC rather than JPA: a report holds thousands of
 * results, inserted in batches (Hibernate does not batch inserts with identity keys) and read as flat rows.
 */
@Repository
class TestRunStore {

    private static final int BATCH = 1000;
    private static final String RUN_COLUMNS = "t.id, t.build_id, t.latest, t.files, t.tests, t.failures, t.errors, "
            + "t.skipped, t.flaky, t.duration_ms, t.created_by, t.created_at";
    private static final String RESULT_COLUMNS = "r.id, r.class_name, r.name, r.suite, r.file_name, r.status, r.flaky, "
            + "r.duration_ms, r.message, r.failure_type, r.stack_trace";
    /** Broken results that count as failures: not rescued by a rerun in the same build. */
    private static final String COUNTS_AS_BROKEN = "r.status IN ('failed', 'error') AND (r.flaky IS NULL OR r.flaky <> 'rerun')";

    private final JdbcTemplate jdbc;

    TestRunStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Stores a run as the build's latest, with every result; returns the run's id. */
    long insert(long buildId, int files, TestRunTally tally, List<TestCaseResult> cases, Set<String> flakyInRun,
            String createdBy, Instant at) {
        // two reports of one build posted at once take turns, so exactly one run stays the latest
        jdbc.queryForList("SELECT id FROM builds WHERE id = ? FOR UPDATE", Long.class, buildId);
        jdbc.update("UPDATE test_runs SET latest = FALSE WHERE build_id = ? AND latest = TRUE", buildId);
        GeneratedKeyHolder key = new GeneratedKeyHolder();
        jdbc.update(connection -> {
            var insert = connection.prepareStatement("INSERT INTO test_runs (build_id, latest, files, tests, failures, "
                    + "errors, skipped, flaky, duration_ms, created_by, created_at) VALUES (?, TRUE, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    new String[] {"id"});
            insert.setLong(1, buildId);
            insert.setInt(2, files);
            insert.setInt(3, tally.tests());
            insert.setInt(4, tally.failures());
            insert.setInt(5, tally.errors());
            insert.setInt(6, tally.skipped());
            insert.setInt(7, tally.flaky());
            insert.setLong(8, tally.durationMs());
            insert.setString(9, createdBy);
            insert.setTimestamp(10, Timestamp.from(at));
            return insert;
        }, key);
        long runId = key.getKey().longValue();
        for (int from = 0; from < cases.size(); from += BATCH) {
            List<TestCaseResult> batch = cases.subList(from, Math.min(cases.size(), from + BATCH));
            jdbc.batchUpdate("INSERT INTO test_results (test_run_id, build_id, class_name, name, suite, file_name, status, "
                    + "flaky, duration_ms, message, failure_type, stack_trace) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    batch, batch.size(), (insert, c) -> {
                        insert.setLong(1, runId);
                        insert.setLong(2, buildId);
                        insert.setString(3, c.className());
                        insert.setString(4, c.name());
                        insert.setString(5, c.suite());
                        insert.setString(6, cut(c.file()));
                        insert.setString(7, c.status().code());
                        insert.setString(8, flakyInRun.contains(c.key()) ? "rerun"
                                : tally.flakyKeys().contains(c.key()) ? "history" : null);
                        insert.setLong(9, c.durationMs());
                        insert.setString(10, c.message());
                        insert.setString(11, c.failureType());
                        insert.setString(12, c.stackTrace());
                    });
        }
        return runId;
    }

    private static String cut(String file) {
        return file == null || file.length() <= JUnitXmlParser.MAX_NAME ? file
                : "…" + file.substring(file.length() - JUnitXmlParser.MAX_NAME + 1);
    }

    /** The build's runs, newest first. */
    List<TestRunView> runsOf(long buildId) {
        return jdbc.query("SELECT " + RUN_COLUMNS + " FROM test_runs t WHERE t.build_id = ? ORDER BY t.id DESC",
                TestRunStore::run, buildId);
    }

    Optional<TestRunView> latestOf(long buildId) {
        return jdbc.query("SELECT " + RUN_COLUMNS + " FROM test_runs t WHERE t.build_id = ? AND t.latest = TRUE",
                TestRunStore::run, buildId).stream().findFirst();
    }

    /** The latest runs of the iteration's newest builds, newest first, with each build's pipeline and number. */
    List<BuildRun> latestRunsOfIteration(long iterationId, int builds) {
        return jdbc.query("SELECT " + RUN_COLUMNS + ", b.pipeline, b.number FROM test_runs t JOIN builds b ON b.id = "
                + "t.build_id WHERE b.iteration_id = ? AND t.latest = TRUE ORDER BY b.id DESC LIMIT ?",
                (rs, n) -> new BuildRun(run(rs, n), rs.getString("pipeline"), rs.getLong("number")), iterationId, builds);
    }

    /** A build's latest run with the build's pipeline and number. */
    record BuildRun(TestRunView run, String pipeline, long number) {
    }

    /** Broken results of a run that count as failures (not rescued by a rerun), by class and name. */
    List<TestResultView> failures(long runId, int limit) {
        return jdbc.query("SELECT " + RESULT_COLUMNS + " FROM test_results r WHERE r.test_run_id = ? AND "
                + COUNTS_AS_BROKEN + " ORDER BY r.class_name, r.name, r.id LIMIT ?", TestRunStore::result, runId, limit);
    }

    /** Flaky results of a run, the broken one of a rescued pair first (it carries the message). */
    List<TestResultView> flaky(long runId, int limit) {
        return jdbc.query("SELECT " + RESULT_COLUMNS + " FROM test_results r WHERE r.test_run_id = ? AND r.flaky IS NOT "
                + "NULL ORDER BY r.class_name, r.name, CASE WHEN r.status IN ('failed', 'error') THEN 0 ELSE 1 END, r.id "
                + "LIMIT ?", TestRunStore::result, runId, limit);
    }

    List<TestResultView> slowest(long runId, int limit) {
        return jdbc.query("SELECT " + RESULT_COLUMNS + " FROM test_results r WHERE r.test_run_id = ? ORDER BY "
                + "r.duration_ms DESC, r.id LIMIT ?", TestRunStore::result, runId, limit);
    }

    /**
     * The results of the latest runs of the iteration's builds before {@code beforeBuildId} (at most {@code builds}
     * of them), oldest build first: what flaky-by-history compares a new run with.
     */
    List<HistoryRow> earlierResults(long iterationId, long beforeBuildId, int builds) {
        List<Long> runs = jdbc.queryForList("SELECT t.id FROM test_runs t JOIN builds b ON b.id = t.build_id WHERE "
                + "b.iteration_id = ? AND t.latest = TRUE AND b.id < ? ORDER BY b.id DESC LIMIT ?", Long.class,
                iterationId, beforeBuildId, builds);
        if (runs.isEmpty()) {
            return List.of();
        }
        String in = String.join(",", Collections.nCopies(runs.size(), "?"));
        return jdbc.query("SELECT r.build_id, r.class_name, r.name, r.status FROM test_results r WHERE r.test_run_id IN ("
                + in + ") ORDER BY r.build_id, r.id", (rs, n) -> new HistoryRow(rs.getLong(1), rs.getString(2),
                        rs.getString(3), rs.getString(4)), runs.toArray());
    }

    record HistoryRow(long buildId, String className, String name, String status) {
    }

    /**
     * Tests seen in builds' latest runs, most recently seen first: those whose name or {@code class.name} contains
     * {@code name} (case-insensitive; null for all), in the iteration's builds (null for all).
     */
    List<Map.Entry<String, String>> testCases(String name, Long iterationId, long offset, int limit) {
        StringBuilder sql = new StringBuilder("SELECT r.class_name, r.name, MAX(r.build_id) AS last_build FROM "
                + "test_results r JOIN test_runs t ON t.id = r.test_run_id AND t.latest = TRUE");
        List<Object> args = new ArrayList<>();
        if (iterationId != null) {
            sql.append(" JOIN builds b ON b.id = r.build_id AND b.iteration_id = ?");
            args.add(iterationId);
        }
        if (name != null && !name.isBlank()) {
            String like = "%" + name.strip().toLowerCase(java.util.Locale.ROOT).replace("!", "!!").replace("%", "!%")
                    .replace("_", "!_") + "%";
            sql.append(" WHERE (LOWER(r.name) LIKE ? ESCAPE '!' OR LOWER(CONCAT(r.class_name, '.', r.name)) LIKE ? "
                    + "ESCAPE '!')");
            args.add(like);
            args.add(like);
        }
        sql.append(" GROUP BY r.class_name, r.name ORDER BY last_build DESC, r.class_name, r.name LIMIT ? OFFSET ?");
        args.add(limit);
        args.add(offset);
        return jdbc.query(sql.toString(), (rs, n) -> Map.entry(rs.getString(1), rs.getString(2)), args.toArray());
    }

    /** The test's results in builds' latest runs (the iteration's, or all when null), newest build first. */
    List<HistoryPointRow> historyOf(String className, String name, Long iterationId, int limit) {
        String sql = "SELECT r.build_id, b.pipeline, b.number, r.status, r.flaky, r.duration_ms, r.message FROM "
                + "test_results r JOIN test_runs t ON t.id = r.test_run_id AND t.latest = TRUE JOIN builds b ON b.id = "
                + "r.build_id WHERE r.class_name = ? AND r.name = ?" + (iterationId == null ? "" : " AND b.iteration_id = ?")
                + " ORDER BY r.build_id DESC, r.id LIMIT ?";
        Object[] args = iterationId == null ? new Object[] {className, name, limit}
                : new Object[] {className, name, iterationId, limit};
        return jdbc.query(sql, (rs, n) -> new HistoryPointRow(rs.getLong(1), rs.getString(2), rs.getLong(3),
                rs.getString(4), rs.getString(5), rs.getLong(6), rs.getString(7)), args);
    }

    record HistoryPointRow(long buildId, String pipeline, long number, String status, String flaky, long durationMs,
            String message) {
    }

    private static TestRunView run(ResultSet rs, int row) throws SQLException {
        return new TestRunView(rs.getLong("id"), rs.getLong("build_id"), rs.getBoolean("latest"), rs.getInt("files"),
                rs.getInt("tests"), rs.getInt("failures"), rs.getInt("errors"), rs.getInt("skipped"), rs.getInt("flaky"),
                rs.getLong("duration_ms"), rs.getString("created_by"), rs.getObject("created_at", java.time.OffsetDateTime.class).toInstant());
    }

    private static TestResultView result(ResultSet rs, int row) throws SQLException {
        return new TestResultView(rs.getLong("id"), rs.getString("class_name"), rs.getString("name"),
                rs.getString("suite"), rs.getString("file_name"), rs.getString("status"), rs.getString("flaky"),
                rs.getLong("duration_ms"), rs.getString("message"), rs.getString("failure_type"),
                rs.getString("stack_trace"));
    }
}
