package dev.loopline.iteration;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Implemented by the module that owns database branches, so the iteration page and API can show an iteration's
 * branch without the iteration module depending on it.
 */
public interface IterationBranches {

    /** The branch made for the iteration, if there is one. Cheap: no schema is read. */
    Optional<LinkedBranch> branchOf(long iterationId);

    /**
     * What the iteration branch changed relative to its base (the parent's schema when the branch was made, as deploy
     * requests compare), and separately what the parent (production) changed since; one line per change, e.g.
     * {@code + column SHIPMENTS.ETA TIMESTAMP}. Empty lists without a ready branch.
     */
    SchemaComparison schemaChangesOf(long iterationId);

    /** Where the creation of the iteration's branch stands: scheduled, running, failed (with why) or nothing. */
    BranchCreation creationOf(long iterationId);

    /** An iteration's branch as the iteration page shows it. */
    record LinkedBranch(String database, String name, String parent, String state) {
    }

    /**
     * @param branch      the branch's own changes since it was made
     * @param parentSince what the parent branch changed since then (not the branch's doing)
     */
    record SchemaComparison(List<String> branch, List<String> parentSince) {

        public static final SchemaComparison NONE = new SchemaComparison(List.of(), List.of());
    }

    /**
     * @param stage   {@code NONE} (nothing planned), {@code SCHEDULED} (at {@code at}), {@code RUNNING} or
     *                {@code FAILED} (the latest attempt failed; {@code failure} says why, {@code at} when)
     * @param at      when it is planned or when it failed, or {@code null}
     * @param failure a sentence saying why the latest attempt failed, or {@code null}
     */
    record BranchCreation(Stage stage, Instant at, String failure) {

        public static final BranchCreation NONE = new BranchCreation(Stage.NONE, null, null);

        public enum Stage { NONE, SCHEDULED, RUNNING, FAILED }

        public boolean running() {
            return stage == Stage.RUNNING;
        }

        public boolean failed() {
            return stage == Stage.FAILED;
        }
    }
}
