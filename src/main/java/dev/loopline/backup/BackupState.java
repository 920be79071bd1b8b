package dev.loopline.backup;

import java.util.Locale;

/** A backup's life: waiting, being written, done or failed (with the reason). */
public enum BackupState {
    PENDING, RUNNING, SUCCESS, FAILED;

    public String apiName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
