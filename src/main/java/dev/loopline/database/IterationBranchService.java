package dev.loopline.database;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.Trigger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

import dev.loopline.common.Actor;
import dev.loopline.common.DomainException;
import dev.loopline.common.Names;
import dev.loopline.iteration.Iteration;
import dev.loopline.iteration.IterationBranches;
import dev.loopline.iteration.IterationService;
import dev.loopline.scheduling.JobsService;
import dev.loopline.schema.SchemaChanges;
import dev.loopline.schema.SchemaSnapshot;

/**
 * Gives iterations their development branches ({@code iter-<id>-<slug>} from the database's default branch) and
 * tells the iteration page about them: the branch, its changes, and how its creation went.
 */
@Service
class IterationBranchService implements IterationBranches {

    private static final Logger log = LoggerFactory.getLogger(IterationBranchService.class);

    private final BranchService branches;
    private final ManagedDatabaseRepository databases;
    private final Scheduler scheduler;
    private final JobsService jobs;
    private final IterationService iterations;
    private final Clock clock;

    IterationBranchService(BranchService branches, ManagedDatabaseRepository databases, Scheduler scheduler,
            JobsService jobs, @org.springframework.context.annotation.Lazy IterationService iterations, Clock clock) {
        this.branches = branches;
        this.databases = databases;
        this.scheduler = scheduler;
        this.jobs = jobs;
        this.iterations = iterations;
        this.clock = clock;
    }

    static String branchName(long iterationId, String iterationName) {
        String prefix = "iter-" + iterationId + "-";
        return prefix + Names.slug(iterationName, 63 - prefix.length());
    }

    /**
     * Creates the iteration's branch unless it exists; a branch left failed by an earlier attempt is dropped and made
     * again. Returns a sentence saying what happened; a failure is a {@code 409} whose message says why and what to do.
     */
    String ensureBranch(long iterationId, String iterationName, String database) {
        Optional<Branch> existing = branches.ofIteration(iterationId);
        if (existing.isPresent() && existing.get().getState() == BranchState.FAILED) {
            Branch failed = existing.get();
            branches.delete(failed.getDatabase().getName(), failed.getName());
            log.info("Dropped failed branch {} of iteration {} to create it again.", failed.getName(), iterationId);
        }
        else if (existing.isPresent()) {
            return "Branch " + existing.get().getName() + " already exists.";
        }
        if (databases.findByName(database).isEmpty()) {
            throw new DomainException.Conflict("unknown_database", "Database " + database + " does not exist: create "
                    + "it, or edit the iteration to pick another database, then retry.");
        }
        String name = branchName(iterationId, iterationName);
        if (branches.find(database, name).isPresent()) {
            // retrying alone cannot help: the name comes from the iteration's id and name
            throw new DomainException.Conflict("branch_exists", "A branch named " + name + " already exists in "
                    + database + " and is not this iteration's. Delete that branch, or rename the iteration "
                    + "(its branch is named after it), then retry.");
        }
        Branch branch = branches.createForIteration(Actor.SYSTEM, database, name, iterationId);
        log.info("Created branch {} for iteration {}.", branch.getName(), iterationId);
        return "Created branch " + database + "/" + branch.getName() + ".";
    }

    /**
     * The job run on its own: every iteration that has started, names a database and has no usable branch gets one.
     * Failures are collected, so one missing database does not stop the others.
     */
    String ensureBranchesOfStartedIterations() {
        List<Iteration> due = iterations.startedWithDatabase();
        int created = 0;
        List<String> failed = new java.util.ArrayList<>();
        for (Iteration iteration : due) {
            Optional<Branch> existing = branches.ofIteration(iteration.getId());
            if (existing.isPresent() && existing.get().getState() != BranchState.FAILED) {
                continue;
            }
            try {
                ensureBranch(iteration.getId(), iteration.getName(), iteration.getDatabase());
                created++;
            }
            catch (RuntimeException e) {
                failed.add(iteration.getName() + ": " + e.getMessage());
            }
        }
        String summary = created == 0 && failed.isEmpty() ? "Every started iteration already has its branch."
                : "Created " + dev.loopline.common.Quantities.count(created, "iteration branch", "iteration branches") + ".";
        if (!failed.isEmpty()) {
            throw new DomainException.Conflict("iteration_branches_failed", summary + " Failed: " + String.join("; ", failed));
        }
        return summary;
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
    public SchemaComparison schemaChangesOf(long iterationId) {
        Optional<Branch> found = branches.ofIteration(iterationId);
        if (found.isEmpty() || found.get().getState() != BranchState.READY || found.get().getParentBranch() == null) {
            return SchemaComparison.NONE;
        }
        Branch branch = found.get();
        try {
            Branch parent = branches.get(branch.getDatabase().getName(), branch.getParentBranch());
            SchemaSnapshot parentNow = branches.schema(parent);
            // the base is the parent as it was when the branch was made: what deploy requests compare against
            SchemaSnapshot base = branches.baseSchema(branch).orElse(parentNow);
            return new SchemaComparison(SchemaChanges.describe(base, branches.schema(branch)),
                    SchemaChanges.describe(base, parentNow));
        }
        catch (RuntimeException e) {
            return new SchemaComparison(List.of("(could not compare with " + branch.getParentBranch() + ": "
                    + e.getMessage() + ")"), List.of());
        }
    }

    @Override
    public BranchCreation creationOf(long iterationId) {
        Optional<Trigger> trigger = trigger(iterationId);
        if (trigger.isPresent()) {
            Instant next = trigger.get().getNextFireTime() == null ? null : trigger.get().getNextFireTime().toInstant();
            // due within seconds counts as running: the page then polls until it is done
            return next != null && next.isAfter(clock.instant().plusSeconds(5))
                    ? new BranchCreation(BranchCreation.Stage.SCHEDULED, next, null)
                    : new BranchCreation(BranchCreation.Stage.RUNNING, next, null);
        }
        Optional<Branch> branch = branches.ofIteration(iterationId);
        if (branch.isPresent()) {
            return switch (branch.get().getState()) {
                case PENDING -> new BranchCreation(BranchCreation.Stage.RUNNING, null, null);
                case FAILED -> new BranchCreation(BranchCreation.Stage.FAILED, null, "Creating "
                        + branch.get().getName() + " failed: " + branch.get().getFailureReason());
                default -> BranchCreation.NONE;
            };
        }
        return jobs.lastRun(DatabaseJobs.GROUP, DatabaseJobs.ITERATION_BRANCHES.getName(),
                DatabaseJobs.iterationTrigger(iterationId).getName())
                .filter(run -> !run.isSuccess())
                .map(run -> new BranchCreation(BranchCreation.Stage.FAILED, run.getFinishedAt(), run.getMessage()))
                .orElse(BranchCreation.NONE);
    }

    private Optional<Trigger> trigger(long iterationId) {
        try {
            return Optional.ofNullable(scheduler.getTrigger(DatabaseJobs.iterationTrigger(iterationId)));
        }
        catch (SchedulerException e) {
            throw new IllegalStateException("Could not read the scheduler: " + e.getMessage(), e);
        }
    }
}
