package dev.loopline.common;

import java.util.Optional;

/**
 * A domain event that changes state and therefore belongs in the audit log. Modules publish these; the audit
 * module listens. The actor is taken from the security context unless the event names one (e.g. a login).
 */
public interface AuditableEvent {

    /** Dotted, past tense: {@code iteration.created}, {@code user.disabled}. */
    String action();

    /** The kind of object acted on: {@code iteration}, {@code user}. */
    String targetType();

    /** The object's id or name. */
    String targetId();

    /** A short human sentence of what changed. */
    String details();

    /** The actor, when it is not the current principal. */
    default Optional<Actor> actor() {
        return Optional.empty();
    }
}
