package dev.loopline.notification;

import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import dev.loopline.common.CurrentActor;
import dev.loopline.common.DomainException;
import dev.loopline.common.Names;
import dev.loopline.common.Paging;
import dev.loopline.common.Role;
import dev.loopline.common.TextLimits;
import dev.loopline.database.SecretBox;

/**
 * Webhooks, for admins: create (a generic webhook's signing secret is returned once, then kept encrypted), change,
 * delete, send a test event, read the delivery log and redeliver. URLs are checked by {@link UrlGuard} when saved
 * and again when sent.
 */
@Service
@Transactional
public class WebhookService {

    public static final int URL_LIMIT = 2000;
    public static final int DESCRIPTION_LIMIT = 200;

    private final WebhookRepository webhooks;
    private final Outbox outbox;
    private final EventCatalogue catalogue;
    private final SecretBox secrets;
    private final UrlGuard guard;
    private final EventRouter router;
    private final Links links;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    WebhookService(WebhookRepository webhooks, Outbox outbox, EventCatalogue catalogue, SecretBox secrets,
            UrlGuard guard, EventRouter router, Links links, ApplicationEventPublisher events, Clock clock) {
        this.webhooks = webhooks;
        this.outbox = outbox;
        this.catalogue = catalogue;
        this.secrets = secrets;
        this.guard = guard;
        this.router = router;
        this.links = links;
        this.events = events;
        this.clock = clock;
    }

    /** A new webhook and, for a generic one, its signing secret ({@code whsec_…}); the secret is never shown again. */
    public record Created(Webhook webhook, String secret) {
    }

    /**
     * What a PATCH changes; {@code null} fields stay as they are.
     *
     * @param databases an empty list removes the filter
     */
    public record Changes(String url, List<String> events, List<String> databases, Boolean enabled, String description) {
    }

    /** One delivery attempt as the log shows it; {@code state} is its message's state now. */
    public record Delivery(long id, String event, int attempt, Integer statusCode, long durationMs,
            Instant deliveredAt, String error, String state, String requestHeaders, String responseBody) {
    }

    /**
     * Creates a webhook. {@code 400 invalid_url} for a URL that is not http(s), {@code 422 url_not_allowed} for one
     * that resolves to a private address (unless allowed), {@code 400 invalid_events} for an unknown event type.
     */
    @PreAuthorize(Role.ADMIN_ONLY)
    public Created create(String url, List<String> eventTypes, String kind, List<String> databases, String description) {
        Webhook.Kind parsedKind = Webhook.Kind.of(kind);
        String checkedUrl = checkUrl(url);
        List<String> types = checkEvents(eventTypes);
        List<String> names = checkDatabases(databases);
        String secret = parsedKind == Webhook.Kind.GENERIC ? StandardWebhooks.newSecret() : null;
        Webhook webhook = webhooks.save(new Webhook(checkedUrl, parsedKind, types, names,
                TextLimits.require("description", description, DESCRIPTION_LIMIT),
                secret == null ? null : secrets.seal(secret), CurrentActor.get().displayName(), clock.instant()));
        events.publishEvent(new NotificationEvents.WebhookCreated(webhook.getId(), parsedKind.apiName(),
                URI.create(checkedUrl).getHost(), String.join(", ", types)));
        return new Created(webhook, secret);
    }

    @PreAuthorize(Role.ADMIN_ONLY)
    @Transactional(readOnly = true)
    public List<Webhook> list() {
        return webhooks.findAllByOrderByIdDesc();
    }

    @PreAuthorize(Role.ADMIN_ONLY)
    @Transactional(readOnly = true)
    public Webhook get(long id) {
        return webhooks.findById(id).orElseThrow(() -> new DomainException.NotFound("Webhook", id));
    }

    @PreAuthorize(Role.ADMIN_ONLY)
    public Webhook update(long id, Changes changes) {
        Webhook webhook = get(id);
        List<String> said = new ArrayList<>();
        if (changes.url() != null && !changes.url().trim().equals(webhook.getUrl())) {
            webhook.changeUrl(checkUrl(changes.url()));
            said.add("URL changed (host " + URI.create(webhook.getUrl()).getHost() + ")");
        }
        List<String> types = changes.events() == null ? webhook.getEvents() : checkEvents(changes.events());
        List<String> names = changes.databases() == null ? webhook.getDatabases() : checkDatabases(changes.databases());
        String description = changes.description() == null ? webhook.getDescription()
                : TextLimits.require("description", changes.description(), DESCRIPTION_LIMIT);
        if (!types.equals(webhook.getEvents())) {
            said.add("events " + String.join(", ", types));
        }
        if (!names.equals(webhook.getDatabases())) {
            said.add(names.isEmpty() ? "all databases" : "databases " + String.join(", ", names));
        }
        webhook.change(types, names, description);
        if (changes.enabled() != null && (changes.enabled() != webhook.isEnabled()
                || webhook.getDisabledReason() != null)) {
            webhook.setEnabled(changes.enabled());
            said.add(changes.enabled() ? "enabled" : "disabled");
        }
        if (!said.isEmpty()) {
            events.publishEvent(new NotificationEvents.WebhookChanged(id, String.join("; ", said)));
        }
        return webhook;
    }

    @PreAuthorize(Role.ADMIN_ONLY)
    public void delete(long id) {
        Webhook webhook = get(id);
        webhooks.delete(webhook);
        events.publishEvent(new NotificationEvents.WebhookDeleted(id, URI.create(webhook.getUrl()).getHost()));
    }

    /** How long the secret before a rotation keeps signing next to the new one. */
    public static final java.time.Duration OLD_SECRET_SIGNS_FOR = java.time.Duration.ofHours(24);

    /**
     * Gives a generic webhook a new signing secret, returned once; for {@link #OLD_SECRET_SIGNS_FOR} messages carry
     * signatures by both, so receivers can switch without losing one. {@code 409 no_secret} for Slack and Teams.
     */
    @PreAuthorize(Role.ADMIN_ONLY)
    public Created rotateSecret(long id) {
        Webhook webhook = get(id);
        if (webhook.getSecretSealed() == null) {
            throw new DomainException.Conflict("no_secret", "Webhook " + id + " is a " + webhook.getKind().label()
                    + " webhook: it has no signing secret (its URL is the secret; replace the URL instead).");
        }
        String secret = StandardWebhooks.newSecret();
        Instant until = clock.instant().plus(OLD_SECRET_SIGNS_FOR);
        webhook.rotateSecret(secrets.seal(secret), until);
        events.publishEvent(new NotificationEvents.WebhookChanged(id, "signing secret rotated; the old one also signs "
                + "for " + OLD_SECRET_SIGNS_FOR.toHours() + " hours"));
        return new Created(webhook, secret);
    }

    /** Queues a {@value EventCatalogue#TEST_EVENT} message to this webhook; {@code 409} while it is disabled. */
    @PreAuthorize(Role.ADMIN_ONLY)
    public void sendTest(long id) {
        Webhook webhook = get(id);
        if (!webhook.isEnabled()) {
            throw new DomainException.Conflict("webhook_disabled", "Webhook " + id + " is disabled; enable it first.");
        }
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("webhook_id", id);
        data.put("summary", "A test event from Loopline: this webhook is reachable.");
        data.put("actor", CurrentActor.get().displayName());
        data.put("target", Map.of("type", "webhook", "id", String.valueOf(id)));
        data.put("url", links.base() + Links.pathOf("webhook", String.valueOf(id)));
        outbox.enqueue(id, EventCatalogue.TEST_EVENT, Payloads.envelope(EventCatalogue.TEST_EVENT, clock.instant(), data),
                clock.instant());
        router.kickSenderAfterCommit();
    }

    /** Sends the message of delivery {@code deliveryId} again, now; {@code 404} when it is not this webhook's. */
    @PreAuthorize(Role.ADMIN_ONLY)
    public void redeliver(long id, long deliveryId) {
        get(id);
        Outbox.Attempt attempt = outbox.attempt(id, deliveryId)
                .orElseThrow(() -> new DomainException.NotFound("Delivery", deliveryId));
        if (!outbox.requeue(attempt.messageId(), clock.instant())) {
            throw new DomainException.Conflict("delivery_in_progress", "That message is being sent right now.");
        }
        router.kickSenderAfterCommit();
    }

    /** The delivery log of a webhook, newest attempt first. */
    @PreAuthorize(Role.ADMIN_ONLY)
    @Transactional(readOnly = true)
    public List<Delivery> deliveries(long id, Paging paging) {
        get(id);
        return outbox.attempts(id, (int) paging.offset(), paging.perPage() + 1).stream()
                .map(a -> new Delivery(a.id(), a.eventType(), a.attempt(), a.statusCode(), a.durationMs(),
                        a.attemptedAt(), a.error(), a.messageState(), a.requestHeaders(), a.responseBody()))
                .toList();
    }

    /** Messages of the webhook waiting to be sent (first attempts and retries). */
    @PreAuthorize(Role.ADMIN_ONLY)
    @Transactional(readOnly = true)
    public int pending(long id) {
        return outbox.pendingCount(id);
    }

    /** Webhooks Loopline turned off (failures, {@code 410 Gone}), for the admins' banner. */
    @Transactional(readOnly = true)
    public List<Webhook> disabledByLoopline() {
        return webhooks.findByEnabledFalseAndDisabledReasonNotNull();
    }

    private String checkUrl(String url) {
        TextLimits.require("url", url, URL_LIMIT);
        URI uri = UrlGuard.parse(url);
        guard.check(uri);
        return uri.toString();
    }

    private List<String> checkEvents(List<String> types) {
        if (types == null || types.isEmpty()) {
            throw new DomainException.InvalidInput("invalid_events",
                    "Choose the events to send: a list of event types, or [\"*\"] for all.");
        }
        LinkedHashSet<String> checked = new LinkedHashSet<>();
        for (String type : types) {
            String t = type == null ? "" : type.trim();
            if (!t.equals(Webhook.ALL_EVENTS) && (catalogue.byType(t).isEmpty() || t.equals(EventCatalogue.TEST_EVENT))) {
                throw new DomainException.InvalidInput("invalid_events", "'" + TextLimits.quoted(t)
                        + "' is not an event type; see GET /api/v1/events/catalogue.");
            }
            checked.add(t);
        }
        return checked.contains(Webhook.ALL_EVENTS) ? List.of(Webhook.ALL_EVENTS) : List.copyOf(checked);
    }

    private static List<String> checkDatabases(List<String> databases) {
        if (databases == null) {
            return List.of();
        }
        LinkedHashSet<String> checked = new LinkedHashSet<>();
        for (String name : databases) {
            if (name != null && !name.isBlank()) {
                checked.add(Names.requireResourceName("database", name.trim()));
            }
        }
        return List.copyOf(checked);
    }
}
