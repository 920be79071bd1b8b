package dev.loopline.engine;

import dev.loopline.schema.SchemaSnapshot;

/**
 * A real database server that holds Loopline's branch databases. Each branch is an isolated database with its own
 * users. Implementations: {@code engine.h2} (embedded, the default); a MySQL/MariaDB engine is planned on the same
 * interface. Every method acts on a real server and is safe to call from any thread.
 */
public interface DatabaseEngine {

    /** The engine's id as the API spells it, e.g. {@code h2}. */
    String id();

    /**
     * Creates an empty database for a branch and an admin user for Loopline itself.
     *
     * @return the generated admin credential, which the caller must keep; it is shown to nobody
     * @throws EngineException if the database already exists or the server refuses
     */
    AdminCredential createDatabase(BranchDatabase database);

    /**
     * Drops the database and everything in it (files included). Dropping a missing database does nothing;
     * {@code admin} may be {@code null} for a database whose creation failed.
     */
    void dropDatabase(BranchDatabase database, AdminCredential admin);

    /** Whether the database exists on the server. */
    boolean exists(BranchDatabase database);

    /** The space the database takes on the server, in bytes. */
    long sizeBytes(BranchDatabase database);

    /**
     * Copies every table, column, default, primary key, index, unique and foreign key from {@code source} into the
     * empty {@code target}, without rows and without users.
     *
     * @throws UnsafeSchemaException if the source's schema calls host functions (see {@link #hostFunctionUses})
     */
    void copySchema(BranchDatabase source, AdminCredential sourceAdmin, BranchDatabase target,
            AdminCredential targetAdmin);

    /** Reads the database's schema into the neutral model. */
    SchemaSnapshot inspectSchema(BranchDatabase database, AdminCredential admin);

    /**
     * Runs a script of SQL statements in order, stopping at the first error. The script runs as one of Loopline's
     * non-admin engine users ({@code rights} says which), never as the engine admin: whatever a person or a token
     * wrote, the server itself refuses host functions, Java, files, database settings and user management.
     *
     * @param admin   the database's admin credential, from which the service users' credentials are derived
     * @param maxRows at most this many rows are returned per query; the result says when rows were cut
     */
    ScriptResult runScript(BranchDatabase database, AdminCredential admin, String script, ScriptRights rights,
            int maxRows);

    /**
     * Creates a client user with the rights of {@code role}. With {@code schemaChangesAllowed} false (safe
     * migrations on) even an {@link PasswordRole#ADMIN} user gets data rights only: the server itself refuses DDL.
     */
    void createUser(BranchDatabase database, AdminCredential admin, String username, String password,
            PasswordRole role, boolean schemaChangesAllowed);

    /**
     * Gives each client user its password role's data rights on every user schema it has none on yet — schemas
     * created after the password was (by a script, a deploy, or the user's own DDL). Grants only what is missing.
     *
     * @throws EngineException when the database cannot be changed
     */
    void grantDataRights(BranchDatabase database, AdminCredential admin, Iterable<ClientUser> users);

    /**
     * Re-grants every client user of the database after safe migrations were switched: DDL rights for admin users
     * only when {@code schemaChangesAllowed}; data rights as {@link #grantDataRights}.
     */
    void applySchemaChangePolicy(BranchDatabase database, AdminCredential admin, Iterable<ClientUser> users,
            boolean schemaChangesAllowed);

    /**
     * Drops the user and ends its open sessions, leaving no moment in which its password opens a session that
     * outlives the call: the user is locked out of new sessions (dropped, or its password replaced) before its
     * sessions are ended, never the other way round, since a client reconnecting in between would keep a session.
     * A user that does not exist is not an error.
     */
    void dropUser(BranchDatabase database, AdminCredential admin, String username);

    /** Ends every open session of the user without dropping it. Returns how many sessions were ended. */
    int endSessions(BranchDatabase database, AdminCredential admin, String username);

    /** How clients connect to this database from outside Loopline. */
    ConnectionDetails connectionDetails(BranchDatabase database);

    /** The engine's online schema change primitives. */
    OnlineMigrator online();

    /** Exact row counts of the given tables (missing tables are left out). */
    java.util.Map<String, Long> rowCounts(BranchDatabase database, AdminCredential admin, java.util.Collection<String> tables);

    /**
     * Exact row counts of tables of one schema, keyed by their exact names as given (missing tables are left out).
     *
     * @param schema the schema's exact name, e.g. {@code PUBLIC} or {@code sales}
     * @param tables the tables' exact names in it
     * @throws EngineException when the database cannot be read
     */
    java.util.Map<String, Long> rowCounts(BranchDatabase database, AdminCredential admin, String schema,
            java.util.Collection<String> tables);

    /**
     * Every place in the database's schema whose evaluation would call a host function or Java code (views,
     * defaults, generated columns, checks, domains, user-defined functions); empty when there is none. Loopline's admin never works on a schema
     * with such uses: {@link #copySchema} and the {@link #online() online change} refuse with
     * {@link UnsafeSchemaException}, and deploy requests show them as lint errors.
     */
    java.util.List<HostFunctionUse> hostFunctionUses(BranchDatabase database, AdminCredential admin);

    /**
     * Whether the rows {@code database} holds now can take the planned changes, before anything is copied: for each
     * change, duplicates under a new UNIQUE index, constraint or primary key (groups, with examples), NULLs in a
     * column that becomes NOT NULL (rows), values that do not fit a narrowed type or length or do not convert to a
     * changed type (rows and examples; -1 rows when the engine could only tell that some value fails), rows whose
     * new foreign key has no referenced row (rows and examples). CHECK constraints are not part of the schema model
     * yet and are not checked.
     * <p>
     * The scans run as Loopline's admin and only read; they evaluate column values, casts to the new definition's
     * types and comparisons, never a default or other expression copied from a branch. Each table is scanned on at
     * most {@link DataCheck.Limits#maxRows()} rows and each scan stops after {@link DataCheck.Limits#timeout()}; a
     * table not checked fully gets a {@link DataCheck.Kind#NOT_FULLY_CHECKED} finding (never silence). Changes of
     * tables that do not exist are skipped.
     *
     * @return the findings in the order of {@code changes}; empty when the data takes every change
     * @throws EngineException if the database cannot be read
     */
    java.util.List<DataCheck.Finding> checkData(BranchDatabase database, AdminCredential admin,
            java.util.List<DataCheck.Change> changes, DataCheck.Limits limits);

    /**
     * Why Loopline refuses to run this statement for a person even as a non-admin user, or empty: statements the
     * server would allow a non-admin but that break Loopline's own users (changing the console user's password) or
     * store host-function calls for others to evaluate.
     */
    java.util.Optional<String> refusal(String statement);

    /** Splits a script into statements the way this engine's SQL dialect does (quotes, comments, bodies). */
    java.util.List<String> splitScript(String script);

    /** Whether a statement changes the schema (DDL, rights): refused on branches with safe migrations. */
    boolean isSchemaChange(String statement);

    /** A user name that is valid on this engine, derived from a hint (unique suffix added by the caller). */
    String usernameFor(String hint);

    /**
     * Writes a consistent backup of the database into the file {@code target} while clients keep reading and
     * writing (at most a brief pause). The file's format is the engine's own; only {@link #restoreDatabase} reads it.
     * The file carries no checksum of its own: callers hash it and check the hash before restoring.
     */
    void backup(BranchDatabase database, AdminCredential admin, java.nio.file.Path target);

    /**
     * Creates {@code target} from a backup file and gives it fresh credentials: Loopline's admin gets a new
     * password, the source's client users are dropped. A file that is not a backup fails (nothing is left behind).
     *
     * @param sourceAdmin the admin credential of the database the backup was taken from
     * @param progress    told the number of backup bytes copied so far, now and then
     * @return the new database's admin credential
     */
    AdminCredential restoreDatabase(BranchDatabase target, java.nio.file.Path backup, AdminCredential sourceAdmin,
            java.util.function.LongConsumer progress);

    /**
     * Every table's exact row count and a checksum over the content of all its rows, by a full scan: what a damaged
     * copy cannot reproduce even where it still opens and counts. Keys: the table's name for tables of the default
     * schema, {@code SCHEMA.TABLE} for tables of every other user schema (the engine's and Loopline's own excluded).
     */
    java.util.Map<String, TableFingerprint> fingerprint(BranchDatabase database, AdminCredential admin);

    /**
     * Switches the server's per-statement statistics for the database on or off. On keeps what was collected (it only
     * sets the number of statement texts kept, {@code maxEntries}); off drops everything collected.
     *
     * @throws EngineException if the server refuses
     */
    void setQueryStatistics(BranchDatabase database, AdminCredential admin, boolean enabled, int maxEntries);

    /**
     * The server's cumulative per-statement counters for the database, without Loopline's own statements (its reads
     * of the catalogue, EXPLAIN, row counts, the online change's copies). Reading does not change them.
     *
     * @throws EngineException if the database cannot be read
     */
    QueryStatistics queryStatistics(BranchDatabase database, AdminCredential admin);

    /**
     * The engine's plan for one statement, as text, computed by the branch's data-only user (never the admin): the
     * statement's own SQL runs nowhere, only its plan is asked for. Statements other than queries and data changes
     * are refused.
     *
     * @throws EngineException with the engine's message if the statement cannot be planned
     */
    QueryPlan explain(BranchDatabase database, AdminCredential admin, String statement);

    /**
     * A statement's plan.
     *
     * @param text       the plan as the engine prints it
     * @param fullScans  the tables the plan reads whole, without an index: names as stored, without the schema in
     *                   the default schema, {@code schema.table} in another
     */
    record QueryPlan(String text, java.util.Set<String> fullScans) {
        public QueryPlan {
            fullScans = java.util.Set.copyOf(fullScans);
        }
    }

    /** A table's row count and content checksum (order-independent). */
    record TableFingerprint(long rows, String checksum) {
    }

    /** The rights a script runs with: always a non-admin engine user. */
    enum ScriptRights {
        /** Reads, writes and DDL as the database's non-admin schema owner (development branches, deploy DDL). */
        SCHEMA_OWNER,
        /** Reads and writes only; DDL is refused by the server (branches with safe migrations). */
        DATA_ONLY
    }

    /** A client user and its role, for re-granting. */
    record ClientUser(String username, PasswordRole role) {
    }
}
