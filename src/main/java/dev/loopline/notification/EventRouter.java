package dev.loopline.notification;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;

import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import dev.loopline.common.Actor;
import dev.loopline.common.AuditableEvent;
import dev.loopline.common.CurrentActor;

/**
 * Turns every catalogued event into outbox messages, one per webhook that wants it, and into in-app notifications.
 * It listens synchronously, inside the publisher's transaction (or its own when the publisher has none): the
 * messages commit with the change they announce, or not at all. After the commit the sender job is asked to run at
 * once, so a message does not wait for the job's next beat.
 */
@Component
class EventRouter {

    private final EventCatalogue catalogue;
    private final WebhookRepository webhooks;
    private final Outbox outbox;
    private final NotificationService notifications;
    private final Links links;
    private final Clock clock;
    private final ObjectProvider<Scheduler> scheduler;

    EventRouter(EventCatalogue catalogue, WebhookRepository webhooks, Outbox outbox, NotificationService notifications,
            Links links, Clock clock, ObjectProvider<Scheduler> scheduler) {
        this.catalogue = catalogue;
        this.webhooks = webhooks;
        this.outbox = outbox;
        this.notifications = notifications;
        this.links = links;
        this.clock = clock;
        this.scheduler = scheduler;
    }

    @EventListener
    @Transactional
    void on(AuditableEvent event) {
        catalogue.forAction(event.action()).ifPresent(type -> route(type, event));
    }

    private void route(EventCatalogue.EventType type, AuditableEvent event) {
        Actor actor = event.actor().orElseGet(CurrentActor::get);
        String path = Links.pathOf(event.targetType(), event.targetId());
        Map<String, Object> data = new LinkedHashMap<>(Payloads.fieldsOf(event));
        String database = databaseOf(event, data);
        data.put("summary", event.details());
        data.put("actor", actor.displayName());
        data.put("target", Map.of("type", event.targetType(), "id", event.targetId()));
        data.put("url", links.base() + path);
        String payload = Payloads.envelope(type.type(), clock.instant(), data);
        int queued = 0;
        for (Webhook webhook : webhooks.findByEnabledTrue()) {
            if (webhook.wants(type.type(), database)) {
                outbox.enqueue(webhook.getId(), type.type(), payload, clock.instant());
                queued++;
            }
        }
        if (queued > 0) {
            kickSenderAfterCommit();
        }
        notifications.announce(type, event, actor, path);
    }

    /** The database an event concerns: its {@code database} field, or the one in its target's id. */
    static String databaseOf(AuditableEvent event, Map<String, Object> fields) {
        if (fields.get("database") instanceof String database && !database.isBlank()) {
            return database;
        }
        String id = event.targetId();
        if (id == null) {
            return null;
        }
        return switch (event.targetType()) {
            case "deploy_request" -> id.contains("#") ? id.substring(0, id.lastIndexOf('#')) : null;
            case "branch" -> id.contains("/") ? id.substring(0, id.indexOf('/')) : null;
            case "database" -> id;
            default -> null;
        };
    }

    void kickSenderAfterCommit() {
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            kick();
            return;
        }
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                kick();
            }
        });
    }

    private void kick() {
        Scheduler quartz = scheduler.getIfAvailable();
        if (quartz == null) {
            return;
        }
        try {
            quartz.triggerJob(NotificationJobs.SENDER);
        }
        catch (SchedulerException e) {
            // the sender's own trigger picks the message up within seconds
        }
    }
}
