package dev.loopline.account;

import java.time.Clock;
import java.util.List;
import java.util.Set;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.session.SessionInformation;
import org.springframework.security.core.session.SessionRegistry;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import dev.loopline.common.CurrentActor;
import dev.loopline.common.DomainException;
import dev.loopline.common.Names;
import dev.loopline.common.Role;

/** Manages users: admins add them, set roles, disable them and reset passwords. */
@Service
@Transactional
public class UserService {

    public static final int MIN_PASSWORD_LENGTH = 10;

    private final UserRepository users;
    private final PasswordEncoder passwordEncoder;
    private final ApplicationEventPublisher events;
    private final Clock clock;
    private final SessionRegistry sessions;

    UserService(UserRepository users, PasswordEncoder passwordEncoder, ApplicationEventPublisher events, Clock clock,
            SessionRegistry sessions) {
        this.users = users;
        this.passwordEncoder = passwordEncoder;
        this.events = events;
        this.clock = clock;
        this.sessions = sessions;
    }

    @PreAuthorize(Role.ADMIN_ONLY)
    @Transactional(readOnly = true)
    public List<User> findAll() {
        return users.findAllByOrderByUsernameAsc();
    }

    @PreAuthorize(Role.ADMIN_ONLY)
    @Transactional(readOnly = true)
    public User get(long id) {
        return users.findById(id).orElseThrow(() -> new DomainException.NotFound("User", id));
    }

    /** Usernames of enabled users, for assignee pickers. */
    @Transactional(readOnly = true)
    public List<String> activeUsernames() {
        return users.findAllByOrderByUsernameAsc().stream().filter(User::isEnabled).map(User::getUsername).toList();
    }

    /** The enabled user with this name, as who they act as (their roles included); empty for no such user. */
    @Transactional(readOnly = true)
    public java.util.Optional<dev.loopline.common.Actor> activeUser(String username) {
        return users.findByUsername(username).filter(User::isEnabled).map(User::toActor);
    }

    @PreAuthorize(Role.ADMIN_ONLY)
    public User create(String username, String displayName, String password, Set<Role> roles) {
        return createUnchecked(username, displayName, password, roles);
    }

    /** Creates a user without a role check: for the first-start admin only. */
    User createUnchecked(String username, String displayName, String password, Set<Role> roles) {
        String name = username == null ? "" : username.trim().toLowerCase(java.util.Locale.ROOT);
        if (!Names.USERNAME.matcher(name).matches()) {
            throw new DomainException.InvalidInput("invalid_username",
                    "Use 2–64 lower-case letters, digits, dots, dashes or underscores for the user name.");
        }
        if (users.existsByUsername(name)) {
            throw new DomainException.Conflict("username_taken", "A user named " + name + " already exists.");
        }
        checkPassword(password);
        requirePeopleRoles(roles);
        User user = users.save(new User(name, displayNameOr(displayName, name), passwordEncoder.encode(password),
                roles, clock.instant()));
        events.publishEvent(new AccountEvents.UserCreated(name, roles));
        return user;
    }

    @PreAuthorize(Role.ADMIN_ONLY)
    public User update(long id, String displayName, Set<Role> roles) {
        User user = get(id);
        requirePeopleRoles(roles);
        if (!roles.contains(Role.ADMIN) && user.getRoles().contains(Role.ADMIN)) {
            refuseIfSelf(user, "remove your own admin role");
            refuseIfLastAdmin(user);
        }
        String newDisplayName = displayNameOr(displayName, user.getUsername());
        if (!user.getRoles().equals(roles.isEmpty() ? Set.of() : Set.copyOf(roles))) {
            String change = "Roles of " + user.getUsername() + ": " + AccountEvents.describe(user.getRoles()) + " → "
                    + AccountEvents.describe(roles) + ".";
            user.changeRoles(roles);
            endSessions(user);
            events.publishEvent(new AccountEvents.UserUpdated(user.getUsername(), change));
        }
        if (!user.getDisplayName().equals(newDisplayName)) {
            user.changeDisplayName(newDisplayName);
            events.publishEvent(new AccountEvents.UserUpdated(user.getUsername(),
                    "Display name of " + user.getUsername() + " set to " + newDisplayName + "."));
        }
        return user;
    }

    @PreAuthorize(Role.ADMIN_ONLY)
    public User setEnabled(long id, boolean enabled) {
        User user = get(id);
        if (!enabled) {
            refuseIfSelf(user, "disable your own account");
            if (user.getRoles().contains(Role.ADMIN)) {
                refuseIfLastAdmin(user);
            }
        }
        if (user.isEnabled() != enabled) {
            user.enable(enabled);
            if (!enabled) {
                endSessions(user);
            }
            events.publishEvent(new AccountEvents.UserEnabledChanged(user.getUsername(), enabled));
        }
        return user;
    }

    @PreAuthorize(Role.ADMIN_ONLY)
    public void resetPassword(long id, String newPassword) {
        User user = get(id);
        checkPassword(newPassword);
        user.changePasswordHash(passwordEncoder.encode(newPassword));
        endSessions(user);
        events.publishEvent(new AccountEvents.UserPasswordReset(user.getUsername()));
    }

    /** The signed-in person's own account. {@code 403} for a service token or no one. */
    @Transactional(readOnly = true)
    public User me() {
        var actor = CurrentActor.find().filter(a -> a.type() == dev.loopline.common.Actor.Type.USER)
                .orElseThrow(() -> new DomainException.Forbidden("forbidden", "Only a signed-in person has an account page."));
        return get0(actor.id());
    }

    /**
     * Changes the signed-in person's own password. {@code 400 wrong_current_password} unless {@code current} is their
     * password now; {@code 400 invalid_password} for a new one that is too short or long, or the same as before.
     * Their other sessions end ({@code keepSessionId} stays signed in); audited.
     */
    public void changeOwnPassword(String current, String newPassword, String keepSessionId) {
        User user = me();
        if (current == null || !passwordEncoder.matches(current, user.getPasswordHash())) {
            throw new DomainException.InvalidInput("wrong_current_password", "That is not your current password.");
        }
        checkPassword(newPassword);
        if (passwordEncoder.matches(newPassword, user.getPasswordHash())) {
            throw new DomainException.InvalidInput("invalid_password", "Choose a password different from the current one.");
        }
        user.changePasswordHash(passwordEncoder.encode(newPassword));
        int ended = 0;
        for (SessionInformation session : sessionsOf(user)) {
            if (!session.getSessionId().equals(keepSessionId)) {
                session.expireNow();
                ended++;
            }
        }
        events.publishEvent(new AccountEvents.PasswordChanged(user.getUsername(), ended));
    }

    private User get0(long id) {
        return users.findById(id).orElseThrow(() -> new DomainException.NotFound("User", id));
    }

    private List<SessionInformation> sessionsOf(User user) {
        return sessions.getAllPrincipals().stream()
                .filter(p -> p instanceof AccountPrincipal principal && principal.getUsername().equals(user.getUsername()))
                .flatMap(p -> sessions.getAllSessions(p, false).stream()).toList();
    }

    /** {@link Role#METRICS} is a scope for tokens that scrape metrics; a person never holds it. */
    private static void requirePeopleRoles(Set<Role> roles) {
        if (roles != null && !Role.forPeople().containsAll(roles)) {
            throw new DomainException.InvalidInput("invalid_roles",
                    "Metrics is a scope for service tokens that scrape /actuator/prometheus, not a role for people.");
        }
    }

    /** Signs the user out everywhere: their roles or password changed, or they were disabled. */
    private void endSessions(User user) {
        sessions.getAllPrincipals().stream()
                .filter(p -> p instanceof AccountPrincipal principal && principal.getUsername().equals(user.getUsername()))
                .flatMap(p -> sessions.getAllSessions(p, false).stream())
                .forEach(SessionInformation::expireNow);
    }

    boolean anyUserExists() {
        return users.count() > 0;
    }

    private static void checkPassword(String password) {
        if (password == null || password.length() < MIN_PASSWORD_LENGTH) {
            throw new DomainException.InvalidInput("invalid_password",
                    "Passwords need at least " + MIN_PASSWORD_LENGTH + " characters.");
        }
        if (password.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > 72) {
            // BCrypt reads at most 72 bytes and Spring Security refuses longer input with an exception
            throw new DomainException.InvalidInput("invalid_password", "Passwords may have at most 72 bytes.");
        }
    }

    private static String displayNameOr(String displayName, String fallback) {
        return displayName == null || displayName.isBlank() ? fallback
                : dev.loopline.common.TextLimits.require("display_name", displayName.trim(),
                        dev.loopline.common.TextLimits.DISPLAY_NAME);
    }

    private static void refuseIfSelf(User user, String what) {
        CurrentActor.find().filter(actor -> user.getId().equals(actor.id()) && actor.type() == dev.loopline.common.Actor.Type.USER)
                .ifPresent(actor -> {
                    throw new DomainException.Conflict("self_lockout", "You cannot " + what + ".");
                });
    }

    private void refuseIfLastAdmin(User user) {
        long otherAdmins = users.findAll().stream()
                .filter(u -> !u.getId().equals(user.getId()) && u.isEnabled() && u.getRoles().contains(Role.ADMIN))
                .count();
        if (otherAdmins == 0) {
            throw new DomainException.Conflict("last_admin",
                    user.getUsername() + " is the last enabled admin; make someone else an admin first.");
        }
    }
}
