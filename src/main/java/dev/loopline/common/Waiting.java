package dev.loopline.common;

import java.time.Duration;
import java.util.function.Predicate;
import java.util.function.Supplier;

/** Polling for work another thread (a Quartz job) finishes: what {@code ?wait=true} does. */
public final class Waiting {

    private static final long POLL_MILLIS = 100;

    private Waiting() {
    }

    /** Reads {@code current} until {@code done} holds or {@code max} passes, and returns the last value read. */
    public static <T> T until(Supplier<T> current, Predicate<T> done, Duration max) {
        long deadline = System.nanoTime() + max.toNanos();
        T value = current.get();
        while (!done.test(value) && System.nanoTime() < deadline) {
            try {
                Thread.sleep(POLL_MILLIS);
            }
            catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return value;
            }
            value = current.get();
        }
        return value;
    }
}
