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
}
