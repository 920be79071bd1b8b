package dev.loopline.delivery;

import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;

import dev.loopline.iteration.IterationService;
import dev.loopline.iteration.Phase;

/**
 * Delivery's gates ("Deployed to production", "No production freeze") can open without new evidence for the
 * pipeline to act on: when a deployment goes live or a production freeze ends, automatic moves these gates held back
 * are tried again at once, rather than waiting for the next piece of evidence (which may be the revert window closing
 * half an hour later). A retried move keeps its own evidence as its reason.
 */
@Component
class HeldBackMoves {

    private static final Logger log = LoggerFactory.getLogger(HeldBackMoves.class);

    private final ApplicationDeploymentRepository deployments;
    private final ObjectProvider<IterationService> iterations;

    HeldBackMoves(ApplicationDeploymentRepository deployments, ObjectProvider<IterationService> iterations) {
        this.deployments = deployments;
        this.iterations = iterations;
    }

    @TransactionalEventListener(fallbackExecution = true)
    void on(DeliveryEvents.DeploymentSucceeded event) {
        if (event.live()) {
            retryIterationOf(event.id());
        }
    }

    @TransactionalEventListener(fallbackExecution = true)
    void on(DeliveryEvents.DeploymentPromoted event) {
        retryIterationOf(event.id());
    }

    @TransactionalEventListener(fallbackExecution = true)
    void on(DeliveryEvents.FreezeWindowEnded event) {
        retryAll();
    }

    @TransactionalEventListener(fallbackExecution = true)
    void on(DeliveryEvents.FreezeWindowDeleted event) {
        retryAll();
    }

    private void retryIterationOf(long deploymentId) {
        deployments.findById(deploymentId).map(ApplicationDeployment::getIterationId).ifPresent(this::retry);
    }

    private void retryAll() {
        List<Long> held = iterations.getObject().withHeldBackMoves();
        held.forEach(this::retry);
    }

    private void retry(long iteration) {
        try {
            // Plan asks for nothing new: only a move held back earlier is tried again
            iterations.getObject().advanceAutomatically(iteration, Phase.PLAN, "a delivery gate may have opened");
        }
        catch (RuntimeException e) {
            log.warn("Could not retry the held-back move of iteration {}: {}", iteration, e.getMessage());
        }
    }
}
