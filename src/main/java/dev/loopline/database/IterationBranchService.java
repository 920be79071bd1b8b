package dev.loopline.database;

import java.util.List;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

import dev.loopline.common.Actor;
import dev.loopline.common.DomainException;
import dev.loopline.common.Names;
import dev.loopline.iteration.IterationBranches;
import dev.loopline.schema.SchemaChanges;

/**
 * Gives iterations their development branches ({@code iter-<id>-<slug>} from the database's default branch) and
 * tells the iteration page about them.
 */
@Service
class IterationBranchService implements IterationBranches {

    private static final Logger log = LoggerFactory.getLogger(IterationBranchService.class);

    private final BranchService branches;
    private final ManagedDatabaseRepository databases;

    IterationBranchService(BranchService branches, ManagedDatabaseRepository databases) {
        this.branches = branches;
        this.databases = databases;
    }

    static String branchName(long iterationId, String iterationName) {
        String prefix = "iter-" + iterationId + "-";
        return prefix + Names.slug(iterationName, 63 - prefix.length());
    }

    /** Creates the iteration's branch unless it exists; returns a sentence saying what happened. */
    String ensureBranch(long iterationId, String iterationName, String database) {
        Optional<Branch> existing = branches.ofIteration(iterationId);
        if (existing.isPresent()) {
            return "Branch " + existing.get().getName() + " already exists.";
        }
        if (databases.findByName(database).isEmpty()) {
            throw new DomainException.Conflict("unknown_database", "Iteration " + iterationId + " names database "
                    + database + ", which does not exist; create it, then run this job again.");
        }
        Branch branch = branches.createForIteration(Actor.SYSTEM, database, branchName(iterationId, iterationName),
                iterationId);
        log.info("Created branch {} for iteration {}.", branch.getName(), iterationId);
        return "Created branch " + database + "/" + branch.getName() + ".";
    }

    void deleteBranchOf(long iterationId) {
        branches.ofIteration(iterationId).ifPresent(branch -> branches.delete(branch.getDatabase().getName(),
                branch.getName()));
    }

    @Override
    public Optional<LinkedBranch> branchOf(long iterationId) {
        return branches.ofIteration(iterationId).map(branch -> new LinkedBranch(branch.getDatabase().getName(),
                branch.getName(), branch.getParentBranch(), branch.getState().apiName()));
    }

    @Override
    public List<String> schemaChangesOf(long iterationId) {
        Optional<Branch> found = branches.ofIteration(iterationId);
        if (found.isEmpty() || found.get().getState() != BranchState.READY || found.get().getParentBranch() == null) {
            return List.of();
        }
        Branch branch = found.get();
        try {
            Branch parent = branches.get(branch.getDatabase().getName(), branch.getParentBranch());
            return SchemaChanges.describe(branches.schema(parent), branches.schema(branch));
        }
        catch (RuntimeException e) {
            return List.of("(could not compare with " + branch.getParentBranch() + ": " + e.getMessage() + ")");
        }
    }
}
