package dev.loopline.deployrequest;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

import dev.loopline.common.CurrentActor;
import dev.loopline.common.DomainException;
import dev.loopline.common.Role;
import dev.loopline.schema.SchemaSnapshot;
import dev.loopline.schema.TableChange;
import tools.jackson.databind.json.JsonMapper;

/**
 * What operators do with an approved deploy request: deploy (into the target's serial queue), apply a gated
 * cutover, cancel before cutover, revert or skip the revert window, and unblock a queue a failure stopped.
 * The work itself is done by {@link DeployRunner} in a Quartz job.
 */
@Service
public class DeployService {

    private final DeployRequestService requests;
    private final DeployRequestRepository requestRepository;
    private final DeploymentRepository deployments;
    private final QueueBlockRepository blocks;
    private final DeployRunner runner;
    private final Scheduler scheduler;
    private final ApplicationEventPublisher events;
    private final TransactionTemplate tx;
    private final Clock clock;
    private final java.util.List<DeployWindow> windows;
    private final JsonMapper json = JsonMapper.builder().build();

    DeployService(DeployRequestService requests, DeployRequestRepository requestRepository, DeploymentRepository deployments,
            QueueBlockRepository blocks, DeployRunner runner, Scheduler scheduler, ApplicationEventPublisher events,
            TransactionTemplate tx, Clock clock, java.util.List<DeployWindow> windows) {
        this.windows = windows;
        this.requests = requests;
        this.requestRepository = requestRepository;
        this.deployments = deployments;
        this.blocks = blocks;
        this.runner = runner;
        this.scheduler = scheduler;
        this.events = events;
        this.tx = tx;
        this.clock = clock;
    }

    public Optional<Deployment> deploymentOf(DeployRequest request) {
        return deployments.findByDeployRequestId(request.getId());
    }

    public Optional<QueueBlock> blockOf(String database, String intoBranch) {
        return blocks.findById(new QueueBlock.Key(database, intoBranch));
    }

    /** Queues an approved, lint-clean, conflict-free request on its target's serial queue. */
    public DeployRequest deploy(String database, int number) {
        CurrentActor.require(Role.OPERATOR, "deploy");
        DeployRequest request = requests.get(database, number);
        request.requireOpen();
        requireWindowOpen(request);
        DeployAnalysis analysis = requests.analyse(request);
        requests.dismissStaleApprovals(request, analysis.branchSchema());
        List<String> missing = blockers(request, analysis);
        if (!missing.isEmpty()) {
            throw new DomainException.Conflict("deploy_not_allowed", "Cannot deploy #" + number + ": "
                    + String.join("; ", missing) + ".");
        }
        List<DeploymentOperation> operations = new ArrayList<>();
        int position = 0;
        for (TableChange change : analysis.diff().tables()) {
            operations.add(new DeploymentOperation(position++, change.schema(), change.table(), change.kind(),
                    tableJson(analysis.targetSchema(), change.schema(), change.table()),
                    tableJson(analysis.branchSchema(), change.schema(), change.table()),
                    json.writeValueAsString(change.statements())));
        }
        DeployRequest queued = tx.execute(status -> {
            DeployRequest fresh = requests.get(database, number);
            fresh.queue();
            deployments.findByDeployRequestId(fresh.getId()).ifPresent(deployments::delete);
            deployments.flush();
            Deployment deployment = new Deployment(fresh, operations, clock.instant());
            deployment.schemas(json.writeValueAsString(analysis.targetSchema()),
                    json.writeValueAsString(analysis.resultSchema()));
            deployments.save(deployment);
            events.publishEvent(new DeployRequestEvents.DeploymentStep(database, number, "queued", "Queued #" + number
                    + " for deploy into " + fresh.getIntoBranch() + " (" + dev.loopline.common.Quantities.count(operations.size(), "table") + ")."));
            kickAfterCommit();
            return requestRepository.save(fresh);
        });
        return queued;
    }

    /**
     * Why {@code request} cannot be deployed now, one sentence fragment per reason (not approved, lint errors,
     * conflicts, renames unconfirmed, no changes, queue blocked); empty when it can. The deploy button and
     * {@link #deploy} both ask here.
     */
    public List<String> blockers(DeployRequest request, DeployAnalysis analysis) {
        List<String> missing = new ArrayList<>();
        if (!requests.isApproved(request)) {
            missing.add("it is not approved yet (it needs the database's required approvals from operators or admins "
                    + "other than its author)");
        }
        if (!analysis.errors().isEmpty()) {
            missing.add("lint errors: " + String.join(", ", analysis.errors().stream().map(e -> e.code().replace('_', ' ') + " on " + e.table()).toList()));
        }
        if (!analysis.conflicts().isEmpty()) {
            missing.add("conflicts on " + String.join(", ", analysis.conflicts().stream().map(c -> c.table()).toList()));
        }
        List<String> renames = analysis.warnings().stream().filter(w -> w.code().equals("possible_rename"))
                .map(w -> w.table() + " (" + w.message() + ")").toList();
        if (!renames.isEmpty() && !requests.isRenameConfirmed(request)) {
            missing.add("its author has not confirmed that these are not renames, which would lose the dropped "
                    + "columns' or tables' data: " + String.join("; ", renames));
        }
        if (analysis.diff().isEmpty()) {
            missing.add("there are no changes to deploy");
        }
        blockOf(request.getDatabase(), request.getIntoBranch()).ifPresent(block -> missing.add("the deploy queue of "
                + request.getIntoBranch() + " is blocked by a failed deploy (" + block.getReason() + "); an operator must unblock it"));
        return missing;
    }

    /**
     * Why {@code database#number} may not change its target branch now (a freeze window), or empty when it may.
     * {@link #deploy} and {@link #apply} refuse then with {@code 409 deploy_freeze}; the runner waits.
     */
    public Optional<DeployWindow.Closure> closure(String database, int number) {
        DeployRequest request = requests.get(database, number);
        return DeployWindows.closure(windows, request);
    }

    private void requireWindowOpen(DeployRequest request) {
        DeployWindows.closure(windows, request).ifPresent(closed -> {
            throw new DomainException.Conflict("deploy_freeze", "Cannot change " + request.getIntoBranch() + " with #"
                    + request.getNumber() + " now: " + closed.message());
        });
    }

    private String tableJson(SchemaSnapshot snapshot, String schema, String table) {
        return snapshot.exactTable(schema, table).map(json::writeValueAsString).orElse(null);
    }

    public DeployRequest apply(String database, int number) {
        CurrentActor.require(Role.OPERATOR, "apply deploys");
        requireWindowOpen(requests.get(database, number));
        return step(database, number, request -> {
            request.apply();
            kickAfterCommit();
        }, "apply_requested", "Cutover of #" + number + " requested.");
    }

    public DeployRequest cancel(String database, int number) {
        CurrentActor.require(Role.OPERATOR, "cancel deploys");
        return step(database, number, request -> {
            request.cancel();
            kickAfterCommit();
        }, "cancelled", "Cancelled the deploy of #" + number + " before its cutover.");
    }

    /** Swaps the old schema back in; writes made since the cutover are kept. */
    public DeployRequest revert(String database, int number) {
        CurrentActor.require(Role.OPERATOR, "revert deploys");
        runner.revertBlocker(requests.get(database, number)).ifPresent(reason -> {
            throw new DomainException.Conflict("revert_unavailable", "#" + number + " cannot be reverted without losing "
                    + "writes: the old table could not take one made since the cutover (" + reason + "). Close the "
                    + "revert window (skip revert) or deploy a new change instead.");
        });
        step(database, number, DeployRequest::startRevert, "revert_started", "Reverting #" + number + ".");
        runner.revert(requests.get(database, number));
        return requests.get(database, number);
    }

    /** Why the request's revert would lose writes, or empty; see {@link DeployRunner#revertBlocker}. */
    public java.util.Optional<String> revertBlocker(String database, int number) {
        return runner.revertBlocker(requests.get(database, number));
    }

    /** Closes the revert window early: the old tables are dropped. */
    public DeployRequest skipRevert(String database, int number) {
        CurrentActor.require(Role.OPERATOR, "skip the revert window");
        DeployRequest request = requests.get(database, number);
        if (request.getDeploymentState() != DeploymentState.COMPLETE_PENDING_REVERT) {
            throw new DomainException.Conflict("wrong_deployment_state", "#" + number + " has no open revert window.");
        }
        runner.closeWindow(request);
        return requests.get(database, number);
    }

    private static final java.util.Set<DeploymentState> WORKING = java.util.EnumSet.of(DeploymentState.QUEUED,
            DeploymentState.IN_PROGRESS, DeploymentState.IN_PROGRESS_CUTOVER, DeploymentState.IN_PROGRESS_REVERT);

    /** Waits (polling) until the deploy is no longer queued or working, up to {@code limit}; for {@code ?wait=true}. */
    public DeployRequest awaitSettled(String database, int number, java.time.Duration limit) {
        return dev.loopline.common.Waiting.until(() -> requests.get(database, number),
                request -> !WORKING.contains(request.getDeploymentState()), limit);
    }

    public void unblock(String database, String intoBranch) {
        CurrentActor.require(Role.OPERATOR, "unblock deploy queues");
        tx.executeWithoutResult(status -> {
            blocks.deleteById(new QueueBlock.Key(database, intoBranch));
            events.publishEvent(new DeployRequestEvents.QueueUnblocked(database, intoBranch));
            kickAfterCommit();
        });
    }

    private DeployRequest step(String database, int number, java.util.function.Consumer<DeployRequest> transition,
            String step, String details) {
        return tx.execute(status -> {
            DeployRequest request = requests.get(database, number);
            transition.accept(request);
            events.publishEvent(new DeployRequestEvents.DeploymentStep(database, number, step, details));
            return requestRepository.save(request);
        });
    }

    /** Runs the deploy job as soon as the current transaction has committed. */
    private void kickAfterCommit() {
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                try {
                    scheduler.triggerJob(DeployJobs.RUNNER);
                }
                catch (SchedulerException e) {
                    // the runner's own trigger picks the work up within seconds
                }
            }
        });
    }

}
