package dev.loopline.engine;

/** A database server failed to do what was asked. The message is meant for people. */
public class EngineException extends RuntimeException {

    public EngineException(String message, Throwable cause) {
        super(message, cause);
    }
}
