package dev.loopline.backup;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

import dev.loopline.common.DomainException;

/** One backup of one branch: its file, what it holds (row counts and checksums per table) and whether it restores. */
@Entity
@Table(name = "backup")
public class Backup {

    /** The outcome of the latest test restore. */
    public enum Verification {
        PASSED, FAILED;

        public String apiName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(name = "database_name", nullable = false)
    private String database;

    @Column(name = "branch_name", nullable = false)
    private String branch;

    @Column(nullable = false)
    private String name;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    private BackupState state;

    @Column(name = "failure_reason")
    private String failureReason;

    @Column(nullable = false)
    private boolean scheduled;

    @Column(name = "file_name")
    private String fileName;

    @Column(name = "size_bytes")
    private Long sizeBytes;

    @Column(name = "bytes_done", nullable = false)
    private long bytesDone;

    private String sha256;

    @Column(name = "tables_json")
    private String tablesJson;

    @Column(nullable = false)
    private String engine;

    @Column(name = "admin_user")
    private String adminUser;

    @Column(name = "admin_secret")
    private String adminSecret;

    @Column(name = "started_by", nullable = false)
    private String startedBy;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    @Column(name = "started_at")
    private Instant startedAt;

    @Column(name = "finished_at")
    private Instant finishedAt;

    @Column(name = "duration_ms")
    private Long durationMs;

    @Column(name = "retention_days", nullable = false)
    private int retentionDays;

    @Column(name = "expires_at")
    private Instant expiresAt;

    @Column(name = "protected", nullable = false)
    private boolean protectedBackup;

    @Enumerated(EnumType.STRING)
    private Verification verification;

    @Column(name = "verification_reason")
    private String verificationReason;

    @Column(name = "verified_at")
    private Instant verifiedAt;

    @Version
    private long version;

    protected Backup() {
    }

    Backup(String database, String branch, String name, String engine, boolean scheduled, int retentionDays,
            String startedBy, Instant at) {
        this.database = database;
        this.branch = branch;
        this.name = name;
        this.engine = engine;
        this.scheduled = scheduled;
        this.retentionDays = retentionDays;
        this.startedBy = startedBy;
        this.createdAt = at;
        this.state = BackupState.PENDING;
    }

    void start(String fileName, String adminUser, String adminSecret, Instant at) {
        this.state = BackupState.RUNNING;
        this.fileName = fileName;
        this.adminUser = adminUser;
        this.adminSecret = adminSecret;
        this.startedAt = at;
    }

    void progress(long bytes) {
        bytesDone = bytes;
    }

    void succeed(long size, String sha256, String tablesJson, Instant at) {
        this.state = BackupState.SUCCESS;
        this.sizeBytes = size;
        this.bytesDone = size;
        this.sha256 = sha256;
        this.tablesJson = tablesJson;
        finish(at);
    }

    void fail(String reason, Instant at) {
        this.state = BackupState.FAILED;
        this.failureReason = cut(reason);
        this.fileName = null;
        finish(at);
    }

    private void finish(Instant at) {
        this.finishedAt = at;
        this.durationMs = startedAt == null ? 0 : Duration.between(startedAt, at).toMillis();
        this.expiresAt = at.plus(Duration.ofDays(retentionDays));
    }

    void verified(boolean passed, String reason, Instant at) {
        verification = passed ? Verification.PASSED : Verification.FAILED;
        verificationReason = reason == null ? null : cut(reason);
        verifiedAt = at;
    }

    void protect(boolean on) {
        protectedBackup = on;
    }

    /** Throws 409 unless the backup may be deleted now. */
    void requireDeletable() {
        if (protectedBackup) {
            throw new DomainException.Conflict("backup_protected", "Backup " + id + " is protected; unprotect it first.");
        }
        if (state == BackupState.RUNNING || state == BackupState.PENDING) {
            throw new DomainException.Conflict("backup_running", "Backup " + id + " is still " + state.apiName() + ".");
        }
    }

    boolean isExpired(Instant now) {
        return !protectedBackup && expiresAt != null && !expiresAt.isAfter(now)
                && (state == BackupState.SUCCESS || state == BackupState.FAILED);
    }

    /** Successful and not failed verification (verified or not yet checked): a copy worth keeping. */
    public boolean isGood() {
        return state == BackupState.SUCCESS && verification != Verification.FAILED;
    }

    private static String cut(String text) {
        return text.length() > 2000 ? text.substring(0, 1997) + "..." : text;
    }

    /** Progress in percent while running, against the branch's size when the backup started. */
    public Integer progressPercentage(long expectedBytes) {
        if (state != BackupState.RUNNING || expectedBytes <= 0) {
            return null;
        }
        return (int) Math.min(99, bytesDone * 100 / expectedBytes);
    }

    public Long getId() { return id; }
    public String getDatabase() { return database; }
    public String getBranch() { return branch; }
    public String getName() { return name; }
    public BackupState getState() { return state; }
    public String getFailureReason() { return failureReason; }
    public boolean isScheduled() { return scheduled; }
    public String getFileName() { return fileName; }
    public Long getSizeBytes() { return sizeBytes; }
    public long getBytesDone() { return bytesDone; }
    public String getSha256() { return sha256; }
    public String getTablesJson() { return tablesJson; }
    public String getEngine() { return engine; }
    String getAdminUser() { return adminUser; }
    String getAdminSecret() { return adminSecret; }
    public String getStartedBy() { return startedBy; }
    public Instant getCreatedAt() { return createdAt; }
    public Instant getStartedAt() { return startedAt; }
    public Instant getFinishedAt() { return finishedAt; }
    public Long getDurationMs() { return durationMs; }
    public int getRetentionDays() { return retentionDays; }
    public Instant getExpiresAt() { return expiresAt; }
    public boolean isProtected() { return protectedBackup; }
    public Verification getVerification() { return verification; }
    public String getVerificationReason() { return verificationReason; }
    public Instant getVerifiedAt() { return verifiedAt; }
}
