package dev.loopline.database;

import java.util.Locale;

/** A branch's life: being created, usable, or failed (with a reason). */
public enum BranchState {
    PENDING, READY, FAILED;

    public String apiName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
