package dev.loopline.deployrequest;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import dev.loopline.database.BranchService;
import dev.loopline.database.DatabaseService;
import dev.loopline.database.OnlineChange;
import dev.loopline.engine.EngineBusyException;
import dev.loopline.engine.EngineException;
import dev.loopline.engine.OnlineMigrator;
import dev.loopline.engine.ShadowPlan;
import dev.loopline.schema.SchemaSnapshot;
import dev.loopline.schema.TableChange.Kind;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Does the deploy work, one deployment at a time, resumable at any step: new tables are created, changed tables
 * get a shadow filled in key-ordered chunks (progress saved after each chunk) while triggers mirror writes, then
 * everything is swapped in one short pause and the revert window opens. Called by the Quartz deploy job.
 */
@Component
class DeployRunner {

    private static final Logger log = LoggerFactory.getLogger(DeployRunner.class);
    /** Most rows per chunk ({@code loopline.deploy.chunk-size}); chunks are sized to {@link #chunkTarget} below it. */
    private final int chunkSize;
    private final Duration chunkTarget;
    /** Set when Loopline shuts down: the copy stops between chunks, its progress saved, and resumes on the next start. */
    private volatile boolean stopping;
    static final Duration LOCK_TIMEOUT = Duration.ofSeconds(2);
    static final int CUTOVER_ATTEMPTS = 5;
    /**
     * How long the end of a copy keeps trying again while application transactions that the copy must follow stay
     * open ({@link EngineBusyException}) before the deployment fails with their reason.
     */
    static final Duration COPY_END_WAIT = Duration.ofMinutes(10);
    private static final Set<DeploymentState> BUSY = EnumSet.of(DeploymentState.IN_PROGRESS,
            DeploymentState.PENDING_CUTOVER, DeploymentState.IN_PROGRESS_CUTOVER);

    private final DeployRequestRepository requests;
    private final DeploymentRepository deployments;
    private final QueueBlockRepository blocks;
    private final BranchService branches;
    private final DatabaseService databases;
    private final ApplicationEventPublisher events;
    private final TransactionTemplate tx;
    private final Clock clock;
    private final DataLint dataLint;
    private final List<DeployWindow> windows;
    private final JsonMapper json = JsonMapper.builder().build();
    private final SchemaObjectSteps objects = new SchemaObjectSteps(json);

    DeployRunner(DeployRequestRepository requests, DeploymentRepository deployments, QueueBlockRepository blocks,
            BranchService branches, DatabaseService databases, ApplicationEventPublisher events, TransactionTemplate tx,
            Clock clock, @org.springframework.beans.factory.annotation.Value("${loopline.deploy.chunk-size:50000}") int chunkSize,
            @org.springframework.beans.factory.annotation.Value("${loopline.deploy.chunk-target:20ms}") Duration chunkTarget,
            DataLint dataLint, List<DeployWindow> windows) {
        this.windows = windows;
        this.dataLint = dataLint;
        this.chunkSize = chunkSize;
        this.chunkTarget = chunkTarget;
        this.requests = requests;
        this.deployments = deployments;
        this.blocks = blocks;
        this.branches = branches;
        this.databases = databases;
        this.events = events;
        this.tx = tx;
        this.clock = clock;
    }

    @org.springframework.context.event.EventListener(org.springframework.context.event.ContextClosedEvent.class)
    void stop() {
        stopping = true;
    }

    /** Works through everything runnable: cleans up cancelled runs, resumes running ones, starts queued ones. */
    String runAll() {
        int worked = 0;
        List<DeployRequest> candidates = requests.findByDeploymentStateInOrderByIdAsc(EnumSet.of(DeploymentState.CANCELLED,
                DeploymentState.IN_PROGRESS, DeploymentState.IN_PROGRESS_CUTOVER, DeploymentState.QUEUED));
        for (DeployRequest request : candidates) {
            Deployment deployment = deployments.findByDeployRequestId(request.getId()).orElse(null);
            if (deployment == null) {
                continue;
            }
            if (request.getDeploymentState() == DeploymentState.CANCELLED) {
                if (deployment.getFinishedAt() == null) {
                    cleanUp(deployment);
                    worked++;
                }
                continue;
            }
            if (request.getDeploymentState() == DeploymentState.QUEUED) {
                if (blocks.existsById(new QueueBlock.Key(request.getDatabase(), request.getIntoBranch()))
                        || targetBusy(request) || waitsForWindow(request, deployment)) {
                    continue;
                }
                transition(request, DeployRequest::start, "started", "Started deploying #" + request.getNumber() + ".");
                tx.executeWithoutResult(s -> deployments.findById(deployment.getId()).orElseThrow().started(clock.instant()));
            }
            run(requests.findById(request.getId()).orElseThrow());
            worked++;
        }
        return worked == 0 ? "Nothing to deploy." : "Worked on " + dev.loopline.common.Quantities.count(worked, "deployment") + ".";
    }

    /**
     * Whether a closed {@link DeployWindow} (a freeze) holds the request back; it then waits, saying why on its
     * deployment, and the runner's next round asks again.
     */
    private boolean waitsForWindow(DeployRequest request, Deployment deployment) {
        var closed = DeployWindows.closure(windows, request);
        closed.ifPresent(window -> {
            String message = "Waiting: " + window.message();
            tx.executeWithoutResult(s -> {
                Deployment fresh = deployments.findById(deployment.getId()).orElseThrow();
                if (!message.equals(fresh.getStatusMessage())) {
                    fresh.status(message);
                }
            });
        });
        return closed.isPresent();
    }

    private boolean targetBusy(DeployRequest request) {
        return requests.findByDeploymentStateInOrderByIdAsc(BUSY).stream().anyMatch(other -> !other.getId()
                .equals(request.getId()) && other.getDatabase().equals(request.getDatabase())
                && other.getIntoBranch().equals(request.getIntoBranch()));
    }

    private void run(DeployRequest request) {
        Deployment deployment = deployments.findByDeployRequestId(request.getId()).orElseThrow();
        OnlineChange target = branches.onlineChange(branches.get(request.getDatabase(), request.getIntoBranch()));
        try {
            if (request.getDeploymentState() == DeploymentState.IN_PROGRESS) {
                recheckData(request, deployment);
                objects.prepare(target, objects.result(deployment));
                for (DeploymentOperation operation : deployment.getOperations()) {
                    if (!prepareAndCopy(target, deployment, operation)) {
                        return;
                    }
                }
                tx.executeWithoutResult(s -> deployments.findById(deployment.getId()).orElseThrow().readyToCutover(clock.instant()));
                request = transition(request, DeployRequest::copied, "ready_to_cutover", "All rows of #"
                        + request.getNumber() + " are copied" + (request.isAutoApply() ? "; cutting over." : "; waiting for Apply."));
            }
            if (request.getDeploymentState() == DeploymentState.IN_PROGRESS_CUTOVER) {
                if (waitsForWindow(request, deployment)) {
                    return;
                }
                cutOver(target, request, deployments.findById(deployment.getId()).orElseThrow());
            }
        }
        catch (RuntimeException e) {
            fail(request, deployment, target, e);
        }
    }

    /**
     * Production's rows may have changed since the request was analysed: tables not yet prepared are checked again
     * before anything is created or copied, and the deploy fails with the reason instead of halfway through the copy.
     */
    private void recheckData(DeployRequest request, Deployment deployment) {
        List<dev.loopline.engine.DataCheck.Change> changes = deployment.getOperations().stream()
                .filter(op -> op.getKind() == Kind.ALTER && op.getState() == DeploymentOperation.State.PENDING)
                .map(op -> plan(deployment, op)).map(p -> new dev.loopline.engine.DataCheck.Change(p.from(), p.to(), p.schema()))
                .toList();
        List<String> errors = dataLint.check(branches.get(request.getDatabase(), request.getIntoBranch()), changes)
                .stream().filter(f -> f.severity() == dev.loopline.schema.LintFinding.Severity.ERROR)
                .map(f -> f.code() + ": " + f.message()).toList();
        if (!errors.isEmpty()) {
            throw new EngineException("the data on " + request.getIntoBranch() + " cannot take the change, nothing was "
                    + "copied (" + String.join(" ", errors) + ")", null);
        }
    }

    /** Returns false when the deployment was cancelled meanwhile. */
    private boolean prepareAndCopy(OnlineChange target, Deployment deployment, DeploymentOperation operation) {
        if (operation.getState() == DeploymentOperation.State.READY || operation.getState() == DeploymentOperation.State.DONE) {
            return true;
        }
        if (operation.getKind() == Kind.CREATE) {
            target.run(json.readValue(operation.getStatements(), new TypeReference<List<String>>() { }));
            saveOperation(deployment, operation, DeploymentOperation::ready);
            return true;
        }
        if (operation.getKind() == Kind.DROP) {
            saveOperation(deployment, operation, DeploymentOperation::ready);
            return true;
        }
        ShadowPlan plan = plan(deployment, operation);
        if (operation.getState() == DeploymentOperation.State.PENDING) {
            target.prepare(plan);
            long total = target.countRows(operation.getSchema(), operation.getTable());
            saveOperation(deployment, operation, op -> op.copying(total));
        }
        List<String> key = operation.getLastKey() == null ? null
                : json.readValue(operation.getLastKey(), new TypeReference<List<String>>() { });
        var sizer = new dev.loopline.engine.ChunkSizer(chunkTarget, Math.min(dev.loopline.engine.ChunkSizer.DEFAULT_MIN_ROWS,
                chunkSize), chunkSize);
        long waitingSince = 0;
        try (var copier = target.copier(plan)) {
            while (true) {
                if (stopping || cancelled(deployment)) {
                    return false;
                }
                int rows = sizer.next();
                OnlineMigrator.CopyStep step;
                try {
                    step = copier.next(key, rows);
                }
                catch (EngineBusyException e) {
                    // an application transaction holds the end of the copy: say so on the panel and try again
                    waitingSince = waitingSince == 0 ? System.nanoTime() : waitingSince;
                    long waited = Duration.ofNanos(System.nanoTime() - waitingSince).toSeconds();
                    if (waited >= COPY_END_WAIT.toSeconds()) {
                        throw e;
                    }
                    String message = e.getMessage() + "; trying again (waiting " + waited + " s of at most "
                            + COPY_END_WAIT.toMinutes() + " min).";
                    status(deployment, message);
                    continue;
                }
                sizer.took(rows, step.held());
                if (step.done()) {
                    if (waitingSince != 0) {
                        status(deployment, null);
                    }
                    saveOperation(deployment, operation, DeploymentOperation::ready);
                    return true;
                }
                key = step.lastKey();
                String saved = json.writeValueAsString(key);
                saveOperation(deployment, operation, op -> op.copied(saved, step.rows()));
            }
        }
    }

    /** Sets the deployment's status line (null clears it), in a transaction of its own. */
    private void status(Deployment deployment, String message) {
        tx.executeWithoutResult(s -> deployments.findById(deployment.getId()).orElseThrow().status(message));
    }

    private boolean cancelled(Deployment deployment) {
        return requests.findById(deployment.getDeployRequestId()).map(r -> r.getDeploymentState() == DeploymentState.CANCELLED)
                .orElse(true);
    }

    private void cutOver(OnlineChange target, DeployRequest request, Deployment deployment) {
        List<ShadowPlan> plans = alterPlans(deployment);
        Duration pause = null;
        EngineException last = null;
        for (int attempt = 1; attempt <= CUTOVER_ATTEMPTS && pause == null; attempt++) {
            try {
                pause = objects.swap(target, plans, LOCK_TIMEOUT, true, objects.result(deployment));
            }
            catch (EngineException e) {
                last = e;
                String message = "Cutover attempt " + attempt + " of " + CUTOVER_ATTEMPTS + " could not get its locks ("
                        + e.getMessage() + "); retrying.";
                status(deployment, message);
                sleep(Duration.ofMillis(250L << attempt));
            }
        }
        if (pause == null) {
            throw last;
        }
        // the new schema is live: from here on a failure must not clean the change up, only be reported
        int window = databases.get(request.getDatabase()).getRevertWindowMinutes();
        Duration measured = pause;
        tx.executeWithoutResult(s -> {
            Deployment fresh = deployments.findById(deployment.getId()).orElseThrow();
            fresh.cutOver(clock.instant(), measured, window);
            fresh.getOperations().forEach(DeploymentOperation::done);
        });
        DeployRequest done = transition(request, DeployRequest::cutOver, "cut_over", "Cut over #" + request.getNumber()
                + " in " + pause.toMillis() + " ms; the revert window is open for " + window + " minutes.");
        List<String> notDropped = new ArrayList<>();
        for (DeploymentOperation table : operationsOf(deployment, Kind.DROP)) {
            try {
                target.park(deployment.getId(), table.getSchema(), table.getTable());
            }
            catch (RuntimeException e) {
                notDropped.add(table.displayName() + " (" + e.getMessage() + ")");
            }
        }
        if (!notDropped.isEmpty()) {
            String message = "Cut over, but these tables could not be set aside and are still there: "
                    + String.join(", ", notDropped) + ".";
            log.warn("Deploy {}#{}: {}", request.getDatabase(), request.getNumber(), message);
            status(deployment, message);
        }
        if (window == 0) {
            closeWindow(done);
        }
    }

    /** Ends the revert window: drops the old tables and triggers; the request is complete. */
    void closeWindow(DeployRequest request) {
        Deployment deployment = deployments.findByDeployRequestId(request.getId()).orElseThrow();
        OnlineChange target = branches.onlineChange(branches.get(request.getDatabase(), request.getIntoBranch()));
        target.finish(alterPlans(deployment), deployment.getId(), tablesOf(deployment, Kind.DROP));
        objects.settle(target, objects.result(deployment));
        tx.executeWithoutResult(s -> deployments.findById(deployment.getId()).orElseThrow().finished(clock.instant()));
        transition(request, r -> r.complete(clock.instant()), "completed", "Closed the revert window of #"
                + request.getNumber() + ": the old tables are dropped.");
    }

    /**
     * Why reverting would lose writes made since the cutover (see {@code OnlineMigrator#revertBlocker}); empty when
     * it would not, or when the request has no open revert window.
     */
    java.util.Optional<String> revertBlocker(DeployRequest request) {
        if (request.getDeploymentState() != DeploymentState.COMPLETE_PENDING_REVERT) {
            return java.util.Optional.empty();
        }
        Deployment deployment = deployments.findByDeployRequestId(request.getId()).orElse(null);
        if (deployment == null) {
            return java.util.Optional.empty();
        }
        return branches.onlineChange(branches.get(request.getDatabase(), request.getIntoBranch()))
                .revertBlocker(deployment.getId());
    }

    /** Swaps back: the old tables (kept in sync) return; dropped tables come back; created tables are put aside. */
    void revert(DeployRequest request) {
        Deployment deployment = deployments.findByDeployRequestId(request.getId()).orElseThrow();
        OnlineChange target = branches.onlineChange(branches.get(request.getDatabase(), request.getIntoBranch()));
        try {
            objects.prepare(target, objects.original(deployment));
            objects.swap(target, alterPlans(deployment), LOCK_TIMEOUT.multipliedBy(3), false, objects.original(deployment));
            for (DeploymentOperation table : operationsOf(deployment, Kind.DROP)) {
                target.unpark(deployment.getId(), table.getSchema(), table.getTable());
            }
            for (DeploymentOperation table : operationsOf(deployment, Kind.CREATE)) {
                target.park(deployment.getId(), table.getSchema(), table.getTable());
            }
            target.finish(alterPlans(deployment), deployment.getId(), tablesOf(deployment, Kind.CREATE));
            objects.settle(target, objects.original(deployment));
            tx.executeWithoutResult(s -> deployments.findById(deployment.getId()).orElseThrow().finished(clock.instant()));
            transition(request, r -> r.reverted(clock.instant()), "reverted", "Reverted #" + request.getNumber()
                    + ": the old schema is back with every write made since the cutover.");
        }
        catch (RuntimeException e) {
            transition(request, DeployRequest::fail, "revert_failed", "Reverting #" + request.getNumber() + " failed: "
                    + e.getMessage());
            throw e;
        }
    }

    /** Closes every revert window whose time is up; called by the scheduled closer. */
    String closeExpiredWindows() {
        int closed = 0;
        for (DeployRequest request : requests.findByDeploymentStateInOrderByIdAsc(EnumSet.of(DeploymentState.COMPLETE_PENDING_REVERT))) {
            Deployment deployment = deployments.findByDeployRequestId(request.getId()).orElse(null);
            if (deployment != null && deployment.getRevertExpiresAt() != null
                    && !deployment.getRevertExpiresAt().isAfter(clock.instant())) {
                closeWindow(request);
                closed++;
            }
        }
        return closed == 0 ? "No revert window was due." : "Closed " + dev.loopline.common.Quantities.count(closed, "revert window") + ".";
    }

    private void fail(DeployRequest request, Deployment deployment, OnlineChange target, RuntimeException e) {
        log.warn("Deploy of {}#{} failed: {}", request.getDatabase(), request.getNumber(), e.getMessage());
        String reason = "Deploy #" + request.getNumber() + " failed: " + e.getMessage();
        cleanUp(deployment);
        tx.executeWithoutResult(s -> {
            deployments.findById(deployment.getId()).orElseThrow().status(reason);
            blocks.save(new QueueBlock(request.getDatabase(), request.getIntoBranch(), reason, clock.instant()));
        });
        transition(request, DeployRequest::fail, "failed", reason + " The queue of " + request.getIntoBranch()
                + " is blocked until an operator unblocks it.");
    }

    /**
     * Removes shadows and triggers of a run that did not cut over (cancelled or failed); tables it created are put
     * aside and dropped, so the target is left as it was.
     */
    private void cleanUp(Deployment deployment) {
        DeployRequest request = requests.findById(deployment.getDeployRequestId()).orElseThrow();
        OnlineChange target = branches.onlineChange(branches.get(request.getDatabase(), request.getIntoBranch()));
        List<OnlineMigrator.ParkedTable> parked = new ArrayList<>();
        for (DeploymentOperation table : operationsOf(deployment, Kind.CREATE)) {
            try {
                target.park(deployment.getId(), table.getSchema(), table.getTable());
                parked.add(new OnlineMigrator.ParkedTable(table.getSchema(), table.getTable()));
            }
            catch (RuntimeException ignored) {
                // never created
            }
        }
        target.finish(alterPlans(deployment), deployment.getId(), parked);
        try {
            objects.settle(target, objects.original(deployment));
        }
        catch (RuntimeException e) {
            log.warn("Deploy {}: could not put the views, sequences and domains back: {}", deployment.getId(), e.getMessage());
        }
        tx.executeWithoutResult(s -> deployments.findById(deployment.getId()).orElseThrow().finished(clock.instant()));
    }

    private List<ShadowPlan> alterPlans(Deployment deployment) {
        return deployment.getOperations().stream().filter(op -> op.getKind() == Kind.ALTER).map(op -> plan(deployment, op))
                .toList();
    }

    private ShadowPlan plan(Deployment deployment, DeploymentOperation operation) {
        return new ShadowPlan(deployment.getId(), json.readValue(operation.getFromTable(), SchemaSnapshot.Table.class),
                json.readValue(operation.getToTable(), SchemaSnapshot.Table.class), operation.getSchema());
    }

    private static List<DeploymentOperation> operationsOf(Deployment deployment, Kind kind) {
        return deployment.getOperations().stream().filter(op -> op.getKind() == kind).toList();
    }

    private static List<OnlineMigrator.ParkedTable> tablesOf(Deployment deployment, Kind kind) {
        return operationsOf(deployment, kind).stream()
                .map(op -> new OnlineMigrator.ParkedTable(op.getSchema(), op.getTable())).toList();
    }

    private void saveOperation(Deployment deployment, DeploymentOperation operation,
            java.util.function.Consumer<DeploymentOperation> change) {
        String schema = operation.getSchema();
        String table = operation.getTable();
        tx.executeWithoutResult(s -> deployments.findById(deployment.getId()).orElseThrow().getOperations().stream()
                .filter(op -> op.isOf(schema, table)).findFirst().ifPresent(change));
    }

    private DeployRequest transition(DeployRequest request, java.util.function.Consumer<DeployRequest> change, String step,
            String details) {
        return tx.execute(s -> {
            DeployRequest fresh = requests.findById(request.getId()).orElseThrow();
            change.accept(fresh);
            events.publishEvent(new DeployRequestEvents.DeploymentStep(fresh.getDatabase(), fresh.getNumber(), step, details));
            return requests.save(fresh);
        });
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
