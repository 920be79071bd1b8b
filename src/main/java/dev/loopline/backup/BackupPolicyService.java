package dev.loopline.backup;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.quartz.SchedulerException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Service;
import org.springframework.transaction.event.TransactionalEventListener;
import org.springframework.transaction.support.TransactionTemplate;

import dev.loopline.common.CurrentActor;
import dev.loopline.common.DomainException;
import dev.loopline.common.Names;
import dev.loopline.common.TextLimits;
import dev.loopline.common.Role;
import dev.loopline.database.Branch;
import dev.loopline.database.BranchService;
import dev.loopline.database.BranchState;
import dev.loopline.database.DatabaseEvents;
import dev.loopline.database.DatabaseService;
import dev.loopline.database.ManagedDatabase;
import dev.loopline.scheduling.CronSchedule;

/**
 * Backup policies: every database has one (PlanetScale's defaults: every 12 hours, kept 2 days, production
 * branches), each a Quartz cron trigger that is rescheduled the moment the policy changes.
 */
@Service
public class BackupPolicyService {

    private static final Logger log = LoggerFactory.getLogger(BackupPolicyService.class);

    private final BackupPolicyRepository policies;
    private final BackupService backups;
    private final BackupScheduling scheduling;
    private final DatabaseService databases;
    private final BranchService branches;
    private final ApplicationEventPublisher events;
    private final TransactionTemplate tx;
    private final Clock clock;
    private final BackupProperties properties;

    BackupPolicyService(BackupPolicyRepository policies, BackupService backups, BackupScheduling scheduling,
            DatabaseService databases, BranchService branches, ApplicationEventPublisher events, TransactionTemplate tx,
            Clock clock, BackupProperties properties) {
        this.properties = properties;
        this.policies = policies;
        this.backups = backups;
        this.scheduling = scheduling;
        this.databases = databases;
        this.branches = branches;
        this.events = events;
        this.tx = tx;
        this.clock = clock;
    }

    public BackupPolicy policy(String database) {
        databases.get(database);
        return policies.findByDatabase(database).orElseGet(() -> ensure(database));
    }

    /** The policy of a database, created with the defaults (and scheduled) if it has none yet. */
    private BackupPolicy ensure(String database) {
        BackupPolicy policy = tx.execute(s -> policies.findByDatabase(database)
                .orElseGet(() -> policies.save(BackupPolicy.defaults(database, clock.instant()))));
        try {
            if (!scheduling.hasPolicyJob(database)) {
                scheduling.schedulePolicy(policy);
            }
        }
        catch (SchedulerException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
        return policy;
    }

    @TransactionalEventListener
    void on(DatabaseEvents.DatabaseCreated event) {
        ensure(event.database());
    }

    /** Databases created before policies existed (or whose job was lost) get theirs at start. */
    @EventListener(ApplicationReadyEvent.class)
    void ensureAll() {
        for (ManagedDatabase database : databases.list()) {
            try {
                ensure(database.getName());
            }
            catch (RuntimeException e) {
                log.warn("Could not set up the backup policy of {}: {}", database.getName(), e.getMessage());
            }
        }
    }

    public BackupPolicy update(String database, String schedule, Integer retentionDays, List<String> branchNames,
            Boolean verifyAfterBackup) {
        CurrentActor.require(Role.OPERATOR, "change backup policies");
        BackupPolicy current = policy(database);
        String cron = schedule == null || schedule.isBlank() ? current.getSchedule()
                : CronSchedule.parse(TextLimits.require("schedule", schedule.trim(), TextLimits.BACKUP_SCHEDULE))
                        .requireInterval(properties.minInterval(), clock.instant()).expression();
        int days = retentionDays == null ? current.getRetentionDays() : retentionDays;
        BackupService.requireRetention(days);
        if (branchNames != null && branchNames.stream().anyMatch(java.util.Objects::isNull)) {
            throw new DomainException.InvalidInput("invalid_branches", "'branches' lists branch names; null is not one.");
        }
        List<String> names = branchNames == null ? current.getBranches() : branchNames.stream().map(String::trim)
                .filter(n -> !n.isEmpty()).distinct().toList();
        for (String name : names) {
            Names.requireResourceName("branch", name);
            branches.get(database, name);
        }
        TextLimits.require("branches", String.join(",", names), TextLimits.BACKUP_POLICY_BRANCHES);
        boolean verify = verifyAfterBackup == null ? current.isVerifyAfterBackup() : verifyAfterBackup;
        BackupPolicy saved = tx.execute(s -> {
            BackupPolicy policy = policies.findByDatabase(database).orElseThrow();
            policy.change(cron, days, names, verify, clock.instant());
            events.publishEvent(new BackupEvents.PolicyChanged(database, cron, days,
                    names.isEmpty() ? "production" : String.join(", ", names), verify));
            return policies.save(policy);
        });
        scheduling.schedulePolicy(saved);
        return saved;
    }

    /**
     * When the policy's next {@code count} backups are due, in UTC; empty while its job is paused.
     */
    public List<Instant> nextFireTimes(BackupPolicy policy, int count) {
        if (scheduling.isPolicyPaused(policy.getDatabase())) {
            return List.of();
        }
        return new CronSchedule(policy.getSchedule()).nextFireTimes(clock.instant(), count);
    }

    /** What the policy job does: back up each branch in turn, verify if asked; fails if any backup failed. */
    String runPolicy(String database) {
        BackupPolicy policy = policy(database);
        List<Branch> targets = new ArrayList<>();
        for (Branch branch : branches.list(database)) {
            boolean named = policy.getBranches().isEmpty() ? branch.isProduction() : policy.getBranches().contains(branch.getName());
            if (named && branch.getState() == BranchState.READY) {
                targets.add(branch);
            }
        }
        List<String> done = new ArrayList<>();
        List<String> failed = new ArrayList<>();
        for (Branch branch : targets) {
            Backup backup = backups.enqueue(branch, backups.defaultName("scheduled"),
                    policy.getRetentionDays(), true, "policy");
            try {
                if (policy.isVerifyAfterBackup()) {
                    backups.runAndVerify(backup.getId());
                }
                else {
                    backups.run(backup.getId());
                }
                done.add(branch.getName());
            }
            catch (RuntimeException e) {
                failed.add(e.getMessage());
            }
        }
        if (!failed.isEmpty()) {
            throw new IllegalStateException(String.join(" ", failed));
        }
        return targets.isEmpty() ? "No branch of " + database + " to back up." : "Backed up " + String.join(", ", done)
                + (policy.isVerifyAfterBackup() ? " and verified the backups." : ".");
    }

    String verifyProductionBackups() {
        List<Branch> production = new ArrayList<>();
        for (ManagedDatabase database : databases.list()) {
            branches.list(database.getName()).stream().filter(Branch::isProduction).forEach(production::add);
        }
        return backups.verifyNewestOfProductionBranches(production);
    }
}
