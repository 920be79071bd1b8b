package dev.loopline.engine.h2;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.loopline.engine.AdminCredential;
import dev.loopline.engine.BranchDatabase;
import dev.loopline.engine.EngineBusyException;
import dev.loopline.engine.EngineException;
import dev.loopline.engine.OnlineMigrator;
import dev.loopline.engine.ShadowPlan;
import dev.loopline.schema.DdlRenderer;
import dev.loopline.schema.SchemaSnapshot;

/**
 * Online schema change on H2. Names: shadow {@code LL_SHADOW_<id>_<table>}, old table {@code LL_OLD_<id>_<table>},
 * change log and its trigger {@code LL_LOG_<id>_<table>} (while the rows are copied), mirror triggers
 * {@code LL_FWD_…}/{@code LL_REV_…} (from the end of the copy, and during the revert window); trigger configuration
 * lives in schema {@code LOOPLINE}, which schema inspection does not read.
 * <p>
 * While the rows are copied, writers only log the keys they touch and the copier alone writes the shadow, bringing
 * logged rows up to date from the table as of each chunk's moment (see {@code H2Copier}): no row locks, so the copy
 * runs about as fast as a plain {@code INSERT … SELECT} and never holds up a writer. This is the change-log-and-apply
 * design of gh-ost and Spirit (there from the binary log, here from a trigger that writes keys only).
 * <p>
 * Every change to tables or triggers runs {@link #exclusively}: {@code SET EXCLUSIVE 1} makes other sessions wait
 * at the start of their next statement, and we then wait for statements already running to finish. H2 is not safe
 * against triggers being added while another session fires them, and a statement that started before a rename
 * would finish on the renamed table; after the quiet point, paused statements recompile against the new names.
 * Renames commit one by one, so a failed swap is undone step by step.
 * <p>
 * A table of a schema other than {@code PUBLIC} is changed the same way inside its schema: the admin's session works
 * under {@code SET SCHEMA} of the plan's schema ({@link #useSchema}), so the shadow, the old table, their indexes,
 * constraints and triggers are all in the table's schema, and the catalogue queries here read
 * {@code CURRENT_SCHEMA}. Only the revert-block table and the mirror configuration stay in fixed schemas.
 */
final class H2OnlineMigrator implements OnlineMigrator {

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(H2OnlineMigrator.class);
    static final Duration QUIET_TIMEOUT = Duration.ofSeconds(10);
    static final String SHADOW_PREFIX = "LL_SHADOW_";
    static final String OLD_PREFIX = "LL_OLD_";
    static final String LOG_PREFIX = "LL_LOG_";

    private final H2Engine engine;

    H2OnlineMigrator(H2Engine engine) {
        this.engine = engine;
    }

    static String shadowName(ShadowPlan plan) {
        return SHADOW_PREFIX + plan.migrationId() + "_" + plan.table();
    }

    static String oldName(ShadowPlan plan) {
        return OLD_PREFIX + plan.migrationId() + "_" + plan.table();
    }

    /** The trigger that mirrors writes into the shadow, from the end of the copy to the cutover. */
    static String forwardTrigger(ShadowPlan plan) {
        return "LL_FWD_" + plan.migrationId() + "_" + plan.table();
    }

    /** The change log's table, and its trigger's name: {@code LL_LOG_<id>_<table>}, in the table's schema. */
    static String logName(ShadowPlan plan) {
        return LOG_PREFIX + plan.migrationId() + "_" + plan.table();
    }

    private static String suffix(ShadowPlan plan, String kind) {
        return "_LL" + kind + plan.migrationId();
    }

    private static String q(String identifier) {
        return MirrorTrigger.quote(identifier);
    }

    /** {@code "SCHEMA"."NAME"}. */
    private static String qualified(String schema, String name) {
        return q(schema == null ? SchemaSnapshot.PUBLIC : schema) + "." + q(name);
    }

    /** Makes {@code schema} the session's current schema: unqualified names below resolve in it. */
    private static void useSchema(Statement statement, String schema) throws SQLException {
        statement.execute("SET SCHEMA " + q(schema == null ? SchemaSnapshot.PUBLIC : schema));
    }

    @Override
    public void prepare(BranchDatabase database, AdminCredential admin, ShadowPlan plan) {
        prepare(database, admin, plan, true);
    }

    /**
     * {@link #prepare}; {@code logged} false prepares the change as Loopline did before the change log: writes are
     * mirrored into the shadow from the start and the copier locks the rows it copies (still how a copy resumed after
     * its switch to mirroring runs, and how a change prepared by an earlier version goes on).
     */
    void prepare(BranchDatabase database, AdminCredential admin, ShadowPlan plan, boolean logged) {
        if (plan.from().primaryKey().isEmpty() || plan.to().primaryKey().isEmpty()) {
            throw new EngineException(plan.table() + " has no primary key and cannot be changed online.", null);
        }
        try (Connection connection = engine.connect(database, admin); Statement statement = connection.createStatement()) {
            useSchema(statement, plan.schema());
            String shadow = shadowName(plan);
            String createShadow = DdlRenderer.createTable(plan.to().with(shadow, List.of(), List.of(),
                    plan.to().checks().stream().map(c -> c.named(c.name() + suffix(plan, "S"))).toList()));
            requireNoHostFunctions(connection, plan, createShadow);
            ensureMirrorTable(statement);
            ensureRevertBlockTable(statement, plan.migrationId());
            statement.execute("DROP TABLE IF EXISTS " + q(shadow));
            statement.execute(createShadow);
            for (SchemaSnapshot.Index index : plan.to().indexes()) {
                statement.execute(DdlRenderer.createIndex(shadow, index.named(index.name() + suffix(plan, "S"))));
            }
            createChangeLogTable(database, statement, plan);
            if (logged) {
                exclusively(database, statement, QUIET_TIMEOUT, () -> createChangeLog(statement, plan));
            }
            else {
                statement.execute("DROP TABLE " + q(logName(plan)));
                exclusively(database, statement, QUIET_TIMEOUT, () -> createMirror(statement, forwardTrigger(plan),
                        plan.table(), plan.from(), shadow, plan.to(), plan.table(), plan));
            }
        }
        catch (SQLException e) {
            throw new EngineException("Could not prepare the online change of " + plan.displayName() + ": "
                    + H2Engine.message(e), e);
        }
    }

    /**
     * The copy and the triggers evaluate the new definition's defaults, generated columns and checks with the
     * admin's rights: refused when they, or anything else in the schema, call a host function.
     */
    private static void requireNoHostFunctions(Connection connection, ShadowPlan plan, String newDefinition)
            throws SQLException {
        String what = "change " + plan.table() + " online";
        H2Engine.requireNoHostFunctions(connection, what);
        dev.loopline.engine.HostFunctions.calledIn(newDefinition).ifPresent(function -> {
            throw new dev.loopline.engine.UnsafeSchemaException(what, List.of(new dev.loopline.engine.HostFunctionUse(
                    "new definition of table", plan.table(), function)));
        });
    }

    /** Work on tables or triggers that must not overlap any other session's statement. */
    interface Exclusive {
        void run() throws SQLException;
    }

    /**
     * Runs {@code work} with every other session paused at its next statement and none mid-statement, and returns
     * how long the successful pause lasted. A statement already running when the pause starts may itself be waiting
     * in a trigger's nested statement, which the pause blocks too (H2 re-checks such a wait every 100 ms). So if
     * running statements do not finish within a few milliseconds, the pause is lifted until exactly those statements
     * have finished, and taken again. Gives up (nothing done) after {@code timeout}. During each attempt the branch's
     * TCP clients' new requests are also held at the gate ({@link H2ConnectionGate#pauseClients}): H2 parses without
     * waiting for the exclusive mode, and a statement parsed between two renames would not find its table.
     */
    private Duration exclusively(BranchDatabase database, Statement statement, Duration timeout, Exclusive work)
            throws SQLException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            long start = System.nanoTime();
            AutoCloseable clients = pauseClients(database);
            java.util.Set<String> stuck;
            try {
                statement.execute("SET EXCLUSIVE 1");
                try {
                    stuck = awaitQuiet(statement, Duration.ofMillis(QUIET_ATTEMPT_MS));
                    if (stuck.isEmpty()) {
                        work.run();
                    }
                }
                finally {
                    statement.execute("SET EXCLUSIVE 0");
                }
            }
            finally {
                resume(clients);
            }
            if (stuck.isEmpty()) {
                return Duration.ofNanos(System.nanoTime() - start);
            }
            if (System.nanoTime() > deadline) {
                throw new NotQuiet("Other sessions kept statements running for " + timeout.toMillis()
                        + " ms; no quiet moment to change the tables");
            }
            awaitFinished(statement, stuck, deadline);
        }
    }

    static final long QUIET_ATTEMPT_MS = 25;

    /** {@link #exclusively} found no quiet moment in time (nothing was done). */
    static final class NotQuiet extends SQLException {

        NotQuiet(String message) {
            super(message);
        }
    }

    private AutoCloseable pauseClients(BranchDatabase database) throws SQLException {
        try {
            return engine.pauseClients(database);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SQLException("Interrupted while pausing the branch's clients", e);
        }
    }

    private static void resume(AutoCloseable clients) {
        try {
            clients.close();
        }
        catch (Exception e) {
            throw new IllegalStateException("Could not resume the branch's clients", e);
        }
    }

    /**
     * Waits until no other statement runs, and returns nothing; or, after {@code limit}, the statements still running.
     * <p>
     * H2 shows a statement as executing only once it has started its transaction work, a moment after it passed the
     * check for the exclusive mode; in between, its session is {@code RUNNING} without a statement, exactly as a
     * session that waits for the exclusive mode to end. Work on tables or triggers in that moment would run under a
     * statement already under way (a trigger list changed while it fires: {@code ConcurrentModificationException},
     * seen under load). So sessions in that state get {@link #STARTING_GRACE_MS} to show a statement: one that does is
     * running (waited for like any other); those that do not are taken as waiting for the pause.
     */
    private static java.util.Set<String> awaitQuiet(Statement statement, Duration limit) throws SQLException {
        long deadline = System.nanoTime() + limit.toNanos();
        long graceEnd = 0;
        while (true) {
            Sessions sessions = sessions(statement);
            if (!sessions.running().isEmpty()) {
                if (System.nanoTime() > deadline) {
                    return sessions.running();
                }
                Thread.onSpinWait();
                continue;
            }
            if (sessions.starting() == 0) {
                return sessions.running();
            }
            if (graceEnd == 0) {
                graceEnd = System.nanoTime() + java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(STARTING_GRACE_MS);
            }
            if (System.nanoTime() > graceEnd) {
                return sessions.running();
            }
            Thread.onSpinWait();
        }
    }

    /** How long a session that is running without a statement may take to show one (see {@link #awaitQuiet}). */
    static final long STARTING_GRACE_MS = 10;

    /** Other sessions' running statements (session id and start time), and how many run without one yet. */
    private record Sessions(java.util.Set<String> running, int starting) {
    }

    private static Sessions sessions(Statement statement) throws SQLException {
        java.util.Set<String> running = new java.util.HashSet<>();
        int starting = 0;
        try (ResultSet rows = statement.executeQuery("SELECT SESSION_ID, EXECUTING_STATEMENT_START, EXECUTING_STATEMENT, "
                + "SESSION_STATE FROM INFORMATION_SCHEMA.SESSIONS WHERE SESSION_ID <> SESSION_ID()")) {
            while (rows.next()) {
                if (rows.getString(3) != null) {
                    running.add(rows.getLong(1) + "@" + rows.getString(2));
                }
                else if ("RUNNING".equals(rows.getString(4))) {
                    starting++;
                }
            }
        }
        return new Sessions(running, starting);
    }

    /** Waits, without the pause, until the given statements have finished (or the deadline passes). */
    private static void awaitFinished(Statement statement, java.util.Set<String> statements, long deadline)
            throws SQLException {
        while (System.nanoTime() < deadline) {
            java.util.Set<String> running = runningStatements(statement);
            running.retainAll(statements);
            if (running.isEmpty()) {
                return;
            }
            try {
                Thread.sleep(2);
            }
            catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SQLException("Interrupted while waiting for a quiet moment", e);
            }
        }
    }

    /** Other sessions' running statements, each as session id and start time. */
    private static java.util.Set<String> runningStatements(Statement statement) throws SQLException {
        java.util.Set<String> running = new java.util.HashSet<>();
        try (ResultSet rows = statement.executeQuery("SELECT SESSION_ID, EXECUTING_STATEMENT_START FROM "
                + "INFORMATION_SCHEMA.SESSIONS WHERE SESSION_ID <> SESSION_ID() AND EXECUTING_STATEMENT IS NOT NULL")) {
            while (rows.next()) {
                running.add(rows.getLong(1) + "@" + rows.getString(2));
            }
        }
        return running;
    }

    /**
     * Where the reverse triggers of a change record the first write the old table could not take. In PUBLIC (the
     * writer's own session runs the trigger, with the writer's rights there), named so that it is hidden like the
     * tables set aside and cannot be any of their names ({@code LL_OLD_<id>}, without {@code _<table>}).
     */
    static String revertBlockTable(long migrationId) {
        return OLD_PREFIX + migrationId;
    }

    /** The revert-block table's SQL name, in {@code PUBLIC} whatever the session's schema. */
    static String revertBlockTableSql(long migrationId) {
        return "\"PUBLIC\"." + q(revertBlockTable(migrationId));
    }

    private static void ensureRevertBlockTable(Statement statement, long migrationId) throws SQLException {
        statement.execute("CREATE TABLE IF NOT EXISTS " + revertBlockTableSql(migrationId) + " (TRIGGER_NAME "
                + "VARCHAR(255) PRIMARY KEY, TABLE_NAME VARCHAR(255) NOT NULL, REASON VARCHAR(2000) NOT NULL, "
                + "ROW_KEY VARCHAR(2000), RECORDED_AT TIMESTAMP WITH TIME ZONE NOT NULL)");
    }

    @Override
    public java.util.Optional<String> revertBlocker(BranchDatabase database, AdminCredential admin, long migrationId) {
        try (Connection connection = engine.connect(database, admin); Statement statement = connection.createStatement()) {
            if (hasTable(statement, revertBlockTable(migrationId))) {
                try (ResultSet rows = statement.executeQuery("SELECT TABLE_NAME, REASON, ROW_KEY FROM "
                        + revertBlockTableSql(migrationId) + " ORDER BY RECORDED_AT, TRIGGER_NAME LIMIT 1")) {
                    if (rows.next()) {
                        // the table as the reverse trigger recorded it: quoted as needed, schema-qualified outside PUBLIC
                        return java.util.Optional.of(rows.getString(1) + ": "
                                + rows.getString(2) + (rows.getString(3) == null ? "" : " (row key " + rows.getString(3) + ")"));
                    }
                }
            }
            return orphanedParkedRows(statement, migrationId);
        }
        catch (SQLException e) {
            throw new EngineException("Could not read whether the revert is available: " + H2Engine.message(e), e);
        }
    }

    private static void ensureMirrorTable(Statement statement) throws SQLException {
        statement.execute("CREATE SCHEMA IF NOT EXISTS LOOPLINE");
        statement.execute("CREATE TABLE IF NOT EXISTS LOOPLINE.MIRROR (TRIGGER_NAME VARCHAR(255) PRIMARY KEY, "
                + "TARGET_TABLE VARCHAR(255) NOT NULL, SOURCE_POSITIONS VARCHAR(4000) NOT NULL, "
                + "TARGET_COLUMNS VARCHAR(4000) NOT NULL, KEY_POSITIONS VARCHAR(4000) NOT NULL, "
                + "KEY_COLUMNS VARCHAR(4000) NOT NULL, FALLBACK_TABLE VARCHAR(255) NOT NULL)");
        statement.execute("ALTER TABLE LOOPLINE.MIRROR ADD COLUMN IF NOT EXISTS FIXED_COLUMNS VARCHAR(4000) DEFAULT '' NOT NULL");
    }

    /**
     * Registers and creates a trigger on {@code source} that mirrors the plan's common columns into {@code target}
     * (of definition {@code targetTable}) by key, except those the target generates; {@code fallback} takes late
     * writes once the target has been swapped away (see {@link MirrorTrigger}). The target's {@code GENERATED ALWAYS}
     * identity columns are written on insert only ({@code OVERRIDING SYSTEM VALUE}), as they cannot be updated.
     */
    private static void createMirror(Statement statement, String trigger, String source, SchemaSnapshot.Table sourceTable,
            String target, SchemaSnapshot.Table targetTable, String fallback, ShadowPlan plan) throws SQLException {
        List<String> columns = plan.columnsWrittenInto(targetTable);
        List<String> fixed = columns.stream().filter(c -> {
            SchemaSnapshot.Identity identity = targetTable.exactColumn(c).orElseThrow().identity();
            return identity != null && identity.always();
        }).toList();
        List<String> sourceOrder = sourceTable.columns().stream().map(SchemaSnapshot.Column::name).toList();
        List<String> positions = columns.stream().map(c -> String.valueOf(sourceOrder.indexOf(c))).toList();
        List<String> keyPositions = sourceTable.primaryKey().stream().map(c -> String.valueOf(sourceOrder.indexOf(c))).toList();
        try (PreparedStatement register = statement.getConnection().prepareStatement(
                "MERGE INTO LOOPLINE.MIRROR (TRIGGER_NAME, TARGET_TABLE, SOURCE_POSITIONS, TARGET_COLUMNS, KEY_POSITIONS, "
                + "KEY_COLUMNS, FALLBACK_TABLE, FIXED_COLUMNS) KEY (TRIGGER_NAME) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
            register.setString(1, MirrorTrigger.configurationKey(statement.getConnection().getSchema(), trigger));
            register.setString(2, target);
            register.setString(3, String.join(",", positions));
            register.setString(4, MirrorTrigger.nameList(columns));
            register.setString(5, String.join(",", keyPositions));
            register.setString(6, MirrorTrigger.nameList(sourceTable.primaryKey()));
            register.setString(7, fallback);
            register.setString(8, MirrorTrigger.nameList(fixed));
            register.executeUpdate();
        }
        statement.execute("DROP TRIGGER IF EXISTS " + q(trigger));
        statement.execute("CREATE TRIGGER " + q(trigger) + " AFTER INSERT, UPDATE, DELETE ON " + q(source)
                + " FOR EACH ROW CALL '" + MirrorTrigger.class.getName() + "'");
    }

    /**
     * The change log of {@code plan}'s table: an identity column (the entry's number) and the table's primary-key
     * columns, of the same types. Made again if a prepare runs again (its trigger, if any, is dropped first).
     */
    private void createChangeLogTable(BranchDatabase database, Statement statement, ShadowPlan plan) throws SQLException {
        String log = logName(plan);
        if (hasTrigger(statement, log)) {
            exclusively(database, statement, QUIET_TIMEOUT, () -> dropMirror(statement, log));
        }
        statement.execute("DROP TABLE IF EXISTS " + q(log));
        List<String> key = plan.from().primaryKey();
        String entry = "LL_ENTRY";
        while (key.contains(entry)) {
            entry += "_";
        }
        List<String> columns = new ArrayList<>();
        columns.add(q(entry) + " BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY");
        for (String column : key) {
            columns.add(q(column) + " " + plan.from().exactColumn(column).orElseThrow().type());
        }
        statement.execute("CREATE TABLE " + q(log) + " (" + String.join(", ", columns) + ")");
    }

    /** Registers and creates the {@link ChangeLogTrigger} that logs the keys of {@code plan}'s table's writes. */
    private static void createChangeLog(Statement statement, ShadowPlan plan) throws SQLException {
        String log = logName(plan);
        List<String> sourceOrder = plan.from().columns().stream().map(SchemaSnapshot.Column::name).toList();
        String keyPositions = String.join(",", plan.from().primaryKey().stream()
                .map(c -> String.valueOf(sourceOrder.indexOf(c))).toList());
        String keys = MirrorTrigger.nameList(plan.from().primaryKey());
        try (PreparedStatement register = statement.getConnection().prepareStatement(
                "MERGE INTO LOOPLINE.MIRROR (TRIGGER_NAME, TARGET_TABLE, SOURCE_POSITIONS, TARGET_COLUMNS, KEY_POSITIONS, "
                + "KEY_COLUMNS, FALLBACK_TABLE, FIXED_COLUMNS) KEY (TRIGGER_NAME) VALUES (?, ?, ?, ?, ?, ?, ?, '')")) {
            register.setString(1, MirrorTrigger.configurationKey(statement.getConnection().getSchema(), log));
            register.setString(2, log);
            register.setString(3, keyPositions);
            register.setString(4, keys);
            register.setString(5, keyPositions);
            register.setString(6, keys);
            register.setString(7, log);
            register.executeUpdate();
        }
        statement.execute("DROP TRIGGER IF EXISTS " + q(log));
        statement.execute("CREATE TRIGGER " + q(log) + " AFTER INSERT, UPDATE, DELETE ON " + q(plan.table())
                + " FOR EACH ROW CALL '" + ChangeLogTrigger.class.getName() + "'");
    }

    static boolean hasTrigger(Statement statement, String trigger) throws SQLException {
        return exists(statement, "SELECT COUNT(*) FROM INFORMATION_SCHEMA.TRIGGERS WHERE TRIGGER_SCHEMA = CURRENT_SCHEMA "
                + "AND TRIGGER_NAME = ?", trigger);
    }

    private static void dropMirror(Statement statement, String trigger) throws SQLException {
        statement.execute("DROP TRIGGER IF EXISTS " + q(trigger));
        statement.execute("DELETE FROM LOOPLINE.MIRROR WHERE TRIGGER_NAME = " + dev.loopline.schema.SqlNames.literal(
                MirrorTrigger.configurationKey(statement.getConnection().getSchema(), trigger)));
    }

    @Override
    public long countRows(BranchDatabase database, AdminCredential admin, String schema, String table) {
        try (Connection connection = engine.connect(database, admin); Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT COUNT(*) FROM " + qualified(schema, table))) {
            rows.next();
            return rows.getLong(1);
        }
        catch (SQLException e) {
            throw new EngineException("Could not count the rows of " + table + ": " + H2Engine.message(e), e);
        }
    }

    @Override
    public Copier copier(BranchDatabase database, AdminCredential admin, ShadowPlan plan) {
        try {
            boolean logged;
            try (Connection connection = engine.connect(database, admin); Statement statement = connection.createStatement()) {
                useSchema(statement, plan.schema());
                requireNoHostFunctions(connection, plan, DdlRenderer.createTable(plan.to()));
                logged = hasTrigger(statement, logName(plan));
                if (!logged) {
                    // mirrored already (the copy ended before a restart), or prepared before the change log existed
                    statement.execute("DROP TABLE IF EXISTS " + q(logName(plan)));
                }
                else if (hasTrigger(statement, forwardTrigger(plan))) {
                    // a switch to mirroring interrupted halfway: every write since was logged, so the copy goes on
                    // logged (its catch-up rewrites what the mirror wrote) and ends with the switch again
                    exclusively(database, statement, QUIET_TIMEOUT, () -> dropMirror(statement, forwardTrigger(plan)));
                }
            }
            // the copy evaluates the new definition's defaults, generated columns and checks (the developer's SQL):
            // as the data user, which has rights on the table and its shadow and nothing an admin has besides
            Connection copy = engine.dataUserOn(database, admin, java.util.Collections.singletonList(plan.schema()));
            try (Statement statement = copy.createStatement()) {
                useSchema(statement, plan.schema());
            }
            catch (SQLException | RuntimeException e) {
                copy.close();
                throw e;
            }
            return new H2Copier(copy, plan, logged ? catchUp -> switchToMirror(database, admin, plan, catchUp) : null);
        }
        catch (SQLException e) {
            throw new EngineException("Could not start copying " + plan.table() + ": " + H2Engine.message(e), e);
        }
    }

    /** Ends the copy of a logged change: see {@link #switchToMirror}. */
    private interface MirrorSwitch {
        void run(Exclusive catchUp) throws SQLException;
    }

    /**
     * Ends the copy of a change whose writes are logged: the change log's trigger is replaced by the mirror trigger
     * ({@code LL_FWD_…}), which from then on writes every change into the shadow in the writer's own transaction, as
     * during the revert window; the log is dropped. This happens only at a moment when the shadow has caught up with
     * every logged write: with the branch's clients held at the gate and the statements already running finished
     * (up to {@link #SWITCH_WAIT}), {@code catchUp} applies the log (as the data user: it evaluates the developer's
     * defaults and checks, which the admin of the pause must not); then, in the exclusive pause, the log must be
     * empty and no other session may have written to it in a transaction still open (those writes would be neither
     * applied nor mirrored). Writes that came in meanwhile from statements that were already running are caught up in
     * another round, with the clients still held, for up to {@link #SWITCH_WAIT}; an open transaction, or no success in
     * that time, lets the clients go, and it is tried again a moment later, for up to {@link #SWITCH_LIMIT}; then
     * it gives up with {@link SwitchBusy}, saying what held it up (the copier's caller may call again).
     */
    private void switchToMirror(BranchDatabase database, AdminCredential admin, ShadowPlan plan, Exclusive catchUp)
            throws SQLException {
        try (Connection connection = engine.connect(database, admin); Statement statement = connection.createStatement()) {
            useSchema(statement, plan.schema());
            long deadline = System.nanoTime() + SWITCH_LIMIT.toNanos();
            for (int attempt = 1; ; attempt++) {
                String[] busy = { null };
                boolean[] open = { false };
                AutoCloseable clients = pauseClients(database);
                try {
                    long until = System.nanoTime() + SWITCH_WAIT.toNanos();
                    do {
                        // the gate holds new requests: the statements running now finish first, so that what they
                        // log is caught up too; their writes after a catch-up are caught up in the next round, with
                        // the clients still held, so the rounds end once those statements are done
                        awaitFinished(statement, runningStatements(statement), until);
                        catchUp.run();
                        busy[0] = null;
                        try {
                            exclusively(database, statement, SWITCH_WAIT, () -> {
                                busy[0] = openLogWrites(statement, plan);
                                open[0] = busy[0] != null;
                                busy[0] = open[0] ? busy[0] : logEntries(statement, plan);
                                if (busy[0] == null) {
                                    // in this order: H2 commits each step, and a crash between two must leave every
                                    // write followed (see copier: both triggers mean this switch is to run again)
                                    createMirror(statement, forwardTrigger(plan), plan.table(), plan.from(),
                                            shadowName(plan), plan.to(), plan.table(), plan);
                                    dropMirror(statement, logName(plan));
                                    statement.execute("DROP TABLE " + q(logName(plan)));
                                }
                            });
                        }
                        catch (NotQuiet e) {
                            busy[0] = e.getMessage();
                        }
                    }
                    // an open transaction can only end once its client is let go
                    while (busy[0] != null && !open[0] && System.nanoTime() < until);
                }
                finally {
                    resume(clients);
                }
                if (busy[0] == null) {
                    return;
                }
                if (System.nanoTime() > deadline) {
                    throw new SwitchBusy("The copy of " + plan.displayName() + " could not end within "
                            + SWITCH_LIMIT.toSeconds() + " s: " + busy[0]);
                }
                try {
                    Thread.sleep(Math.min(50, 1L << Math.min(attempt, 6)));
                }
                catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new SQLException("Interrupted while ending the copy of " + plan.displayName(), e);
                }
            }
        }
    }

    /**
     * How long one attempt of the switch to mirroring holds the branch's clients: it waits for statements already
     * running, catches up and looks in a pause whether the log is empty, again and again, within this time (and the
     * last pause may take as long again).
     */
    static final Duration SWITCH_WAIT = Duration.ofSeconds(1);

    /**
     * How long one call that ends a logged copy keeps trying to switch to mirroring before it gives up with an
     * {@link EngineBusyException} (the copy stays as it is: calling the copier again with the same key tries again).
     */
    static final Duration SWITCH_LIMIT = Duration.ofSeconds(15);

    /** The switch to mirroring found no moment without logged writes in open transactions within its limit. */
    static final class SwitchBusy extends SQLException {

        SwitchBusy(String message) {
            super(message);
        }
    }

    /** Which other session has logged a write to {@code plan}'s table in a transaction still open, or null. */
    private static String openLogWrites(Statement statement, ShadowPlan plan) throws SQLException {
        try (PreparedStatement locks = statement.getConnection().prepareStatement("SELECT L.SESSION_ID, S.USER_NAME, "
                + "S.SLEEP_SINCE, CURRENT_TIMESTAMP FROM INFORMATION_SCHEMA.LOCKS L LEFT JOIN INFORMATION_SCHEMA.SESSIONS S "
                + "ON S.SESSION_ID = L.SESSION_ID WHERE L.TABLE_SCHEMA = CURRENT_SCHEMA AND L.TABLE_NAME = ? "
                + "AND L.SESSION_ID <> SESSION_ID() ORDER BY L.SESSION_ID")) {
            locks.setString(1, logName(plan));
            try (ResultSet rows = locks.executeQuery()) {
                if (!rows.next()) {
                    return null;
                }
                var idle = rows.getObject(3, java.time.OffsetDateTime.class);
                return "session " + rows.getInt(1) + (rows.getString(2) == null ? "" : " (" + rows.getString(2) + ")")
                        + (idle == null ? "" : ", idle for " + seconds(idle, rows.getObject(4, java.time.OffsetDateTime.class))
                                + ",")
                        + " has written to " + plan.displayName() + " in a transaction that is still open";
            }
        }
    }

    /** How many logged writes the shadow has not caught up with, as a reason; null when none. */
    private static String logEntries(Statement statement, ShadowPlan plan) throws SQLException {
        try (ResultSet rows = statement.executeQuery("SELECT COUNT(*) FROM " + q(logName(plan)))) {
            rows.next();
            return rows.getLong(1) == 0 ? null : rows.getLong(1) + " writes to " + plan.displayName()
                    + " came in while the shadow caught up";
        }
    }

    /**
     * Copies a table into its shadow in chunks of consecutive primary keys. Two ways, by how the change follows
     * writes:
     * <p>
     * <b>Logged</b> (a change prepared by this version, while its rows are copied): writers only log the keys they
     * touch ({@link ChangeLogTrigger}); nothing but the copier writes the shadow. Each chunk is one transaction at
     * {@code REPEATABLE READ} whose first statement reads the table, the shadow and the log, so all three are read as
     * of one moment. In it the chunk first catches up with the log: every logged key's row is deleted from the shadow
     * and, if the key is among those copied already, copied again from the table as it is now (or left out if it is
     * gone); the entries are deleted. Then the chunk copies the next rows with a plain {@code INSERT … SELECT}.
     * Neither takes a row lock on the table, so the copier never waits for a writer and no writer waits for it. After
     * every chunk, each copied row of the shadow equals the table's row as of the chunk's moment: a write committed
     * before it was logged and applied, one committed after it is in the log for the next chunk. When every row is
     * copied the change switches to mirroring ({@link #switchToMirror}).
     * <p>
     * <b>Mirrored</b> (a copy resumed after that switch, or a change prepared by an earlier version): the mirror
     * trigger writes every change into the shadow, so each chunk locks the rows it copies, in one
     * {@code INSERT … SELECT … FOR UPDATE NOWAIT} (no writer can change or delete one until the chunk commits). A
     * writer that commits a change to a row of the range while the chunk runs has mirrored it into the shadow, which
     * the chunk (reading as of its start) does not see: its insert of that row is a duplicate key, the chunk is rolled
     * back and runs again, skipping rows already there ({@code NOT EXISTS}). After {@link #CONFLICT_RETRIES} such
     * conflicts in a row, the chunk locks its rows first and copies them in a second statement. The chunk never waits
     * for a row lock: when a writer holds one, it rolls back, waits a few milliseconds and runs again, for up to
     * {@link #BUSY_LIMIT}. So the copier is never part of a deadlock with a writer, and no writer is rolled back
     * because of it.
     */
    private static final class H2Copier implements Copier {

        /** Conflicting chunks run again this often before the chunk locks its rows first. */
        static final int CONFLICT_RETRIES = 3;

        /** How long a chunk keeps giving way to writers that hold its rows before the copy fails. */
        static final Duration BUSY_LIMIT = Duration.ofSeconds(60);

        /** Log entries at most left to catch up with while the switch to mirroring holds the branch's clients. */
        static final int SWITCH_BACKLOG = 1_000;

        private final Connection connection;
        private final ShadowPlan plan;
        /** Ends a logged copy; null for a mirrored one. */
        private final MirrorSwitch mirrorSwitch;
        private final PreparedStatement boundFirst;
        private final PreparedStatement boundNext;
        private final PreparedStatement lastFirst;
        private final PreparedStatement lastNext;
        private final PreparedStatement mirroredFirst;
        private final PreparedStatement mirroredNext;
        private final PreparedStatement copyFirst;
        private final PreparedStatement copyNext;
        private final PreparedStatement checkedCopyFirst;
        private final PreparedStatement checkedCopyNext;
        private final PreparedStatement lockFirst;
        private final PreparedStatement lockNext;
        private final PreparedStatement snapshot;
        private final PreparedStatement forget;
        private final PreparedStatement copyAgain;
        private final PreparedStatement copyAgainUpTo;
        private final PreparedStatement clearLog;
        private final PreparedStatement count;

        H2Copier(Connection connection, ShadowPlan plan, MirrorSwitch mirrorSwitch) throws SQLException {
            this.connection = connection;
            this.plan = plan;
            this.mirrorSwitch = mirrorSwitch;
            try {
                connection.setAutoCommit(false);
                List<String> key = plan.from().primaryKey();
                String keyList = String.join(", ", key.stream().map(H2OnlineMigrator::q).toList());
                String keyListDesc = String.join(", ", key.stream().map(k -> q(k) + " DESC").toList());
                String table = q(plan.table());
                String shadow = q(shadowName(plan));
                String log = q(logName(plan));
                String after = keyRowOf(null, key) + " > " + params(plan.from(), key);
                String bound = "SELECT " + keyList + " FROM " + table + " %s ORDER BY " + keyList
                        + " OFFSET ? ROWS FETCH NEXT 1 ROW ONLY";
                boundFirst = connection.prepareStatement(bound.formatted(""));
                boundNext = connection.prepareStatement(bound.formatted("WHERE " + after));
                String last = "SELECT " + keyList + " FROM " + table + " %s ORDER BY " + keyListDesc + " FETCH FIRST 1 ROW ONLY";
                lastFirst = connection.prepareStatement(last.formatted(""));
                lastNext = connection.prepareStatement(last.formatted("WHERE " + after));
                String upTo = keyRowOf(null, key) + " <= " + params(plan.from(), key);
                String mirrored = "SELECT 1 FROM " + shadow + " WHERE %s" + upTo + " FETCH FIRST 1 ROW ONLY";
                mirroredFirst = connection.prepareStatement(mirrored.formatted(""));
                mirroredNext = connection.prepareStatement(mirrored.formatted(after + " AND "));
                String notCopied = " AND NOT EXISTS (SELECT 1 FROM " + shadow + " S WHERE "
                        + sameKey("S", "T", key) + ")";
                List<String> copied = plan.columnsWrittenInto(plan.to());
                String insertSelect = "INSERT INTO " + shadow + " ("
                        + String.join(", ", copied.stream().map(H2OnlineMigrator::q).toList())
                        + ") OVERRIDING SYSTEM VALUE SELECT "
                        + String.join(", ", copied.stream().map(c -> "T." + q(c)).toList());
                String insert = insertSelect + " FROM " + table + " T WHERE ";
                String copy = insert + "%s" + keyRowOf("T", key) + " <= " + params(plan.from(), key) + "%s";
                String afterT = keyRowOf("T", key) + " > " + params(plan.from(), key) + " AND ";
                String lock = mirrorSwitch == null ? " FOR UPDATE NOWAIT" : "";
                copyFirst = connection.prepareStatement(copy.formatted("", lock));
                copyNext = connection.prepareStatement(copy.formatted(afterT, lock));
                checkedCopyFirst = connection.prepareStatement(copy.formatted("", notCopied + lock));
                checkedCopyNext = connection.prepareStatement(copy.formatted(afterT, notCopied + lock));
                String locking = "SELECT " + keyList + " FROM " + table + " %s " + upTo + " FOR UPDATE NOWAIT";
                lockFirst = connection.prepareStatement(locking.formatted("WHERE"));
                lockNext = connection.prepareStatement(locking.formatted("WHERE " + after + " AND"));
                if (mirrorSwitch != null) {
                    connection.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
                    snapshot = connection.prepareStatement("SELECT (SELECT 1 FROM " + table + " FETCH FIRST 1 ROW ONLY), "
                            + "(SELECT 1 FROM " + shadow + " FETCH FIRST 1 ROW ONLY), (SELECT 1 FROM " + log
                            + " FETCH FIRST 1 ROW ONLY)");
                    // set-based, driven by the log's distinct keys, each looked up in the shadow's or the table's
                    // primary key; not DELETE … WHERE key IN (SELECT … FROM log): H2 evaluates that subquery again
                    // for every row it deletes (lockAndRecheckCondition), which made a catch-up quadratic
                    String loggedKeys = "(SELECT DISTINCT " + keyList + " FROM " + log + ") L";
                    forget = connection.prepareStatement("MERGE INTO " + shadow + " S USING " + loggedKeys + " ON "
                            + sameKey("S", "L", key)
                            + " WHEN MATCHED THEN DELETE");
                    String again = insertSelect + " FROM " + loggedKeys + " INNER JOIN " + table + " T ON "
                            + sameKey("T", "L", key)
                            + " WHERE 1 = 1";
                    copyAgain = connection.prepareStatement(again + notCopied);
                    copyAgainUpTo = connection.prepareStatement(again + " AND " + keyRowOf("T", key) + " <= "
                            + params(plan.from(), key) + notCopied);
                    clearLog = connection.prepareStatement("DELETE FROM " + log);
                    count = connection.prepareStatement("SELECT COUNT(*) FROM " + log);
                }
                else {
                    snapshot = forget = copyAgain = copyAgainUpTo = clearLog = count = null;
                }
            }
            catch (SQLException e) {
                connection.close();
                throw e;
            }
        }

        @Override
        public CopyStep next(List<String> afterKey, int chunkSize) {
            try {
                return mirrorSwitch == null ? lockedNext(afterKey, chunkSize) : loggedNext(afterKey, chunkSize);
            }
            catch (SQLException e) {
                try {
                    connection.rollback();
                }
                catch (SQLException ignored) {
                    // the connection is gone; closing it is all that is left
                }
                if (e instanceof SwitchBusy) {
                    throw new EngineBusyException(e.getMessage(), e);
                }
                throw new EngineException("Copying rows of " + plan.table() + " failed: " + H2Engine.message(e), e);
            }
        }

        private CopyStep loggedNext(List<String> afterKey, int chunkSize) throws SQLException {
            boolean first = afterKey == null;
            long attempt = System.nanoTime();
            try (ResultSet ignored = snapshot.executeQuery()) {
                // the table, the shadow and the log are read as of this moment for the rest of the transaction
            }
            List<String> bound = key(first ? boundFirst : boundNext, afterKey, chunkSize - 1);
            if (bound == null) {
                bound = key(first ? lastFirst : lastNext, afterKey, null);
            }
            catchUp(afterKey, false);
            int inserted = 0;
            if (bound != null) {
                boolean checked = exists(first ? mirroredFirst : mirroredNext, afterKey, bound);
                PreparedStatement copy = checked ? (first ? checkedCopyFirst : checkedCopyNext) : (first ? copyFirst : copyNext);
                bind(copy, bound, bind(copy, afterKey, 0));
                inserted = copy.executeUpdate();
            }
            connection.commit();
            Duration held = Duration.ofNanos(System.nanoTime() - attempt);
            if (bound != null) {
                return new CopyStep(bound, inserted, held);
            }
            // catch up without holding anyone while much is logged, so that the switch holds clients only briefly
            long deadline = System.nanoTime() + BUSY_LIMIT.toNanos();
            while (backlog() > SWITCH_BACKLOG && System.nanoTime() < deadline) {
                catchUpWithAll();
            }
            mirrorSwitch.run(this::catchUpWithAll);
            return new CopyStep(null, 0, Duration.ZERO);
        }

        /** Every row copied: one transaction that applies the whole log (as of its start) to the shadow. */
        private void catchUpWithAll() throws SQLException {
            try (ResultSet ignored = snapshot.executeQuery()) {
                // the table, the shadow and the log are read as of this moment for the rest of the transaction
            }
            catchUp(null, true);
            connection.commit();
        }

        /**
         * Applies every entry of the change log (as of the transaction's moment) to the shadow and deletes them: each
         * logged key's row is deleted from the shadow, then copied again from the table if the table has it and it is
         * among the keys copied already (up to {@code copiedUpTo}; none when null; {@code all}: every key). Deleting
         * all before copying any keeps a unique column whose values moved between rows from clashing.
         */
        private void catchUp(List<String> copiedUpTo, boolean all) throws SQLException {
            forget.executeUpdate();
            if (all) {
                copyAgain.executeUpdate();
            }
            else if (copiedUpTo != null) {
                bind(copyAgainUpTo, copiedUpTo, 0);
                copyAgainUpTo.executeUpdate();
            }
            clearLog.executeUpdate();
        }

        /** How many entries the change log holds now (committed ones). */
        private long backlog() throws SQLException {
            try (ResultSet rows = count.executeQuery()) {
                rows.next();
                long entries = rows.getLong(1);
                connection.commit();
                return entries;
            }
        }

        private CopyStep lockedNext(List<String> afterKey, int chunkSize) throws SQLException {
            boolean first = afterKey == null;
            List<String> bound = key(first ? boundFirst : boundNext, afterKey, chunkSize - 1);
            if (bound == null) {
                bound = key(first ? lastFirst : lastNext, afterKey, null);
            }
            connection.commit();
            if (bound == null) {
                return new CopyStep(null, 0, Duration.ZERO);
            }
            int conflicts = 0;
            int busy = 0;
            long busySince = 0;
            while (true) {
                long attempt = System.nanoTime();
                try {
                    int inserted;
                    if (conflicts < CONFLICT_RETRIES) {
                        boolean checked = conflicts > 0 || exists(first ? mirroredFirst : mirroredNext, afterKey, bound);
                        PreparedStatement copy = checked ? (first ? checkedCopyFirst : checkedCopyNext)
                                : (first ? copyFirst : copyNext);
                        bind(copy, bound, bind(copy, afterKey, 0));
                        inserted = copy.executeUpdate();
                    }
                    else {
                        // rows locked first: the copy that follows starts after every conflicting writer committed
                        PreparedStatement lock = first ? lockFirst : lockNext;
                        bind(lock, bound, bind(lock, afterKey, 0));
                        try (ResultSet locked = lock.executeQuery()) {
                            while (locked.next()) {
                                // the locks are what this query is for, not its rows
                            }
                        }
                        PreparedStatement copy = first ? checkedCopyFirst : checkedCopyNext;
                        bind(copy, bound, bind(copy, afterKey, 0));
                        inserted = copy.executeUpdate();
                    }
                    connection.commit();
                    return new CopyStep(bound, inserted, Duration.ofNanos(System.nanoTime() - attempt));
                }
                catch (SQLException e) {
                    connection.rollback();
                    if (e.getErrorCode() == org.h2.api.ErrorCode.DUPLICATE_KEY_1 && conflicts < CONFLICT_RETRIES) {
                        conflicts++; // a writer mirrored a row of this range meanwhile: run the chunk again
                        continue;
                    }
                    if (e.getErrorCode() != org.h2.api.ErrorCode.LOCK_TIMEOUT_1
                            && e.getErrorCode() != org.h2.api.ErrorCode.DEADLOCK_1) {
                        throw e;
                    }
                    // a writer holds a row of this range: give way (the copier never waits for a row lock, so it
                    // is never part of a deadlock and never makes a writer its victim), then try again
                    long now = System.nanoTime();
                    busySince = busy++ == 0 ? now : busySince;
                    if (now - busySince > BUSY_LIMIT.toNanos()) {
                        throw new SQLException("rows of " + plan.table() + " stayed locked by other sessions for "
                                + BUSY_LIMIT.toSeconds() + " s", e);
                    }
                    java.util.concurrent.locks.LockSupport.parkNanos(
                            java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(Math.min(50, 1L << Math.min(busy, 6))));
                }
            }
        }

        /** The key of the one row {@code query} finds after {@code afterKey} (skipping {@code offset} rows), or null. */
        private List<String> key(PreparedStatement query, List<String> afterKey, Integer offset) throws SQLException {
            int next = bind(query, afterKey, 0);
            if (offset != null) {
                query.setInt(next + 1, Math.max(0, offset));
            }
            try (ResultSet row = query.executeQuery()) {
                if (!row.next()) {
                    return null;
                }
                int keySize = plan.from().primaryKey().size();
                List<String> key = new ArrayList<>(keySize);
                for (int i = 1; i <= keySize; i++) {
                    key.add(row.getString(i));
                }
                return key;
            }
        }

        private static boolean exists(PreparedStatement query, List<String> afterKey, List<String> bound) throws SQLException {
            bind(query, bound, bind(query, afterKey, 0));
            try (ResultSet row = query.executeQuery()) {
                return row.next();
            }
        }

        @Override
        public void close() {
            try {
                connection.close();
            }
            catch (SQLException ignored) {
                // closing releases the locks of an unfinished chunk either way
            }
        }
    }

    /**
     * The key as an expression to compare: a plain column for single-column keys (so H2 seeks the primary-key
     * index instead of scanning), a row value for composite keys.
     */
    /** {@code a.k1 = b.k1 AND a.k2 = b.k2 …} over the key's columns. */
    private static String sameKey(String a, String b, List<String> key) {
        return String.join(" AND ", key.stream().map(k -> a + "." + q(k) + " = " + b + "." + q(k)).toList());
    }

    private static String keyRowOf(String alias, List<String> key) {
        List<String> columns = key.stream().map(k -> (alias == null ? "" : alias + ".") + q(k)).toList();
        return columns.size() == 1 ? columns.get(0) : "(" + String.join(", ", columns) + ")";
    }

    /**
     * Parameters for the key, cast to the key columns' types: the saved key is text, and comparing a typed column
     * with a text parameter costs a conversion per row.
     */
    private static String params(SchemaSnapshot.Table table, List<String> key) {
        // a JSON key's text is parsed (FORMAT JSON); CAST(? AS JSON) would make a JSON string of it
        List<String> casts = key.stream().map(k -> table.exactColumn(k).orElseThrow().type())
                .map(type -> type.matches("JSON(\\(\\d+\\))?") ? "(? FORMAT JSON)" : "CAST(? AS " + type + ")").toList();
        return casts.size() == 1 ? casts.get(0) : "(" + String.join(", ", casts) + ")";
    }

    private static int bind(PreparedStatement statement, List<String> values, int offset) throws SQLException {
        if (values == null) {
            return offset;
        }
        for (int i = 0; i < values.size(); i++) {
            statement.setString(offset + i + 1, values.get(i));
        }
        return offset + values.size();
    }

    @Override
    public Duration cutOver(BranchDatabase database, AdminCredential admin, List<ShadowPlan> plans, Duration lockTimeout) {
        return swap(database, admin, plans, lockTimeout, true);
    }

    @Override
    public Duration revert(BranchDatabase database, AdminCredential admin, List<ShadowPlan> plans, Duration lockTimeout) {
        return swap(database, admin, plans, lockTimeout, false);
    }

    /**
     * Forward: table → old, shadow → table, forward triggers → reverse triggers. Backward: table → shadow,
     * old → table, reverse triggers → forward triggers (so a later cutover could run again).
     */
    private Duration swap(BranchDatabase database, AdminCredential admin, List<ShadowPlan> plans, Duration lockTimeout,
            boolean forward) {
        return swap(database, admin, plans, lockTimeout, forward, List.of(), List.of());
    }

    @Override
    public Duration swap(BranchDatabase database, AdminCredential admin, List<ShadowPlan> plans, Duration lockTimeout,
            boolean forward, List<String> before, List<String> after) {
        for (String sql : concat(before, after)) {
            dev.loopline.engine.HostFunctions.calledIn(sql).ifPresent(function -> {
                throw new dev.loopline.engine.UnsafeSchemaException("deploy this change", List.of(
                        new dev.loopline.engine.HostFunctionUse("statement", sql, function)));
            });
        }
        try (Connection connection = engine.connect(database, admin); Statement statement = connection.createStatement()) {
            statement.setEscapeProcessing(false); // H2 runs exactly the text that was checked: no JDBC {fn } rewriting
            statement.execute("SET LOCK_TIMEOUT " + lockTimeout.toMillis());
            return exclusively(database, statement, lockTimeout, () -> {
                List<SchemaSnapshot.View> views = before.isEmpty() ? List.of() : H2SchemaObjects.views(statement);
                try {
                    for (String sql : before) {
                        statement.execute(sql);
                    }
                    swapTables(statement, plans, forward);
                }
                catch (SQLException e) {
                    restoreViews(statement, views);
                    throw e;
                }
                for (String sql : after) {
                    statement.execute(sql);
                }
            });
        }
        catch (SQLException e) {
            throw new EngineException("The swap did not happen: " + H2Engine.message(e) + blockers(database, admin), e);
        }
    }

    /**
     * The swap itself, inside the exclusive pause; undone step by step if any step fails. Every step first looks
     * whether it is still to do, so a swap interrupted by a crash (H2 commits each rename) completes when run again,
     * and running a finished swap again changes nothing.
     */
    private static void swapTables(Statement statement, List<ShadowPlan> plans, boolean forward) throws SQLException {
        List<String> readers = H2ViewRecompiler.readers(statement, plans.stream()
                .map(p -> H2SchemaObjects.reference(p.schema(), p.table())).toList());
        List<String> undo = new ArrayList<>();
        String schema = SchemaSnapshot.PUBLIC;
        try {
            for (ShadowPlan plan : plans) {
                // the undo, run backwards, finds each table's steps under that table's schema
                if (!plan.schema().equals(schema)) {
                    rename(statement, undo, "SET SCHEMA " + q(plan.schema()), "SET SCHEMA " + q(schema));
                    schema = plan.schema();
                }
                String table = plan.table();
                if (forward && hasTrigger(statement, logName(plan))) {
                    throw new SQLException("the rows of " + plan.displayName() + " are not all copied yet");
                }
                String aside = forward ? oldName(plan) : shadowName(plan);
                String incoming = forward ? shadowName(plan) : oldName(plan);
                SchemaSnapshot.Table leaving = forward ? plan.from() : plan.to();
                SchemaSnapshot.Table arriving = forward ? plan.to() : plan.from();
                if (hasTable(statement, table) && hasTable(statement, incoming)) {
                    if (hasTable(statement, aside)) {
                        throw new SQLException(aside + " is in the way of the swap of " + table);
                    }
                    rename(statement, undo, "ALTER TABLE " + q(table) + " RENAME TO " + q(aside),
                            "ALTER TABLE " + q(aside) + " RENAME TO " + q(table));
                }
                if (!hasTable(statement, table) && hasTable(statement, incoming)) {
                    rename(statement, undo, "ALTER TABLE " + q(incoming) + " RENAME TO " + q(table),
                            "ALTER TABLE " + q(table) + " RENAME TO " + q(incoming));
                }
                if (!hasTable(statement, table) || !hasTable(statement, aside)) {
                    throw new SQLException("neither " + table + " nor " + aside + " may be missing after the swap");
                }
                for (SchemaSnapshot.Index index : leaving.indexes()) {
                    renameIndex(statement, undo, aside, index, index.name(), index.name() + suffix(plan, forward ? "O" : "S"));
                }
                for (SchemaSnapshot.Index index : arriving.indexes()) {
                    renameIndex(statement, undo, table, index, index.name() + suffix(plan, forward ? "S" : "O"), index.name());
                }
                // the table set aside keeps no foreign keys or checks of its own: its rows follow the live table's
                // (whose actions and checks are the ones a plain ALTER would apply); they come back if it does
                for (SchemaSnapshot.ForeignKey fk : leaving.foreignKeys()) {
                    if (hasConstraint(statement, aside, fk.name())) {
                        rename(statement, undo, "ALTER TABLE " + q(aside) + " DROP CONSTRAINT " + q(fk.name()),
                                DdlRenderer.addForeignKey(aside, fk).replace(";", " NOCHECK"));
                    }
                }
                for (SchemaSnapshot.ForeignKey fk : arriving.foreignKeys()) {
                    String parked = fk.name() + suffix(plan, forward ? "S" : "O");
                    if (hasConstraint(statement, table, parked)) {
                        rename(statement, undo, "ALTER TABLE " + q(table) + " RENAME CONSTRAINT " + q(parked) + " TO "
                                + q(fk.name()), "ALTER TABLE " + q(table) + " RENAME CONSTRAINT " + q(fk.name()) + " TO " + q(parked));
                    }
                    else if (!hasConstraint(statement, table, fk.name())) {
                        rename(statement, undo, DdlRenderer.addForeignKey(table, fk).replace(";", " NOCHECK"),
                                "ALTER TABLE " + q(table) + " DROP CONSTRAINT " + q(fk.name()));
                    }
                }
                for (SchemaSnapshot.Check check : leaving.checks()) {
                    if (hasConstraint(statement, aside, check.name())) {
                        rename(statement, undo, "ALTER TABLE " + q(aside) + " DROP CONSTRAINT " + q(check.name()),
                                "ALTER TABLE " + q(aside) + " ADD " + DdlRenderer.check(check) + " NOCHECK");
                    }
                }
                for (SchemaSnapshot.Check check : arriving.checks()) {
                    String parked = check.name() + suffix(plan, "S");
                    if (hasConstraint(statement, table, parked)) {
                        renameConstraint(statement, undo, table, parked, check.name());
                    }
                    else if (!hasConstraint(statement, table, check.name())) {
                        rename(statement, undo, "ALTER TABLE " + q(table) + " ADD " + DdlRenderer.check(check) + " NOCHECK",
                                "ALTER TABLE " + q(table) + " DROP CONSTRAINT " + q(check.name()));
                    }
                }
                H2IdentityState.carryOver(statement, undo, aside, leaving, table, arriving, forward);
                dropMirror(statement, (forward ? "LL_FWD_" : "LL_REV_") + plan.migrationId() + "_" + table);
                createMirror(statement, (forward ? "LL_REV_" : "LL_FWD_") + plan.migrationId() + "_" + table, table,
                        arriving, aside, leaving, table, plan);
            }
            for (String planSchema : plans.stream().map(ShadowPlan::schema).distinct().toList()) {
                if (!planSchema.equals(schema)) {
                    rename(statement, undo, "SET SCHEMA " + q(planSchema), "SET SCHEMA " + q(schema));
                    schema = planSchema;
                }
                repointForeignKeys(statement, plans.stream().filter(p -> p.schema().equals(planSchema)).toList(), undo);
            }
            if (!schema.equals(SchemaSnapshot.PUBLIC)) {
                rename(statement, undo, "SET SCHEMA " + q(SchemaSnapshot.PUBLIC), "SET SCHEMA " + q(schema));
            }
            H2ViewRecompiler.recompile(statement, readers);
        }
        catch (SQLException e) {
            for (int i = undo.size() - 1; i >= 0; i--) {
                try {
                    statement.execute(undo.get(i));
                }
                catch (SQLException ignored) {
                    // best effort: the next step may still restore the rest
                }
            }
            try {
                useSchema(statement, SchemaSnapshot.PUBLIC);
                H2ViewRecompiler.recompile(statement, readers);
            }
            catch (SQLException | RuntimeException ignored) {
                // best effort, as the undo itself
            }
            throw new SQLException("the swap could not complete and was undone: " + H2Engine.message(e), e);
        }
    }

    /**
     * After a swap that failed and was undone: the views the statements before it dropped are created again, as they
     * were, so a failed attempt leaves production's views as it found them.
     */
    private static void restoreViews(Statement statement, List<SchemaSnapshot.View> views) {
        try {
            java.util.Set<List<String>> present = new java.util.HashSet<>();
            for (SchemaSnapshot.View view : H2SchemaObjects.views(statement)) {
                present.add(List.of(view.schema(), view.name()));
            }
            for (SchemaSnapshot.View view : dev.loopline.schema.SchemaObjectDdl.creationOrder(views)) {
                if (!present.contains(List.of(view.schema(), view.name()))) {
                    statement.execute(dev.loopline.schema.SchemaObjectDdl.createView(view));
                }
            }
        }
        catch (SQLException e) {
            log.error("After a failed swap, views could not all be created again: {}", H2Engine.message(e));
        }
    }

    /**
     * Who kept the swap from its locks, for the deployment's status: other sessions running a statement or holding
     * uncommitted changes, with how long; empty when none is found.
     */
    private String blockers(BranchDatabase database, AdminCredential admin) {
        List<String> found = new ArrayList<>();
        try (Connection connection = engine.connect(database, admin); Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT SESSION_ID, USER_NAME, EXECUTING_STATEMENT_START, "
                        + "CONTAINS_UNCOMMITTED, SLEEP_SINCE, SESSION_START, CURRENT_TIMESTAMP FROM INFORMATION_SCHEMA.SESSIONS "
                        + "WHERE SESSION_ID <> SESSION_ID() AND (EXECUTING_STATEMENT IS NOT NULL OR CONTAINS_UNCOMMITTED) "
                        + "ORDER BY SESSION_ID")) {
            while (rows.next() && found.size() < 3) {
                var now = rows.getObject(7, java.time.OffsetDateTime.class);
                var running = rows.getObject(3, java.time.OffsetDateTime.class);
                var idle = rows.getObject(5, java.time.OffsetDateTime.class);
                String what = running != null
                        ? "running a statement for " + seconds(running, now)
                        : "holding uncommitted changes" + (idle != null ? ", idle for " + seconds(idle, now) : "");
                found.add("session " + rows.getLong(1) + " (" + rows.getString(2) + ") " + what);
            }
        }
        catch (SQLException | RuntimeException e) {
            return "";
        }
        return found.isEmpty() ? "" : "; blocked by " + String.join(", ", found);
    }

    private static String seconds(java.time.OffsetDateTime from, java.time.OffsetDateTime to) {
        return Math.max(0, Duration.between(from, to).toSeconds()) + " s";
    }

    /**
     * Foreign keys of other tables follow a renamed table in H2, so after the swap the children of a changed table
     * would point at the table set aside. Re-creates each such key, under its own name and with its own columns and
     * actions, against the live table, without re-checking the rows (the sync keeps both tables' keys equal), as
     * pt-online-schema-change's {@code rebuild_constraints} does. Runs inside the pause, in both directions.
     */
    private static void repointForeignKeys(Statement statement, List<ShadowPlan> plans, List<String> undo)
            throws SQLException {
        String schema = statement.getConnection().getSchema();
        java.util.Map<String, String> liveOf = new java.util.HashMap<>();
        for (ShadowPlan plan : plans) {
            liveOf.put(oldName(plan), plan.table());
            liveOf.put(shadowName(plan), plan.table());
        }
        record Incoming(String schema, String name, String table, List<String> columns, String referenced,
                List<String> referencedColumns, String onUpdate, String onDelete, String comment) {
        }
        List<Incoming> incoming = new ArrayList<>();
        try (ResultSet rows = statement.executeQuery("""
                SELECT RC.CONSTRAINT_NAME, FK.TABLE_NAME, UK.TABLE_NAME, RC.UPDATE_RULE, RC.DELETE_RULE,
                       RC.UNIQUE_CONSTRAINT_NAME, FK.REMARKS, RC.CONSTRAINT_SCHEMA
                FROM INFORMATION_SCHEMA.REFERENTIAL_CONSTRAINTS RC
                JOIN INFORMATION_SCHEMA.TABLE_CONSTRAINTS FK
                  ON FK.CONSTRAINT_SCHEMA = RC.CONSTRAINT_SCHEMA AND FK.CONSTRAINT_NAME = RC.CONSTRAINT_NAME
                JOIN INFORMATION_SCHEMA.TABLE_CONSTRAINTS UK
                  ON UK.CONSTRAINT_SCHEMA = RC.UNIQUE_CONSTRAINT_SCHEMA AND UK.CONSTRAINT_NAME = RC.UNIQUE_CONSTRAINT_NAME
                WHERE RC.UNIQUE_CONSTRAINT_SCHEMA = CURRENT_SCHEMA AND FK.TABLE_NAME NOT LIKE 'LL\\_%'
                  AND UK.TABLE_NAME LIKE 'LL\\_%'""")) {
            List<String[]> found = new ArrayList<>();
            while (rows.next()) {
                if (liveOf.containsKey(rows.getString(3))) {
                    found.add(new String[] {rows.getString(1), rows.getString(2), rows.getString(3), rows.getString(4),
                            rows.getString(5), rows.getString(6), rows.getString(7), rows.getString(8)});
                }
            }
            for (String[] fk : found) {
                List<String[]> columns = keyColumns(statement, fk[7], fk[0]);
                List<String[]> unique = keyColumns(statement, schema, fk[5]);
                incoming.add(new Incoming(fk[7], fk[0], fk[1], columns.stream().map(c -> c[0]).toList(), fk[2],
                        columns.stream().map(c -> unique.get(Integer.parseInt(c[1]) - 1)[0]).toList(), fk[3], fk[4],
                        fk[6]));
            }
        }
        for (Incoming fk : incoming) {
            // the child may be in another schema than the changed table: every name here is qualified
            String live = liveOf.get(fk.referenced());
            String child = qualified(fk.schema(), fk.table());
            String drop = "ALTER TABLE " + child + " DROP CONSTRAINT " + qualified(fk.schema(), fk.name());
            String add = "ALTER TABLE " + child + " ADD CONSTRAINT " + q(fk.name()) + " FOREIGN KEY ("
                    + quotedList(fk.columns()) + ") REFERENCES %s (" + quotedList(fk.referencedColumns()) + ") ON UPDATE "
                    + fk.onUpdate() + " ON DELETE " + fk.onDelete() + " NOCHECK";
            rename(statement, undo, drop, add.formatted(qualified(schema, fk.referenced())));
            rename(statement, undo, add.formatted(qualified(schema, live)), drop);
            if (fk.comment() != null) {
                statement.execute("COMMENT ON CONSTRAINT " + qualified(fk.schema(), fk.name()) + " IS "
                        + dev.loopline.schema.SqlNames.literal(fk.comment()));
            }
        }
    }

    private static void dropForeignKeys(Statement statement, String table) throws SQLException {
        List<String> names = new ArrayList<>();
        try (PreparedStatement query = statement.getConnection().prepareStatement("SELECT CONSTRAINT_NAME FROM "
                + "INFORMATION_SCHEMA.TABLE_CONSTRAINTS WHERE TABLE_SCHEMA = CURRENT_SCHEMA AND TABLE_NAME = ? "
                + "AND CONSTRAINT_TYPE = 'FOREIGN KEY'")) {
            query.setString(1, table);
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    names.add(rows.getString(1));
                }
            }
        }
        for (String name : names) {
            statement.execute("ALTER TABLE " + q(table) + " DROP CONSTRAINT IF EXISTS " + q(name));
        }
    }

    /**
     * A constraint's columns in key order, each with its position in the unique constraint it references (foreign
     * keys) or {@code null}.
     */
    private static List<String[]> keyColumns(Statement statement, String schema, String constraint) throws SQLException {
        List<String[]> columns = new ArrayList<>();
        try (PreparedStatement query = statement.getConnection().prepareStatement("SELECT COLUMN_NAME, "
                + "POSITION_IN_UNIQUE_CONSTRAINT FROM INFORMATION_SCHEMA.KEY_COLUMN_USAGE WHERE CONSTRAINT_SCHEMA = ? "
                + "AND CONSTRAINT_NAME = ? ORDER BY ORDINAL_POSITION")) {
            query.setString(1, schema);
            query.setString(2, constraint);
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    columns.add(new String[] {rows.getString(1), rows.getString(2)});
                }
            }
        }
        return columns;
    }

    private static String quotedList(List<String> names) {
        return String.join(", ", names.stream().map(H2OnlineMigrator::q).toList());
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    /** Renames a constraint of {@code table} if it still has its old name. */
    private static void renameConstraint(Statement statement, List<String> undo, String table, String from, String to)
            throws SQLException {
        if (hasConstraint(statement, table, from)) {
            rename(statement, undo, "ALTER TABLE " + q(table) + " RENAME CONSTRAINT " + q(from) + " TO " + q(to),
                    "ALTER TABLE " + q(table) + " RENAME CONSTRAINT " + q(to) + " TO " + q(from));
        }
    }

    /** Renames an index (or the constraint behind it) if it still has its old name. */
    private static void renameIndex(Statement statement, List<String> undo, String table, SchemaSnapshot.Index index,
            String from, String to) throws SQLException {
        if (index.constraint()) {
            if (hasConstraint(statement, table, from)) {
                rename(statement, undo, "ALTER TABLE " + q(table) + " RENAME CONSTRAINT " + q(from) + " TO " + q(to),
                        "ALTER TABLE " + q(table) + " RENAME CONSTRAINT " + q(to) + " TO " + q(from));
            }
        }
        else if (exists(statement, "SELECT COUNT(*) FROM INFORMATION_SCHEMA.INDEXES WHERE TABLE_SCHEMA = CURRENT_SCHEMA "
                + "AND INDEX_NAME = ?", from)) {
            rename(statement, undo, "ALTER INDEX " + q(from) + " RENAME TO " + q(to),
                    "ALTER INDEX " + q(to) + " RENAME TO " + q(from));
        }
    }

    private static boolean hasConstraint(Statement statement, String table, String name) throws SQLException {
        return exists(statement, "SELECT COUNT(*) FROM INFORMATION_SCHEMA.TABLE_CONSTRAINTS WHERE TABLE_SCHEMA = CURRENT_SCHEMA "
                + "AND TABLE_NAME = ? AND CONSTRAINT_NAME = ?", table, name);
    }

    /** Whether {@code table} exists in the session's current schema. */
    static boolean hasTable(Statement statement, String table) throws SQLException {
        return exists(statement, "SELECT COUNT(*) FROM INFORMATION_SCHEMA.TABLES WHERE TABLE_SCHEMA = CURRENT_SCHEMA "
                + "AND TABLE_NAME = ?", table);
    }

    private static boolean exists(Statement statement, String countQuery, String... values) throws SQLException {
        try (PreparedStatement query = statement.getConnection().prepareStatement(countQuery)) {
            for (int i = 0; i < values.length; i++) {
                query.setString(i + 1, values[i]);
            }
            try (ResultSet rows = query.executeQuery()) {
                rows.next();
                return rows.getLong(1) > 0;
            }
        }
    }

    static void rename(Statement statement, List<String> undo, String sql, String reverse) throws SQLException {
        statement.execute(sql);
        undo.add(reverse);
    }

    /**
     * Sets a dropped table aside. Its foreign keys that would refuse a write to the tables they reference (a delete
     * or key change of a row it references: {@code NO ACTION}, {@code RESTRICT}) are dropped with it, as the plain
     * {@code DROP TABLE} drops them, and kept in {@code LOOPLINE.PARKED_KEYS} to come back at {@link #unpark}; its
     * cascading ones stay and keep its rows in step. A referenced row deleted meanwhile makes the revert unavailable
     * ({@link #revertBlocker}).
     */
    @Override
    public void park(BranchDatabase database, AdminCredential admin, long migrationId, String schema, String table) {
        String parked = OLD_PREFIX + migrationId + "_" + table;
        String key = dev.loopline.schema.SqlNames.qualified(schema == null ? SchemaSnapshot.PUBLIC : schema, table);
        List<SchemaSnapshot.ForeignKey> keys = new ArrayList<>();
        move(database, admin, schema, table, parked, statement -> H2SchemaInspector.tables(statement.getConnection(),
                schema == null ? SchemaSnapshot.PUBLIC : schema).stream().filter(t -> t.name().equals(table)).findFirst()
                .ifPresent(t -> keys.addAll(t.foreignKeys())), statement -> {
            ensureParkedKeysTable(statement);
            for (SchemaSnapshot.ForeignKey fk : keys) {
                if (!refusesWrites(fk)) {
                    continue;
                }
                try (PreparedStatement keep = statement.getConnection().prepareStatement("MERGE INTO LOOPLINE.PARKED_KEYS "
                        + "(MIGRATION_ID, TABLE_NAME, CONSTRAINT_NAME, ADD_SQL, ORPHANS_SQL) KEY (MIGRATION_ID, TABLE_NAME, "
                        + "CONSTRAINT_NAME) VALUES (?, ?, ?, ?, ?)")) {
                    keep.setLong(1, migrationId);
                    keep.setString(2, key);
                    keep.setString(3, fk.name());
                    keep.setString(4, DdlRenderer.addForeignKey(table, fk).replace(";", " NOCHECK"));
                    keep.setString(5, orphansQuery(schema, parked, fk));
                    keep.executeUpdate();
                }
                statement.execute("ALTER TABLE " + q(parked) + " DROP CONSTRAINT " + q(fk.name()));
            }
        });
    }

    @Override
    public void unpark(BranchDatabase database, AdminCredential admin, long migrationId, String schema, String table) {
        String qualifiedTable = dev.loopline.schema.SqlNames.qualified(schema == null ? SchemaSnapshot.PUBLIC : schema,
                table);
        move(database, admin, schema, OLD_PREFIX + migrationId + "_" + table, table, statement -> { }, statement -> {
            ensureParkedKeysTable(statement);
            for (String[] key : parkedKeys(statement, migrationId, qualifiedTable)) {
                if (!hasConstraint(statement, table, key[0])) {
                    statement.execute(key[1]);
                }
            }
            statement.execute("DELETE FROM LOOPLINE.PARKED_KEYS WHERE MIGRATION_ID = " + migrationId + " AND TABLE_NAME = "
                    + dev.loopline.schema.SqlNames.literal(qualifiedTable));
        });
    }

    private static boolean refusesWrites(SchemaSnapshot.ForeignKey fk) {
        return List.of("NO ACTION", "RESTRICT").contains(fk.onDelete()) || List.of("NO ACTION", "RESTRICT").contains(fk.onUpdate());
    }

    /** The first row of {@code parked} whose foreign key {@code fk} finds no row in the table it references. */
    private static String orphansQuery(String schema, String parked, SchemaSnapshot.ForeignKey fk) {
        List<String> joined = new ArrayList<>();
        for (int i = 0; i < fk.columns().size(); i++) {
            joined.add("R." + q(fk.referencedColumns().get(i)) + " = P." + q(fk.columns().get(i)));
        }
        return "SELECT " + String.join(" || ', ' || ", fk.columns().stream().map(c -> "P." + q(c)).toList()) + " FROM "
                + qualified(schema, parked) + " P WHERE " + String.join(" AND ", fk.columns().stream().map(c -> "P." + q(c) + " IS NOT NULL")
                .toList()) + " AND NOT EXISTS (SELECT 1 FROM " + qualified(schema, fk.referencedTable()) + " R WHERE "
                + String.join(" AND ", joined) + ") LIMIT 1";
    }

    private static void ensureParkedKeysTable(Statement statement) throws SQLException {
        statement.execute("CREATE SCHEMA IF NOT EXISTS LOOPLINE");
        statement.execute("CREATE TABLE IF NOT EXISTS LOOPLINE.PARKED_KEYS (MIGRATION_ID BIGINT NOT NULL, "
                + "TABLE_NAME VARCHAR(255) NOT NULL, CONSTRAINT_NAME VARCHAR(255) NOT NULL, ADD_SQL VARCHAR(8000) NOT NULL, "
                + "ORPHANS_SQL VARCHAR(8000) NOT NULL, PRIMARY KEY (MIGRATION_ID, TABLE_NAME, CONSTRAINT_NAME))");
    }

    /** The foreign keys set aside with a parked table: name and the statement that adds it back. */
    private static List<String[]> parkedKeys(Statement statement, long migrationId, String table) throws SQLException {
        List<String[]> keys = new ArrayList<>();
        try (PreparedStatement query = statement.getConnection().prepareStatement("SELECT CONSTRAINT_NAME, ADD_SQL FROM "
                + "LOOPLINE.PARKED_KEYS WHERE MIGRATION_ID = ? AND TABLE_NAME = ? ORDER BY CONSTRAINT_NAME")) {
            query.setLong(1, migrationId);
            query.setString(2, table);
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    keys.add(new String[] {rows.getString(1), rows.getString(2)});
                }
            }
        }
        return keys;
    }

    /**
     * Why a parked table cannot come back as it was: one of its rows references a row deleted (or re-keyed) since
     * the cutover, which its foreign key, set aside with it, would have refused.
     */
    private static java.util.Optional<String> orphanedParkedRows(Statement statement, long migrationId) throws SQLException {
        if (!exists(statement, "SELECT COUNT(*) FROM INFORMATION_SCHEMA.TABLES WHERE TABLE_SCHEMA = 'LOOPLINE' "
                + "AND TABLE_NAME = ?", "PARKED_KEYS")) {
            return java.util.Optional.empty();
        }
        List<String[]> checks = new ArrayList<>();
        try (ResultSet rows = statement.executeQuery("SELECT TABLE_NAME, CONSTRAINT_NAME, ORPHANS_SQL FROM "
                + "LOOPLINE.PARKED_KEYS WHERE MIGRATION_ID = " + migrationId + " ORDER BY TABLE_NAME, CONSTRAINT_NAME")) {
            while (rows.next()) {
                checks.add(new String[] {rows.getString(1), rows.getString(2), rows.getString(3)});
            }
        }
        for (String[] check : checks) {
            try (ResultSet rows = statement.executeQuery(check[2])) {
                if (rows.next()) {
                    return java.util.Optional.of(check[0] + ": a row of the dropped "
                            + "table references a row deleted or re-keyed since the cutover, which its foreign key "
                            + dev.loopline.schema.SqlNames.quote(check[1]) + " would have refused (row key "
                            + rows.getString(1) + ")");
                }
            }
        }
        return java.util.Optional.empty();
    }

    /**
     * Renames {@code from} to {@code to} in {@code schema}; done already (only {@code to} exists) is fine, so a resumed
     * step repeats safely.
     */
    private void move(BranchDatabase database, AdminCredential admin, String schema, String from, String to,
            ParkStep first, ParkStep then) {
        try (Connection connection = engine.connect(database, admin); Statement statement = connection.createStatement()) {
            useSchema(statement, schema);
            exclusively(database, statement, QUIET_TIMEOUT, () -> {
                if (hasTable(statement, from)) {
                    first.run(statement);
                    statement.execute("ALTER TABLE " + q(from) + " RENAME TO " + q(to));
                }
                else if (!hasTable(statement, to)) {
                    throw new SQLException("Neither " + from + " nor " + to + " exists");
                }
                then.run(statement);
            });
        }
        catch (SQLException e) {
            throw new EngineException(H2Engine.message(e), e);
        }
    }

    /** What comes before or after a park or unpark's rename, in the same pause. */
    private interface ParkStep {
        void run(Statement statement) throws SQLException;
    }

    @Override
    public void finish(BranchDatabase database, AdminCredential admin, List<ShadowPlan> plans, long migrationId,
            List<ParkedTable> parked) {
        try (Connection connection = engine.connect(database, admin); Statement statement = connection.createStatement()) {
            ensureMirrorTable(statement);
            for (ShadowPlan plan : plans) {
                useSchema(statement, plan.schema());
                if (!hasTable(statement, plan.table())) {
                    throw new SQLException(plan.displayName() + " is missing (a swap was interrupted?); nothing is dropped");
                }
            }
            exclusively(database, statement, QUIET_TIMEOUT, () -> {
                for (ShadowPlan plan : plans) {
                    useSchema(statement, plan.schema());
                    dropMirror(statement, "LL_REV_" + plan.migrationId() + "_" + plan.table());
                    dropMirror(statement, forwardTrigger(plan));
                    dropMirror(statement, logName(plan));
                }
            });
            // the tables set aside may reference one another (a changed child of a changed parent): their own
            // foreign keys go first; anything live that still depended on them would stop the drop
            for (ShadowPlan plan : plans) {
                useSchema(statement, plan.schema());
                dropForeignKeys(statement, oldName(plan));
                dropForeignKeys(statement, shadowName(plan));
            }
            for (ShadowPlan plan : plans) {
                useSchema(statement, plan.schema());
                statement.execute("DROP TABLE IF EXISTS " + q(oldName(plan)));
                statement.execute("DROP TABLE IF EXISTS " + q(shadowName(plan)));
            }
            for (ParkedTable table : parked) {
                statement.execute("DROP TABLE IF EXISTS " + qualified(table.schema(), OLD_PREFIX + migrationId + "_"
                        + table.table()));
            }
            statement.execute("DROP TABLE IF EXISTS " + revertBlockTableSql(migrationId));
            if (exists(statement, "SELECT COUNT(*) FROM INFORMATION_SCHEMA.TABLES WHERE TABLE_SCHEMA = 'LOOPLINE' "
                    + "AND TABLE_NAME = ?", "PARKED_KEYS")) {
                statement.execute("DELETE FROM LOOPLINE.PARKED_KEYS WHERE MIGRATION_ID = " + migrationId);
            }
            // last, and waiting longer: a writer's transaction that logged a write before the trigger went holds the
            // log until it ends
            statement.execute("SET LOCK_TIMEOUT " + QUIET_TIMEOUT.toMillis());
            for (ShadowPlan plan : plans) {
                useSchema(statement, plan.schema());
                statement.execute("DROP TABLE IF EXISTS " + q(logName(plan)));
            }
        }
        catch (SQLException e) {
            throw new EngineException("Could not clean up the change: " + H2Engine.message(e), e);
        }
    }
}
