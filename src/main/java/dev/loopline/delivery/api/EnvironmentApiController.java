package dev.loopline.delivery.api;

import java.time.Clock;
import java.time.Instant;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import dev.loopline.common.DomainException;
import dev.loopline.common.Paging;
import dev.loopline.common.Paging.PagedList;
import dev.loopline.delivery.DeploymentService;
import dev.loopline.delivery.EnvironmentService;
import dev.loopline.delivery.FreezeService;

/** Environments and their freeze windows, as API.md describes them. */
@RestController
class EnvironmentApiController {

    private final EnvironmentService environments;
    private final DeploymentService deployments;
    private final FreezeService freezes;
    private final Clock clock;

    EnvironmentApiController(EnvironmentService environments, DeploymentService deployments, FreezeService freezes,
            Clock clock) {
        this.environments = environments;
        this.deployments = deployments;
        this.freezes = freezes;
        this.clock = clock;
    }

    record EnvironmentRequest(String name, String tier, String databaseBranch, String strategy) {
    }

    record FreezeRequest(String kind, String cron, Integer durationMinutes, String timeZone, Instant startsAt,
            Instant endsAt, String reason) {
    }

    private static <T> T required(T body) {
        if (body == null) {
            throw new DomainException.InvalidInput("malformed_request", "Send a JSON object as the body.");
        }
        return body;
    }

    @PostMapping("/api/v1/environments")
    @ResponseStatus(HttpStatus.CREATED)
    DeliveryJson.EnvironmentJson create(@RequestBody(required = false) EnvironmentRequest body) {
        EnvironmentRequest request = required(body);
        return DeliveryJson.environment(environments.create(request.name(), new EnvironmentService.Settings(
                request.tier(), request.databaseBranch(), request.strategy())), deployments, freezes);
    }

    @GetMapping("/api/v1/environments")
    PagedList<DeliveryJson.EnvironmentJson> list(Paging paging) {
        return paging.page(environments.list(), env -> DeliveryJson.environment(env, deployments, freezes));
    }

    @GetMapping("/api/v1/environments/{name}")
    DeliveryJson.EnvironmentJson get(@PathVariable String name) {
        return DeliveryJson.environment(environments.get(name), deployments, freezes);
    }

    @PatchMapping("/api/v1/environments/{name}")
    DeliveryJson.EnvironmentJson update(@PathVariable String name, @RequestBody(required = false) EnvironmentRequest body) {
        EnvironmentRequest request = required(body);
        return DeliveryJson.environment(environments.update(name, new EnvironmentService.Settings(request.tier(),
                request.databaseBranch(), request.strategy())), deployments, freezes);
    }

    @DeleteMapping("/api/v1/environments/{name}")
    ResponseEntity<Void> delete(@PathVariable String name) {
        environments.delete(name);
        return ResponseEntity.noContent().build();
    }

    @PostMapping("/api/v1/environments/{name}/freezes")
    @ResponseStatus(HttpStatus.CREATED)
    DeliveryJson.FreezeJson createFreeze(@PathVariable String name, @RequestBody(required = false) FreezeRequest body) {
        FreezeRequest request = required(body);
        return DeliveryJson.freeze(freezes.create(name, new FreezeService.Request(request.kind(), request.cron(),
                request.durationMinutes(), request.timeZone(), request.startsAt(), request.endsAt(), request.reason())),
                freezes, clock.instant());
    }

    @GetMapping("/api/v1/environments/{name}/freezes")
    PagedList<DeliveryJson.FreezeJson> freezes(@PathVariable String name, Paging paging) {
        Instant now = clock.instant();
        return paging.page(freezes.list(name), f -> DeliveryJson.freeze(f, freezes, now));
    }

    @DeleteMapping("/api/v1/environments/{name}/freezes/{id}")
    ResponseEntity<Void> deleteFreeze(@PathVariable String name, @PathVariable long id) {
        freezes.delete(name, id);
        return ResponseEntity.noContent().build();
    }
}
