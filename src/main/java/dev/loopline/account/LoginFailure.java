package dev.loopline.account;

import java.time.Duration;
import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Transient;

import org.springframework.data.domain.Persistable;

/** Failed sign-ins in a row for one submitted user name, which need not belong to an account. */
@Entity
@Table(name = "login_failure")
class LoginFailure implements Persistable<String> {

    @Id
    private String username;

    @Column(nullable = false)
    private int failures;

    @Column(name = "last_failure_at", nullable = false)
    private Instant lastFailureAt;

    @Column(name = "locked_until")
    private Instant lockedUntil;

    @Transient
    private boolean fresh;

    protected LoginFailure() {
    }

    LoginFailure(String username) {
        this.username = username;
        this.fresh = true;
    }

    /**
     * Counts one more failure at {@code now}; failures older than {@code window} start the count again. Returns true
     * when this failure reaches {@code maxFailures} and locks the name until {@code now + window}.
     */
    boolean fail(Instant now, int maxFailures, Duration window) {
        if (lastFailureAt != null && lastFailureAt.plus(window).isBefore(now) || lockedUntil != null && !isLocked(now)) {
            failures = 0;
            lockedUntil = null;
        }
        failures++;
        lastFailureAt = now;
        if (failures >= maxFailures && lockedUntil == null) {
            lockedUntil = now.plus(window);
            return true;
        }
        return false;
    }

    boolean isLocked(Instant now) {
        return lockedUntil != null && lockedUntil.isAfter(now);
    }

    int failures() {
        return failures;
    }

    Instant lockedUntil() {
        return lockedUntil;
    }

    @Override
    public String getId() {
        return username;
    }

    @Override
    public boolean isNew() {
        return fresh;
    }
}
