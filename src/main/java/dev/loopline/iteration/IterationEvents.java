package dev.loopline.iteration;

import dev.loopline.common.AuditableEvent;

/** Events of the iteration module, all audited. Other modules may listen to them. */
public final class IterationEvents {

    private IterationEvents() {
    }

    public record IterationCreated(long iterationId, String name, String database, java.time.LocalDate startsOn)
            implements AuditableEvent {
        public String action() { return "iteration.created"; }
        public String targetType() { return "iteration"; }
        public String targetId() { return String.valueOf(iterationId); }
        public String details() {
            return "Created iteration \"" + name + "\"" + (database == null ? "" : " on database " + database) + ".";
        }
    }

    public record IterationUpdated(Long iterationId, String name, String change, String database,
            java.time.LocalDate startsOn) implements AuditableEvent {
        public String action() { return "iteration.updated"; }
        public String targetType() { return "iteration"; }
        public String targetId() { return String.valueOf(iterationId); }
        public String details() { return "Updated iteration \"" + name + "\": " + change; }
    }

    /** The iteration was deleted; {@code deleteBranch} says whether its branch should go too (the user was asked). */
    public record IterationDeleted(long iterationId, String name, String database, boolean deleteBranch)
            implements AuditableEvent {
        public String action() { return "iteration.deleted"; }
        public String targetType() { return "iteration"; }
        public String targetId() { return String.valueOf(iterationId); }
        public String details() {
            return "Deleted iteration \"" + name + "\"" + (database == null ? "" : deleteBranch
                    ? " and asked to delete its branch" : "; its branch is kept") + ".";
        }
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

    /** {@code iterationId} and {@code iterationName} are {@code null} for an item created in the backlog. */
    public record WorkItemCreated(Long iterationId, String iterationName, long workItemId, String title)
            implements AuditableEvent {
        public String action() { return "work_item.created"; }
        public String targetType() { return "work_item"; }
        public String targetId() { return String.valueOf(workItemId); }
        public String details() {
            return "Added \"" + title + "\" to " + (iterationName == null ? "the backlog" : "\"" + iterationName + "\"")
                    + ".";
        }
    }

    /** The item moved between the backlog and iterations ({@code null} names: the backlog), or within its list. */
    public record WorkItemMoved(long workItemId, String title, String from, String to) implements AuditableEvent {
        public String action() { return "work_item.moved"; }
        public String targetType() { return "work_item"; }
        public String targetId() { return String.valueOf(workItemId); }
        public String details() {
            String source = from == null ? "the backlog" : "\"" + from + "\"";
            String target = to == null ? "the backlog" : "\"" + to + "\"";
            return java.util.Objects.equals(from, to) ? "Re-ranked \"" + title + "\" in " + target + "."
                    : "Moved \"" + title + "\" from " + source + " to " + target + ".";
        }
    }

    /** The iteration started with its committed scope. */
    public record IterationStarted(long iterationId, String name, int committedPoints, Integer capacityPoints)
            implements AuditableEvent {
        public String action() { return "iteration.started"; }
        public String targetType() { return "iteration"; }
        public String targetId() { return String.valueOf(iterationId); }
        public String details() {
            return "Started \"" + name + "\" with " + committedPoints + " points committed"
                    + (capacityPoints == null ? "" : " against a capacity of " + capacityPoints) + ".";
        }
    }

    /** The iteration was completed; its unfinished items went to {@code carriedTo} (a name, or the backlog). */
    public record IterationCompleted(long iterationId, String name, int committedPoints, int completedPoints,
            int carriedOver, String carriedTo) implements AuditableEvent {
        public String action() { return "iteration.completed"; }
        public String targetType() { return "iteration"; }
        public String targetId() { return String.valueOf(iterationId); }
        public String details() {
            return "Completed \"" + name + "\": " + completedPoints + " of " + committedPoints + " committed points done"
                    + (carriedOver == 0 ? "." : "; " + carriedOver + " unfinished item" + (carriedOver == 1 ? "" : "s")
                            + " carried over to " + (carriedTo == null ? "the backlog" : "\"" + carriedTo + "\"") + ".");
        }
    }

    /** Someone commented on a work item. */
    public record WorkItemCommented(long workItemId, String title, long commentId) implements AuditableEvent {
        public String action() { return "work_item.commented"; }
        public String targetType() { return "work_item"; }
        public String targetId() { return String.valueOf(workItemId); }
        public String details() { return "Commented on \"" + title + "\"."; }
    }

    public record WorkItemUpdated(Long iterationId, long workItemId, String title, String change)
            implements AuditableEvent {
        public String action() { return "work_item.updated"; }
        public String targetType() { return "work_item"; }
        public String targetId() { return String.valueOf(workItemId); }
        public String details() { return "\"" + title + "\": " + change; }
    }

    /** Someone asked for the iteration's branch to be created now (a retry after a failure, or a first try). */
    public record BranchRequested(long iterationId, String name, String database, String previousFailure)
            implements AuditableEvent {
        public String action() { return "iteration.branch_requested"; }
        public String targetType() { return "iteration"; }
        public String targetId() { return String.valueOf(iterationId); }
        public String details() {
            return "Asked to create the branch of \"" + name + "\" in " + database + " now"
                    + (previousFailure == null ? "." : " (retry after: " + previousFailure + ")");
        }
    }

    public record WorkItemDeleted(Long iterationId, long workItemId, String title) implements AuditableEvent {
        public String action() { return "work_item.deleted"; }
        public String targetType() { return "work_item"; }
        public String targetId() { return String.valueOf(workItemId); }
        public String details() { return "Deleted \"" + title + "\"."; }
    }
}
