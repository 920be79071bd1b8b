package dev.loopline.iteration;

import java.util.List;

/**
 * New values for a work item; {@code null} leaves a field as it is, an empty assignee or description clears it, an
 * empty label list removes every label.
 */
public record WorkItemChanges(String title, WorkItemStatus status, String assignee, Integer points,
        String description, WorkItemType type, WorkItemPriority priority, List<String> labels) {

    /** Changes of the board's fields only. */
    public WorkItemChanges(String title, WorkItemStatus status, String assignee, Integer points) {
        this(title, status, assignee, points, null, null, null, null);
    }
}
