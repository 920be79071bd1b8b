package dev.loopline.iteration;

/**
 * New values for a work item; {@code null} leaves a field as it is, an empty assignee clears it.
 */
public record WorkItemChanges(String title, WorkItemStatus status, String assignee, Integer points) {
}
