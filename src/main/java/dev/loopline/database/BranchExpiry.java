package dev.loopline.database;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

import dev.loopline.common.DomainException;

/**
 * Throwaway branches (CI's test branches): created with {@code delete_after_minutes}, they delete themselves at
 * {@code expires_at} through the {@code database.branch-expiry} Quartz job, which the audit log records
 * ({@code branch.expired}, then {@code branch.deleted}).
 */
@Service
public class BranchExpiry {

    private static final Logger log = LoggerFactory.getLogger(BranchExpiry.class);
    /** A week: longer-lived branches are not throwaway. */
    public static final int MAX_MINUTES = 7 * 24 * 60;
    /** How long after a failed deletion (the branch still has children, the engine refused) it is tried again. */
    static final Duration RETRY_AFTER = Duration.ofMinutes(5);

    private final BranchRepository branches;
    private final BranchService branchService;
    private final Scheduler scheduler;
    private final ApplicationEventPublisher events;
    private final TransactionTemplate tx;
    private final Clock clock;

    BranchExpiry(BranchRepository branches, BranchService branchService, Scheduler scheduler,
            ApplicationEventPublisher events, TransactionTemplate tx, Clock clock) {
        this.branches = branches;
        this.branchService = branchService;
        this.scheduler = scheduler;
        this.events = events;
        this.tx = tx;
        this.clock = clock;
    }

    /** {@code 400 invalid_delete_after_minutes} unless null (keep the branch) or 1 to {@value #MAX_MINUTES}. */
    public static void requireMinutes(Integer minutes) {
        if (minutes != null && (minutes < 1 || minutes > MAX_MINUTES)) {
            throw new DomainException.InvalidInput("invalid_delete_after_minutes", "'delete_after_minutes' is 1 to "
                    + MAX_MINUTES + " (a week); leave it out to keep the branch.");
        }
    }

    /** Gives a new branch its expiry {@code minutes} from now and schedules its deletion; null minutes: unchanged. */
    public Branch expireAfter(Branch branch, Integer minutes) {
        requireMinutes(minutes);
        if (minutes == null) {
            return branch;
        }
        Instant at = clock.instant().plus(Duration.ofMinutes(minutes)).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        Branch saved = tx.execute(status -> {
            Branch current = branches.findById(branch.getId()).orElseThrow();
            current.expireAt(at);
            events.publishEvent(new DatabaseEvents.BranchExpirySet(current.getDatabase().getName(), current.getName(),
                    at.toString()));
            return branches.save(current);
        });
        try {
            DatabaseJobs.scheduleExpiry(scheduler, saved.getId(), saved.getDatabase().getName() + "/" + saved.getName(), at);
        }
        catch (SchedulerException e) {
            // the branch is still deleted by the next run of the job (any branch's trigger deletes every due one)
            log.warn("Could not schedule the expiry of branch {}: {}", saved.getName(), e.getMessage());
        }
        return saved;
    }

    /**
     * Deletes every branch whose expiry has come; a summary for the job's history. A branch that cannot be deleted
     * yet is tried again {@link #RETRY_AFTER} later (its own trigger fired once and is gone), so none stays forever.
     */
    public String deleteDue() {
        Instant now = clock.instant();
        List<String> deleted = new ArrayList<>();
        List<String> failed = new ArrayList<>();
        for (Branch branch : branches.findByExpiresAtLessThanEqualOrderByExpiresAtAsc(now)) {
            String database = branch.getDatabase().getName();
            try {
                events.publishEvent(new DatabaseEvents.BranchExpired(database, branch.getName(),
                        branch.getExpiresAt().toString()));
                branchService.delete(database, branch.getName());
                deleted.add(database + "/" + branch.getName());
            }
            catch (RuntimeException e) {
                log.warn("Could not delete expired branch {}/{}: {}", database, branch.getName(), e.getMessage());
                failed.add(database + "/" + branch.getName() + " (" + e.getMessage() + ")");
                retryLater(branch, database, now.plus(RETRY_AFTER));
            }
        }
        if (!failed.isEmpty()) {
            throw new IllegalStateException("Could not delete " + String.join(", ", failed) + "; trying again in "
                    + RETRY_AFTER.toMinutes() + " minutes"
                    + (deleted.isEmpty() ? "" : "; deleted " + String.join(", ", deleted)) + ".");
        }
        return deleted.isEmpty() ? "No branch was due." : "Deleted " + String.join(", ", deleted) + ".";
    }

    private void retryLater(Branch branch, String database, Instant at) {
        try {
            DatabaseJobs.scheduleExpiry(scheduler, branch.getId(), database + "/" + branch.getName(), at);
        }
        catch (SchedulerException e) {
            log.warn("Could not schedule another try to delete {}/{}: {}", database, branch.getName(), e.getMessage());
        }
    }
}
