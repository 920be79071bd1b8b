package dev.loopline.delivery;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

/**
 * Where an application runs: a name, a tier, optionally the database branch it uses, and how it takes new versions.
 * A blue/green environment remembers which deployment each slot holds and which slot is live; a rolling one only
 * the live deployment.
 */
@Entity
@Table(name = "environment")
public class Environment {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(nullable = false, length = 63)
    private String name;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, length = 16)
    private Tier tier;

    @Column(name = "database_name", length = 63)
    private String database;

    @Column(name = "branch_name", length = 63)
    private String branch;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, length = 16)
    private Strategy strategy;

    @Enumerated(EnumType.STRING)
    @Column(name = "live_slot", length = 8)
    private Slot liveSlot;

    @Column(name = "blue_deployment_id")
    private Long blueDeploymentId;

    @Column(name = "green_deployment_id")
    private Long greenDeploymentId;

    @Column(name = "live_deployment_id")
    private Long liveDeploymentId;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    @Version
    private long version;

    protected Environment() {
    }

    Environment(String name, Tier tier, String database, String branch, Strategy strategy, Instant createdAt) {
        this.name = name;
        this.tier = tier;
        this.database = database;
        this.branch = branch;
        this.strategy = strategy;
        this.createdAt = createdAt;
    }

    void change(Tier tier, String database, String branch, Strategy strategy) {
        this.tier = tier;
        this.database = database;
        this.branch = branch;
        if (strategy != this.strategy) {
            // slots mean nothing to a rolling environment; a new blue/green one starts with its live version in blue
            this.strategy = strategy;
            this.blueDeploymentId = strategy == Strategy.BLUE_GREEN ? liveDeploymentId : null;
            this.greenDeploymentId = null;
            this.liveSlot = strategy == Strategy.BLUE_GREEN && liveDeploymentId != null ? Slot.BLUE : null;
        }
    }

    /** The slot a new blue/green deployment goes to: the one that is not live (blue when none is). */
    Slot idleSlot() {
        return liveSlot == null ? Slot.BLUE : liveSlot.other();
    }

    void placeInSlot(Slot slot, long deploymentId) {
        if (slot == Slot.BLUE) {
            blueDeploymentId = deploymentId;
        }
        else {
            greenDeploymentId = deploymentId;
        }
    }

    /** Makes {@code deploymentId} the live deployment, in {@code slot} for a blue/green environment. */
    void goLive(Slot slot, long deploymentId) {
        if (slot != null) {
            placeInSlot(slot, deploymentId);
            liveSlot = slot;
        }
        liveDeploymentId = deploymentId;
    }

    public Long deploymentIn(Slot slot) {
        return slot == Slot.BLUE ? blueDeploymentId : greenDeploymentId;
    }

    /** The database branch as {@code db/branch}, or {@code null}. */
    public String getDatabaseBranch() {
        return database == null ? null : database + "/" + branch;
    }

    public boolean isProduction() {
        return tier == Tier.PRODUCTION;
    }

    public Long getId() {
        return id;
    }

    public String getName() {
        return name;
    }

    public Tier getTier() {
        return tier;
    }

    public String getDatabase() {
        return database;
    }

    public String getBranch() {
        return branch;
    }

    public Strategy getStrategy() {
        return strategy;
    }

    public Slot getLiveSlot() {
        return liveSlot;
    }

    public Long getLiveDeploymentId() {
        return liveDeploymentId;
    }

    public Instant getCreatedAt() {
        return createdAt;
    }
}
