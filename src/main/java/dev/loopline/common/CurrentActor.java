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

    public static Optional<Actor> find() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (authentication != null && authentication.getPrincipal() instanceof ActorPrincipal principal) {
            return Optional.of(principal.actor());
        }
        return Optional.empty();
    }
}
