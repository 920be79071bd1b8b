package dev.loopline.engine;

/**
 * The server could not do what was asked yet because other sessions hold what it needs (for example an application
 * transaction that stays open); nothing was changed by the attempt, and the same call may succeed later. The message
 * names what held it up, for people (e.g. "… session 12 (APP), idle for 42 s, has written to ORDERS in a transaction
 * that is still open").
 */
public class EngineBusyException extends EngineException {

    public EngineBusyException(String message, Throwable cause) {
        super(message, cause);
    }
}
