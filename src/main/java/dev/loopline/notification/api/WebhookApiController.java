package dev.loopline.notification.api;

import java.time.Instant;
import java.util.List;
import java.util.Map;

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

import com.fasterxml.jackson.annotation.JsonInclude;

import dev.loopline.common.DomainException;
import dev.loopline.common.Paging;
import dev.loopline.common.Paging.PagedList;
import dev.loopline.notification.EventCatalogue;
import dev.loopline.notification.Webhook;
import dev.loopline.notification.WebhookService;

/** Webhooks (admins) and the event catalogue (anyone with a token), as API.md "Webhooks" describes them. */
@RestController
class WebhookApiController {

    private final WebhookService webhooks;
    private final EventCatalogue catalogue;

    WebhookApiController(WebhookService webhooks, EventCatalogue catalogue) {
        this.webhooks = webhooks;
        this.catalogue = catalogue;
    }

    record WebhookRequest(String url, List<String> events, String kind, List<String> databases, Boolean enabled,
            String description) {
    }

    /** {@code secret} only in the answer to create, for a generic webhook. */
    record WebhookJson(long id, String url, String kind, List<String> events, List<String> databases,
            String description, boolean enabled, int consecutiveFailures, String disabledReason, Instant disabledAt,
            int pending, String createdBy, Instant createdAt, @JsonInclude(JsonInclude.Include.NON_NULL) String secret) {
    }

    record CatalogueEntry(String type, String title, String description, Map<String, Object> example,
            List<String> sources) {
    }

    private WebhookJson json(Webhook w, String secret) {
        return new WebhookJson(w.getId(), w.getDisplayUrl(), w.getKind().apiName(), w.getEvents(), w.getDatabases(),
                w.getDescription(), w.isEnabled(), w.getConsecutiveFailures(), w.getDisabledReason(), w.getDisabledAt(),
                webhooks.pending(w.getId()), w.getCreatedBy(), w.getCreatedAt(), secret);
    }

    @PostMapping("/api/v1/webhooks")
    @ResponseStatus(HttpStatus.CREATED)
    WebhookJson create(@RequestBody(required = false) WebhookRequest body) {
        WebhookRequest request = required(body);
        var created = webhooks.create(request.url(), request.events(), request.kind(), request.databases(),
                request.description());
        Webhook webhook = created.webhook();
        if (Boolean.FALSE.equals(request.enabled())) {
            webhook = webhooks.update(webhook.getId(), new WebhookService.Changes(null, null, null, false, null));
        }
        return json(webhook, created.secret());
    }

    @GetMapping("/api/v1/webhooks")
    PagedList<WebhookJson> list(Paging paging) {
        return paging.page(webhooks.list(), w -> json(w, null));
    }

    @GetMapping("/api/v1/webhooks/{id}")
    WebhookJson get(@PathVariable long id) {
        return json(webhooks.get(id), null);
    }

    @PatchMapping("/api/v1/webhooks/{id}")
    WebhookJson update(@PathVariable long id, @RequestBody(required = false) WebhookRequest body) {
        WebhookRequest request = required(body);
        if (request.kind() != null && Webhook.Kind.of(request.kind()) != webhooks.get(id).getKind()) {
            throw new DomainException.InvalidInput("invalid_kind",
                    "A webhook's kind cannot change; create a new webhook of the other kind.");
        }
        return json(webhooks.update(id, new WebhookService.Changes(request.url(), request.events(),
                request.databases(), request.enabled(), request.description())), null);
    }

    @DeleteMapping("/api/v1/webhooks/{id}")
    ResponseEntity<Void> delete(@PathVariable long id) {
        webhooks.delete(id);
        return ResponseEntity.noContent().build();
    }

    /** A new signing secret, in {@code secret} (only here); the old one signs too for 24 hours. */
    @PostMapping("/api/v1/webhooks/{id}/rotate-secret")
    WebhookJson rotateSecret(@PathVariable long id) {
        var rotated = webhooks.rotateSecret(id);
        return json(rotated.webhook(), rotated.secret());
    }

    @PostMapping("/api/v1/webhooks/{id}/test")
    ResponseEntity<Void> test(@PathVariable long id) {
        webhooks.sendTest(id);
        return ResponseEntity.accepted().build();
    }

    @GetMapping("/api/v1/webhooks/{id}/deliveries")
    PagedList<WebhookService.Delivery> deliveries(@PathVariable long id, Paging paging) {
        List<WebhookService.Delivery> page = webhooks.deliveries(id, paging);
        boolean more = page.size() > paging.perPage();
        return paging.result(more ? page.subList(0, paging.perPage()) : page, more);
    }

    @PostMapping("/api/v1/webhooks/{id}/deliveries/{delivery}/redeliver")
    ResponseEntity<Void> redeliver(@PathVariable long id, @PathVariable long delivery) {
        webhooks.redeliver(id, delivery);
        return ResponseEntity.accepted().build();
    }

    /** The whole catalogue (a fixed reference list, not paged); {@code example} is a full body as sent. */
    @GetMapping("/api/v1/events/catalogue")
    Map<String, List<CatalogueEntry>> catalogue() {
        return Map.of("data", catalogue.all().stream().map(t -> new CatalogueEntry(t.type(), t.title(),
                t.description(), catalogue.exampleBody(t), t.actions())).toList());
    }

    private static WebhookRequest required(WebhookRequest body) {
        if (body == null) {
            throw new DomainException.InvalidInput("malformed_request", "Send a JSON object: {url, events, kind}.");
        }
        return body;
    }
}
