package dev.loopline.deployrequest;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.loopline.database.Branch;
import dev.loopline.database.BranchService;
import dev.loopline.iteration.IterationStatus;
import dev.loopline.iteration.Phase;
import dev.loopline.iteration.PhaseGate;

/**
 * Ties iterations to their deploy request: no Deploy while the request is unapproved, no Operate before it is
 * deployed; and the iteration page shows the request, its state and the revert window.
 */
@Configuration(proxyBeanMethods = false)
class IterationDeployGates {

    private static final EnumSet<DeploymentState> DEPLOYED = EnumSet.of(DeploymentState.COMPLETE_PENDING_REVERT,
            DeploymentState.COMPLETE);

    private final BranchService branches;
    private final DeployRequestRepository requests;
    private final DeployRequestService requestService;
    private final DeploymentRepository deployments;
    private final Clock clock;

    IterationDeployGates(BranchService branches, DeployRequestRepository requests, DeployRequestService requestService,
            DeploymentRepository deployments, Clock clock) {
        this.branches = branches;
        this.requests = requests;
        this.requestService = requestService;
        this.deployments = deployments;
        this.clock = clock;
    }

    /** The newest deploy request of the iteration's branch, if the iteration has a branch and it has a request. */
    private Optional<DeployRequest> requestOf(long iterationId) {
        return branches.ofIteration(iterationId).flatMap(branch -> requests.search(branch.getDatabase().getName(), null,
                branch.getName()).stream().max(Comparator.comparing(DeployRequest::getNumber)));
    }

    @Bean
    PhaseGate deployRequestApprovedGate() {
        return new PhaseGate() {
            @Override
            public String name() {
                return "Deploy request approved";
            }

            @Override
            public boolean guards(GateContext context) {
                return context.database() != null && context.to() == Phase.DEPLOY;
            }

            @Override
            public GateVerdict check(GateContext context) {
                Optional<Branch> branch = branches.ofIteration(context.iterationId());
                if (branch.isEmpty()) {
                    return GateVerdict.block("The iteration has no branch in " + context.database() + " yet.");
                }
                Optional<DeployRequest> request = requestOf(context.iterationId());
                if (request.isEmpty()) {
                    return GateVerdict.block("Open a deploy request from " + branch.get().getName() + ".");
                }
                if (!DEPLOYED.contains(request.get().getDeploymentState()) && !requestService.isApproved(request.get())) {
                    return GateVerdict.block("Deploy request #" + request.get().getNumber() + " is not approved yet.");
                }
                return GateVerdict.pass();
            }
        };
    }

    @Bean
    PhaseGate deployRequestDeployedGate() {
        return new PhaseGate() {
            @Override
            public String name() {
                return "Deploy request deployed";
            }

            @Override
            public boolean guards(GateContext context) {
                return context.database() != null && context.to() == Phase.OPERATE;
            }

            @Override
            public GateVerdict check(GateContext context) {
                Optional<DeployRequest> request = requestOf(context.iterationId());
                if (request.isEmpty()) {
                    return GateVerdict.block("There is no deployed deploy request for this iteration.");
                }
                DeployRequest found = request.get();
                return DEPLOYED.contains(found.getDeploymentState()) ? GateVerdict.pass()
                        : GateVerdict.block("Deploy request #" + found.getNumber() + ": "
                                + found.getDeploymentState().label().toLowerCase(java.util.Locale.ROOT)
                                + "; deploy it before operating.");
            }
        };
    }

    @Bean
    IterationStatus deployRequestStatus() {
        return (iterationId, database) -> {
            List<IterationStatus.Line> lines = new ArrayList<>();
            requestOf(iterationId).ifPresent(request -> {
                String url = "/databases/" + request.getDatabase() + "/deploy-requests/" + request.getNumber();
                lines.add(new IterationStatus.Line("Deploy request", "#" + request.getNumber() + " · "
                        + request.getDeploymentState().label() + (requestService.isApproved(request) ? " · approved" : ""), url));
                deployments.findByDeployRequestId(request.getId())
                        .filter(d -> request.getDeploymentState() == DeploymentState.COMPLETE_PENDING_REVERT)
                        .filter(d -> d.getRevertExpiresAt() != null)
                        .ifPresent(d -> {
                            Duration left = Duration.between(clock.instant(), d.getRevertExpiresAt());
                            lines.add(new IterationStatus.Line("Revert window", "closes in "
                                    + Math.max(0, left.toMinutes()) + " min", url));
                        });
            });
            return lines;
        };
    }
}
