package dev.loopline.account;

import java.time.Duration;

import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.LockedException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;

/**
 * Form sign-in with throttling: a locked name is refused before its password is checked (a right password too),
 * every other failure is counted, and a success starts the count again. Known and unknown names behave alike.
 * Refusals are {@link LockedException}s whose message is the sentence the login page shows.
 */
final class ThrottledAuthenticationProvider implements AuthenticationProvider {

    private final AuthenticationProvider passwords;
    private final LoginThrottle throttle;

    ThrottledAuthenticationProvider(AuthenticationProvider passwords, LoginThrottle throttle) {
        this.passwords = passwords;
        this.throttle = throttle;
    }

    @Override
    public Authentication authenticate(Authentication authentication) throws AuthenticationException {
        String username = authentication.getName();
        var remaining = throttle.lockRemaining(username);
        if (remaining.isPresent()) {
            throw locked(remaining.get());
        }
        Authentication result;
        try {
            result = passwords.authenticate(authentication);
        }
        catch (AuthenticationException e) {
            var lockedNow = throttle.recordFailure(username);
            if (lockedNow.isPresent()) {
                throw locked(lockedNow.get());
            }
            throw e;
        }
        if (result != null) {
            throttle.recordSuccess(username);
        }
        return result;
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return passwords.supports(authentication);
    }

    /** The login page shows this message as it is; it names no account, only the time to wait. */
    static LockedException locked(Duration remaining) {
        long minutes = Math.max(1, (remaining.toSeconds() + 59) / 60);
        return new LockedException("Too many failed sign-ins; try again in " + minutes
                + (minutes == 1 ? " minute." : " minutes."));
    }
}
