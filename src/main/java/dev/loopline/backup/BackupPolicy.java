package dev.loopline.backup;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

import dev.loopline.common.TextLimits;

/**
 * When a database's branches are backed up: a Quartz cron schedule, how long backups are kept, which branches
 * ({@code null}: the production branches) and whether each backup is test-restored right after.
 */
@Entity
@Table(name = "backup_policy")
public class BackupPolicy {

    static final String DEFAULT_SCHEDULE = "0 0 0/12 * * ?";
    static final int DEFAULT_RETENTION_DAYS = 2;

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(name = "database_name", nullable = false)
    private String database;

    @Column(nullable = false, length = TextLimits.BACKUP_SCHEDULE)
    private String schedule;

    @Column(name = "retention_days", nullable = false)
    private int retentionDays;

    @Column(length = TextLimits.BACKUP_POLICY_BRANCHES)
    private String branches;

    @Column(name = "verify_after_backup", nullable = false)
    private boolean verifyAfterBackup;

    @Column(name = "updated_at", nullable = false)
    private Instant updatedAt;

    @Version
    private long version;

    protected BackupPolicy() {
    }

    static BackupPolicy defaults(String database, Instant at) {
        BackupPolicy policy = new BackupPolicy();
        policy.database = database;
        policy.schedule = DEFAULT_SCHEDULE;
        policy.retentionDays = DEFAULT_RETENTION_DAYS;
        policy.verifyAfterBackup = true;
        policy.updatedAt = at;
        return policy;
    }

    void change(String schedule, int retentionDays, List<String> branches, boolean verifyAfterBackup, Instant at) {
        this.schedule = schedule;
        this.retentionDays = retentionDays;
        this.branches = branches == null || branches.isEmpty() ? null : String.join(",", branches);
        this.verifyAfterBackup = verifyAfterBackup;
        this.updatedAt = at;
    }

    public String getDatabase() { return database; }
    public String getSchedule() { return schedule; }
    public int getRetentionDays() { return retentionDays; }
    public boolean isVerifyAfterBackup() { return verifyAfterBackup; }
    public Instant getUpdatedAt() { return updatedAt; }

    /** The branches named in the policy; empty means the database's production branches. */
    public List<String> getBranches() {
        return branches == null ? List.of() : Arrays.asList(branches.split(","));
    }
}
