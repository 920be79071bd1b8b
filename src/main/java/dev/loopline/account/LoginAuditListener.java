package dev.loopline.account;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.EventListener;
import org.springframework.security.authentication.DisabledException;
import org.springframework.security.authentication.LockedException;
import org.springframework.security.authentication.event.AbstractAuthenticationFailureEvent;
import org.springframework.security.authentication.event.AuthenticationSuccessEvent;
import org.springframework.stereotype.Component;

/** Turns Spring Security's sign-in events into audited account events. */
@Component
class LoginAuditListener {

    private final ApplicationEventPublisher events;

    LoginAuditListener(ApplicationEventPublisher events) {
        this.events = events;
    }

    @EventListener
    void onSuccess(AuthenticationSuccessEvent event) {
        if (event.getAuthentication().getPrincipal() instanceof AccountPrincipal principal) {
            events.publishEvent(new AccountEvents.UserLoggedIn(principal.actor()));
        }
    }

    @EventListener
    void onFailure(AbstractAuthenticationFailureEvent event) {
        String reason = event.getException() instanceof DisabledException ? "account disabled"
                : event.getException() instanceof LockedException ? "locked after too many failed sign-ins"
                : "bad credentials";
        String username = String.valueOf(event.getAuthentication().getName());
        events.publishEvent(new AccountEvents.LoginFailed(username.length() > 64 ? username.substring(0, 64) : username,
                reason));
    }
}
