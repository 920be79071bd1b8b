package dev.loopline.account;

import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import dev.loopline.common.Actor;
import dev.loopline.common.AuditableEvent;
import dev.loopline.common.Role;

/** Events of the account module, all audited. */
public final class AccountEvents {

    private AccountEvents() {
    }

    /**
     * Who a failed sign-in is recorded as: not the account it tried (that person did nothing, and anyone can type
     * any name), but a visitor who is not signed in; the account is the entry's object. No user name has a space.
     */
    static final Actor NOT_SIGNED_IN = new Actor(Actor.Type.USER, null, "unknown visitor", Set.of());

    static String describe(Set<Role> roles) {
        return roles.isEmpty() ? "no roles" : roles.stream().sorted().map(Role::label).collect(Collectors.joining(", "));
    }

    public record UserCreated(String username, Set<Role> roles) implements AuditableEvent {
        public String action() { return "user.created"; }
        public String targetType() { return "user"; }
        public String targetId() { return username; }
        public String details() { return "Created user " + username + " with roles " + describe(roles) + "."; }
    }

    public record UserUpdated(String username, String change) implements AuditableEvent {
        public String action() { return "user.updated"; }
        public String targetType() { return "user"; }
        public String targetId() { return username; }
        public String details() { return change; }
    }

    public record UserEnabledChanged(String username, boolean enabled) implements AuditableEvent {
        public String action() { return enabled ? "user.enabled" : "user.disabled"; }
        public String targetType() { return "user"; }
        public String targetId() { return username; }
        public String details() { return (enabled ? "Enabled" : "Disabled") + " user " + username + "."; }
    }

    public record UserPasswordReset(String username) implements AuditableEvent {
        public String action() { return "user.password_reset"; }
        public String targetType() { return "user"; }
        public String targetId() { return username; }
        public String details() { return "Reset the password of " + username + "."; }
    }

    /** A person changed their own password (knowing the current one); their other sessions were ended. */
    public record PasswordChanged(String username, int sessionsEnded) implements AuditableEvent {
        public String action() { return "user.password_changed"; }
        public String targetType() { return "user"; }
        public String targetId() { return username; }
        public String details() {
            return username + " changed their password" + (sessionsEnded == 0 ? "." : "; "
                    + dev.loopline.common.Quantities.count(sessionsEnded, "other session") + " ended.");
        }
    }

    public record UserLoggedIn(Actor user) implements AuditableEvent {
        public String action() { return "user.login"; }
        public String targetType() { return "user"; }
        public String targetId() { return user.name(); }
        public String details() { return user.name() + " signed in."; }
        public Optional<Actor> actor() { return Optional.of(user); }
    }

    public record LoginFailed(String username, String reason) implements AuditableEvent {
        public String action() { return "user.login_failed"; }
        public String targetType() { return "user"; }
        public String targetId() { return username; }
        public String details() { return "Sign-in as '" + username + "' failed: " + reason + "."; }
        public Optional<Actor> actor() {
            return Optional.of(NOT_SIGNED_IN);
        }
    }

    /**
     * A user name was locked after {@code failures} failed sign-ins in a row, for {@code minutes} minutes. The name
     * need not belong to an account: unknown names are locked the same way.
     */
    public record SignInLocked(String username, int failures, int minutes) implements AuditableEvent {
        public String action() { return "user.login_locked"; }
        public String targetType() { return "user"; }
        public String targetId() { return username; }
        public String details() {
            return "Sign-in as '" + username + "' locked for " + minutes + " minutes after " + failures
                    + " failed attempts in a row.";
        }
        public Optional<Actor> actor() {
            return Optional.of(NOT_SIGNED_IN);
        }
    }

    public record ServiceTokenCreated(long id, String name, Set<Role> roles) implements AuditableEvent {
        public String action() { return "service_token.created"; }
        public String targetType() { return "service_token"; }
        public String targetId() { return name; }
        public String details() { return "Created service token " + name + " with roles " + describe(roles) + "."; }
    }

    public record ServiceTokenDeleted(long id, String name) implements AuditableEvent {
        public String action() { return "service_token.deleted"; }
        public String targetType() { return "service_token"; }
        public String targetId() { return name; }
        public String details() { return "Deleted service token " + name + "."; }
    }
}
