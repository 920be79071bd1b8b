package dev.loopline.deployrequest;

import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import org.springframework.stereotype.Service;

import dev.loopline.common.Actor;
import dev.loopline.common.Role;

/**
 * What an operator acts on, across all databases: requests waiting for their review, open revert windows and
 * running deploys. Read-only.
 */
@Service
public class DeployOverview {

    /** States in which a deploy is running (or waiting for Apply) and its panel polls. */
    public static final Set<DeploymentState> RUNNING = EnumSet.of(DeploymentState.QUEUED, DeploymentState.IN_PROGRESS,
            DeploymentState.PENDING_CUTOVER, DeploymentState.IN_PROGRESS_CUTOVER, DeploymentState.IN_PROGRESS_REVERT);

    private final DeployRequestRepository requests;
    private final DeploymentRepository deployments;
    private final DeployRequestService requestService;
    private final Clock clock;

    DeployOverview(DeployRequestRepository requests, DeploymentRepository deployments,
            DeployRequestService requestService, Clock clock) {
        this.requests = requests;
        this.deployments = deployments;
        this.requestService = requestService;
        this.clock = clock;
    }

    /** A request with its deployment (may be {@code null}) and, for an open revert window, the time left. */
    public record Item(DeployRequest request, Deployment deployment, Duration revertLeft) {
    }

    /**
     * Open requests with changes that {@code reviewer} may approve and has not: not theirs, not approved by them,
     * still short of the required approvals. Empty for someone who does not approve (not an operator or admin).
     */
    public List<Item> awaitingReviewBy(Actor reviewer) {
        if (!reviewer.has(Role.OPERATOR)) {
            return List.of();
        }
        return requests.findByOpenTrueOrderByCreatedAtDesc().stream()
                .filter(r -> r.getDeploymentState() == DeploymentState.READY)
                .filter(r -> !r.isOwnedBy(reviewer))
                .filter(r -> !requestService.approvers(r).contains(reviewer.displayName()))
                .filter(r -> !requestService.isApproved(r))
                .map(r -> new Item(r, null, null)).toList();
    }

    /** Open requests {@code author} opened (themselves or through their tokens), newest first, with their deployments. */
    public List<Item> openedBy(Actor author) {
        return requests.findByOpenTrueOrderByCreatedAtDesc().stream().filter(r -> r.isOwnedBy(author))
                .map(this::withDeployment).toList();
    }

    /** Deployed requests whose revert window is open, the one closing first first. */
    public List<Item> openRevertWindows() {
        return requests.findByDeploymentStateInOrderByIdAsc(EnumSet.of(DeploymentState.COMPLETE_PENDING_REVERT)).stream()
                .map(this::withDeployment)
                .sorted(Comparator.comparing(Item::revertLeft, Comparator.nullsLast(Comparator.naturalOrder())))
                .toList();
    }

    /** Deploys queued, copying, waiting for Apply, cutting over or reverting, oldest first. */
    public List<Item> running() {
        return requests.findByDeploymentStateInOrderByIdAsc(RUNNING).stream().map(this::withDeployment).toList();
    }

    /** How many deploy requests are in each {@link #RUNNING} state now (states without any are absent). */
    public java.util.Map<DeploymentState, Long> runningCounts() {
        return requests.findByDeploymentStateInOrderByIdAsc(RUNNING).stream().collect(java.util.stream.Collectors
                .groupingBy(DeployRequest::getDeploymentState, () -> new java.util.EnumMap<>(DeploymentState.class),
                        java.util.stream.Collectors.counting()));
    }

    private Item withDeployment(DeployRequest request) {
        Deployment deployment = deployments.findByDeployRequestId(request.getId()).orElse(null);
        Duration left = null;
        if (deployment != null && deployment.getRevertExpiresAt() != null
                && request.getDeploymentState() == DeploymentState.COMPLETE_PENDING_REVERT) {
            left = Duration.between(clock.instant(), deployment.getRevertExpiresAt());
            left = left.isNegative() ? Duration.ZERO : left;
        }
        return new Item(request, deployment, left);
    }
}
