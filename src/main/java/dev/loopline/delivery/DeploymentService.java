package dev.loopline.delivery;

import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

import dev.loopline.common.Actor;
import dev.loopline.common.CurrentActor;
import dev.loopline.common.DomainException;
import dev.loopline.common.Role;
import dev.loopline.common.TextLimits;
import dev.loopline.iteration.IterationService;
import dev.loopline.pipeline.BuildService;

/**
 * Application deployments: reported by CI or made in the UI (operators), finished, promoted into the live slot of a
 * blue/green environment (after cutting over the deploy requests they carry) and rolled back. Inside a freeze window
 * of the environment every change is {@code 409 deploy_freeze} unless an admin overrides it with a reason, which is
 * audited and kept on the deployment. Times are UTC instants; CI may send its own, checked for finish-before-start.
 */
@Service
public class DeploymentService {

    private final ApplicationDeploymentRepository deployments;
    private final EnvironmentRepository environmentRepository;
    private final EnvironmentService environments;
    private final FreezeService freezes;
    private final DeployRequestCutover cutover;
    private final PromotionJobs.Kick promotions;
    private final ObjectProvider<IterationService> iterations;
    private final ObjectProvider<BuildService> builds;
    private final ApplicationEventPublisher events;
    private final TransactionTemplate tx;
    private final Clock clock;

    DeploymentService(ApplicationDeploymentRepository deployments, EnvironmentRepository environmentRepository,
            EnvironmentService environments, FreezeService freezes, DeployRequestCutover cutover,
            PromotionJobs.Kick promotions, ObjectProvider<IterationService> iterations, ObjectProvider<BuildService> builds,
            ApplicationEventPublisher events, TransactionTemplate tx, Clock clock) {
        this.deployments = deployments;
        this.environmentRepository = environmentRepository;
        this.environments = environments;
        this.freezes = freezes;
        this.cutover = cutover;
        this.promotions = promotions;
        this.iterations = iterations;
        this.builds = builds;
        this.events = events;
        this.tx = tx;
        this.clock = clock;
    }

    /**
     * A deployment as reported. {@code status} defaults to in progress, {@code startedAt} to now; {@code finishedAt}
     * only counts for a finished status.
     */
    public record Report(String environment, String version, String commitSha, Instant committedAt, Long buildId,
            Long iterationId, String status, List<DeployRequestRef> deployRequests, boolean hotfix, Instant startedAt,
            Instant finishedAt, String overrideReason) {
    }

    /**
     * Records a deployment starting (or already finished). {@code 404} unknown environment, iteration, build or
     * deploy request; {@code 400} bad input or finish before start; {@code 409 deploy_freeze} inside a freeze without an
     * admin's override; {@code 409 slot_busy} when the target slot (blue/green) or the environment (rolling) is
     * mid-deployment.
     */
    public ApplicationDeployment report(Report report) {
        Actor actor = CurrentActor.require(Role.OPERATOR, "deploy");
        Environment environment = environments.get(report.environment());
        String version = report.version() == null ? "" : report.version().trim();
        if (version.isEmpty()) {
            throw new DomainException.InvalidInput("invalid_version", "Name the version being deployed (version).");
        }
        TextLimits.require("version", version, TextLimits.APP_VERSION);
        TextLimits.require("commit_sha", report.commitSha(), TextLimits.COMMIT_SHA);
        DeploymentStatus status = report.status() == null ? DeploymentStatus.IN_PROGRESS
                : DeploymentStatus.fromApiName(report.status());
        Instant now = clock.instant();
        Instant started = report.startedAt() == null ? now : report.startedAt();
        Instant finished = report.finishedAt() == null ? (started.isAfter(now) ? started : now) : report.finishedAt();
        if (report.finishedAt() != null && finished.isBefore(started)) {
            throw ApplicationDeployment.finishBeforeStart(started, finished);
        }
        if (report.iterationId() != null) {
            iterations.getObject().get(report.iterationId());
        }
        if (report.buildId() != null) {
            builds.getObject().get(report.buildId());
        }
        List<DeployRequestRef> refs = report.deployRequests() == null ? List.of() : List.copyOf(report.deployRequests());
        cutover.requireExisting(refs);
        String override = checkFreeze(environment, report.overrideReason(), actor);
        ApplicationDeployment created = tx.execute(s -> {
            Environment env = environmentRepository.lockByName(environment.getName()).orElseThrow();
            Slot slot = env.getStrategy() == Strategy.BLUE_GREEN ? env.idleSlot() : null;
            requireIdle(env, slot);
            ApplicationDeployment deployment = deployments.saveAndFlush(new ApplicationDeployment(
                    new ApplicationDeployment.Draft(env.getName(), version, blankToNull(report.commitSha()),
                            report.committedAt(), report.buildId(), report.iterationId(), report.hotfix(), refs, override),
                    env.getStrategy(), slot, started, actor.displayName()));
            if (slot != null) {
                env.placeInSlot(slot, deployment.getId());
            }
            events.publishEvent(new DeliveryEvents.DeploymentStarted(deployment.getId(), env.getName(), version,
                    slot == null ? null : slot.apiName()));
            if (override != null) {
                deployment.override(override, frozenUntil(env));
                events.publishEvent(new DeliveryEvents.FreezeOverridden(deployment.getId(), env.getName(), version,
                        freezeLabel(env), override));
            }
            if (status.finished()) {
                finish(env, deployment, status, finished, null);
            }
            return deployment;
        });
        return created;
    }

    private void requireIdle(Environment env, Slot slot) {
        if (slot != null) {
            Long current = env.deploymentIn(slot);
            if (current != null && deployments.findById(current)
                    .map(d -> d.getStatus() == DeploymentStatus.IN_PROGRESS || d.isPromoting()).orElse(false)) {
                throw new DomainException.Conflict("slot_busy", "The " + slot.apiName() + " slot of " + env.getName()
                        + " is mid-deployment (deployment " + current + "): finish it (success or failed) first.");
            }
        }
        else {
            deployments.findByEnvironmentAndStatus(env.getName(), DeploymentStatus.IN_PROGRESS).stream().findFirst()
                    .ifPresent(busy -> {
                        throw new DomainException.Conflict("slot_busy", env.getName() + " is mid-deployment (deployment "
                                + busy.getId() + "): finish it (success or failed) first.");
                    });
        }
    }

    /** Finishes a deployment: success or failed, at {@code finishedAt} (default now). A rolling success goes live. */
    public ApplicationDeployment finish(long id, String status, Instant finishedAt) {
        CurrentActor.require(Role.OPERATOR, "finish deployments");
        if (status == null) {
            throw new DomainException.InvalidInput("invalid_status", "Give the deployment's status: success or failed.");
        }
        DeploymentStatus outcome = DeploymentStatus.fromApiName(status);
        get(id);
        return tx.execute(s -> {
            ApplicationDeployment deployment = deployments.findById(id).orElseThrow();
            Environment env = environmentRepository.lockByName(deployment.getEnvironment()).orElseThrow();
            finish(env, deployment, outcome, finishedAt == null ? clock.instant() : finishedAt, null);
            return deployments.save(deployment);
        });
    }

    private void finish(Environment env, ApplicationDeployment deployment, DeploymentStatus outcome, Instant at,
            String reason) {
        deployment.finish(outcome, at, reason);
        if (outcome == DeploymentStatus.FAILED) {
            events.publishEvent(new DeliveryEvents.DeploymentFailed(deployment.getId(), env.getName(),
                    deployment.getAppVersion(), reason));
            return;
        }
        boolean live = env.getStrategy() == Strategy.ROLLING;
        if (live) {
            env.goLive(null, deployment.getId());
            deployment.goLive(at, CurrentActor.get().displayName(), null);
        }
        events.publishEvent(new DeliveryEvents.DeploymentSucceeded(deployment.getId(), env.getName(),
                deployment.getAppVersion(), live));
    }

    /**
     * Makes a successful blue/green deployment live. Without deploy requests the slot switches at once. With deploy
     * requests the promote runs in the background ({@link #runPromotions()}, the {@code delivery.promotions} job, which
     * resumes after a restart): the answer is the deployment with {@link ApplicationDeployment#isPromoting()} set;
     * the job cuts the requests over and switches the slot only when all did, otherwise it marks the deployment
     * failed and the old slot stays live. {@code 409} for a failed, unfinished, replaced or already live deployment,
     * one being promoted ({@code promotion_in_progress}), a rolling environment, or a freeze without an admin's
     * override.
     */
    public ApplicationDeployment promote(long id, String overrideReason) {
        Actor actor = CurrentActor.require(Role.OPERATOR, "promote deployments");
        ApplicationDeployment deployment = get(id);
        Environment environment = environments.get(deployment.getEnvironment());
        requirePromotable(deployment, environment);
        String override = checkFreeze(environment, overrideReason, actor);
        cutover.requireWindowsOpen(deployment.getDeployRequests());
        boolean background = !deployment.getDeployRequests().isEmpty();
        return tx.execute(s -> {
            Environment env = environmentRepository.lockByName(environment.getName()).orElseThrow();
            ApplicationDeployment fresh = deployments.findById(id).orElseThrow();
            // checked again under the environment's lock: a second promote (or a rollback) may have won the race
            requirePromotable(fresh, env);
            if (override != null) {
                // recorded before the cutover: the deploy requests it carries may then cross the freeze too
                fresh.override(override, frozenUntil(env));
                events.publishEvent(new DeliveryEvents.FreezeOverridden(id, env.getName(), fresh.getAppVersion(),
                        freezeLabel(env), override));
            }
            if (background) {
                fresh.startPromotion(clock.instant(), actor.displayName());
                promotions.runSoon();
            }
            else {
                goLive(env, fresh, actor.displayName(), override);
            }
            return deployments.save(fresh);
        });
    }

    private void requirePromotable(ApplicationDeployment deployment, Environment environment) {
        long id = deployment.getId();
        if (deployment.getStrategy() != Strategy.BLUE_GREEN || deployment.getSlot() == null) {
            throw new DomainException.Conflict("not_blue_green", "Deployment " + id + " is a rolling deployment: it is "
                    + "live as soon as it succeeds; there is nothing to promote.");
        }
        if (deployment.isPromoting()) {
            throw deployment.promotionInProgress();
        }
        switch (deployment.getStatus()) {
            case FAILED -> throw new DomainException.Conflict("deployment_failed", "Deployment " + id + " of "
                    + deployment.getAppVersion() + " failed" + (deployment.getFailureReason() == null ? ""
                            : " (" + deployment.getFailureReason() + ")") + "; it cannot be promoted. Deploy again.");
            case IN_PROGRESS -> throw new DomainException.Conflict("deployment_in_progress", "Deployment " + id
                    + " is still in progress; promote it once it succeeded.");
            default -> { }
        }
        if (Long.valueOf(id).equals(environment.getLiveDeploymentId())) {
            throw new DomainException.Conflict("already_live", "Deployment " + id + " is already live on "
                    + environment.getName() + ".");
        }
        if (!Long.valueOf(id).equals(environment.deploymentIn(deployment.getSlot()))) {
            throw new DomainException.Conflict("deployment_replaced", "The " + deployment.getSlot().apiName()
                    + " slot of " + environment.getName() + " now holds deployment "
                    + environment.deploymentIn(deployment.getSlot()) + "; promote that one.");
        }
    }

    private void goLive(Environment env, ApplicationDeployment deployment, String by, String override) {
        env.goLive(deployment.getSlot(), deployment.getId());
        deployment.goLive(clock.instant(), by, null);
        deployment.endPromotion();
        events.publishEvent(new DeliveryEvents.DeploymentPromoted(deployment.getId(), env.getName(),
                deployment.getAppVersion(), deployment.getSlot().apiName(), override));
    }

    /**
     * Waits (polling) until deployment {@code id} is no longer being promoted, up to {@code limit}; for
     * {@code ?wait=true}. Returns the deployment as it then is (live, failed, or still promoting at the limit).
     */
    public ApplicationDeployment awaitPromotion(long id, java.time.Duration limit) {
        return dev.loopline.common.Waiting.until(() -> get(id), d -> !d.isPromoting(), limit);
    }

    /**
     * Runs the promotes waiting in the background, oldest first: cuts each one's deploy requests over (recording the
     * step), then switches its slot, or marks it failed with the reason and keeps the old slot live. Called by the
     * {@code delivery.promotions} job; after a restart it picks the promote up again (cutovers already done pass).
     * Returns what it did, in words.
     */
    String runPromotions() {
        List<ApplicationDeployment> waiting = deployments.findByPromotionStartedAtIsNotNullOrderByPromotionStartedAtAsc();
        int live = 0;
        int failed = 0;
        for (ApplicationDeployment deployment : waiting) {
            if (runPromotion(deployment)) {
                live++;
            }
            else {
                failed++;
            }
        }
        return waiting.isEmpty() ? "No promote waiting." : live + " promote(s) went live, " + failed + " failed.";
    }

    private boolean runPromotion(ApplicationDeployment deployment) {
        long id = deployment.getId();
        Optional<String> failure;
        try {
            failure = cutover.cutOver(deployment.getDeployRequests(), step -> tx.executeWithoutResult(s ->
                    deployments.findById(id).ifPresent(d -> d.promotionStep(step))));
        }
        catch (RuntimeException e) {
            failure = Optional.of(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
        }
        if (failure.isPresent()) {
            String reason = "Promote stopped, " + deployment.getEnvironment() + " stays on its live slot: "
                    + failure.get();
            tx.executeWithoutResult(s -> {
                ApplicationDeployment fresh = deployments.findById(id).orElseThrow();
                fresh.failPromotion(reason);
                fresh.endPromotion();
                events.publishEvent(new DeliveryEvents.DeploymentFailed(id, fresh.getEnvironment(),
                        fresh.getAppVersion(), reason));
            });
            return false;
        }
        tx.executeWithoutResult(s -> {
            ApplicationDeployment fresh = deployments.findById(id).orElseThrow();
            Environment env = environmentRepository.lockByName(fresh.getEnvironment()).orElseThrow();
            goLive(env, fresh, fresh.getPromotionBy() == null ? "system" : fresh.getPromotionBy(),
                    fresh.getOverrideReason());
        });
        return true;
    }

    /**
     * Rolls the live deployment {@code id} back: a blue/green environment makes its other slot live again, a rolling
     * one goes back to the version live before. Recorded as a new, live deployment with {@code rollback_of = id}.
     * {@code 409} when {@code id} is not live, there is nothing to go back to, or inside a freeze without override.
     * Deploy requests are not reverted here: their revert window is on the environment page.
     */
    public ApplicationDeployment rollback(long id, String overrideReason) {
        Actor actor = CurrentActor.require(Role.OPERATOR, "roll deployments back");
        ApplicationDeployment undone = get(id);
        Environment environment = environments.get(undone.getEnvironment());
        if (!Long.valueOf(id).equals(environment.getLiveDeploymentId())) {
            throw new DomainException.Conflict("not_live", "Deployment " + id + " is not live on "
                    + environment.getName() + "; only the live deployment can be rolled back.");
        }
        if (undone.getSlot() != null) {
            Optional.ofNullable(environment.deploymentIn(undone.getSlot().other())).flatMap(deployments::findById)
                    .filter(ApplicationDeployment::isPromoting).ifPresent(promoting -> {
                        throw promoting.promotionInProgress();
                    });
        }
        ApplicationDeployment previous = previousOf(environment, undone).orElseThrow(() -> new DomainException.Conflict(
                "nothing_to_roll_back_to", environment.getName() + " has no earlier successful version to go back to."));
        String override = checkFreeze(environment, overrideReason, actor);
        return tx.execute(s -> {
            Environment env = environmentRepository.lockByName(environment.getName()).orElseThrow();
            if (!Long.valueOf(id).equals(env.getLiveDeploymentId())) {
                // someone else rolled back (or promoted) first
                throw new DomainException.Conflict("not_live", "Deployment " + id + " is no longer live on "
                        + env.getName() + "; only the live deployment can be rolled back.");
            }
            Slot slot = undone.getSlot() == null ? null : undone.getSlot().other();
            ApplicationDeployment rollback = deployments.saveAndFlush(ApplicationDeployment.rollback(undone, previous,
                    slot, clock.instant(), actor.displayName(), override));
            env.goLive(slot, rollback.getId());
            events.publishEvent(new DeliveryEvents.DeploymentRolledBack(rollback.getId(), env.getName(),
                    rollback.getAppVersion(), id, undone.getAppVersion(), override));
            return rollback;
        });
    }

    /** What a rollback of the live {@code undone} returns to: the other slot's version, or the version live before. */
    private Optional<ApplicationDeployment> previousOf(Environment env, ApplicationDeployment undone) {
        if (undone.getSlot() != null) {
            Long other = env.deploymentIn(undone.getSlot().other());
            return Optional.ofNullable(other).flatMap(deployments::findById)
                    .filter(d -> d.getStatus() == DeploymentStatus.SUCCESS);
        }
        return deployments.findByEnvironmentInOrderByStartedAtAscIdAsc(List.of(env.getName())).stream()
                .filter(d -> d.getLiveAt() != null && !d.getId().equals(undone.getId())
                        && d.getLiveAt().isBefore(undone.getLiveAt()))
                .max(Comparator.comparing(ApplicationDeployment::getLiveAt).thenComparing(ApplicationDeployment::getId));
    }

    /**
     * {@code null} when the environment is not frozen; the override reason when an admin gave one; otherwise
     * {@code 409 deploy_freeze} naming the window and its end (or {@code 403} for a non-admin's override).
     */
    private String checkFreeze(Environment environment, String overrideReason, Actor actor) {
        Optional<FreezeSchedule.Window> frozen = freezes.frozenNow(environment.getName());
        if (frozen.isEmpty()) {
            return null;
        }
        String reason = overrideReason == null ? "" : overrideReason.trim();
        if (reason.isEmpty()) {
            throw new DomainException.Conflict("deploy_freeze", environment.getName() + " is frozen ("
                    + frozen.get().label() + ") until " + frozen.get().end() + ". An admin may override the freeze with "
                    + "a written reason (override_reason).");
        }
        if (!actor.has(Role.ADMIN)) {
            throw new DomainException.Forbidden("forbidden", "Only admins may override a freeze of "
                    + environment.getName() + ".");
        }
        return TextLimits.require("override_reason", reason, TextLimits.OVERRIDE_REASON);
    }

    private Instant frozenUntil(Environment environment) {
        return freezes.frozenNow(environment.getName()).map(FreezeSchedule.Window::end).orElse(null);
    }

    private String freezeLabel(Environment environment) {
        return freezes.frozenNow(environment.getName()).map(w -> w.label() + ", until " + w.end()).orElse("freeze");
    }

    public ApplicationDeployment get(long id) {
        return deployments.findById(id).orElseThrow(() -> new DomainException.NotFound("Deployment", id));
    }

    /** Deployments, newest first; each filter may be {@code null}. {@code 404} for an unknown environment. */
    public List<ApplicationDeployment> list(String environment, Long iterationId, String status) {
        if (environment != null) {
            environments.get(environment);
        }
        return deployments.search(environment, iterationId, status == null ? null : DeploymentStatus.fromApiName(status));
    }

    /** The deployments of an iteration, newest first. */
    public List<ApplicationDeployment> ofIteration(long iterationId) {
        return deployments.findByIterationIdOrderByStartedAtDescIdDesc(iterationId);
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}
