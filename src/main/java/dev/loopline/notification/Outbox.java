package dev.loopline.notification;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The outbox and delivery log in the metadata database, in plain SQL that H2 and PostgreSQL both run. A message is
 * one event for one webhook; it is {@code pending} until delivered, given up ({@code failed}), and is sent by whichever
 * node claims it: {@link #claim} is one atomic {@code UPDATE … WHERE} the row is pending and its claim free or
 * expired, so two nodes never send one message at the same time.
 */
class Outbox {

    static final String PENDING = "pending";
    static final String DELIVERED = "delivered";
    static final String FAILED = "failed";

    private final JdbcTemplate jdbc;

    Outbox(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** A message as the sender needs it, with its webhook. */
    record Due(long id, String messageId, long webhookId, String eventType, String payload, int attempts,
            String url, Webhook.Kind kind, String secretSealed, boolean webhookEnabled, String previousSecretSealed,
            Instant previousSecretUntil) {
    }

    /** One attempt, as the delivery log shows it. */
    record Attempt(long id, long messageId, long webhookId, String eventType, int attempt, String requestHeaders,
            Integer statusCode, String responseBody, long durationMs, String error, Instant attemptedAt,
            String messageState) {
    }

    /** Queues {@code payload} for one webhook; returns the new row's id. Runs in the caller's transaction. */
    long enqueue(long webhookId, String eventType, String payload, Instant at) {
        String messageId = "msg_" + UUID.randomUUID().toString().replace("-", "");
        jdbc.update("INSERT INTO webhook_message (message_id, webhook_id, event_type, payload, state, attempts, "
                + "next_attempt_at, created_at) VALUES (?, ?, ?, ?, ?, 0, ?, ?)", messageId, webhookId, eventType,
                payload, PENDING, utc(at), utc(at));
        return jdbc.queryForObject("SELECT id FROM webhook_message WHERE message_id = ?", Long.class, messageId);
    }

    /** Pending messages of enabled webhooks due at {@code now} and not claimed by a live node, oldest due first. */
    List<Long> dueIds(Instant now, int limit) {
        return jdbc.queryForList("SELECT m.id FROM webhook_message m JOIN webhook w ON w.id = m.webhook_id "
                + "WHERE m.state = ? AND w.enabled = TRUE AND m.next_attempt_at <= ? "
                + "AND (m.claimed_until IS NULL OR m.claimed_until < ?) ORDER BY m.next_attempt_at, m.id "
                + "FETCH FIRST " + limit + " ROWS ONLY", Long.class, PENDING, utc(now), utc(now));
    }

    /** Claims one message for {@code node} until {@code until}; false when another node holds or finished it. */
    boolean claim(long id, String node, Instant now, Instant until) {
        return jdbc.update("UPDATE webhook_message SET claimed_by = ?, claimed_until = ? WHERE id = ? AND state = ? "
                + "AND (claimed_until IS NULL OR claimed_until < ?)", node, utc(until), id, PENDING, utc(now)) == 1;
    }

    Optional<Due> due(long id) {
        return jdbc.query("SELECT m.id, m.message_id, m.webhook_id, m.event_type, m.payload, m.attempts, w.url, w.kind, "
                + "w.secret_sealed, w.enabled, w.previous_secret_sealed, w.previous_secret_until FROM webhook_message m "
                + "JOIN webhook w ON w.id = m.webhook_id WHERE m.id = ?", (rs, n) -> new Due(rs.getLong(1),
                        rs.getString(2), rs.getLong(3), rs.getString(4), rs.getString(5), rs.getInt(6), rs.getString(7),
                        Webhook.Kind.valueOf(rs.getString(8)), rs.getString(9), rs.getBoolean(10), rs.getString(11),
                        rs.getObject(12, OffsetDateTime.class) == null ? null
                                : rs.getObject(12, OffsetDateTime.class).toInstant()), id).stream().findFirst();
    }

    void recordAttempt(Due due, int attempt, String requestHeaders, Integer status, String responseBody,
            long durationMs, String error, Instant at) {
        jdbc.update("INSERT INTO webhook_attempt (message_id, webhook_id, event_type, attempt, request_headers, "
                + "status_code, response_body, duration_ms, error, attempted_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                due.id(), due.webhookId(), due.eventType(), attempt, cut(requestHeaders, 2000), status,
                cut(responseBody, 1024), durationMs, cut(error, 1000), utc(at));
    }

    /** Attempts made for this message so far (the log's numbering; a redelivery continues it). */
    int attemptsLogged(long messageId) {
        return jdbc.queryForObject("SELECT COUNT(*) FROM webhook_attempt WHERE message_id = ?", Integer.class, messageId);
    }

    /** Finishes a claimed message: delivered or given up. Only the claiming node may. */
    void finish(long id, String node, String state, int attempts, Instant at) {
        jdbc.update("UPDATE webhook_message SET state = ?, attempts = ?, finished_at = ?, claimed_by = NULL, "
                + "claimed_until = NULL WHERE id = ? AND claimed_by = ?", state, attempts, utc(at), id, node);
    }

    /** Puts a claimed message back for another attempt at {@code next}. */
    void retryAt(long id, String node, int attempts, Instant next) {
        jdbc.update("UPDATE webhook_message SET attempts = ?, next_attempt_at = ?, claimed_by = NULL, "
                + "claimed_until = NULL WHERE id = ? AND claimed_by = ?", attempts, utc(next), id, node);
    }

    /** Lets go of a claim without an attempt (the webhook was turned off meanwhile). */
    void release(long id, String node) {
        jdbc.update("UPDATE webhook_message SET claimed_by = NULL, claimed_until = NULL WHERE id = ? AND claimed_by = ?",
                id, node);
    }

    /** A success: the webhook's failures in a row start again from zero. */
    void webhookSucceeded(long webhookId) {
        jdbc.update("UPDATE webhook SET consecutive_failures = 0, version = version + 1 WHERE id = ? "
                + "AND consecutive_failures > 0", webhookId);
    }

    /** Counts a failure; returns the failures in a row now. */
    int webhookFailed(long webhookId) {
        jdbc.update("UPDATE webhook SET consecutive_failures = consecutive_failures + 1, version = version + 1 "
                + "WHERE id = ?", webhookId);
        return jdbc.queryForObject("SELECT consecutive_failures FROM webhook WHERE id = ?", Integer.class, webhookId);
    }

    /** Turns the webhook off with a reason; false when it already was off (so one node reports it). */
    boolean disableWebhook(long webhookId, String reason, Instant at) {
        return jdbc.update("UPDATE webhook SET enabled = FALSE, disabled_reason = ?, disabled_at = ?, "
                + "version = version + 1 WHERE id = ? AND enabled = TRUE", cut(reason, 500), utc(at), webhookId) == 1;
    }

    /** Queues a message again at once (Redeliver), with a fresh budget of attempts. */
    boolean requeue(long messageId, Instant now) {
        return jdbc.update("UPDATE webhook_message SET state = ?, attempts = 0, next_attempt_at = ?, finished_at = NULL, "
                + "claimed_by = NULL, claimed_until = NULL WHERE id = ? AND (state <> ? OR claimed_by IS NULL)",
                PENDING, utc(now), messageId, PENDING) == 1;
    }

    List<Attempt> attempts(long webhookId, int offset, int limit) {
        return jdbc.query("SELECT a.id, a.message_id, a.webhook_id, a.event_type, a.attempt, a.request_headers, "
                + "a.status_code, a.response_body, a.duration_ms, a.error, a.attempted_at, m.state "
                + "FROM webhook_attempt a JOIN webhook_message m ON m.id = a.message_id WHERE a.webhook_id = ? "
                + "ORDER BY a.id DESC OFFSET " + offset + " ROWS FETCH FIRST " + limit + " ROWS ONLY",
                Outbox::attempt, webhookId);
    }

    Optional<Attempt> attempt(long webhookId, long attemptId) {
        return jdbc.query("SELECT a.id, a.message_id, a.webhook_id, a.event_type, a.attempt, a.request_headers, "
                + "a.status_code, a.response_body, a.duration_ms, a.error, a.attempted_at, m.state "
                + "FROM webhook_attempt a JOIN webhook_message m ON m.id = a.message_id "
                + "WHERE a.webhook_id = ? AND a.id = ?", Outbox::attempt, webhookId, attemptId).stream().findFirst();
    }

    /**
     * Deletes delivered and given-up messages finished before {@code before}, with their delivery log (the attempts
     * go by the foreign key's cascade); pending ones stay whatever their age. Returns how many messages went.
     */
    int pruneFinishedBefore(Instant before) {
        return jdbc.update("DELETE FROM webhook_message WHERE state IN (?, ?) AND finished_at < ?", DELIVERED, FAILED,
                utc(before));
    }

    /** Messages of a webhook still waiting to be sent. */
    int pendingCount(long webhookId) {
        return jdbc.queryForObject("SELECT COUNT(*) FROM webhook_message WHERE webhook_id = ? AND state = ?",
                Integer.class, webhookId, PENDING);
    }

    private static Attempt attempt(ResultSet rs, int row) throws SQLException {
        int status = rs.getInt(7);
        Integer statusCode = rs.wasNull() ? null : status;
        return new Attempt(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getString(4), rs.getInt(5),
                rs.getString(6), statusCode, rs.getString(8), rs.getLong(9), rs.getString(10),
                rs.getObject(11, OffsetDateTime.class).toInstant(), rs.getString(12));
    }

    /** In microseconds, as H2 and PostgreSQL keep them: rounding there could put a message due at T after T. */
    static OffsetDateTime utc(Instant at) {
        return at == null ? null : OffsetDateTime.ofInstant(at.truncatedTo(java.time.temporal.ChronoUnit.MICROS),
                ZoneOffset.UTC);
    }

    private static String cut(String text, int limit) {
        return text == null || text.length() <= limit ? text : text.substring(0, limit);
    }
}
