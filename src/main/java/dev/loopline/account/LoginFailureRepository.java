package dev.loopline.account;

import java.time.Instant;
import java.util.Optional;

import jakarta.persistence.LockModeType;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Lock;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;

interface LoginFailureRepository extends JpaRepository<LoginFailure, String> {

    /** The row locked for this transaction, so that nodes counting failures of one name at once do not lose any. */
    @Lock(LockModeType.PESSIMISTIC_WRITE)
    @Query("select f from LoginFailure f where f.username = :username")
    Optional<LoginFailure> findForUpdate(String username);

    /** Forgets names whose last failure is older than {@code before} and which are not locked at {@code now}. */
    @Modifying
    @Query("delete from LoginFailure f where f.lastFailureAt < :before and (f.lockedUntil is null or f.lockedUntil < :now)")
    int deleteStale(Instant before, Instant now);
}
