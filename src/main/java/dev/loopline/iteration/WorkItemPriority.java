package dev.loopline.iteration;

import java.util.Locale;

import dev.loopline.common.Names;

/** How urgent an item is, lowest first. */
public enum WorkItemPriority {
    LOW("Low"), MEDIUM("Medium"), HIGH("High"), URGENT("Urgent");

    private final String label;

    WorkItemPriority(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    public String apiName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** @throws dev.loopline.common.DomainException.InvalidInput {@code 400 invalid_priority} for an unknown one */
    public static WorkItemPriority fromApiName(String value) {
        return Names.parseEnum(WorkItemPriority.class, value, "invalid_priority", "priority");
    }
}
