package dev.loopline.deployrequest;

import java.util.Locale;

/** Where a deploy request's deployment stands (API.md's list). */
public enum DeploymentState {
    PENDING, READY, NO_CHANGES, QUEUED, IN_PROGRESS, PENDING_CUTOVER, IN_PROGRESS_CUTOVER, COMPLETE_PENDING_REVERT,
    COMPLETE, IN_PROGRESS_REVERT, COMPLETE_REVERT, COMPLETE_ERROR, COMPLETE_REVERT_ERROR, CANCELLED;

    public String apiName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The state in words, for people: "Complete, revert window open" rather than {@code complete_pending_revert}. */
    public String label() {
        return switch (this) {
            case PENDING -> "Pending";
            case READY -> "Not deployed"; // whether it may be deployed (approved, clean…) is said beside it
            case NO_CHANGES -> "No changes";
            case QUEUED -> "Queued";
            case IN_PROGRESS -> "Copying rows";
            case PENDING_CUTOVER -> "Copied, waiting for Apply";
            case IN_PROGRESS_CUTOVER -> "Cutting over";
            case COMPLETE_PENDING_REVERT -> "Complete, revert window open";
            case COMPLETE -> "Deployed";
            case IN_PROGRESS_REVERT -> "Reverting";
            case COMPLETE_REVERT -> "Reverted";
            case COMPLETE_ERROR -> "Failed";
            case COMPLETE_REVERT_ERROR -> "Revert failed";
            case CANCELLED -> "Cancelled";
        };
    }
}
