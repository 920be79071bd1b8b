package dev.loopline.scheduling;

import dev.loopline.common.AuditableEvent;

/** What operators do to jobs; audited. */
public final class JobEvents {

    private JobEvents() {
    }

    public record JobActed(String group, String name, String act) implements AuditableEvent {
        public String action() { return "job." + act; }
        public String targetType() { return "job"; }
        public String targetId() { return group + "/" + name; }
        public String details() {
            return switch (act) {
                case "run_requested" -> "Asked job " + group + "/" + name + " to run now.";
                case "paused" -> "Paused job " + group + "/" + name + ".";
                default -> "Resumed job " + group + "/" + name + ".";
            };
        }
    }

    /**
     * A run of a job ended with an error after a run that succeeded (or none): published once when a job starts
     * failing, not for each further failure in a row; announced to webhooks as {@code job.failed}.
     */
    public record JobFailed(String group, String name, String error) implements AuditableEvent {
        public String action() { return "job.failed"; }
        public String targetType() { return "job"; }
        public String targetId() { return group + "/" + name; }
        public String details() {
            return "Job " + group + "/" + name + " failed: " + error + " (further failures in a row are only in its "
                    + "history until it succeeds again)";
        }
        public java.util.Optional<dev.loopline.common.Actor> actor() {
            return java.util.Optional.of(dev.loopline.common.Actor.SYSTEM);
        }
    }
}
