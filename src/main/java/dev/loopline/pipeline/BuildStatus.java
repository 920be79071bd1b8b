package dev.loopline.pipeline;

import java.util.Locale;

/** Where a build is: waiting, running, or one of three final outcomes. */
public enum BuildStatus {
    QUEUED, RUNNING, SUCCESS, FAILED, CANCELLED;

    /** The API's spelling: {@code success}. */
    public String apiName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public boolean isFinal() {
        return this == SUCCESS || this == FAILED || this == CANCELLED;
    }
}
