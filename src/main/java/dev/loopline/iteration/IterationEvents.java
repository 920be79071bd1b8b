package dev.loopline.iteration;

import dev.loopline.common.AuditableEvent;

/** Events of the iteration module, all audited. Other modules may listen to them. */
public final class IterationEvents {

    private IterationEvents() {
    }

    public record IterationCreated(long iterationId, String name, String database) implements AuditableEvent {
        public String action() { return "iteration.created"; }
        public String targetType() { return "iteration"; }
        public String targetId() { return String.valueOf(iterationId); }
        public String details() {
            return "Created iteration \"" + name + "\"" + (database == null ? "" : " on database " + database) + ".";
        }
    }

    public record IterationUpdated(Long iterationId, String name, String change) implements AuditableEvent {
        public String action() { return "iteration.updated"; }
        public String targetType() { return "iteration"; }
        public String targetId() { return String.valueOf(iterationId); }
        public String details() { return "Updated iteration \"" + name + "\": " + change; }
    }

    public record PhaseChanged(Long iterationId, String name, Phase from, Phase to, String by)
            implements AuditableEvent {
        public String action() { return "iteration.phase_changed"; }
        public String targetType() { return "iteration"; }
        public String targetId() { return String.valueOf(iterationId); }
        public String details() {
            return "Moved \"" + name + "\" from " + from.label() + " to " + to.label() + ".";
        }
    }

    public record PhaseGateOverridden(Long iterationId, String name, Phase to, String failedGates, String reason)
            implements AuditableEvent {
        public String action() { return "iteration.gate_overridden"; }
        public String targetType() { return "iteration"; }
        public String targetId() { return String.valueOf(iterationId); }
        public String details() {
            return "Overrode gates into " + to.label() + " for \"" + name + "\" (" + failedGates + "). Reason: " + reason;
        }
    }

    public record WorkItemCreated(long iterationId, String iterationName, long workItemId, String title)
            implements AuditableEvent {
        public String action() { return "work_item.created"; }
        public String targetType() { return "work_item"; }
        public String targetId() { return String.valueOf(workItemId); }
        public String details() { return "Added \"" + title + "\" to \"" + iterationName + "\"."; }
    }

    public record WorkItemUpdated(long iterationId, long workItemId, String title, String change)
            implements AuditableEvent {
        public String action() { return "work_item.updated"; }
        public String targetType() { return "work_item"; }
        public String targetId() { return String.valueOf(workItemId); }
        public String details() { return "\"" + title + "\": " + change; }
    }
}
