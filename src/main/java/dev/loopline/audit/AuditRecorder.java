package dev.loopline.audit;

import java.time.Clock;
import java.util.Locale;

import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

import dev.loopline.common.Actor;
import dev.loopline.common.AuditableEvent;
import dev.loopline.common.CurrentActor;

/**
 * Writes an audit entry for every auditable event, synchronously and inside the publisher's transaction: a change
 * that commits is audited, a change that rolls back leaves no entry.
 */
@Component
class AuditRecorder {

    private final AuditEntryRepository entries;
    private final Clock clock;

    AuditRecorder(AuditEntryRepository entries, Clock clock) {
        this.entries = entries;
        this.clock = clock;
    }

    @EventListener
    @Transactional
    void on(AuditableEvent event) {
        Actor actor = event.actor().orElseGet(CurrentActor::get);
        entries.save(new AuditEntry(clock.instant(), actor.type().name().toLowerCase(Locale.ROOT),
                actor.displayName(), event.action(), event.targetType(), event.targetId(), event.details(),
                remoteAddress()));
    }

    private static String remoteAddress() {
        if (RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes attributes) {
            return attributes.getRequest().getRemoteAddr();
        }
        return null;
    }
}
