package dev.loopline.account;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Throttling of sign-ins ({@code loopline.login.*}).
 *
 * @param maxFailures  failed sign-ins in a row, per user name, after which the name is locked (at least 1)
 * @param lockMinutes  how long a lock lasts, in minutes; also the window: failures older than this are forgotten
 */
@ConfigurationProperties("loopline.login")
public record LoginProperties(@DefaultValue("10") int maxFailures, @DefaultValue("15") int lockMinutes) {

    public LoginProperties {
        if (maxFailures < 1 || lockMinutes < 1) {
            throw new IllegalArgumentException("loopline.login.max-failures and loopline.login.lock-minutes must be "
                    + "at least 1 (got " + maxFailures + " and " + lockMinutes + ").");
        }
    }
}
