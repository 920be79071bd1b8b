package dev.loopline.iteration;

import java.util.Locale;

import dev.loopline.common.Names;

/** What kind of work an item is, as Jira and GitLab name them. */
public enum WorkItemType {
    STORY("Story"), BUG("Bug"), TASK("Task"), CHORE("Chore");

    private final String label;

    WorkItemType(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    public String apiName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** @throws dev.loopline.common.DomainException.InvalidInput {@code 400 invalid_type} for an unknown type */
    public static WorkItemType fromApiName(String value) {
        return Names.parseEnum(WorkItemType.class, value, "invalid_type", "type");
    }
}
