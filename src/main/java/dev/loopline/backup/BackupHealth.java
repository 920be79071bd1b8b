package dev.loopline.backup;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

import org.springframework.stereotype.Service;

import dev.loopline.database.Branch;
import dev.loopline.database.BranchService;
import dev.loopline.database.DatabaseService;
import dev.loopline.database.ManagedDatabase;
import dev.loopline.scheduling.CronSchedule;

/**
 * How well each production branch is backed up, measured against its database's backup policy: the newest
 * successful backup and the newest verification, each stale when it is older than the policy's interval plus
 * {@link #GRACE} for the run itself.
 */
@Service
public class BackupHealth {

    /** Time a scheduled backup (and its verification) may take before it counts as missed. */
    public static final Duration GRACE = Duration.ofMinutes(15);

    private final BackupRepository backups;
    private final BackupPolicyService policies;
    private final DatabaseService databases;
    private final BranchService branches;
    private final Clock clock;

    BackupHealth(BackupRepository backups, BackupPolicyService policies, DatabaseService databases,
            BranchService branches, Clock clock) {
        this.backups = backups;
        this.policies = policies;
        this.databases = databases;
        this.branches = branches;
        this.clock = clock;
    }

    /**
     * One production branch's backup health.
     *
     * @param interval           time between two of the policy's backups ({@code null}: the schedule fires once)
     * @param lastBackupAt       when the newest successful backup finished ({@code null}: none)
     * @param lastVerifiedAt     when the newest verification ran ({@code null}: none)
     * @param lastVerification   its result ({@code null}: none)
     * @param backupStale        no successful backup, or the newest is older than the interval plus the grace
     * @param verificationStale  the newest verification failed, or the policy verifies after each backup and there
     *                           is none although a backup is older than the grace, or the newest is older than the
     *                           interval plus the grace
     */
    public record BranchHealth(String database, String branch, Duration interval, Instant lastBackupAt,
            Instant lastVerifiedAt, Backup.Verification lastVerification, boolean backupStale,
            boolean verificationStale) {

        public boolean healthy() {
            return !backupStale && !verificationStale;
        }
    }

    /** Every database's production branches, by database and branch name. */
    public List<BranchHealth> productionBranches() {
        Instant now = clock.instant();
        List<BranchHealth> health = new ArrayList<>();
        for (ManagedDatabase database : databases.list()) {
            BackupPolicy policy = policies.policy(database.getName());
            Duration interval = new CronSchedule(policy.getSchedule()).shortestInterval(now);
            for (Branch branch : branches.list(database.getName())) {
                if (branch.isProduction()) {
                    health.add(of(database.getName(), branch.getName(), interval, policy.isVerifyAfterBackup(), now));
                }
            }
        }
        health.sort(Comparator.comparing(BranchHealth::database).thenComparing(BranchHealth::branch));
        return health;
    }

    private BranchHealth of(String database, String branch, Duration interval, boolean verifyAfterBackup, Instant now) {
        Optional<Backup> last = backups.findFirstByDatabaseAndBranchAndStateOrderByFinishedAtDescIdDesc(database, branch,
                BackupState.SUCCESS);
        Optional<Backup> verified = backups.findByDatabaseAndBranchOrderByCreatedAtDescIdDesc(database, branch).stream()
                .filter(b -> b.getVerifiedAt() != null).max(Comparator.comparing(Backup::getVerifiedAt));
        Instant lastAt = last.map(Backup::getFinishedAt).orElse(null);
        Instant verifiedAt = verified.map(Backup::getVerifiedAt).orElse(null);
        Backup.Verification result = verified.map(Backup::getVerification).orElse(null);
        boolean backupStale = lastAt == null || tooOld(lastAt, interval, now);
        // a backup just taken gets the grace to be verified before its missing verification counts
        boolean unverifiedTooLong = verifiedAt == null
                ? lastAt != null && lastAt.plus(GRACE).isBefore(now)
                : tooOld(verifiedAt, interval, now);
        boolean verificationStale = result == Backup.Verification.FAILED || verifyAfterBackup && unverifiedTooLong;
        return new BranchHealth(database, branch, interval, lastAt, verifiedAt, result, backupStale, verificationStale);
    }

    private static boolean tooOld(Instant at, Duration interval, Instant now) {
        return interval != null && at.plus(interval).plus(GRACE).isBefore(now);
    }
}
