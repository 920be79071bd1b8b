package dev.loopline.database;

import dev.loopline.common.AuditableEvent;

/**
 * Events of the database module, all audited. Everything that happens to a branch (its passwords and console runs
 * included) targets {@code branch <database>/<branch>}, so the branch's activity list is its audit trail.
 */
public final class DatabaseEvents {

    private DatabaseEvents() {
    }

    /** Something that happened to one branch. */
    public interface BranchEvent extends AuditableEvent {

        String database();

        String branch();

        @Override
        default String targetType() {
            return "branch";
        }

        @Override
        default String targetId() {
            return database() + "/" + branch();
        }
    }

    public record DatabaseCreated(String database, String engine) implements AuditableEvent {
        public String action() { return "database.created"; }
        public String targetType() { return "database"; }
        public String targetId() { return database; }
        public String details() { return "Created database " + database + " on " + engine + " with production branch main."; }
    }

    public record DatabaseSettingsChanged(String database, String change) implements AuditableEvent {
        public String action() { return "database.settings_changed"; }
        public String targetType() { return "database"; }
        public String targetId() { return database; }
        public String details() { return "Settings of " + database + ": " + change + "."; }
    }

    public record BranchCreated(String database, String branch, String parent) implements BranchEvent {
        public String action() { return "branch.created"; }
        public String details() {
            return "Created branch " + branch + (parent == null ? "" : " from " + parent) + " in " + database + ".";
        }
    }

    public record BranchRestoreStarted(String database, String branch, long backupId, String from) implements BranchEvent {
        public String action() { return "branch.restore_started"; }
        public String details() {
            return "Restoring backup " + backupId + " of " + from + " into the new branch " + branch + ".";
        }
    }

    public record BranchCreationFailed(String database, String branch, String reason) implements BranchEvent {
        public String action() { return "branch.creation_failed"; }
        public String details() { return "Creating branch " + branch + " failed: " + reason; }
    }

    public record BranchDeleted(String database, String branch) implements BranchEvent {
        public String action() { return "branch.deleted"; }
        public String details() { return "Deleted branch " + branch + " of " + database + " and its database."; }
    }

    /** A throwaway branch was given a time to delete itself ({@code delete_after_minutes}). */
    public record BranchExpirySet(String database, String branch, String expiresAt) implements BranchEvent {
        public String action() { return "branch.expiry_set"; }
        public String details() { return "Branch " + branch + " of " + database + " deletes itself at " + expiresAt + "."; }
    }

    /** A branch reached its expiry; the deletion that follows is audited as {@code branch.deleted}. */
    public record BranchExpired(String database, String branch, String expiresAt) implements BranchEvent {
        public String action() { return "branch.expired"; }
        public String details() { return "Branch " + branch + " of " + database + " expired at " + expiresAt + "; deleting it."; }
    }

    public record BranchProductionChanged(String database, String branch, boolean production) implements BranchEvent {
        public String action() { return production ? "branch.promoted" : "branch.demoted"; }
        public String details() {
            return (production ? "Promoted " + branch + " to production (safe migrations on)."
                    : "Demoted " + branch + " to a development branch.");
        }
    }

    public record SafeMigrationsChanged(String database, String branch, boolean enabled) implements BranchEvent {
        public String action() { return enabled ? "branch.safe_migrations_enabled" : "branch.safe_migrations_disabled"; }
        public String details() {
            return (enabled ? "Enabled" : "Disabled") + " safe migrations on " + branch
                    + (enabled ? ": direct DDL is refused by the database." : ": admin passwords may change the schema.");
        }
    }

    public record PasswordCreated(String database, String branch, String name, String role, String username,
            String expiresAt) implements BranchEvent {
        public String action() { return "branch.password_created"; }
        public String details() {
            return "Created " + role + " password " + name + " (user " + username + ")"
                    + (expiresAt == null ? "" : ", expires " + expiresAt) + ".";
        }
    }

    public record PasswordDeleted(String database, String branch, String name, String username, boolean expired)
            implements BranchEvent {
        public String action() { return expired ? "branch.password_expired" : "branch.password_deleted"; }
        public String details() {
            return (expired ? "Password " + name + " expired" : "Deleted password " + name)
                    + ": user " + username + " dropped and its sessions ended.";
        }
    }

    public record SqlExecuted(String database, String branch, int statements, String firstStatement, boolean failed)
            implements BranchEvent {
        public String action() { return "branch.sql_executed"; }
        public String details() {
            String head = firstStatement.length() > 120 ? firstStatement.substring(0, 117) + "..." : firstStatement;
            return "Ran " + statements + " statement" + (statements == 1 ? "" : "s") + " in the console"
                    + (failed ? " (stopped at an error)" : "") + ": " + head;
        }
    }
}
