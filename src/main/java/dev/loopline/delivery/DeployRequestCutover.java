package dev.loopline.delivery;

import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.springframework.stereotype.Component;

import dev.loopline.common.DomainException;
import dev.loopline.deployrequest.DeployRequest;
import dev.loopline.deployrequest.DeployRequestService;
import dev.loopline.deployrequest.DeployService;
import dev.loopline.deployrequest.DeploymentState;

/**
 * The schema half of a promote: every deploy request a deployment carries must be cut over before its slot goes
 * live. Requests already cut over pass; those still copying are waited for; those waiting in
 * {@code pending_cutover} are applied through {@link DeployService} and waited for; anything else (not deployed,
 * cancelled, failed, reverted) fails the promote.
 */
@Component
class DeployRequestCutover {

    static final Duration LIMIT = Duration.ofMinutes(10);
    private static final Set<DeploymentState> CUT_OVER = EnumSet.of(DeploymentState.COMPLETE_PENDING_REVERT,
            DeploymentState.COMPLETE);
    private static final Set<DeploymentState> STILL_COPYING = EnumSet.of(DeploymentState.QUEUED,
            DeploymentState.IN_PROGRESS, DeploymentState.IN_PROGRESS_CUTOVER);

    private final DeployService deploys;
    private final DeployRequestService requests;

    DeployRequestCutover(DeployService deploys, DeployRequestService requests) {
        this.deploys = deploys;
        this.requests = requests;
    }

    /** Refuses (404) deploy requests that do not exist. */
    void requireExisting(List<DeployRequestRef> refs) {
        refs.forEach(ref -> requests.get(ref.database(), ref.number()));
    }

    /** The first freeze that closes one of the requests' target branches, as a {@code 409 deploy_freeze}. */
    void requireWindowsOpen(List<DeployRequestRef> refs) {
        for (DeployRequestRef ref : refs) {
            deploys.closure(ref.database(), ref.number()).ifPresent(closed -> {
                throw new DomainException.Conflict("deploy_freeze", "Cannot cut over " + ref + " now: " + closed.message());
            });
        }
    }

    /**
     * Cuts every request over, in order, telling {@code progress} which one it is at; the reason of the first that
     * did not, or empty when all did.
     */
    Optional<String> cutOver(List<DeployRequestRef> refs, java.util.function.Consumer<String> progress) {
        for (int i = 0; i < refs.size(); i++) {
            DeployRequestRef ref = refs.get(i);
            progress.accept("Cutting over deploy request " + ref + (refs.size() == 1 ? "" : " (" + (i + 1) + " of "
                    + refs.size() + ")") + ".");
            Optional<String> failure = cutOver(ref);
            if (failure.isPresent()) {
                return failure;
            }
        }
        return Optional.empty();
    }

    private Optional<String> cutOver(DeployRequestRef ref) {
        DeployRequest request = requests.get(ref.database(), ref.number());
        if (STILL_COPYING.contains(request.getDeploymentState())) {
            request = deploys.awaitSettled(ref.database(), ref.number(), LIMIT);
        }
        if (request.getDeploymentState() == DeploymentState.PENDING_CUTOVER) {
            try {
                deploys.apply(ref.database(), ref.number());
            }
            catch (DomainException e) {
                return Optional.of("the cutover of " + ref + " was refused: " + e.getMessage());
            }
            request = deploys.awaitSettled(ref.database(), ref.number(), LIMIT);
        }
        if (CUT_OVER.contains(request.getDeploymentState())) {
            return Optional.empty();
        }
        String why = deploys.deploymentOf(request).map(d -> d.getStatusMessage()).filter(m -> m != null).orElse(null);
        return Optional.of(ref + " is " + request.getDeploymentState().label().toLowerCase(java.util.Locale.ROOT)
                + " (" + request.getDeploymentState().apiName() + "), not cut over" + (why == null ? "" : ": " + why));
    }
}
