package dev.loopline.engine;

import java.time.Duration;
import java.util.List;

/**
 * Online schema change primitives: change a table while clients keep reading and writing it. A shadow table with
 * the new definition is filled by a chunked copy while triggers mirror every write; a short exclusive pause swaps
 * the tables; the old table stays in sync (reverse triggers) for the revert window. Every step is idempotent enough
 * to be resumed after a restart.
 */
public interface OnlineMigrator {

    /** Creates the shadow table with the new definition and the triggers that mirror writes into it. */
    void prepare(BranchDatabase database, AdminCredential admin, ShadowPlan plan);

    /** How many rows the table of {@code schema} ({@code null}: {@code PUBLIC}) has now (for progress). */
    long countRows(BranchDatabase database, AdminCredential admin, String schema, String table);

    /** How many rows the table of {@code PUBLIC} has now. */
    default long countRows(BranchDatabase database, AdminCredential admin, String table) {
        return countRows(database, admin, null, table);
    }

    /**
     * Opens a copier for one table's shadow: it keeps its connection between chunks, so close it when the copy
     * stops. Each chunk is its own transaction, so progress saved after a chunk survives a crash.
     */
    Copier copier(BranchDatabase database, AdminCredential admin, ShadowPlan plan);

    /** Copies a table into its shadow chunk by chunk. */
    interface Copier extends AutoCloseable {

        /**
         * Copies the next chunk of up to {@code chunkSize} rows whose primary key comes after {@code afterKey}
         * ({@code null}: from the start), first bringing rows copied earlier up to date with what writers changed
         * since (or, for an engine that mirrors writes from the start, under a locking read, never overwriting rows
         * the triggers already wrote). The step that reports {@link CopyStep#done()} has also made the change follow
         * every later write in the writer's own transaction, as it does until the cutover; it may wait (bounded) for
         * writers' open transactions to end.
         *
         * @throws EngineBusyException when the last step could not end the copy yet because other sessions kept
         *                             transactions open that the copy must follow (the message names them); nothing
         *                             changed, and calling again with the same {@code afterKey} tries again
         * @throws EngineException     when the copy cannot go on (a constraint of the new definition that a row
         *                             breaks, rows or transactions held by other sessions for too long); nothing
         *                             copied is lost, and a new copier resumes after the last key a step returned
         */
        CopyStep next(List<String> afterKey, int chunkSize);

        @Override
        void close();
    }

    /**
     * Swaps every shadow in under one short exclusive pause: the shadow takes the table's name, the old table is
     * kept aside and kept in sync by reverse triggers. Gives up (changing nothing) if the pause cannot start within
     * {@code lockTimeout}.
     *
     * @return how long writers were paused
     * @throws EngineException when the swap could not get its locks in time (nothing was changed)
     */
    Duration cutOver(BranchDatabase database, AdminCredential admin, List<ShadowPlan> plans, Duration lockTimeout);

    /** Swaps the old tables back in under one short pause, keeping every write made since the cutover. */
    Duration revert(BranchDatabase database, AdminCredential admin, List<ShadowPlan> plans, Duration lockTimeout);

    /**
     * {@link #cutOver} (or, {@code forward} false, {@link #revert}) with schema-level DDL inside the same pause:
     * {@code before} right before the swap (views that read a swapped table are dropped), {@code after} right after
     * it (they are created again as the new schema defines them), so clients never see a missing view. The
     * statements run as Loopline's admin and are refused (nothing done) if one calls a host function.
     */
    Duration swap(BranchDatabase database, AdminCredential admin, List<ShadowPlan> plans, Duration lockTimeout,
            boolean forward, List<String> before, List<String> after);

    /**
     * Why a revert would lose writes, or empty when it would not: during the revert window a write the old table
     * cannot take (a value wider than its old type, a NULL its old NOT NULL refuses, a duplicate its old unique key
     * refuses…) is not mirrored back, and the application's write still succeeds; the first such write is recorded
     * here.
     *
     * @return e.g. {@code COUNTERS: Numeric value out of range: "3000000000" (row key 17)}
     */
    java.util.Optional<String> revertBlocker(BranchDatabase database, AdminCredential admin, long migrationId);

    /**
     * Moves a table of {@code schema} ({@code null}: {@code PUBLIC}) aside, within its schema (it disappears for
     * clients but keeps its rows): how a dropped table waits out the revert window, and how a created table is taken
     * back on revert.
     */
    void park(BranchDatabase database, AdminCredential admin, long migrationId, String schema, String table);

    /** Brings a parked table of {@code schema} back under its name. */
    void unpark(BranchDatabase database, AdminCredential admin, long migrationId, String schema, String table);

    /** {@link #park} of a table of {@code PUBLIC}. */
    default void park(BranchDatabase database, AdminCredential admin, long migrationId, String table) {
        park(database, admin, migrationId, null, table);
    }

    /** {@link #unpark} of a table of {@code PUBLIC}. */
    default void unpark(BranchDatabase database, AdminCredential admin, long migrationId, String table) {
        unpark(database, admin, migrationId, null, table);
    }

    /** A table {@link #park parked} by a change: its schema ({@code null}: {@code PUBLIC}) and name. */
    record ParkedTable(String schema, String table) {
    }

    /**
     * Ends a change: drops the tables kept aside (old tables, shadows, parked tables) and all triggers of the change.
     * Used when the revert window closes, and to clean up a change that was cancelled, failed or reverted.
     */
    void finish(BranchDatabase database, AdminCredential admin, List<ShadowPlan> plans, long migrationId,
            List<ParkedTable> parked);

    /**
     * One copied chunk.
     *
     * @param lastKey the primary key of the last row copied (as text), to resume after; {@code null} when done
     * @param rows    rows inserted into the shadow by this chunk
     * @param held    how long the chunk's transaction that committed ran, from its first statement to its commit: what
     *                {@link ChunkSizer} sizes by (and, where the copy locks rows, what a writer may have waited for).
     *                Attempts rolled back and the back-off between them (while writers hold rows of the range) do not
     *                count.
     */
    record CopyStep(List<String> lastKey, long rows, java.time.Duration held) {

        public boolean done() {
            return lastKey == null;
        }
    }
}
