package dev.loopline.iteration;

import java.util.Locale;

import dev.loopline.common.Names;

/** The board's columns. */
public enum WorkItemStatus {
    TODO("To do"), IN_PROGRESS("In progress"), DONE("Done");

    private final String label;

    WorkItemStatus(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    public String apiName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static WorkItemStatus fromApiName(String value) {
        return Names.parseEnum(WorkItemStatus.class, value, "invalid_status", "status");
    }
}
