package dev.loopline.backup;

import dev.loopline.common.AuditableEvent;

/** Events of the backup module, all audited; backups target {@code branch <database>/<branch>} like branch events. */
public final class BackupEvents {

    private BackupEvents() {
    }

    interface OfBranch extends AuditableEvent {
        String database();

        String branch();

        default String targetType() {
            return "branch";
        }

        default String targetId() {
            return database() + "/" + branch();
        }
    }

    public record BackupRequested(String database, String branch, long id, String name, boolean scheduled) implements OfBranch {
        public String action() { return "backup.requested"; }
        public String details() { return (scheduled ? "Scheduled" : "Requested") + " backup " + id + " (" + name + ") of " + branch + "."; }
    }

    public record BackupSucceeded(String database, String branch, long id, long sizeBytes, long millis) implements OfBranch {
        public String action() { return "backup.succeeded"; }
        public String details() { return "Backup " + id + " of " + branch + " succeeded: " + dev.loopline.common.Quantities.bytes(sizeBytes)
                + " in " + dev.loopline.common.Quantities.millis(millis) + "."; }
    }

    public record BackupFailed(String database, String branch, long id, String reason) implements OfBranch {
        public String action() { return "backup.failed"; }
        public String details() { return "Backup " + id + " of " + branch + " failed: " + reason; }
    }

    public record BackupVerified(String database, String branch, long id, boolean passed, String reason) implements OfBranch {
        public String action() { return passed ? "backup.verification_passed" : "backup.verification_failed"; }
        public String details() {
            return "Test restore of backup " + id + (passed ? " passed" : " failed") + (reason == null ? "." : ": " + reason);
        }
    }

    public record BackupProtectionChanged(String database, String branch, long id, boolean protectedNow) implements OfBranch {
        public String action() { return protectedNow ? "backup.protected" : "backup.unprotected"; }
        public String details() { return "Backup " + id + (protectedNow ? " is protected from deletion and expiry." : " is no longer protected."); }
    }

    public record BackupDeleted(String database, String branch, long id, boolean expired) implements OfBranch {
        public String action() { return expired ? "backup.expired" : "backup.deleted"; }
        public String details() { return "Deleted backup " + id + " of " + branch + (expired ? " (retention ended)." : "."); }
    }

    public record PolicyChanged(String database, String schedule, int retentionDays, String branches,
            boolean verifyAfterBackup) implements AuditableEvent {
        public String action() { return "backup.policy_changed"; }
        public String targetType() { return "database"; }
        public String targetId() { return database; }
        public String details() {
            return "Backup policy of " + database + ": " + schedule + ", kept " + retentionDays + " days, branches "
                    + branches + (verifyAfterBackup ? ", verified after each backup." : ".");
        }
    }
}
