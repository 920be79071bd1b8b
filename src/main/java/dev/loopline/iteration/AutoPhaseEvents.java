package dev.loopline.iteration;

import dev.loopline.common.AuditableEvent;

/** Events of automatic phase moves (the moves themselves are {@link IterationEvents.PhaseChanged} by "automation"). */
public final class AutoPhaseEvents {

    private AutoPhaseEvents() {
    }

    /** Evidence arrived but a gate kept the iteration where it is. */
    public record AutomaticMoveBlocked(Long iterationId, String name, Phase to, String why, String evidence)
            implements AuditableEvent {
        public String action() { return "iteration.auto_phase_blocked"; }
        public String targetType() { return "iteration"; }
        public String targetId() { return String.valueOf(iterationId); }
        public String details() {
            return "\"" + name + "\" stays put: " + evidence + " would move it to " + to.label() + ", but " + why;
        }
    }

    /** A planner switched automatic phase moves on or off for the iteration. */
    public record AutoPhaseSwitched(Long iterationId, String name, boolean on) implements AuditableEvent {
        public String action() { return "iteration.auto_phase_changed"; }
        public String targetType() { return "iteration"; }
        public String targetId() { return String.valueOf(iterationId); }
        public String details() {
            return "Automatic phase moves " + (on ? "on" : "off") + " for \"" + name + "\".";
        }
    }
}
