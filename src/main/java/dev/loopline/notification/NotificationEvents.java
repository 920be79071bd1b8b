package dev.loopline.notification;

import dev.loopline.common.AuditableEvent;

/**
 * Events of the notification module, all audited under {@code webhook <id>} (never with a URL path or secret), and
 * the "revert window closing soon" announcement of a deploy request, which this module detects.
 */
public final class NotificationEvents {

    private NotificationEvents() {
    }

    interface OfWebhook extends AuditableEvent {
        long webhookId();

        default String targetType() {
            return "webhook";
        }

        default String targetId() {
            return String.valueOf(webhookId());
        }
    }

    public record WebhookCreated(long webhookId, String kind, String host, String events) implements OfWebhook {
        public String action() { return "webhook.created"; }
        public String details() { return "Created " + kind + " webhook " + webhookId + " to " + host + " for " + events + "."; }
    }

    public record WebhookChanged(long webhookId, String change) implements OfWebhook {
        public String action() { return "webhook.updated"; }
        public String details() { return "Webhook " + webhookId + ": " + change + "."; }
    }

    public record WebhookDeleted(long webhookId, String host) implements OfWebhook {
        public String action() { return "webhook.deleted"; }
        public String details() { return "Deleted webhook " + webhookId + " to " + host + "."; }
    }

    /** Loopline turned the webhook off: too many failures in a row, or the receiver answered {@code 410 Gone}. */
    public record WebhookDisabled(long webhookId, String reason) implements OfWebhook {
        public String action() { return "webhook.disabled"; }
        public String details() { return "Disabled webhook " + webhookId + ": " + reason; }
        public java.util.Optional<dev.loopline.common.Actor> actor() {
            return java.util.Optional.of(dev.loopline.common.Actor.SYSTEM);
        }
    }

    /** The revert window of a deployed request closes within the notice period; published once per deployment. */
    public record RevertWindowClosing(String database, int number, java.time.Instant closesAt, long minutesLeft)
            implements AuditableEvent {
        public String action() { return "deploy_request.revert_window_closing"; }
        public String targetType() { return "deploy_request"; }
        public String targetId() { return database + "#" + number; }
        public String details() {
            return "The revert window of #" + number + " closes in " + minutesLeft + " minute"
                    + (minutesLeft == 1 ? "" : "s") + " (" + closesAt + "); revert before then if something is wrong.";
        }
        public java.util.Optional<dev.loopline.common.Actor> actor() {
            return java.util.Optional.of(dev.loopline.common.Actor.SYSTEM);
        }
    }
}
