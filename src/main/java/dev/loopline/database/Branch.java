package dev.loopline.database;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

import dev.loopline.common.DomainException;
import dev.loopline.engine.BranchDatabase;

/**
 * A branch of a managed database: a real, isolated database on the engine. Production branches normally have safe
 * migrations on, which the engine enforces by granting data rights only.
 */
@Entity
@Table(name = "branch")
public class Branch {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @ManyToOne(optional = false, fetch = FetchType.EAGER)
    @JoinColumn(name = "database_id")
    private ManagedDatabase database;

    @Column(nullable = false)
    private String name;

    @Column(name = "parent_branch")
    private String parentBranch;

    @Column(nullable = false)
    private boolean production;

    @Column(name = "safe_migrations", nullable = false)
    private boolean safeMigrations;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    private BranchState state;

    @Column(name = "failure_reason")
    private String failureReason;

    @Column(name = "backup_id")
    private Long backupId;

    @Column(name = "iteration_id")
    private Long iterationId;

    @Column(name = "engine_admin_user")
    private String engineAdminUser;

    @Column(name = "engine_admin_secret")
    private String engineAdminSecret;

    @Column(name = "created_by", nullable = false)
    private String createdBy;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    @Column(name = "ready_at")
    private Instant readyAt;

    /** When the branch deletes itself (a throwaway test branch), or {@code null} to keep it. */
    @Column(name = "expires_at")
    private Instant expiresAt;

    @Column(name = "base_schema")
    private String baseSchema;

    @Column(name = "restore_bytes")
    private Long restoreBytes;

    @Column(name = "restore_total")
    private Long restoreTotal;

    @Version
    private long version;

    protected Branch() {
    }

    static Branch production(ManagedDatabase database, String name, String createdBy, Instant at) {
        Branch branch = new Branch(database, name, null, createdBy, at);
        branch.production = true;
        branch.safeMigrations = true;
        return branch;
    }

    static Branch development(ManagedDatabase database, String name, String parent, String createdBy, Instant at) {
        return new Branch(database, name, parent, createdBy, at);
    }

    private Branch(ManagedDatabase database, String name, String parentBranch, String createdBy, Instant at) {
        this.database = database;
        this.name = name;
        this.parentBranch = parentBranch;
        this.state = BranchState.PENDING;
        this.createdBy = createdBy;
        this.createdAt = at;
    }

    void markReady(String adminUser, String sealedSecret, Instant at) {
        engineAdminUser = adminUser;
        engineAdminSecret = sealedSecret;
        state = BranchState.READY;
        readyAt = at;
    }

    /** Records the parent's schema at branching time (JSON): what the branch's own changes are measured from. */
    void recordBase(String schemaJson) {
        baseSchema = schemaJson;
    }

    String getBaseSchema() {
        return baseSchema;
    }

    void markFailed(String reason) {
        state = BranchState.FAILED;
        failureReason = reason.length() > 2000 ? reason.substring(0, 1997) + "..." : reason;
    }

    /** The branch is to be restored from a backup of {@code total} bytes. */
    void restoringFrom(long backup, long total) {
        backupId = backup;
        restoreTotal = total;
        restoreBytes = 0L;
    }

    void restoreProgress(long bytes) {
        restoreBytes = bytes;
    }

    /** Restore progress in percent while the branch is being restored from a backup, else {@code null}. */
    public Integer getRestorePercentage() {
        if (state != BranchState.PENDING || restoreTotal == null || restoreTotal == 0 || restoreBytes == null) {
            return null;
        }
        return (int) Math.min(100, restoreBytes * 100 / restoreTotal);
    }

    void expireAt(Instant at) {
        expiresAt = at;
    }

    public Instant getExpiresAt() {
        return expiresAt;
    }

    void linkIteration(long iteration) {
        iterationId = iteration;
    }

    void promote() {
        if (production) {
            throw new DomainException.Conflict("already_production", name + " is already a production branch.");
        }
        requireReady();
        production = true;
        safeMigrations = true;
    }

    void demote() {
        if (!production) {
            throw new DomainException.Conflict("not_production", name + " is not a production branch.");
        }
        if (isDefault()) {
            throw new DomainException.Conflict("default_branch", name + " is the default branch of "
                    + database.getName() + " and stays production.");
        }
        production = false;
    }

    void setSafeMigrations(boolean on) {
        requireReady();
        safeMigrations = on;
    }

    /** Throws 409 unless the branch is ready. */
    public void requireReady() {
        if (state != BranchState.READY) {
            throw new DomainException.Conflict("branch_not_ready", "The branch " + name + " is " + state.apiName()
                    + (failureReason == null ? "" : ": " + failureReason) + ".");
        }
    }

    /**
     * Whether deploy requests may go into this branch: only a branch with safe migrations on, whose schema changes
     * only through deploy requests (so a deploy into a development branch is refused). The one place this rule lives.
     */
    public boolean acceptsDeployRequests() {
        return safeMigrations;
    }

    /** Throws {@code 422 into_branch_not_safe} unless {@link #acceptsDeployRequests()}. */
    public void requireAcceptsDeployRequests() {
        if (!acceptsDeployRequests()) {
            throw new DomainException.Refused("into_branch_not_safe", "Deploy requests go into a branch with safe "
                    + "migrations on, and " + name + " has them off" + (production ? "" : " (it is a development branch)")
                    + ": deploy into a production branch, or turn safe migrations on for " + name + " first.");
        }
    }

    public boolean isDefault() {
        return name.equals(database.getDefaultBranch());
    }

    public BranchDatabase address() {
        return new BranchDatabase(database.getName(), name);
    }

    public Long getId() {
        return id;
    }

    public ManagedDatabase getDatabase() {
        return database;
    }

    public String getName() {
        return name;
    }

    public String getParentBranch() {
        return parentBranch;
    }

    public boolean isProduction() {
        return production;
    }

    public boolean isSafeMigrations() {
        return safeMigrations;
    }

    public BranchState getState() {
        return state;
    }

    public String getFailureReason() {
        return failureReason;
    }

    public Long getBackupId() {
        return backupId;
    }

    public Long getIterationId() {
        return iterationId;
    }

    String getEngineAdminUser() {
        return engineAdminUser;
    }

    String getEngineAdminSecret() {
        return engineAdminSecret;
    }

    public String getCreatedBy() {
        return createdBy;
    }

    public Instant getCreatedAt() {
        return createdAt;
    }

    public Instant getReadyAt() {
        return readyAt;
    }
}
