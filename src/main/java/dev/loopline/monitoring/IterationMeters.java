package dev.loopline.monitoring;

import java.time.Duration;
import java.util.Comparator;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;
import org.springframework.transaction.support.TransactionTemplate;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import dev.loopline.iteration.IterationEvents;
import dev.loopline.iteration.IterationService;
import dev.loopline.iteration.Phase;
import dev.loopline.iteration.PhaseHistoryEntry;

/**
 * {@code loopline.iteration.phase.duration{phase}} (timer): how long iterations stayed in a phase, recorded when
 * they leave it (from the phase history, after the move commits). {@code phase} is one of the eight phases.
 */
@Component
class IterationMeters {

    private static final Logger log = LoggerFactory.getLogger(IterationMeters.class);

    private final MeterRegistry registry;
    private final IterationService iterations;
    private final TransactionTemplate tx;

    IterationMeters(MeterRegistry registry, IterationService iterations, TransactionTemplate tx) {
        this.registry = registry;
        this.iterations = iterations;
        this.tx = tx;
        for (Phase phase : Phase.values()) {
            timer(phase);
        }
    }

    @TransactionalEventListener(fallbackExecution = true)
    void on(IterationEvents.PhaseChanged changed) {
        try {
            Duration stay = tx.execute(status -> iterations.get(changed.iterationId()).getHistory().stream()
                    .filter(entry -> entry.getPhase() == changed.from() && entry.getLeftAt() != null)
                    .max(Comparator.comparing(PhaseHistoryEntry::getLeftAt))
                    .map(entry -> Duration.between(entry.getEnteredAt(), entry.getLeftAt())).orElse(null));
            if (stay != null) {
                timer(changed.from()).record(stay);
            }
        }
        catch (RuntimeException e) {
            // a meter must never disturb a phase move
            log.warn("Could not record the phase duration of iteration {}: {}", changed.iterationId(), e.toString());
        }
    }

    private Timer timer(Phase phase) {
        return Timer.builder("loopline.iteration.phase.duration")
                .description("How long iterations stayed in a phase, recorded when they left it")
                .tag("phase", phase.apiName()).register(registry);
    }
}
