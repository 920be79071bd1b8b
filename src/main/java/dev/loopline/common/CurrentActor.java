package dev.loopline.common;

import java.util.Optional;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;

/** Reads the acting principal from the security context; outside a request (scheduled work) it is the system. */
public final class CurrentActor {

    private CurrentActor() {
    }

    public static Actor get() {
        return find().orElse(Actor.SYSTEM);
    }

    /**
     * The current actor, if it holds {@code role} (admins hold every role); otherwise {@code 403 forbidden} saying
     * what the actor may not do. The one place role checks that depend on more than a method are written.
     */
    public static Actor require(Role role, String what) {
        Actor actor = get();
        if (!actor.has(role)) {
            throw new DomainException.Forbidden("forbidden", "Your roles do not allow you to " + what + ".");
        }
        return actor;
    }

    public static Optional<Actor> find() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (authentication != null && authentication.getPrincipal() instanceof ActorPrincipal principal) {
            return Optional.of(principal.actor());
        }
        return Optional.empty();
    }
}
