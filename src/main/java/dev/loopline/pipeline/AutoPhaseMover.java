package dev.loopline.pipeline;

import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.orm.ObjectOptimisticLockingFailureException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;

import dev.loopline.database.Branch;
import dev.loopline.database.BranchService;
import dev.loopline.database.DatabaseEvents;
import dev.loopline.deployrequest.DeployRequest;
import dev.loopline.deployrequest.DeployRequestEvents;
import dev.loopline.deployrequest.DeployRequestService;
import dev.loopline.iteration.IterationService;
import dev.loopline.iteration.Phase;

/**
 * Moves iterations forward as evidence arrives (issue 14, item 4): work on the iteration's branch or a build's commit
 * → Code; a build → Build; a test run → Test; a deploy request from its branch → Release; its deploy started →
 * Deploy; cut over → Operate; revert window closed → Monitor. The iteration module does the move (through the gates,
 * never backwards, only with auto_phase on); this only tells it what happened, after the evidence is committed.
 */
@Component
class AutoPhaseMover {

    private static final Logger log = LoggerFactory.getLogger(AutoPhaseMover.class);

    private final IterationService iterations;
    private final BuildService builds;
    private final BranchService branches;
    private final DeployRequestService requests;

    AutoPhaseMover(IterationService iterations, BuildService builds, BranchService branches,
            DeployRequestService requests) {
        this.iterations = iterations;
        this.builds = builds;
        this.branches = branches;
        this.requests = requests;
    }

    @TransactionalEventListener(fallbackExecution = true)
    void on(PipelineEvents.BuildRecorded event) {
        if (event.iterationId() != null) {
            if (event.commitSha() != null) {
                move(event.iterationId(), Phase.CODE, "commit " + shortSha(event.commitSha()) + " (build "
                        + event.label() + ")");
            }
            move(event.iterationId(), Phase.BUILD, "build " + event.label());
        }
    }

    @TransactionalEventListener(fallbackExecution = true)
    void on(PipelineEvents.BuildStarted event) {
        if (event.iterationId() != null) {
            move(event.iterationId(), Phase.BUILD, "build " + event.label());
        }
    }

    @TransactionalEventListener(fallbackExecution = true)
    void on(PipelineEvents.BuildFinished event) {
        if (event.iterationId() != null) {
            move(event.iterationId(), Phase.BUILD, "build " + event.label());
        }
    }

    @TransactionalEventListener(fallbackExecution = true)
    void on(PipelineEvents.TestRunRecorded event) {
        builds.recordTestRun(event.buildId(), event.failures() + event.errors());
        Build build = builds.find(event.buildId()).orElse(null);
        Long iteration = event.iterationId() != null ? event.iterationId() : build == null ? null : build.getIterationId();
        if (iteration != null) {
            move(iteration, Phase.TEST, "test run " + event.testRunId() + " of build "
                    + (build == null ? String.valueOf(event.buildId()) : build.label()) + " (" + event.tests() + " tests, "
                    + (event.failures() + event.errors()) + " failing)");
        }
    }

    /** Work on the iteration's own branch (SQL that ran without an error). */
    @TransactionalEventListener(fallbackExecution = true)
    void on(DatabaseEvents.SqlExecuted event) {
        if (!event.failed()) {
            iterationOf(event.database(), event.branch()).ifPresent(iteration -> move(iteration, Phase.CODE,
                    "SQL on " + event.database() + "/" + event.branch()));
        }
    }

    @TransactionalEventListener(fallbackExecution = true)
    void on(DeployRequestEvents.Opened event) {
        iterationOf(event.database(), event.branch()).ifPresent(iteration -> move(iteration, Phase.RELEASE,
                "deploy request " + event.database() + "#" + event.number()));
    }

    @TransactionalEventListener(fallbackExecution = true)
    void on(DeployRequestEvents.DeploymentStep event) {
        Phase target = switch (event.step()) {
            case "started" -> Phase.DEPLOY;
            case "cut_over" -> Phase.OPERATE;
            case "completed" -> Phase.MONITOR;
            default -> null;
        };
        if (target == null) {
            return;
        }
        String evidence = switch (target) {
            case DEPLOY -> "deploy of ";
            case OPERATE -> "cutover of ";
            default -> "revert window closed on ";
        } + event.database() + "#" + event.number();
        requestBranch(event.database(), event.number()).flatMap(branch -> iterationOf(event.database(), branch))
                .ifPresent(iteration -> move(iteration, target, evidence));
    }

    /** A planner changed the release gates: evidence they held back may count now. */
    @TransactionalEventListener(fallbackExecution = true)
    void on(PipelineEvents.BuildGatesChanged event) {
        move(event.iterationId(), Phase.PLAN, "release gates changed");
    }

    private Optional<String> requestBranch(String database, int number) {
        try {
            DeployRequest request = requests.get(database, number);
            return Optional.of(request.getBranch());
        }
        catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    private Optional<Long> iterationOf(String database, String branch) {
        return branches.find(database, branch).map(Branch::getIterationId);
    }

    private void move(long iterationId, Phase target, String evidence) {
        for (int attempt = 1; ; attempt++) {
            try {
                var outcome = iterations.advanceAutomatically(iterationId, target, evidence);
                log.debug("Automatic move of iteration {} to {} ({}): {}", iterationId, target, evidence, outcome);
                return;
            }
            catch (ObjectOptimisticLockingFailureException e) {
                if (attempt == 3) {
                    log.warn("Iteration {} changed concurrently three times; not moved to {} ({})", iterationId,
                            target, evidence);
                    return;
                }
            }
            catch (RuntimeException e) {
                // evidence is already stored; a failed move must not fail the request that brought it
                log.warn("Could not move iteration {} to {} ({}): {}", iterationId, target, evidence, e.getMessage());
                return;
            }
        }
    }

    private static String shortSha(String sha) {
        return sha.length() > 7 ? sha.substring(0, 7) : sha;
    }
}
