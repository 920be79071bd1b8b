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

    /** A run of a job ended with an error (recorded in its history); announced to webhooks as {@code job.failed}. */
    public record JobFailed(String group, String name, String error) implements AuditableEvent {
        public String action() { return "job.failed"; }
        public String targetType() { return "job"; }
        public String targetId() { return group + "/" + name; }
        public String details() { return "Job " + group + "/" + name + " failed: " + error; }
        public java.util.Optional<dev.loopline.common.Actor> actor() {
            return java.util.Optional.of(dev.loopline.common.Actor.SYSTEM);
        }
    }
}
