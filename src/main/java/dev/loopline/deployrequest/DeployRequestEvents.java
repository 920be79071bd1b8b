package dev.loopline.deployrequest;

import dev.loopline.common.AuditableEvent;

/** Events of deploy requests, all audited under {@code deploy_request <db>#<number>}: the request's timeline. */
public final class DeployRequestEvents {

    private DeployRequestEvents() {
    }

    /** Something that happened to one deploy request. */
    public interface RequestEvent extends AuditableEvent {

        String database();

        int number();

        @Override
        default String targetType() {
            return "deploy_request";
        }

        @Override
        default String targetId() {
            return database() + "#" + number();
        }
    }

    public record Opened(String database, int number, String branch, String intoBranch, int tables) implements RequestEvent {
        public String action() { return "deploy_request.opened"; }
        public String details() {
            return "Opened deploy request #" + number + ": " + branch + " → " + intoBranch + " (" + tables + " table"
                    + (tables == 1 ? "" : "s") + " changed).";
        }
    }

    public record Reviewed(String database, int number, String kind, String body) implements RequestEvent {
        public String action() { return "deploy_request." + kind; }
        public String details() {
            return ("approved".equals(kind) ? "Approved" : "Commented on") + " deploy request #" + number
                    + (body == null ? "." : ": " + body);
        }
    }

    public record ApprovalDismissed(String database, int number, String reviewer, String change) implements RequestEvent {
        public String action() { return "deploy_request.approval_dismissed"; }
        public String details() {
            return "Dismissed the approval by " + reviewer + " on #" + number + ": the branch schema changed (" + change + ").";
        }
    }

    /** A step of a deployment: queued, started, ready to cut over, cut over, reverted, completed, failed, cancelled. */
    public record DeploymentStep(String database, int number, String step, String details) implements RequestEvent {
        public String action() { return "deploy_request." + step; }
    }

    public record QueueUnblocked(String database, String intoBranch) implements AuditableEvent {
        public String action() { return "deploy_queue.unblocked"; }
        public String targetType() { return "branch"; }
        public String targetId() { return database + "/" + intoBranch; }
        public String details() { return "Unblocked the deploy queue of " + intoBranch + "."; }
    }

    public record Closed(String database, int number) implements RequestEvent {
        public String action() { return "deploy_request.closed"; }
        public String details() { return "Closed deploy request #" + number + "."; }
    }
}
