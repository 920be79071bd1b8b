package dev.loopline.common;

/**
 * A request the domain refuses. Each subclass stands for one HTTP status; {@link #code()} is the
 * machine-readable reason API clients see, the message is a sentence a person can act on.
 */
public abstract class DomainException extends RuntimeException {

    private final String code;

    protected DomainException(String code, String message) {
        super(message);
        this.code = code;
    }

    public String code() {
        return code;
    }

    /** Malformed or invalid input (400). */
    public static class InvalidInput extends DomainException {
        public InvalidInput(String code, String message) {
            super(code, message);
        }
    }

    /** The resource does not exist (404). */
    public static class NotFound extends DomainException {
        public NotFound(String what, Object id) {
            super("not_found", what + " " + TextLimits.quoted(id) + " does not exist.");
        }
    }

    /** The resource is in the wrong state, or a gate is not met (409). */
    public static class Conflict extends DomainException {
        public Conflict(String code, String message) {
            super(code, message);
        }
    }

    /** The caller is known but may not do this (403). */
    public static class Forbidden extends DomainException {
        public Forbidden(String code, String message) {
            super(code, message);
        }
    }

    /** The request body is larger than the limit for it (413); code {@code payload_too_large} unless given. */
    public static class TooLarge extends DomainException {
        public TooLarge(String code, String message) {
            super(code, message);
        }
    }

    /** A valid request that a rule refuses (422). */
    public static class Refused extends DomainException {
        public Refused(String code, String message) {
            super(code, message);
        }
    }
}
