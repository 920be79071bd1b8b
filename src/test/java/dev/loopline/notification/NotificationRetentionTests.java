package dev.loopline.notification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.quartz.JobKey;
import org.quartz.Scheduler;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import dev.loopline.support.AbstractIntegrationTest;

/**
 * The bell's table does not grow for ever: the hourly {@code notification/outbox-pruner} job deletes in-app
 * notifications, read or unread, {@code loopline.notifications.keep} (90 days) after they were created.
 */
class NotificationRetentionTests extends AbstractIntegrationTest {

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    Scheduler scheduler;

    @Autowired
    NotificationProperties properties;

    private final String username = "keep-" + UUID.randomUUID().toString().substring(0, 6);

    private void notification(String title, int daysAgo, Integer readDaysAgo) {
        Instant created = Instant.now().minus(Duration.ofDays(daysAgo));
        jdbc.update("INSERT INTO notification (username, event_type, title, link, created_at, read_at) "
                + "VALUES (?, 'deploy_request.opened', ?, '/x', ?, ?)", username, title, Outbox.utc(created),
                readDaysAgo == null ? null : Outbox.utc(Instant.now().minus(Duration.ofDays(readDaysAgo))));
    }

    private List<String> titles() {
        return jdbc.queryForList("SELECT title FROM notification WHERE username = ? ORDER BY id", String.class, username);
    }

    @Test
    void theHourlyPrunerDeletesNotificationsOlderThanNinetyDaysReadOrNot() throws Exception {
        assertThat(properties.keep()).isEqualTo(Duration.ofDays(90));
        notification("old and read", 120, 119);
        notification("old and never read", 95, null);
        notification("recent and read", 89, 1);
        notification("recent and unread", 3, null);

        scheduler.triggerJob(JobKey.jobKey("outbox-pruner", "notification"));

        await().atMost(Duration.ofSeconds(20)).until(() -> titles().size() == 2);
        assertThat(titles()).containsExactly("recent and read", "recent and unread");
    }
}
