package dev.loopline.common;

import java.util.Set;

/**
 * Who acts: a signed-in user, a service token, or Loopline itself (scheduled work).
 *
 * @param type  what kind of principal this is
 * @param id    the user's or token's id, {@code null} for the system
 * @param name  user name, token name, or {@code system}
 * @param roles roles held
 */
public record Actor(Type type, Long id, String name, Set<Role> roles) {

    public enum Type { USER, TOKEN, SYSTEM }

    public static final Actor SYSTEM = new Actor(Type.SYSTEM, null, "system", Set.of(Role.values()));

    public Actor {
        roles = Set.copyOf(roles);
    }

    public boolean has(Role role) {
        return roles.contains(Role.ADMIN) || roles.contains(role);
    }

    /** How the audit log and history name this actor: {@code alice} or {@code token:ci}. */
    public String displayName() {
        return type == Type.TOKEN ? "token:" + name : name;
    }
}
