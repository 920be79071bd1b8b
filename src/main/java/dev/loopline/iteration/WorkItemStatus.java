package dev.loopline.iteration;

import java.util.Arrays;
import java.util.Locale;

import dev.loopline.common.DomainException;

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
        if (value != null) {
            for (WorkItemStatus status : values()) {
                if (status.name().equalsIgnoreCase(value.trim())) {
                    return status;
                }
            }
        }
        throw new DomainException.InvalidInput("invalid_status", "Unknown status '" + value + "'. Use one of: "
                + String.join(", ", Arrays.stream(values()).map(WorkItemStatus::apiName).toList()) + ".");
    }
}
