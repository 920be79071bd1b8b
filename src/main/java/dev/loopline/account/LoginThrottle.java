package dev.loopline.account;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Locks a user name for {@link LoginProperties#lockMinutes()} after {@link LoginProperties#maxFailures()} failed
 * sign-ins in a row. The count is kept per submitted name in the metadata database, whether or not an account has
 * that name (so a lock says nothing about which names exist), and holds on every node that shares the database.
 */
@Component
class LoginThrottle {

    private final LoginFailureRepository failures;
    private final LoginProperties properties;
    private final ApplicationEventPublisher events;
    private final TransactionTemplate tx;
    private final Clock clock;

    LoginThrottle(LoginFailureRepository failures, LoginProperties properties, ApplicationEventPublisher events,
            TransactionTemplate tx, Clock clock) {
        this.failures = failures;
        this.properties = properties;
        this.events = events;
        this.tx = tx;
        this.clock = clock;
    }

    /** The time left on the name's lock, or empty when it may try to sign in. */
    Optional<Duration> lockRemaining(String username) {
        Instant now = clock.instant();
        return failures.findById(key(username)).filter(failure -> failure.isLocked(now))
                .map(failure -> Duration.between(now, failure.lockedUntil()));
    }

    /**
     * Counts a failed sign-in of the name; the failure that reaches the limit locks it and is audited as
     * {@code user.login_locked}. Returns the lock's length when this failure locked the name.
     */
    Optional<Duration> recordFailure(String username) {
        String key = key(username);
        try {
            return countFailure(key);
        }
        catch (DataIntegrityViolationException firstFailureOnTwoNodesAtOnce) {
            return countFailure(key);
        }
    }

    private Optional<Duration> countFailure(String key) {
        return tx.execute(status -> {
            Instant now = clock.instant();
            Duration window = Duration.ofMinutes(properties.lockMinutes());
            failures.deleteStale(now.minus(window), now);
            LoginFailure failure = failures.findForUpdate(key).orElseGet(() -> new LoginFailure(key));
            boolean locked = failure.fail(now, properties.maxFailures(), window);
            failures.saveAndFlush(failure);
            if (!locked) {
                return Optional.<Duration>empty();
            }
            events.publishEvent(new AccountEvents.SignInLocked(key, failure.failures(), properties.lockMinutes()));
            return Optional.of(window);
        });
    }

    /** A successful sign-in starts the count again. */
    void recordSuccess(String username) {
        tx.executeWithoutResult(status -> failures.findById(key(username)).ifPresent(failures::delete));
    }

    /** Names are counted as sign-in looks them up (trimmed, lower case), cut to the column's 64 characters. */
    static String key(String username) {
        String key = username == null ? "" : username.trim().toLowerCase(Locale.ROOT);
        return key.length() > 64 ? key.substring(0, 64) : key;
    }
}
