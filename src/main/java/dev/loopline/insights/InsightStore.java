package dev.loopline.insights;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Insights' time series in the metadata database, in plain SQL that H2 and PostgreSQL both run: patterns, their
 * per-minute samples, the counters last read. Aggregations over minutes are what this data is for, hence SQL rather
 * than entities.
 */
@Component
class InsightStore {

    private final JdbcClient jdbc;

    InsightStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    static Timestamp ts(Instant at) {
        return Timestamp.from(at);
    }

    // --- counters

    Map<String, Counters> cursors(String database, String branch) {
        Map<String, Counters> cursors = new HashMap<>();
        jdbc.sql("SELECT statement_hash, epoch, executions, total_nanos, max_nanos, rows_count FROM insight_cursor "
                + "WHERE database_name = ? AND branch_name = ?").params(database, branch)
                .query((rs, n) -> cursors.put(rs.getString(1), new Counters(rs.getString(2), rs.getLong(3),
                        rs.getLong(4), rs.getLong(5), rs.getLong(6)))).list();
        return cursors;
    }

    /** Replaces the branch's counters with this reading (texts the engine no longer keeps are forgotten). */
    void replaceCursors(String database, String branch, Map<String, Counters> cursors) {
        jdbc.sql("DELETE FROM insight_cursor WHERE database_name = ? AND branch_name = ?").params(database, branch).update();
        for (var cursor : cursors.entrySet()) {
            Counters c = cursor.getValue();
            jdbc.sql("INSERT INTO insight_cursor (database_name, branch_name, statement_hash, epoch, executions, "
                    + "total_nanos, max_nanos, rows_count) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")
                    .params(database, branch, cursor.getKey(), c.epoch(), c.executions(), c.totalNanos(), c.maxNanos(),
                            c.rows()).update();
        }
    }

    void forgetCursors(String database, String branch) {
        jdbc.sql("DELETE FROM insight_cursor WHERE database_name = ? AND branch_name = ?").params(database, branch).update();
    }

    // --- patterns and samples

    /** The longest statement text kept as a pattern's sample; a longer one is kept cut, and cannot be planned. */
    static final int MAX_SAMPLE = 8000;

    /** Whether a stored sample is a cut statement (see {@link #cut}). */
    static boolean isCut(String sample) {
        return sample.length() == MAX_SAMPLE && sample.endsWith("...");
    }

    /**
     * The pattern's id, creating it (first seen now) or marking it seen now. A sample that had to be cut is replaced
     * by a whole one of the same shape when one comes (ORMs write IN lists of every length).
     */
    long touchPattern(String database, String branch, String fingerprint, QueryShape shape, String sampleSql, Instant now) {
        List<Long> ids = jdbc.sql("SELECT id FROM insight_pattern WHERE database_name = ? AND branch_name = ? AND fingerprint = ?")
                .params(database, branch, fingerprint).query(Long.class).list();
        if (!ids.isEmpty()) {
            jdbc.sql("UPDATE insight_pattern SET last_seen = ? WHERE id = ?").params(ts(now), ids.get(0)).update();
            if (sampleSql.length() <= MAX_SAMPLE) {
                jdbc.sql("UPDATE insight_pattern SET sample_sql = ? WHERE id = ? AND LENGTH(sample_sql) = ? "
                        + "AND sample_sql LIKE '%...'").params(sampleSql, ids.get(0), MAX_SAMPLE).update();
            }
            return ids.get(0);
        }
        jdbc.sql("INSERT INTO insight_pattern (database_name, branch_name, fingerprint, pattern, sample_sql, tables_touched, "
                + "first_seen, last_seen) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")
                .params(database, branch, fingerprint, cut(shape.pattern(), 8000), cut(sampleSql, MAX_SAMPLE),
                        cut(String.join(",", shape.tables()), 2000), ts(now), ts(now)).update();
        return jdbc.sql("SELECT id FROM insight_pattern WHERE database_name = ? AND branch_name = ? AND fingerprint = ?")
                .params(database, branch, fingerprint).query(Long.class).single();
    }

    /** Records what ran up to {@code at} since the previous sampling. */
    void addSample(long patternId, Instant at, Counters.Delta delta) {
        int updated = jdbc.sql("UPDATE insight_sample SET executions = executions + ?, total_nanos = total_nanos + ?, "
                + "max_nanos = CASE WHEN max_nanos > ? THEN max_nanos ELSE ? END, rows_count = rows_count + ? "
                + "WHERE pattern_id = ? AND sampled_at = ?").params(delta.executions(), delta.totalNanos(),
                        delta.maxNanos(), delta.maxNanos(), delta.rows(), patternId, ts(at)).update();
        if (updated == 0) {
            jdbc.sql("INSERT INTO insight_sample (pattern_id, sampled_at, executions, total_nanos, max_nanos, rows_count) "
                    + "VALUES (?, ?, ?, ?, ?, ?)").params(patternId, ts(at), delta.executions(), delta.totalNanos(),
                            delta.maxNanos(), delta.rows()).update();
        }
    }

    /**
     * Deletes samples older than {@code samplesBefore}, then patterns without samples not seen since
     * {@code patternsBefore} (a pattern's row remembers which tables were read when, for longer than its samples);
     * returns samples gone.
     */
    int deleteBefore(Instant samplesBefore, Instant patternsBefore) {
        int samples = jdbc.sql("DELETE FROM insight_sample WHERE sampled_at < ?").params(ts(samplesBefore)).update();
        jdbc.sql("DELETE FROM insight_pattern WHERE last_seen < ? AND NOT EXISTS (SELECT 1 FROM insight_sample s "
                + "WHERE s.pattern_id = insight_pattern.id)").params(ts(patternsBefore)).update();
        return samples;
    }

    static String cut(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max - 3) + "...";
    }

    // --- settings

    /** The database's query statistics setting, or {@code null} when never set (the default applies). */
    Boolean queryStatistics(String database) {
        return jdbc.sql("SELECT query_statistics FROM insight_setting WHERE database_name = ?").params(database)
                .query(Boolean.class).optional().orElse(null);
    }

    void setQueryStatistics(String database, boolean enabled, Instant now) {
        int updated = jdbc.sql("UPDATE insight_setting SET query_statistics = ?, updated_at = ? WHERE database_name = ?")
                .params(enabled, ts(now), database).update();
        if (updated == 0) {
            jdbc.sql("INSERT INTO insight_setting (database_name, query_statistics, updated_at) VALUES (?, ?, ?)")
                    .params(database, enabled, ts(now)).update();
        }
    }

    // --- reading

    private static final String PATTERN_COLUMNS = "p.id, p.pattern, p.sample_sql, p.tables_touched, "
            + "COALESCE(SUM(s.executions), 0), COALESCE(SUM(s.total_nanos), 0), COALESCE(MAX(s.max_nanos), 0), "
            + "COALESCE(SUM(s.rows_count), 0), p.first_seen, p.last_seen, p.work_item_id";

    private static PatternStats pattern(java.sql.ResultSet rs) throws java.sql.SQLException {
        String tables = rs.getString(4);
        Long workItem = rs.getObject(11, Long.class);
        return new PatternStats(rs.getLong(1), rs.getString(2), rs.getString(3),
                tables.isEmpty() ? List.of() : List.of(tables.split(",")), rs.getLong(5), rs.getLong(6) / 1e6,
                rs.getLong(7) / 1e6, rs.getLong(8), rs.getTimestamp(9).toInstant(), rs.getTimestamp(10).toInstant(),
                workItem);
    }

    /** Patterns that ran in [from, to), most total time first. */
    List<PatternStats> patterns(String database, String branch, Instant from, Instant to) {
        return jdbc.sql("SELECT " + PATTERN_COLUMNS + " FROM insight_pattern p JOIN insight_sample s ON s.pattern_id = p.id "
                + "AND s.sampled_at >= ? AND s.sampled_at < ? WHERE p.database_name = ? AND p.branch_name = ? "
                + "GROUP BY p.id, p.pattern, p.sample_sql, p.tables_touched, p.first_seen, p.last_seen, p.work_item_id "
                + "ORDER BY 6 DESC, p.id").params(ts(from), ts(to), database, branch)
                .query((rs, n) -> pattern(rs)).list();
    }

    /** One pattern with what it did in [from, to) (zeros when it did not run then). */
    java.util.Optional<PatternStats> pattern(String database, String branch, long id, Instant from, Instant to) {
        return jdbc.sql("SELECT " + PATTERN_COLUMNS + " FROM insight_pattern p LEFT JOIN insight_sample s ON s.pattern_id = p.id "
                + "AND s.sampled_at >= ? AND s.sampled_at < ? WHERE p.database_name = ? AND p.branch_name = ? AND p.id = ? "
                + "GROUP BY p.id, p.pattern, p.sample_sql, p.tables_touched, p.first_seen, p.last_seen, p.work_item_id")
                .params(ts(from), ts(to), database, branch, id).query((rs, n) -> pattern(rs)).optional();
    }

    /** Per minute in [from, to): the branch's executions and time (all patterns, or one when {@code patternId}). */
    List<MinuteSample> series(String database, String branch, Long patternId, Instant from, Instant to) {
        java.util.TreeMap<Instant, MinuteSample> minutes = new java.util.TreeMap<>();
        jdbc.sql("SELECT s.sampled_at, s.executions, s.total_nanos, s.max_nanos, s.rows_count "
                + "FROM insight_sample s JOIN insight_pattern p ON p.id = s.pattern_id WHERE p.database_name = ? "
                + "AND p.branch_name = ? AND s.sampled_at >= ? AND s.sampled_at < ?"
                + (patternId == null ? "" : " AND p.id = " + patternId.longValue()))
                .params(database, branch, ts(from), ts(to)).query((rs, n) -> {
                    Instant minute = rs.getTimestamp(1).toInstant().truncatedTo(java.time.temporal.ChronoUnit.MINUTES);
                    MinuteSample add = new MinuteSample(minute, rs.getLong(2), rs.getLong(3) / 1e6, rs.getLong(4) / 1e6,
                            rs.getLong(5));
                    return minutes.merge(minute, add, (a, b) -> new MinuteSample(minute, a.count() + b.count(),
                            a.totalMs() + b.totalMs(), Math.max(a.maxMs(), b.maxMs()), a.rows() + b.rows()));
                }).list();
        return List.copyOf(minutes.values());
    }

    /** When the branch's oldest kept pattern was first seen (how long statistics have been sampled), if any. */
    java.util.Optional<Instant> sampledSince(String database, String branch) {
        return jdbc.sql("SELECT MIN(first_seen) FROM insight_pattern WHERE database_name = ? AND branch_name = ?")
                .params(database, branch).query((rs, n) -> rs.getTimestamp(1)).optional()
                .filter(java.util.Objects::nonNull).map(Timestamp::toInstant);
    }

    /**
     * Locks the pattern's row until the transaction ends and answers its work item: two "Add to backlog" clicks at
     * once take turns, and the second sees the first one's item.
     */
    java.util.Optional<Long> lockPatternWorkItem(long patternId) {
        return jdbc.sql("SELECT work_item_id FROM insight_pattern WHERE id = ? FOR UPDATE").params(patternId)
                .query((rs, n) -> rs.getObject(1, Long.class)).optional();
    }

    /** Like {@link #lockPatternWorkItem}, for a recommendation. */
    java.util.Optional<Long> lockRecommendationWorkItem(long recommendationId) {
        return jdbc.sql("SELECT work_item_id FROM insight_recommendation WHERE id = ? FOR UPDATE").params(recommendationId)
                .query((rs, n) -> rs.getObject(1, Long.class)).optional();
    }

    /** Forgets links to a work item that was deleted, so the pattern or recommendation can be filed again. */
    void unlinkWorkItem(long workItemId) {
        jdbc.sql("UPDATE insight_pattern SET work_item_id = NULL WHERE work_item_id = ?").params(workItemId).update();
        jdbc.sql("UPDATE insight_recommendation SET work_item_id = NULL WHERE work_item_id = ?").params(workItemId).update();
    }

    void linkWorkItem(long patternId, long workItemId) {
        jdbc.sql("UPDATE insight_pattern SET work_item_id = ? WHERE id = ?").params(workItemId, patternId).update();
    }

    /** Tables named by the branch's patterns that ran at or after {@code since}. */
    java.util.Set<String> tablesReadSince(String database, String branch, Instant since) {
        java.util.Set<String> tables = new java.util.HashSet<>();
        jdbc.sql("SELECT tables_touched FROM insight_pattern WHERE database_name = ? AND branch_name = ? AND last_seen >= ?")
                .params(database, branch, ts(since)).query(String.class).list()
                .forEach(list -> tables.addAll(java.util.Arrays.asList(list.split(","))));
        return tables;
    }

    // --- recommendations

    /** A recommendation as stored, with what was done with it. */
    record StoredRecommendation(long id, String kind, String table, List<String> columns, String reason, String ddl,
            Long patternId, String openedBranch, Integer deployRequest, Long workItemId) {
    }

    /** The recommendation's id: kept when the same one (by {@code key}) is made again, its text refreshed. */
    long saveRecommendation(String database, String branch, String key, String kind, String table, List<String> columns,
            String reason, String ddl, Long patternId, Instant now) {
        int updated = jdbc.sql("UPDATE insight_recommendation SET reason = ?, ddl = ?, pattern_id = ?, seen_at = ? "
                + "WHERE database_name = ? AND branch_name = ? AND rec_key = ?")
                .params(cut(reason, 4000), ddl, patternId, ts(now), database, branch, cut(key, 600)).update();
        if (updated == 0) {
            jdbc.sql("INSERT INTO insight_recommendation (database_name, branch_name, rec_key, kind, table_name, "
                    + "columns_list, reason, ddl, pattern_id, created_at, seen_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
                    .params(database, branch, cut(key, 600), kind, table, cut(String.join(",", columns), 2000),
                            cut(reason, 4000), ddl, patternId, ts(now), ts(now)).update();
        }
        return jdbc.sql("SELECT id FROM insight_recommendation WHERE database_name = ? AND branch_name = ? AND rec_key = ?")
                .params(database, branch, cut(key, 600)).query(Long.class).single();
    }

    java.util.Optional<StoredRecommendation> recommendation(String database, String branch, long id) {
        return jdbc.sql("SELECT id, kind, table_name, columns_list, reason, ddl, pattern_id, opened_branch, deploy_request, "
                + "work_item_id FROM insight_recommendation WHERE database_name = ? AND branch_name = ? AND id = ?")
                .params(database, branch, id).query((rs, n) -> new StoredRecommendation(rs.getLong(1), rs.getString(2),
                        rs.getString(3), rs.getString(4).isEmpty() ? List.of() : List.of(rs.getString(4).split(",")),
                        rs.getString(5), rs.getString(6), (Long) rs.getObject(7, Long.class), rs.getString(8),
                        (Integer) rs.getObject(9, Integer.class), (Long) rs.getObject(10, Long.class))).optional();
    }

    void markOpened(long id, String branch, int deployRequest) {
        jdbc.sql("UPDATE insight_recommendation SET opened_branch = ?, deploy_request = ? WHERE id = ?")
                .params(branch, deployRequest, id).update();
    }

    void linkRecommendationWorkItem(long id, long workItemId) {
        jdbc.sql("UPDATE insight_recommendation SET work_item_id = ? WHERE id = ?").params(workItemId, id).update();
    }
}
