package dev.loopline.delivery;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.OrderColumn;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

import dev.loopline.common.DomainException;
import dev.loopline.common.TextLimits;

/**
 * One version of the application deployed to an environment. Its status moves once from in progress to success or
 * failed; it is live from {@link #getLiveAt()} (a rolling deployment when it succeeds, a blue/green one when it is
 * promoted). A rollback is a deployment of its own, pointing at the one it undid with {@link #getRollbackOf()}.
 */
@Entity
@Table(name = "app_deployment")
public class ApplicationDeployment {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(name = "environment_name", nullable = false, length = 63)
    private String environment;

    @Column(name = "app_version", nullable = false, length = TextLimits.APP_VERSION)
    private String appVersion;

    @Column(name = "commit_sha", length = TextLimits.COMMIT_SHA)
    private String commitSha;

    @Column(name = "committed_at")
    private Instant committedAt;

    @Column(name = "build_id")
    private Long buildId;

    @Column(name = "iteration_id")
    private Long iterationId;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, length = 16)
    private Strategy strategy;

    @Enumerated(EnumType.STRING)
    @Column(length = 8)
    private Slot slot;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, length = 16)
    private DeploymentStatus status;

    @Column(nullable = false)
    private boolean hotfix;

    @Column(name = "rollback_of")
    private Long rollbackOf;

    @Column(name = "started_at", nullable = false)
    private Instant startedAt;

    @Column(name = "finished_at")
    private Instant finishedAt;

    @Column(name = "live_at")
    private Instant liveAt;

    /** Who made it live: the promoter of a blue/green deployment, whoever reported a rolling one's success. */
    @Column(name = "live_by", length = TextLimits.PERSON_NAME)
    private String liveBy;

    @Column(name = "created_by", nullable = false, length = TextLimits.PERSON_NAME)
    private String createdBy;

    @Column(name = "override_reason", length = TextLimits.OVERRIDE_REASON)
    private String overrideReason;

    @Column(name = "override_until")
    private Instant overrideUntil;

    @Column(name = "failure_reason", length = 2000)
    private String failureReason;

    /** Set while a promote runs in the background (cutting over its deploy requests); cleared when it ends. */
    @Column(name = "promotion_started_at")
    private Instant promotionStartedAt;

    @Column(name = "promotion_by", length = TextLimits.PERSON_NAME)
    private String promotionBy;

    /** What the running promote is doing now, in words. */
    @Column(name = "promotion_step", length = 500)
    private String promotionStep;

    @ElementCollection(fetch = FetchType.EAGER)
    @CollectionTable(name = "app_deployment_request", joinColumns = @JoinColumn(name = "deployment_id"))
    @OrderColumn(name = "position")
    private List<DeployRequestRef> deployRequests = new ArrayList<>();

    @Version
    private long version;

    protected ApplicationDeployment() {
    }

    /** What a deployment is of; times are from CI or the clock. */
    record Draft(String environment, String version, String commitSha, Instant committedAt, Long buildId,
            Long iterationId, boolean hotfix, List<DeployRequestRef> deployRequests, String overrideReason) {
    }

    ApplicationDeployment(Draft draft, Strategy strategy, Slot slot, Instant startedAt, String createdBy) {
        this.environment = draft.environment();
        this.appVersion = draft.version();
        this.commitSha = draft.commitSha();
        this.committedAt = draft.committedAt();
        this.buildId = draft.buildId();
        this.iterationId = draft.iterationId();
        this.hotfix = draft.hotfix();
        this.deployRequests = new ArrayList<>(draft.deployRequests());
        this.overrideReason = draft.overrideReason();
        this.strategy = strategy;
        this.slot = slot;
        this.status = DeploymentStatus.IN_PROGRESS;
        this.startedAt = startedAt;
        this.createdBy = createdBy;
    }

    /** A rollback to {@code previous}'s version, undoing {@code undone}; it is live at once. */
    static ApplicationDeployment rollback(ApplicationDeployment undone, ApplicationDeployment previous, Slot slot,
            Instant at, String by, String overrideReason) {
        ApplicationDeployment rollback = new ApplicationDeployment(new Draft(undone.environment, previous.appVersion,
                previous.commitSha, previous.committedAt, previous.buildId, undone.iterationId, false, List.of(),
                overrideReason), undone.strategy, slot, at, by);
        rollback.rollbackOf = undone.id;
        rollback.status = DeploymentStatus.SUCCESS;
        rollback.finishedAt = at;
        rollback.liveAt = at;
        rollback.liveBy = by;
        return rollback;
    }

    /** Finishes the deployment with {@code outcome} at {@code at}; only once (409 otherwise). */
    void finish(DeploymentStatus outcome, Instant at, String reason) {
        if (status.finished()) {
            throw new DomainException.Conflict("deployment_finished", "Deployment " + id + " already finished ("
                    + status.apiName() + ").");
        }
        if (!outcome.finished()) {
            throw new DomainException.InvalidInput("invalid_status", "A deployment in progress can only become "
                    + "success or failed.");
        }
        if (at.isBefore(startedAt)) {
            throw finishBeforeStart(startedAt, at);
        }
        this.status = outcome;
        this.finishedAt = at;
        this.failureReason = reason;
    }

    static DomainException.InvalidInput finishBeforeStart(Instant started, Instant finished) {
        return new DomainException.InvalidInput("finished_before_started", "finished_at (" + finished
                + ") is before started_at (" + started + "): check the clock of the machine reporting it.");
    }

    /** A promote whose deploy requests could not cut over: the deployment failed and never went live. */
    void failPromotion(String reason) {
        this.status = DeploymentStatus.FAILED;
        this.failureReason = reason.length() <= 2000 ? reason : reason.substring(0, 1997) + "...";
    }

    /**
     * Starts a background promote requested by {@code by}; {@code 409 promotion_in_progress} when one already runs
     * (two people pressing Promote at once).
     */
    void startPromotion(Instant at, String by) {
        if (isPromoting()) {
            throw promotionInProgress();
        }
        this.promotionStartedAt = at;
        this.promotionBy = by;
        this.promotionStep = "Waiting for the promote job to start.";
    }

    DomainException.Conflict promotionInProgress() {
        return new DomainException.Conflict("promotion_in_progress", "Deployment " + id + " of " + appVersion
                + " is being promoted (" + promotionStep + "); wait for it to finish.");
    }

    void promotionStep(String step) {
        this.promotionStep = step.length() <= 500 ? step : step.substring(0, 497) + "...";
    }

    /** The background promote ended, live or failed. */
    void endPromotion() {
        this.promotionStartedAt = null;
        this.promotionBy = null;
        this.promotionStep = null;
    }

    public boolean isPromoting() {
        return promotionStartedAt != null;
    }

    public Instant getPromotionStartedAt() {
        return promotionStartedAt;
    }

    public String getPromotionBy() {
        return promotionBy;
    }

    public String getPromotionStep() {
        return promotionStep;
    }

    void goLive(Instant at, String by, String overrideReason) {
        this.liveAt = at;
        this.liveBy = by;
        if (overrideReason != null) {
            this.overrideReason = overrideReason;
        }
    }

    /** An admin's override of the freeze that ends at {@code until}; it covers that freeze, not later ones. */
    void override(String reason, Instant until) {
        this.overrideReason = reason;
        this.overrideUntil = until;
    }

    /** The end of the freeze an admin overrode for this deployment, or {@code null}. */
    public Instant getOverrideUntil() {
        return overrideUntil;
    }

    public boolean isRollback() {
        return rollbackOf != null;
    }

    public Long getId() {
        return id;
    }

    public String getEnvironment() {
        return environment;
    }

    public String getAppVersion() {
        return appVersion;
    }

    public String getCommitSha() {
        return commitSha;
    }

    public Instant getCommittedAt() {
        return committedAt;
    }

    public Long getBuildId() {
        return buildId;
    }

    public Long getIterationId() {
        return iterationId;
    }

    public Strategy getStrategy() {
        return strategy;
    }

    public Slot getSlot() {
        return slot;
    }

    public DeploymentStatus getStatus() {
        return status;
    }

    public boolean isHotfix() {
        return hotfix;
    }

    public Long getRollbackOf() {
        return rollbackOf;
    }

    public Instant getStartedAt() {
        return startedAt;
    }

    public Instant getFinishedAt() {
        return finishedAt;
    }

    public Instant getLiveAt() {
        return liveAt;
    }

    public String getLiveBy() {
        return liveBy;
    }

    public String getCreatedBy() {
        return createdBy;
    }

    public String getOverrideReason() {
        return overrideReason;
    }

    public String getFailureReason() {
        return failureReason;
    }

    public List<DeployRequestRef> getDeployRequests() {
        return List.copyOf(deployRequests);
    }
}
