package dev.loopline.common;

import java.util.Set;

/**
 * Who acts: a signed-in user, a service token, or Loopline itself (scheduled work).
 *
 * @param type  what kind of principal this is
 * @param id    the user's or token's id, {@code null} for the system
 * @param name  user name, token name, or {@code system}
 * @param roles roles held
 * @param owner for a token, the display name of whoever created it (so a user cannot approve what their token
 *              opened); otherwise {@code null}
 */
public record Actor(Type type, Long id, String name, Set<Role> roles, String owner) {

    public Actor(Type type, Long id, String name, Set<Role> roles) {
        this(type, id, name, roles, null);
    }

    public enum Type { USER, TOKEN, SYSTEM }

    public static final Actor SYSTEM = new Actor(Type.SYSTEM, null, "system", Set.of(Role.values()), null);

    public Actor {
        roles = Set.copyOf(roles);
    }

    public boolean has(Role role) {
        return roles.contains(Role.ADMIN) || roles.contains(role);
    }

    /** Whether this actor is, or owns, the given actor (the same person or token behind both). */
    public boolean standsBehind(Actor other) {
        return displayName().equals(other.displayName()) || displayName().equals(other.owner());
    }

    /** How the audit log and history name this actor: {@code alice} or {@code token:ci}. */
    public String displayName() {
        return type == Type.TOKEN ? "token:" + name : name;
    }
}
