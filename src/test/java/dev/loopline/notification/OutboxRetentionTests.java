package dev.loopline.notification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.quartz.JobKey;
import org.quartz.Scheduler;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import com.jayway.jsonpath.JsonPath;

import dev.loopline.support.AbstractIntegrationTest;

/**
 * The outbox does not grow for ever: the hourly {@code notification/outbox-pruner} job deletes delivered and given-up
 * messages, with their delivery log, 30 days after they finished; waiting messages stay whatever their age.
 */
class OutboxRetentionTests extends AbstractIntegrationTest {

    @Autowired
    Outbox outbox;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    Scheduler scheduler;

    @Autowired
    WebhookRepository webhooks;

    @AfterEach
    void cleanUp() {
        webhooks.deleteAll();
    }

    /** A message of the webhook, finished (or not) {@code daysAgo} days ago, with one logged attempt. */
    private long message(long webhookId, String state, int daysAgo) {
        Instant at = Instant.now().minus(Duration.ofDays(daysAgo));
        long id = outbox.enqueue(webhookId, "build.failed", Payloads.envelope("build.failed", at, Map.of()), at);
        jdbc.update("UPDATE webhook_message SET state = ?, finished_at = ? WHERE id = ?", state,
                state.equals(Outbox.PENDING) ? null : Outbox.utc(at), id);
        jdbc.update("INSERT INTO webhook_attempt (message_id, webhook_id, event_type, attempt, request_headers, "
                + "status_code, duration_ms, attempted_at) VALUES (?, ?, 'build.failed', 1, '', 200, 5, ?)", id,
                webhookId, Outbox.utc(at));
        return id;
    }

    private List<Long> messages(long webhookId) {
        return jdbc.queryForList("SELECT id FROM webhook_message WHERE webhook_id = ? ORDER BY id", Long.class,
                webhookId);
    }

    @Test
    void theHourlyJobDeletesFinishedMessagesAndTheirLogAfterThirtyDays() throws Exception {
        String json = bodyOf(asAdmin(post("/api/v1/webhooks"), "{\"url\": \"http://127.0.0.1:9/hook\", "
                + "\"kind\": \"generic\", \"events\": [\"build.failed\"], \"enabled\": false}")
                .andExpect(status().isCreated()));
        long hook = ((Number) JsonPath.read(json, "$.id")).longValue();
        message(hook, Outbox.DELIVERED, 31);
        message(hook, Outbox.FAILED, 45);
        long recent = message(hook, Outbox.DELIVERED, 2);
        long waiting = message(hook, Outbox.PENDING, 60);

        scheduler.triggerJob(JobKey.jobKey("outbox-pruner", "notification"));

        await().atMost(Duration.ofSeconds(20)).until(() -> messages(hook).size() == 2);
        assertThat(messages(hook)).containsExactly(recent, waiting);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM webhook_attempt WHERE webhook_id = ?", Integer.class,
                hook)).as("the delivery log of deleted messages goes with them").isEqualTo(2);
        assertThat(scheduler.getTriggersOfJob(JobKey.jobKey("outbox-pruner", "notification"))).isNotEmpty();
    }
}
