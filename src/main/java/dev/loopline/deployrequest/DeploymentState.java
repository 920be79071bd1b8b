package dev.loopline.deployrequest;

import java.util.Locale;

/** Where a deploy request's deployment stands (API.md's list). */
public enum DeploymentState {
    PENDING, READY, NO_CHANGES, QUEUED, IN_PROGRESS, PENDING_CUTOVER, IN_PROGRESS_CUTOVER, COMPLETE_PENDING_REVERT,
    COMPLETE, IN_PROGRESS_REVERT, COMPLETE_REVERT, COMPLETE_ERROR, COMPLETE_REVERT_ERROR, CANCELLED;

    public String apiName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public String label() {
        return name().charAt(0) + name().substring(1).toLowerCase(Locale.ROOT).replace('_', ' ');
    }
}
