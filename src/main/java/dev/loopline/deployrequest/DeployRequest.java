package dev.loopline.deployrequest;

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

import dev.loopline.common.Actor;
import dev.loopline.common.DomainException;

/**
 * A request to deploy a development branch's schema changes into a target branch. Its transitions are guarded
 * here; the numbers count per database, as PlanetScale's do.
 */
@Entity
@Table(name = "deploy_request")
public class DeployRequest {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(name = "database_name", nullable = false)
    private String database;

    @Column(nullable = false)
    private int number;

    @Column(nullable = false)
    private String branch;

    @Column(name = "into_branch", nullable = false)
    private String intoBranch;

    @Column(nullable = false)
    private boolean open;

    @Enumerated(EnumType.STRING)
    @Column(name = "deployment_state", nullable = false)
    private DeploymentState deploymentState;

    @Column(name = "auto_apply", nullable = false)
    private boolean autoApply;

    @Column(length = dev.loopline.common.TextLimits.DEPLOY_REQUEST_NOTES)
    private String notes;

    @Column(name = "opened_by", nullable = false)
    private String openedBy;

    @Column(name = "opened_by_owner")
    private String openedByOwner;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    @Column(name = "closed_at")
    private Instant closedAt;

    @Version
    private long version;

    protected DeployRequest() {
    }

    DeployRequest(String database, int number, String branch, String intoBranch, String notes, boolean autoApply,
            boolean hasChanges, Actor openedBy, Instant at) {
        this.database = database;
        this.number = number;
        this.branch = branch;
        this.intoBranch = intoBranch;
        this.notes = notes == null || notes.isBlank() ? null
                : dev.loopline.common.TextLimits.require("notes", notes.trim(), dev.loopline.common.TextLimits.DEPLOY_REQUEST_NOTES);
        this.autoApply = autoApply;
        this.open = true;
        this.deploymentState = hasChanges ? DeploymentState.READY : DeploymentState.NO_CHANGES;
        this.openedBy = openedBy.displayName();
        this.openedByOwner = openedBy.owner();
        this.createdAt = at;
    }

    /** Whether {@code reviewer} is the opener, or the opener's token or owner: nobody approves their own request. */
    boolean isOwnedBy(Actor reviewer) {
        Actor opener = new Actor(Actor.Type.USER, null, openedBy, java.util.Set.of(), openedByOwner);
        return reviewer.standsBehind(opener) || openedBy.equals(reviewer.owner());
    }

    void requireOpen() {
        if (!open) {
            throw new DomainException.Conflict("deploy_request_closed", "Deploy request #" + number + " is closed.");
        }
    }

    void close(Instant at) {
        requireOpen();
        if (deploymentState == DeploymentState.QUEUED || deploymentState == DeploymentState.IN_PROGRESS
                || deploymentState == DeploymentState.PENDING_CUTOVER || deploymentState == DeploymentState.IN_PROGRESS_CUTOVER) {
            throw new DomainException.Conflict("deploy_in_progress", "Deploy request #" + number + " is being deployed ("
                    + deploymentState.apiName() + "); cancel the deploy first.");
        }
        open = false;
        closedAt = at;
    }

    void changesDetected(boolean hasChanges) {
        if (deploymentState == DeploymentState.READY || deploymentState == DeploymentState.NO_CHANGES) {
            deploymentState = hasChanges ? DeploymentState.READY : DeploymentState.NO_CHANGES;
        }
    }

    private void require(String action, DeploymentState... allowed) {
        for (DeploymentState state : allowed) {
            if (deploymentState == state) {
                return;
            }
        }
        throw new DomainException.Conflict("wrong_deployment_state", "Deploy request #" + number + " cannot " + action
                + " while it is " + deploymentState.apiName() + ".");
    }

    void queue() {
        requireOpen();
        require("be deployed", DeploymentState.READY, DeploymentState.CANCELLED, DeploymentState.COMPLETE_ERROR);
        deploymentState = DeploymentState.QUEUED;
    }

    void start() {
        require("start", DeploymentState.QUEUED);
        deploymentState = DeploymentState.IN_PROGRESS;
    }

    /** All rows are copied: cut over at once when auto-apply is on, otherwise wait for an operator. */
    void copied() {
        require("finish copying", DeploymentState.IN_PROGRESS);
        deploymentState = autoApply ? DeploymentState.IN_PROGRESS_CUTOVER : DeploymentState.PENDING_CUTOVER;
    }

    void apply() {
        require("be applied", DeploymentState.PENDING_CUTOVER);
        deploymentState = DeploymentState.IN_PROGRESS_CUTOVER;
    }

    void cutOver() {
        require("cut over", DeploymentState.IN_PROGRESS_CUTOVER);
        deploymentState = DeploymentState.COMPLETE_PENDING_REVERT;
    }

    void complete(Instant at) {
        require("complete", DeploymentState.COMPLETE_PENDING_REVERT);
        deploymentState = DeploymentState.COMPLETE;
        open = false;
        closedAt = at;
    }

    void startRevert() {
        require("be reverted", DeploymentState.COMPLETE_PENDING_REVERT);
        deploymentState = DeploymentState.IN_PROGRESS_REVERT;
    }

    void reverted(Instant at) {
        require("finish reverting", DeploymentState.IN_PROGRESS_REVERT);
        deploymentState = DeploymentState.COMPLETE_REVERT;
        open = false;
        closedAt = at;
    }

    void cancel() {
        require("be cancelled", DeploymentState.QUEUED, DeploymentState.IN_PROGRESS, DeploymentState.PENDING_CUTOVER);
        deploymentState = DeploymentState.CANCELLED;
    }

    void fail() {
        deploymentState = deploymentState == DeploymentState.IN_PROGRESS_REVERT ? DeploymentState.COMPLETE_REVERT_ERROR
                : DeploymentState.COMPLETE_ERROR;
    }

    public Long getId() {
        return id;
    }

    public String getDatabase() {
        return database;
    }

    public int getNumber() {
        return number;
    }

    public String getBranch() {
        return branch;
    }

    public String getIntoBranch() {
        return intoBranch;
    }

    public boolean isOpen() {
        return open;
    }

    public DeploymentState getDeploymentState() {
        return deploymentState;
    }

    public boolean isAutoApply() {
        return autoApply;
    }

    public String getNotes() {
        return notes;
    }

    public String getOpenedBy() {
        return openedBy;
    }

    public Instant getCreatedAt() {
        return createdAt;
    }

    public Instant getClosedAt() {
        return closedAt;
    }
}
