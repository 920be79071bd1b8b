package dev.loopline.delivery.api;

import java.time.Instant;
import java.util.List;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import dev.loopline.common.DomainException;
import dev.loopline.common.Paging;
import dev.loopline.common.Paging.PagedList;
import dev.loopline.delivery.ApplicationDeployment;
import dev.loopline.delivery.DeployRequestRef;
import dev.loopline.delivery.DeploymentService;
import dev.loopline.delivery.DeploymentStatus;
import dev.loopline.delivery.EnvironmentService;

/** Application deployments: reported by CI, finished, promoted and rolled back (API.md). */
@RestController
class DeploymentApiController {

    private final DeploymentService deployments;
    private final EnvironmentService environments;

    DeploymentApiController(DeploymentService deployments, EnvironmentService environments) {
        this.deployments = deployments;
        this.environments = environments;
    }

    record DeploymentRequest(String environment, String version, String commitSha, Instant committedAt, Long buildId,
            Long iterationId, String status, List<DeliveryJson.DeployRequestJson> deployRequests, Boolean hotfix,
            Instant startedAt, Instant finishedAt, String overrideReason) {
    }

    record StatusRequest(String status, Instant finishedAt) {
    }

    record OverrideRequest(String overrideReason, @com.fasterxml.jackson.annotation.JsonProperty("wait") Boolean waitForIt) {
    }

    private DeliveryJson.DeploymentJson json(ApplicationDeployment d) {
        return DeliveryJson.deployment(d, environments.find(d.getEnvironment()).orElse(null));
    }

    @PostMapping("/api/v1/deployments")
    @ResponseStatus(HttpStatus.CREATED)
    DeliveryJson.DeploymentJson create(@RequestBody(required = false) DeploymentRequest body) {
        if (body == null) {
            throw new DomainException.InvalidInput("malformed_request", "Send a JSON object as the body.");
        }
        List<DeployRequestRef> refs = body.deployRequests() == null ? List.of() : body.deployRequests().stream()
                .map(r -> {
                    if (r == null || r.database() == null || r.number() == null) {
                        throw new DomainException.InvalidInput("invalid_deploy_requests", "Each deploy request is "
                                + "{\"database\": \"shop\", \"number\": 3}.");
                    }
                    return new DeployRequestRef(r.database(), r.number());
                }).distinct().toList();
        if (body.environment() == null || body.environment().isBlank()) {
            throw new DomainException.InvalidInput("invalid_environment", "Name the environment deployed to (environment).");
        }
        return json(deployments.report(new DeploymentService.Report(body.environment(), body.version(), body.commitSha(),
                body.committedAt(), body.buildId(), body.iterationId(), body.status(), refs,
                Boolean.TRUE.equals(body.hotfix()), body.startedAt(), body.finishedAt(), body.overrideReason())));
    }

    @PatchMapping("/api/v1/deployments/{id}")
    DeliveryJson.DeploymentJson finish(@PathVariable long id, @RequestBody(required = false) StatusRequest body) {
        return json(deployments.finish(id, body == null ? null : body.status(), body == null ? null : body.finishedAt()));
    }

    /**
     * A promote carrying deploy requests runs in the background: the answer shows {@code promotion} in progress, or
     * with {@code ?wait=true} (or {@code "wait": true}) the outcome, a failed cutover as {@code 409 cutover_failed}.
     */
    @PostMapping("/api/v1/deployments/{id}/promote")
    DeliveryJson.DeploymentJson promote(@PathVariable long id, @RequestParam(defaultValue = "false") boolean wait,
            @RequestBody(required = false) OverrideRequest body) {
        ApplicationDeployment promoted = deployments.promote(id, body == null ? null : body.overrideReason());
        if (promoted.isPromoting() && (wait || (body != null && Boolean.TRUE.equals(body.waitForIt())))) {
            promoted = deployments.awaitPromotion(id, MAX_WAIT);
            if (promoted.getStatus() == DeploymentStatus.FAILED) {
                throw new DomainException.Conflict("cutover_failed", promoted.getFailureReason());
            }
        }
        return json(promoted);
    }

    private static final java.time.Duration MAX_WAIT = java.time.Duration.ofMinutes(10);

    @PostMapping("/api/v1/deployments/{id}/rollback")
    DeliveryJson.DeploymentJson rollback(@PathVariable long id, @RequestBody(required = false) OverrideRequest body) {
        return json(deployments.rollback(id, body == null ? null : body.overrideReason()));
    }

    @GetMapping("/api/v1/deployments")
    PagedList<DeliveryJson.DeploymentJson> list(@RequestParam(required = false) String environment,
            @RequestParam(name = "iteration_id", required = false) Long iterationId,
            @RequestParam(required = false) String status, Paging paging) {
        return paging.page(deployments.list(environment, iterationId, status), this::json);
    }

    @GetMapping("/api/v1/deployments/{id}")
    DeliveryJson.DeploymentJson get(@PathVariable long id) {
        return json(deployments.get(id));
    }
}
