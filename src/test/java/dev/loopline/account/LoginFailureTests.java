package dev.loopline.account;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

/** The counting rule on its own, with the clock in the test's hands. */
class LoginFailureTests {

    private static final Duration WINDOW = Duration.ofMinutes(15);
    private final Instant start = Instant.parse("2026-11-30T10:00:00Z");

    @Test
    void locksAtTheLimitForTheWindowAndThenCountsAfresh() {
        LoginFailure failure = new LoginFailure("someone");
        assertThat(failure.fail(start, 3, WINDOW)).isFalse();
        assertThat(failure.fail(start.plusSeconds(1), 3, WINDOW)).isFalse();
        assertThat(failure.fail(start.plusSeconds(2), 3, WINDOW)).as("third failure locks").isTrue();
        assertThat(failure.isLocked(start.plusSeconds(2).plus(WINDOW).minusMillis(1))).isTrue();
        assertThat(failure.isLocked(start.plusSeconds(2).plus(WINDOW))).isFalse();

        Instant later = start.plusSeconds(2).plus(WINDOW).plusSeconds(1);
        assertThat(failure.fail(later, 3, WINDOW)).as("one failure after the lock does not lock again").isFalse();
        assertThat(failure.failures()).isEqualTo(1);
    }

    @Test
    void forgetsFailuresOlderThanTheWindow() {
        LoginFailure failure = new LoginFailure("someone");
        failure.fail(start, 3, WINDOW);
        failure.fail(start.plusSeconds(1), 3, WINDOW);
        assertThat(failure.fail(start.plus(WINDOW).plusSeconds(2), 3, WINDOW)).isFalse();
        assertThat(failure.failures()).isEqualTo(1);
    }
}
