package dev.loopline.delivery;

import java.time.Instant;

import dev.loopline.common.AuditableEvent;

/**
 * Events of the delivery module, all audited. Deployments target {@code deployment <id>}, freeze windows
 * {@code environment <name>}. Their {@code action()} names are the notification module's catalogue: keep them.
 */
public final class DeliveryEvents {

    private DeliveryEvents() {
    }

    /** Something that happened to one application deployment. */
    public interface DeploymentEvent extends AuditableEvent {

        long id();

        String environment();

        String version();

        @Override
        default String targetType() {
            return "deployment";
        }

        @Override
        default String targetId() {
            return Long.toString(id());
        }
    }

    public record EnvironmentChanged(String environment, String change) implements AuditableEvent {
        public String action() { return "environment.changed"; }
        public String targetType() { return "environment"; }
        public String targetId() { return environment; }
        public String details() { return "Environment " + environment + ": " + change; }
    }

    public record EnvironmentDeleted(String environment, int freezeWindows) implements AuditableEvent {
        public String action() { return "environment.deleted"; }
        public String targetType() { return "environment"; }
        public String targetId() { return environment; }
        public String details() {
            return "Deleted environment " + environment + (freezeWindows == 0 ? "" : " and its " + freezeWindows
                    + " freeze window(s)") + "; its deployments stay in the history and the DORA figures.";
        }
    }

    public record DeploymentStarted(long id, String environment, String version, String slot) implements DeploymentEvent {
        public String action() { return "deployment.started"; }
        public String details() {
            return "Started deploying " + version + " to " + environment + (slot == null ? "" : " (" + slot + " slot)") + ".";
        }
    }

    public record DeploymentSucceeded(long id, String environment, String version, boolean live) implements DeploymentEvent {
        public String action() { return "deployment.succeeded"; }
        public String details() {
            return "Deployed " + version + " to " + environment + (live ? "; it is live." : "; promote it to go live.");
        }
    }

    public record DeploymentFailed(long id, String environment, String version, String reason) implements DeploymentEvent {
        public String action() { return "deployment.failed"; }
        public String details() {
            return "Deployment of " + version + " to " + environment + " failed" + (reason == null ? "." : ": " + reason);
        }
    }

    public record DeploymentPromoted(long id, String environment, String version, String slot, String overrideReason)
            implements DeploymentEvent {
        public String action() { return "deployment.promoted"; }
        public String details() {
            return "Promoted " + version + " in the " + slot + " slot: it is live on " + environment + "."
                    + (overrideReason == null ? "" : " Freeze overridden: " + overrideReason);
        }
    }

    public record DeploymentRolledBack(long id, String environment, String version, long rollbackOf,
            String undoneVersion, String overrideReason) implements DeploymentEvent {
        public String action() { return "deployment.rolled_back"; }
        public String details() {
            return "Rolled " + environment + " back from " + undoneVersion + " (deployment " + rollbackOf + ") to "
                    + version + " (deployment " + id + ")." + (overrideReason == null ? "" : " Freeze overridden: " + overrideReason);
        }
    }

    public record FreezeOverridden(long id, String environment, String version, String window, String reason)
            implements DeploymentEvent {
        public String action() { return "deployment.freeze_overridden"; }
        public String details() { return "Overrode the freeze of " + environment + " (" + window + ") for " + version + ": " + reason; }
    }

    public record FreezeWindowCreated(String environment, long windowId, String description) implements AuditableEvent {
        public String action() { return "freeze_window.created"; }
        public String targetType() { return "environment"; }
        public String targetId() { return environment; }
        public String details() { return "Added freeze window " + windowId + " to " + environment + ": " + description; }
    }

    public record FreezeWindowDeleted(String environment, long windowId) implements AuditableEvent {
        public String action() { return "freeze_window.deleted"; }
        public String targetType() { return "environment"; }
        public String targetId() { return environment; }
        public String details() { return "Deleted freeze window " + windowId + " of " + environment + "."; }
    }

    public record FreezeWindowStarted(String environment, long windowId, String reason, Instant endsAt) implements AuditableEvent {
        public String action() { return "freeze_window.started"; }
        public String targetType() { return "environment"; }
        public String targetId() { return environment; }
        public String details() { return "Freeze of " + environment + " started (" + reason + "); it ends " + endsAt + "."; }
        public java.util.Optional<dev.loopline.common.Actor> actor() { return java.util.Optional.of(dev.loopline.common.Actor.SYSTEM); }
    }

    public record FreezeWindowEnded(String environment, long windowId, String reason) implements AuditableEvent {
        public String action() { return "freeze_window.ended"; }
        public String targetType() { return "environment"; }
        public String targetId() { return environment; }
        public String details() { return "Freeze of " + environment + " ended (" + reason + ")."; }
        public java.util.Optional<dev.loopline.common.Actor> actor() { return java.util.Optional.of(dev.loopline.common.Actor.SYSTEM); }
    }
}
