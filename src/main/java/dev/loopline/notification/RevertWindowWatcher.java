package dev.loopline.notification;

import java.time.Clock;
import java.time.Duration;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import dev.loopline.deployrequest.DeployOverview;

/**
 * Announces "revert window closing soon" once per deployment: when a deployed request's window has
 * {@link #NOTICE} or less left, a row for its deployment is written and the event published in one transaction; a
 * later run (on any node) finds the row and stays quiet.
 */
@Component
class RevertWindowWatcher {

    static final Duration NOTICE = Duration.ofMinutes(10);

    private final DeployOverview overview;
    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    RevertWindowWatcher(DeployOverview overview, JdbcTemplate jdbc, TransactionTemplate tx,
            ApplicationEventPublisher events, Clock clock) {
        this.overview = overview;
        this.jdbc = jdbc;
        this.tx = tx;
        this.events = events;
        this.clock = clock;
    }

    /** Publishes the event for every open window closing soon that was not announced yet; returns how many. */
    int announceClosingWindows() {
        int announced = 0;
        for (DeployOverview.Item item : overview.openRevertWindows()) {
            if (item.deployment() == null || item.revertLeft() == null || item.revertLeft().compareTo(NOTICE) > 0) {
                continue;
            }
            long deploymentId = item.deployment().getId();
            try {
                Boolean published = tx.execute(s -> {
                    int inserted = jdbc.update("INSERT INTO revert_window_notice (deployment_id, noticed_at) SELECT ?, ? "
                            + "WHERE NOT EXISTS (SELECT 1 FROM revert_window_notice WHERE deployment_id = ?)",
                            deploymentId, Outbox.utc(clock.instant()), deploymentId);
                    if (inserted == 0) {
                        return false;
                    }
                    long minutes = Math.max(1, (item.revertLeft().toSeconds() + 59) / 60);
                    events.publishEvent(new NotificationEvents.RevertWindowClosing(item.request().getDatabase(),
                            item.request().getNumber(), item.deployment().getRevertExpiresAt(), minutes));
                    return true;
                });
                announced += Boolean.TRUE.equals(published) ? 1 : 0;
            }
            catch (DuplicateKeyException e) {
                // another node announced it at the same moment
            }
        }
        return announced;
    }
}
