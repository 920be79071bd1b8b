package dev.loopline.iteration;

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
     * The iteration branch's schema changes relative to its parent (production) branch, one line per change,
     * e.g. {@code + column SHIPMENTS.ETA TIMESTAMP}. Empty without a ready branch.
     */
    List<String> schemaChangesOf(long iterationId);

    /** An iteration's branch as the iteration page shows it. */
    record LinkedBranch(String database, String name, String parent, String state) {
    }
}
