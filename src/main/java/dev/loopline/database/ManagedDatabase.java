package dev.loopline.database;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

import dev.loopline.common.DomainException;
import dev.loopline.common.Names;

/** A database Loopline manages: its engine, its default (production) branch and its deploy settings. */
@Entity
@Table(name = "managed_database")
public class ManagedDatabase {

    public static final int MAX_APPROVALS = 10;
    public static final int MAX_REVERT_WINDOW_MINUTES = 7 * 24 * 60;

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(nullable = false, unique = true)
    private String name;

    @Column(nullable = false)
    private String engine;

    @Column(name = "default_branch", nullable = false)
    private String defaultBranch;

    @Column(name = "required_approvals", nullable = false)
    private int requiredApprovals;

    @Column(name = "revert_window_minutes", nullable = false)
    private int revertWindowMinutes;

    @Column(name = "allow_data_branching", nullable = false)
    private boolean allowDataBranching;

    @Column(name = "created_by", nullable = false)
    private String createdBy;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    @Version
    private long version;

    protected ManagedDatabase() {
    }

    ManagedDatabase(String name, String engine, DatabaseSettings settings, String createdBy, Instant createdAt) {
        this.name = Names.requireResourceName("database", name);
        this.engine = engine;
        this.defaultBranch = "main";
        this.createdBy = createdBy;
        this.createdAt = createdAt;
        apply(settings);
    }

    /** Applies new settings; returns a description of what changed (empty when nothing did). */
    String apply(DatabaseSettings settings) {
        DatabaseSettings checked = settings.validate();
        StringBuilder change = new StringBuilder();
        if (checked.requiredApprovals() != requiredApprovals) {
            change.append("required approvals ").append(requiredApprovals).append(" → ").append(checked.requiredApprovals()).append("; ");
        }
        if (checked.revertWindowMinutes() != revertWindowMinutes) {
            change.append("revert window ").append(revertWindowMinutes).append(" → ").append(checked.revertWindowMinutes()).append(" min; ");
        }
        if (checked.allowDataBranching() != allowDataBranching) {
            change.append("data branching ").append(checked.allowDataBranching() ? "allowed" : "not allowed").append("; ");
        }
        requiredApprovals = checked.requiredApprovals();
        revertWindowMinutes = checked.revertWindowMinutes();
        allowDataBranching = checked.allowDataBranching();
        return change.toString().replaceAll("; $", "");
    }

    /**
     * Deploy and branching settings.
     *
     * @param requiredApprovals   approvals from distinct operators or admins before a deploy (1–10)
     * @param revertWindowMinutes how long a deployed change can be reverted without losing writes (0–10080)
     * @param allowDataBranching  whether branches may be seeded with data from backups
     */
    public record DatabaseSettings(int requiredApprovals, int revertWindowMinutes, boolean allowDataBranching) {

        public static DatabaseSettings defaults() {
            return new DatabaseSettings(1, 30, true);
        }

        DatabaseSettings validate() {
            if (requiredApprovals < 1 || requiredApprovals > MAX_APPROVALS) {
                throw new DomainException.InvalidInput("invalid_required_approvals",
                        "Required approvals go from 1 to " + MAX_APPROVALS + ".");
            }
            if (revertWindowMinutes < 0 || revertWindowMinutes > MAX_REVERT_WINDOW_MINUTES) {
                throw new DomainException.InvalidInput("invalid_revert_window_minutes",
                        "The revert window goes from 0 to " + MAX_REVERT_WINDOW_MINUTES + " minutes (a week).");
            }
            return this;
        }
    }

    public Long getId() {
        return id;
    }

    public String getName() {
        return name;
    }

    public String getEngine() {
        return engine;
    }

    public String getDefaultBranch() {
        return defaultBranch;
    }

    public int getRequiredApprovals() {
        return requiredApprovals;
    }

    public int getRevertWindowMinutes() {
        return revertWindowMinutes;
    }

    public boolean isAllowDataBranching() {
        return allowDataBranching;
    }

    public String getCreatedBy() {
        return createdBy;
    }

    public Instant getCreatedAt() {
        return createdAt;
    }
}
