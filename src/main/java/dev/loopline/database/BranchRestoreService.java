package dev.loopline.database;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

import dev.loopline.common.Actor;
import dev.loopline.common.DomainException;
import dev.loopline.common.Names;
import dev.loopline.engine.AdminCredential;
import dev.loopline.engine.DatabaseEngine;

/**
 * Data branching: a new branch restored from a backup, never over a live branch. The branch is created pending
 * at once; a Quartz job restores the backup into it (progress saved as it reads), gives it fresh credentials and
 * makes it ready, or marks it failed with the reason.
 */
@Service
public class BranchRestoreService {

    public static final String LAST_SUCCESSFUL_BACKUP = "last_successful_backup";
    private static final Duration PROGRESS_EVERY = Duration.ofMillis(500);

    private final ManagedDatabaseRepository databases;
    private final BranchRepository branches;
    private final BranchService branchService;
    private final BranchSeeds seeds;
    private final EngineAccess engines;
    private final Scheduler scheduler;
    private final ApplicationEventPublisher events;
    private final TransactionTemplate tx;
    private final Clock clock;
    private final SchemaJson schemaJson;

    BranchRestoreService(ManagedDatabaseRepository databases, BranchRepository branches, BranchService branchService,
            BranchSeeds seeds,
            EngineAccess engines, Scheduler scheduler, ApplicationEventPublisher events, TransactionTemplate tx,
            Clock clock, SchemaJson schemaJson) {
        this.databases = databases;
        this.branches = branches;
        this.branchService = branchService;
        this.seeds = seeds;
        this.engines = engines;
        this.scheduler = scheduler;
        this.events = events;
        this.tx = tx;
        this.clock = clock;
        this.schemaJson = schemaJson;
    }

    /**
     * Starts a branch restored from backup {@code backupId}, or with {@code seedData} {@value #LAST_SUCCESSFUL_BACKUP}
     * from the parent's newest successful backup. Returns the pending branch. Who may: see
     * {@link BranchAccess#requireRestore} ({@code 403} otherwise).
     */
    public Branch create(String databaseName, String name, String parent, Long backupId, String seedData) {
        ManagedDatabase database = databases.findByName(databaseName)
                .orElseThrow(() -> new DomainException.NotFound("Database", databaseName));
        Actor actor = BranchAccess.requireRestore(database);
        Names.requireResourceName("branch", name);
        String parentName = parent == null || parent.isBlank() ? database.getDefaultBranch() : parent.trim();
        BranchSeeds.Seed seed;
        if (backupId != null) {
            seed = seeds.backup(databaseName, backupId).orElseThrow(() -> new DomainException.NotFound("Backup", backupId));
            if (parent == null || parent.isBlank()) {
                parentName = seed.branch();
            }
        }
        else if (LAST_SUCCESSFUL_BACKUP.equals(seedData)) {
            String from = parentName;
            seed = seeds.latestSuccessful(databaseName, parentName).orElseThrow(() -> new DomainException.Conflict(
                    "no_successful_backup", from + " has no successful backup to seed a branch from; take one first."));
        }
        else {
            throw new DomainException.InvalidInput("invalid_seed_data", "seed_data is \"" + LAST_SUCCESSFUL_BACKUP
                    + "\" or absent, not \"" + seedData + "\".");
        }
        String parentBranch = parentName;
        branches.find(databaseName, parentBranch).orElseThrow(() -> new DomainException.InvalidInput(
                "unknown_parent_branch", "There is no branch " + parentBranch + " in " + databaseName + "."));
        Branch pending = branchService.insertPending(database, name, () -> {
            Branch branch = Branch.development(database, name, parentBranch, actor.displayName(), clock.instant());
            branch.restoringFrom(seed.backupId(), seed.sizeBytes());
            events.publishEvent(new DatabaseEvents.BranchRestoreStarted(databaseName, name, seed.backupId(), seed.branch()));
            return branch;
        });
        try {
            DatabaseJobs.scheduleRestore(scheduler, pending.getId(), databaseName + "/" + name);
        }
        catch (SchedulerException e) {
            fail(pending.getId(), "could not schedule the restore: " + e.getMessage());
        }
        return pending;
    }

    /** Whether the signed-in user may restore backups of {@code databaseName} into new branches (for showing controls). */
    public boolean mayRestore(String databaseName) {
        return databases.findByName(databaseName).map(BranchAccess::mayRestore).orElse(false);
    }

    /** The restore itself; called by the restore job. Returns what it did, for the job's history. */
    String restore(long branchId) {
        Branch branch = branches.findById(branchId).orElse(null);
        if (branch == null || branch.getState() != BranchState.PENDING || branch.getBackupId() == null) {
            return "Nothing to restore for branch " + branchId + ".";
        }
        String database = branch.getDatabase().getName();
        DatabaseEngine engine = engines.engineOf(branch);
        AdminCredential admin = null;
        try {
            BranchSeeds.Seed seed = seeds.backup(database, branch.getBackupId()).orElseThrow(() ->
                    new DomainException.NotFound("Backup", branch.getBackupId()));
            if (engine.exists(branch.address())) {
                // a restore interrupted by a crash: start again from a clean slate
                engine.dropDatabase(branch.address(), null);
            }
            AdminCredential source = new AdminCredential(seed.adminUser(), engines.open(seed.sealedAdminSecret()));
            String actual = dev.loopline.common.Hashes.sha256(seed.file());
            if (!actual.equals(seed.sha256())) {
                throw new IllegalStateException("the backup file's SHA-256 is " + actual + ", not " + seed.sha256()
                        + " as recorded: it was damaged or changed after the backup, and is not restored");
            }
            Instant[] lastSaved = {clock.instant()};
            admin = engine.restoreDatabase(branch.address(), seed.file(), source, bytes -> {
                if (Duration.between(lastSaved[0], clock.instant()).compareTo(PROGRESS_EVERY) >= 0) {
                    lastSaved[0] = clock.instant();
                    tx.executeWithoutResult(s -> branches.findById(branchId).ifPresent(b -> b.restoreProgress(bytes)));
                }
            });
            String base = schemaJson.write(engine.inspectSchema(branch.address(), admin));
            AdminCredential created = admin;
            tx.executeWithoutResult(status -> {
                Branch ready = branches.findById(branchId).orElseThrow();
                ready.restoreProgress(seed.sizeBytes());
                ready.markReady(created.username(), engines.seal(created), clock.instant());
                ready.recordBase(base);
                events.publishEvent(new DatabaseEvents.BranchCreated(database, ready.getName(), ready.getParentBranch()));
            });
            return "Restored backup " + seed.backupId() + " of " + seed.branch() + " into " + branch.getName() + ".";
        }
        catch (RuntimeException | java.io.IOException e) {
            engine.dropDatabase(branch.address(), admin);
            String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            fail(branchId, reason);
            throw new IllegalStateException("Restoring " + branch.getName() + " failed: " + reason, e);
        }
    }

    private void fail(long branchId, String reason) {
        tx.executeWithoutResult(status -> branches.findById(branchId).ifPresent(failed -> {
            failed.markFailed("restore failed: " + reason);
            events.publishEvent(new DatabaseEvents.BranchCreationFailed(failed.getDatabase().getName(), failed.getName(),
                    "restore failed: " + reason));
        }));
    }

    /** Waits until the branch is no longer pending (or {@code max} passes) and returns it as it is then. */
    public Branch awaitSettled(String database, String name, Duration max) {
        return dev.loopline.common.Waiting.until(() -> branches.find(database, name)
                .orElseThrow(() -> new DomainException.NotFound("Branch", name)), b -> b.getState() != BranchState.PENDING, max);
    }
}
