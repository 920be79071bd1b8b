package dev.loopline.engine.h2;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.WeakHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.loopline.engine.DatabaseEngine.QueryPlan;
import dev.loopline.engine.QueryStatistics;

/**
 * H2's per-statement statistics ({@code SET QUERY_STATISTICS}, {@code INFORMATION_SCHEMA.QUERY_STATISTICS}).
 *
 * <p>H2's quirks, and what this class does about them:
 * <ul>
 * <li>The setting is per open database, is not stored in the file, and switching it off (or closing the database)
 * drops every entry. The {@linkplain QueryStatistics#epoch() epoch} is the identity of H2's statistics object: it
 * changes exactly when the counters start again.</li>
 * <li>Entries are keyed by the raw statement text; the caller normalizes literals.</li>
 * <li>{@code MIN_EXECUTION_TIME} and {@code MIN_ROW_COUNT} start at 0 and never rise: not read.</li>
 * <li>H2 keeps up to 1.5 × {@code QUERY_STATISTICS_MAX_ENTRIES} texts, then drops the oldest third, and the
 * catalogue shows only the <em>oldest</em> {@code MAX_ENTRIES} of them: the maximum is set well above what is read
 * ({@link #MAX_ENTRIES_FACTOR}).</li>
 * <li>Every statement is counted, Loopline's own too. Loopline's statements that go through here carry the
 * {@value #MARKER} comment (H2 keeps comments that are not at the start of the text) and are left out; so are
 * reads of the catalogue, statements on the online change's {@code LL_} tables, and everything but queries and
 * data changes (DDL, settings, user management are Loopline's or a person's one-off work, not load).</li>
 * </ul>
 */
final class H2QueryStatistics {

    /** Put on every statement Loopline runs for insights (plans, row counts), so that it is not counted as load. */
    static final String MARKER = "/* loopline */";

    /** H2 shows only the oldest {@code MAX_ENTRIES} it keeps: keep more than the caller wants to read. */
    static final int MAX_ENTRIES_FACTOR = 2;

    private static final Pattern LOAD = Pattern.compile("^\\s*(SELECT|INSERT|UPDATE|DELETE|MERGE|WITH|TABLE|VALUES)\\b.*",
            Pattern.CASE_INSENSITIVE | Pattern.DOTALL);
    private static final Pattern OWN = Pattern.compile("(?is).*(INFORMATION_SCHEMA|\\bLL_(SHADOW|OLD|LOG)_|\"LL_(SHADOW|OLD|LOG)_|"
            + "\\bLOOPLINE\\s*\\.|\"LOOPLINE\"\\s*\\.).*");
    private static final Pattern TABLE_SCAN = Pattern.compile("/\\* ([^*]+?)\\.tableScan");

    /** Epochs by H2's statistics object: a new object is a new run of the counters. */
    private final Map<Object, String> epochs = new WeakHashMap<>();

    /** Databases whose statistics Loopline switched on, with their size: switched on again when H2 reopens one. */
    private final Map<dev.loopline.engine.BranchDatabase, Integer> wanted = new java.util.concurrent.ConcurrentHashMap<>();

    void set(dev.loopline.engine.BranchDatabase database, Connection admin, boolean enabled, int maxEntries)
            throws SQLException {
        if (enabled) {
            wanted.put(database, maxEntries);
        }
        else {
            wanted.remove(database);
        }
        set(admin, enabled, maxEntries);
    }

    /**
     * After H2 opened the database (again): statistics switched on before are switched on at once, so what clients
     * run before the next sample is counted. Returns the connection.
     */
    Connection reapply(dev.loopline.engine.BranchDatabase database, Connection admin) throws SQLException {
        Integer maxEntries = wanted.get(database);
        if (maxEntries != null) {
            set(admin, true, maxEntries);
        }
        return admin;
    }

    private static void set(Connection admin, boolean enabled, int maxEntries) throws SQLException {
        try (Statement statement = admin.createStatement()) {
            if (enabled) {
                statement.execute("SET QUERY_STATISTICS_MAX_ENTRIES " + Math.max(1, maxEntries) * MAX_ENTRIES_FACTOR);
            }
            statement.execute("SET QUERY_STATISTICS " + (enabled ? "TRUE" : "FALSE"));
        }
    }

    QueryStatistics read(Connection admin) throws SQLException {
        org.h2.engine.Database database = ((org.h2.engine.SessionLocal) admin.unwrap(org.h2.jdbc.JdbcConnection.class)
                .getSession()).getDatabase();
        Object counters = database.getQueryStatisticsData();
        if (!database.getQueryStatistics() || counters == null) {
            return new QueryStatistics(false, "off", List.of());
        }
        String epoch;
        synchronized (epochs) {
            epoch = epochs.computeIfAbsent(counters, c -> UUID.randomUUID().toString());
        }
        List<QueryStatistics.Entry> entries = new ArrayList<>();
        try (Statement statement = admin.createStatement(); ResultSet rows = statement.executeQuery("SELECT SQL_STATEMENT, "
                + "EXECUTION_COUNT, CUMULATIVE_EXECUTION_TIME, MAX_EXECUTION_TIME, CUMULATIVE_ROW_COUNT "
                + "FROM INFORMATION_SCHEMA.QUERY_STATISTICS " + MARKER)) {
            while (rows.next()) {
                String sql = rows.getString(1);
                if (isLoad(sql)) {
                    entries.add(new QueryStatistics.Entry(sql, rows.getLong(2), millisToNanos(rows.getDouble(3)),
                            millisToNanos(rows.getDouble(4)), rows.getLong(5)));
                }
            }
        }
        return new QueryStatistics(true, epoch, entries);
    }

    /** Whether a statement text is a client's query or data change rather than Loopline's own work. */
    static boolean isLoad(String sql) {
        return sql != null && !sql.contains(MARKER) && LOAD.matcher(sql).matches() && !OWN.matcher(sql).matches();
    }

    private static long millisToNanos(double millis) {
        return Math.round(millis * 1_000_000d);
    }

    private static final Pattern PLANNABLE = Pattern.compile("^\\s*(SELECT|INSERT|UPDATE|DELETE|MERGE|WITH|TABLE|VALUES)\\b.*",
            Pattern.CASE_INSENSITIVE | Pattern.DOTALL);

    /** EXPLAIN as the connection's user (the data user); placeholders ({@code ?}) are accepted by H2's EXPLAIN. */
    static QueryPlan explain(Connection dataUser, String sql) throws SQLException {
        String statementText = sql.strip();
        while (statementText.endsWith(";")) {
            statementText = statementText.substring(0, statementText.length() - 1).strip();
        }
        if (!PLANNABLE.matcher(statementText).matches() || H2ScriptRunner.split(statementText).size() != 1) {
            throw new SQLException("Only one query or data change can be explained.");
        }
        dataUser.setReadOnly(true);
        try (Statement statement = dataUser.createStatement()) {
            statement.setEscapeProcessing(false);
            try (ResultSet plan = statement.executeQuery("EXPLAIN " + statementText + " " + MARKER)) {
                String text = plan.next() ? plan.getString(1) : "";
                return new QueryPlan(text, fullScans(text));
            }
        }
    }

    /**
     * Tables H2's plan reads whole ({@code /* SCHEMA.TABLE.tableScan}): {@code TABLE} in {@code PUBLIC},
     * {@code SCHEMA.TABLE} in another schema.
     */
    static Set<String> fullScans(String plan) {
        Set<String> tables = new TreeSet<>();
        Matcher matcher = TABLE_SCAN.matcher(plan);
        while (matcher.find()) {
            String qualified = matcher.group(1);
            int dot = qualified.indexOf('.');
            tables.add(dot < 0 || qualified.substring(0, dot).equals("PUBLIC") ? qualified.substring(dot + 1) : qualified);
        }
        return tables;
    }
}
