package dev.loopline.notification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.patch;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

import com.jayway.jsonpath.JsonPath;

import dev.loopline.common.AuditableEvent;
import dev.loopline.support.AbstractIntegrationTest;

/**
 * Webhooks end to end against a real HTTP receiver: signatures checked as a Standard Webhooks verifier does, retries
 * with back-off, Retry-After, auto-disable, 410 Gone, Slack's shape, the outbox's transaction, a node that died
 * mid-send. Time is driven by handing the sender a later "now", never by sleeping.
 */
class WebhookDeliveryTests extends AbstractIntegrationTest {

    /** An event of a catalogued type, as modules merged later publish them. */
    record BuildFailed(long id, String database, String details) implements AuditableEvent {
        public String action() { return "build.failed"; }
        public String targetType() { return "build"; }
        public String targetId() { return String.valueOf(id); }
    }

    @Autowired
    OutboxSender sender;

    @Autowired
    Outbox outbox;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    ApplicationEventPublisher events;

    @Autowired
    TransactionTemplate tx;

    @Autowired
    WebhookRepository webhooks;

    @Autowired
    dev.loopline.database.SecretBox secrets;

    Receiver receiver;

    @BeforeEach
    void receiver() throws Exception {
        receiver = new Receiver();
    }

    @AfterEach
    void cleanUp() {
        webhooks.deleteAll();
        receiver.close();
    }

    private record Hook(long id, String secret) {
    }

    private Hook webhook(String path, String kind, String events) throws Exception {
        String json = bodyOf(asAdmin(post("/api/v1/webhooks"), "{\"url\": \"" + receiver.url(path) + "\", \"kind\": \""
                + kind + "\", \"events\": " + events + "}").andExpect(status().isCreated()));
        return new Hook(((Number) JsonPath.read(json, "$.id")).longValue(),
                kind.equals("generic") ? JsonPath.read(json, "$.secret") : null);
    }

    private void buildFailed(long id) {
        events.publishEvent(new BuildFailed(id, null, "Build ci#" + id + " failed."));
    }

    private Map<String, Object> message(long webhookId) {
        return jdbc.queryForMap("SELECT state, attempts, next_attempt_at FROM webhook_message WHERE webhook_id = ?",
                webhookId);
    }

    private static Instant instant(Object value) {
        return ((OffsetDateTime) value).toInstant();
    }

    /** Waits until the webhook's log has {@code n} attempts, sending what is due now while waiting. */
    private List<Outbox.Attempt> awaitAttempts(long webhookId, int n) {
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            sender.sendDue(Instant.now());
            return outbox.attempts(webhookId, 0, 100).size() >= n;
        });
        return outbox.attempts(webhookId, 0, 100);
    }

    @Test
    void signsGenericDeliveriesAsAStandardWebhooksVerifierExpects() throws Exception {
        Hook hook = webhook("/ci", "generic", "[\"iteration.phase_changed\"]");
        assertThat(hook.secret()).startsWith("whsec_");
        long iteration = createIteration("Signed " + UUID.randomUUID());
        asAdmin(post("/api/v1/iterations/" + iteration + "/phase"), "{\"phase\": \"code\"}").andExpect(status().isOk());

        await().atMost(Duration.ofSeconds(20)).until(() -> {
            sender.sendDue(Instant.now());
            return !receiver.requestsTo("/ci").isEmpty();
        });
        Receiver.Request request = receiver.requestsTo("/ci").get(0);
        String id = request.header("webhook-id");
        String timestamp = request.header("webhook-timestamp");
        assertThat(id).startsWith("msg_");
        assertThat(Long.parseLong(timestamp)).isCloseTo(Instant.now().getEpochSecond(), org.assertj.core.data.Offset.offset(300L));
        // the verifier's computation, written out independently of Loopline's signer
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(Base64.getDecoder().decode(hook.secret().substring("whsec_".length())), "HmacSHA256"));
        String expected = "v1," + Base64.getEncoder().encodeToString(
                mac.doFinal((id + "." + timestamp + "." + request.body()).getBytes(StandardCharsets.UTF_8)));
        assertThat(request.header("webhook-signature").split(" ")).contains(expected);
        assertThat(request.header("Content-Type")).isEqualTo("application/json");

        assertThat((String) JsonPath.read(request.body(), "$.type")).isEqualTo("iteration.phase_changed");
        assertThat(Instant.parse(JsonPath.read(request.body(), "$.timestamp"))).isNotNull();
        assertThat((String) JsonPath.read(request.body(), "$.data.url")).as("a link from the request's own address")
                .isEqualTo("http://localhost/iterations/" + iteration);
        assertThat((String) JsonPath.read(request.body(), "$.data.actor")).isEqualTo("token:bootstrap");
        assertThat((String) JsonPath.read(request.body(), "$.data.to")).isEqualTo("CODE");

        // the secret is shown once: never in the list, the webhook, or the audit log
        asAdmin(get("/api/v1/webhooks/" + hook.id()), null).andExpect(jsonPath("$.secret").doesNotExist());
        assertThat(bodyOf(asAdmin(get("/api/v1/webhooks"), null))).doesNotContain(hook.secret());
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM audit_entry WHERE details LIKE ?", Integer.class,
                "%" + hook.secret().substring(6, 20) + "%")).isZero();
        assertThat(jdbc.queryForObject("SELECT secret_sealed FROM webhook WHERE id = ?", String.class, hook.id()))
                .doesNotContain(hook.secret().substring(6));
    }

    @Test
    void retriesWithExponentialBackOffUntilTheReceiverAnswers() throws Exception {
        receiver.thenAnswer(Receiver.status(500), Receiver.status(502), Receiver.status(503));
        Hook hook = webhook("/flaky", "generic", "[\"build.failed\"]");
        buildFailed(1);

        Outbox.Attempt first = awaitAttempts(hook.id(), 1).get(0);
        Instant next = instant(message(hook.id()).get("next_attempt_at"));
        assertThat(Duration.between(first.attemptedAt(), next).toSeconds()).isBetween(8L, 12L);
        sender.sendDue(next);
        Instant second = instant(message(hook.id()).get("next_attempt_at"));
        assertThat(Duration.between(next, second)).isEqualTo(Duration.ofSeconds(30));
        assertThat(sender.sendDue(second.minusSeconds(1))).as("nothing is due before its time").isZero();
        sender.sendDue(second);
        Instant third = instant(message(hook.id()).get("next_attempt_at"));
        assertThat(Duration.between(second, third)).isEqualTo(Duration.ofSeconds(90));
        sender.sendDue(third);

        assertThat(message(hook.id())).containsEntry("STATE", "delivered").containsEntry("ATTEMPTS", 4);
        List<Outbox.Attempt> log = outbox.attempts(hook.id(), 0, 10);
        assertThat(log).extracting(Outbox.Attempt::statusCode).containsExactly(200, 503, 502, 500);
        assertThat(log).extracting(Outbox.Attempt::attempt).containsExactly(4, 3, 2, 1);
        assertThat(receiver.requestsTo("/flaky")).hasSize(4)
                .extracting(r -> r.header("webhook-id")).containsOnly(receiver.requestsTo("/flaky").get(0).header("webhook-id"));
        assertThat(webhooks.findById(hook.id()).orElseThrow().getConsecutiveFailures()).isZero();

        asAdmin(get("/api/v1/webhooks/" + hook.id() + "/deliveries"), null)
                .andExpect(jsonPath("$.data.length()").value(4))
                .andExpect(jsonPath("$.data[0].status_code").value(200))
                .andExpect(jsonPath("$.data[0].event").value("build.failed"))
                .andExpect(jsonPath("$.data[3].error").value("The receiver answered 500."));
    }

    @Test
    void backOffGrowsToAboutADayThenGivesUp() {
        Duration total = Duration.ZERO;
        for (int attempts = 1; attempts < 11; attempts++) {
            total = total.plus(OutboxSender.backOff(attempts));
        }
        assertThat(OutboxSender.backOff(1)).isEqualTo(Duration.ofSeconds(10));
        assertThat(OutboxSender.backOff(20)).isEqualTo(Duration.ofHours(8));
        assertThat(total).isBetween(Duration.ofHours(20), Duration.ofHours(30));
    }

    @Test
    void honoursRetryAfter() throws Exception {
        receiver.thenAnswer(new Receiver.Answer(429, Map.of("Retry-After", "600"), "slow down"));
        Hook hook = webhook("/busy", "slack", "[\"build.failed\"]");
        buildFailed(2);
        Outbox.Attempt first = awaitAttempts(hook.id(), 1).get(0);
        assertThat(first.statusCode()).isEqualTo(429);
        Instant next = instant(message(hook.id()).get("next_attempt_at"));
        assertThat(Duration.between(first.attemptedAt(), next).toSeconds()).isBetween(595L, 605L);
        assertThat(OutboxSender.parseRetryAfter("Wed, 21 Oct 2015 07:28:00 GMT", Instant.parse("2015-10-21T07:27:00Z")))
                .contains(Duration.ofMinutes(1));
    }

    @Test
    void disablesAWebhookAfterTooManyFailuresInARowWithABannerAndAnAuditEntry() throws Exception {
        receiver.thenAnswer(Receiver.status(500), Receiver.status(500), Receiver.status(500));
        Hook hook = webhook("/down", "generic", "[\"*\"]");
        // due an hour from now, so only this sender (set to give up after 3 in a row) sees them
        Instant later = Instant.now().plus(Duration.ofHours(1));
        for (int i = 0; i < 3; i++) {
            outbox.enqueue(hook.id(), "build.failed", Payloads.envelope("build.failed", later, Map.of("n", i)), later);
        }
        OutboxSender threeInARow = new OutboxSender(outbox, tx, java.time.Clock.systemUTC(),
                new WebhookProperties(true, 3, 11, Duration.ofSeconds(10), Duration.ofDays(30)), new UrlGuard(true, UrlGuard.DNS),
                secrets::open,
                events, new EventCatalogue());
        for (int run = 0; run < 3; run++) {
            assertThat(threeInARow.sendDue(later)).as("a failing receiver gets one attempt per run").isEqualTo(1);
        }

        Webhook disabled = webhooks.findById(hook.id()).orElseThrow();
        assertThat(disabled.isEnabled()).isFalse();
        assertThat(disabled.getDisabledReason()).startsWith("3 deliveries in a row failed (the last: The receiver answered 500.)");
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM audit_entry WHERE action = 'webhook.disabled' "
                + "AND target_id = ?", Integer.class, String.valueOf(hook.id()))).isEqualTo(1);
        buildFailed(200);
        assertThat(outbox.pendingCount(hook.id())).as("a disabled webhook queues nothing new").isEqualTo(3);

        var admin = (org.springframework.mock.web.MockHttpSession) mvc.perform(
                org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestBuilders.formLogin("/login")
                        .user("admin").password(dev.loopline.support.IntegrationTest.ADMIN_PASSWORD))
                .andReturn().getRequest().getSession();
        String page = bodyOf(mvc.perform(get("/admin/tokens").session(admin)));
        assertThat(page).contains("data-testid=\"webhook-banner\"").contains("3 deliveries in a row failed");

        asAdmin(patch("/api/v1/webhooks/" + hook.id()), "{\"enabled\": true}")
                .andExpect(jsonPath("$.enabled").value(true)).andExpect(jsonPath("$.consecutive_failures").value(0));
        assertThat(threeInARow.sendDue(later.plus(Duration.ofHours(1)))).isEqualTo(3);
        assertThat(outbox.pendingCount(hook.id())).as("waiting messages go once it is on again").isZero();
    }

    @Test
    void disablesAtOnceWhenTheReceiverAnswersGone() throws Exception {
        receiver.thenAnswer(Receiver.status(410));
        Hook hook = webhook("/gone", "teams", "[\"build.failed\"]");
        buildFailed(3);
        awaitAttempts(hook.id(), 1);
        Webhook gone = webhooks.findById(hook.id()).orElseThrow();
        assertThat(gone.isEnabled()).isFalse();
        assertThat(gone.getDisabledReason()).contains("410 Gone")
                .as("the banner and the audit entry end the sentence themselves").doesNotEndWith(".");
        assertThat(message(hook.id())).containsEntry("STATE", "failed");
    }

    @Test
    void sendsSlackAnIncomingWebhookMessageWithBlocksAndAButtonBack() throws Exception {
        Hook hook = webhook("/slack", "slack", "[\"build.failed\"]");
        buildFailed(4);
        awaitAttempts(hook.id(), 1);
        Receiver.Request request = receiver.requestsTo("/slack").get(0);
        assertThat(request.header("webhook-signature")).isNull();
        String body = request.body();
        assertThat((String) JsonPath.read(body, "$.text")).isEqualTo("Build failed · 4: Build ci#4 failed.");
        assertThat((List<String>) JsonPath.read(body, "$.blocks[*].type"))
                .containsExactly("header", "section", "context", "actions");
        assertThat((String) JsonPath.read(body, "$.blocks[0].text.text")).isEqualTo("Build failed · 4");
        assertThat((String) JsonPath.read(body, "$.blocks[1].text.type")).isEqualTo("mrkdwn");
        assertThat((String) JsonPath.read(body, "$.blocks[3].elements[0].type")).isEqualTo("button");
        assertThat((String) JsonPath.read(body, "$.blocks[3].elements[0].url"))
                .isEqualTo("http://localhost:" + port + "/builds/4");
        assertThat((String) JsonPath.read(body, "$.blocks[2].elements[0].text")).contains("By *system*");

        String long5000 = "<&>" + "x".repeat(5000);
        String slack = Payloads.slack(Payloads.JSON.readTree(Payloads.envelope("build.failed", Instant.now(),
                Map.of("summary", long5000, "actor", "alice", "url", "https://l.example/builds/1"))), "Build failed");
        assertThat(((String) JsonPath.read(slack, "$.text")).length()).isLessThanOrEqualTo(3000);
        String section = JsonPath.read(slack, "$.blocks[1].text.text");
        assertThat(section).startsWith("&lt;&amp;&gt;xx").hasSizeLessThanOrEqualTo(3000);
    }

    @Test
    void sendsTeamsAnAdaptiveCard() throws Exception {
        Hook hook = webhook("/teams", "teams", "[\"build.failed\"]");
        buildFailed(5);
        awaitAttempts(hook.id(), 1);
        String body = receiver.requestsTo("/teams").get(0).body();
        assertThat((String) JsonPath.read(body, "$.type")).isEqualTo("message");
        assertThat((String) JsonPath.read(body, "$.attachments[0].contentType"))
                .isEqualTo("application/vnd.microsoft.card.adaptive");
        assertThat((String) JsonPath.read(body, "$.attachments[0].content.type")).isEqualTo("AdaptiveCard");
        assertThat((String) JsonPath.read(body, "$.attachments[0].content.actions[0].url"))
                .isEqualTo("http://localhost:" + port + "/builds/5");
    }

    @Test
    void writesTheOutboxInTheEventsTransactionOrItsOwn() throws Exception {
        Hook hook = webhook("/tx", "generic", "[\"build.failed\"]");
        tx.executeWithoutResult(status -> {
            buildFailed(6);
            status.setRollbackOnly();
        });
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM webhook_message WHERE webhook_id = ?", Integer.class,
                hook.id())).as("rolled back with the change it announced").isZero();
        buildFailed(7);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM webhook_message WHERE webhook_id = ?", Integer.class,
                hook.id())).as("published outside a transaction, still queued").isEqualTo(1);
    }

    @Test
    void aNewNodeDeliversWhatADeadNodeLeftClaimed() throws Exception {
        Hook hook = webhook("/restart", "generic", "[\"build.failed\"]");
        Instant now = Instant.now();
        // the node that queued these died after claiming them (mid-send): nothing else survives but the rows
        tx.executeWithoutResult(s -> {
            jdbc.update("UPDATE webhook SET enabled = FALSE WHERE id = ?", hook.id());
        });
        buildFailed(8);
        long id = outbox.enqueue(hook.id(), "build.failed", Payloads.envelope("build.failed", now, Map.of("summary", "x")), now);
        jdbc.update("UPDATE webhook SET enabled = TRUE WHERE id = ?", hook.id());
        assertThat(outbox.claim(id, "node-that-died", now, now.plus(OutboxSender.CLAIM))).isTrue();

        OutboxSender restarted = new OutboxSender(outbox, tx, java.time.Clock.systemUTC(),
                new WebhookProperties(true, 15, 11, Duration.ofSeconds(10), Duration.ofDays(30)), new UrlGuard(true, UrlGuard.DNS),
                s -> s, events, new EventCatalogue());
        assertThat(restarted.sendDue(now)).as("the claim holds while it may still be sending").isZero();
        assertThat(restarted.sendDue(now.plus(OutboxSender.CLAIM).plusSeconds(1))).isEqualTo(1);
        assertThat(receiver.requestsTo("/restart")).hasSize(1);
        assertThat(message(hook.id())).containsEntry("STATE", "delivered");
    }

    @Test
    void refusesAtSendTimeAHostThatNowResolvesToAPrivateAddress() throws Exception {
        Hook hook = webhook("/rebind", "generic", "[\"build.failed\"]");
        UrlGuard rebound = new UrlGuard(false, host -> List.of(java.net.InetAddress.getByName("127.0.0.1")));
        OutboxSender strict = new OutboxSender(outbox, tx, java.time.Clock.systemUTC(),
                new WebhookProperties(false, 15, 11, Duration.ofSeconds(10), Duration.ofDays(30)), rebound, s -> s, events,
                new EventCatalogue());
        Instant now = Instant.now();
        jdbc.update("UPDATE webhook SET enabled = FALSE WHERE id = ?", hook.id());
        long id = outbox.enqueue(hook.id(), "build.failed", Payloads.envelope("build.failed", now, Map.of()), now);
        jdbc.update("UPDATE webhook SET enabled = TRUE WHERE id = ?", hook.id());
        assertThat(outbox.claim(id, "x", now, now)).isTrue(); // expired claim: free for the strict sender
        assertThat(strict.sendDue(now.plusSeconds(1))).isEqualTo(1);
        assertThat(receiver.requestsTo("/rebind")).isEmpty();
        assertThat(outbox.attempts(hook.id(), 0, 10).get(0).error()).contains("loopback, link-local or private");
    }

    @Test
    void sendsATestEventAndRedeliversOnRequest() throws Exception {
        Hook hook = webhook("/manual", "generic", "[\"deploy_request.opened\"]");
        asAdmin(post("/api/v1/webhooks/" + hook.id() + "/test"), null).andExpect(status().isAccepted());
        Outbox.Attempt first = awaitAttempts(hook.id(), 1).get(0);
        assertThat(first.eventType()).isEqualTo("webhook.test");
        asAdmin(post("/api/v1/webhooks/" + hook.id() + "/deliveries/" + first.id() + "/redeliver"), null)
                .andExpect(status().isAccepted());
        List<Outbox.Attempt> log = awaitAttempts(hook.id(), 2);
        assertThat(log.get(0).attempt()).isEqualTo(2);
        assertThat(receiver.requestsTo("/manual")).as("a redelivery is the same message: receivers may deduplicate")
                .extracting(r -> r.header("webhook-id")).hasSize(2).containsOnly(receiver.requestsTo("/manual").get(0)
                        .header("webhook-id"));
        asAdmin(post("/api/v1/webhooks/" + hook.id() + "/deliveries/999999/redeliver"), null)
                .andExpect(status().isNotFound());
    }

    @Test
    void validatesWebhooksAndKeepsThemForAdmins() throws Exception {
        asAdmin(post("/api/v1/webhooks"), "{\"url\": \"ftp://example.com/x\", \"events\": [\"*\"]}")
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.code").value("invalid_url"));
        asAdmin(post("/api/v1/webhooks"), "{\"url\": \"" + receiver.url("/v") + "\", \"events\": [\"no.such\"]}")
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.code").value("invalid_events"));
        asAdmin(post("/api/v1/webhooks"), "{\"url\": \"" + receiver.url("/v") + "\", \"events\": []}")
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.code").value("invalid_events"));
        asAdmin(post("/api/v1/webhooks"), "{\"url\": \"" + receiver.url("/v") + "\", \"events\": [\"*\"], \"kind\": \"email\"}")
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.code").value("invalid_kind"));
        asAdmin(post("/api/v1/webhooks"), "{\"url\": \"" + receiver.url("/v") + "\", \"events\": [\"*\"], "
                + "\"databases\": [\"Not A Name\"]}").andExpect(status().isBadRequest());
        as(tokenWithRoles("operator"), post("/api/v1/webhooks"), "{\"url\": \"" + receiver.url("/v")
                + "\", \"events\": [\"*\"]}").andExpect(status().isForbidden());
        as(tokenWithRoles("operator"), get("/api/v1/webhooks"), null).andExpect(status().isForbidden());
        asAdmin(get("/api/v1/webhooks/987654"), null).andExpect(status().isNotFound())
                .andExpect(jsonPath("$.code").value("not_found"));

        String created = bodyOf(asAdmin(post("/api/v1/webhooks"), "{\"url\": \"https://hooks.slack.com/services/T0/B0/secretpart\", "
                + "\"kind\": \"slack\", \"events\": [\"deploy_request.opened\"], \"databases\": [\"shop\"]}")
                .andExpect(status().isCreated()).andExpect(jsonPath("$.secret").doesNotExist())
                .andExpect(jsonPath("$.databases[0]").value("shop")));
        assertThat(created).doesNotContain("secretpart");
        long id = ((Number) JsonPath.read(created, "$.id")).longValue();
        asAdmin(patch("/api/v1/webhooks/" + id), "{\"events\": [\"*\"], \"databases\": []}")
                .andExpect(jsonPath("$.events[0]").value("*")).andExpect(jsonPath("$.databases.length()").value(0));
        asAdmin(patch("/api/v1/webhooks/" + id), "{\"kind\": \"generic\"}").andExpect(status().isBadRequest());
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM audit_entry WHERE target_type = 'webhook' AND details LIKE "
                + "'%secretpart%'", Integer.class)).isZero();
        asAdmin(delete("/api/v1/webhooks/" + id), null).andExpect(status().isNoContent());
        asAdmin(get("/api/v1/webhooks/" + id), null).andExpect(status().isNotFound());
    }

    @Test
    void filtersByDatabase() throws Exception {
        String json = bodyOf(asAdmin(post("/api/v1/webhooks"), "{\"url\": \"" + receiver.url("/shop")
                + "\", \"events\": [\"build.failed\"], \"databases\": [\"shop\"]}"));
        long id = ((Number) JsonPath.read(json, "$.id")).longValue();
        events.publishEvent(new BuildFailed(9, "billing", "Build 9 failed."));
        events.publishEvent(new BuildFailed(10, null, "Build 10 failed."));
        events.publishEvent(new BuildFailed(11, "shop", "Build 11 failed."));
        assertThat(jdbc.queryForList("SELECT payload FROM webhook_message WHERE webhook_id = ?", String.class, id))
                .singleElement().asString().contains("Build 11 failed.");
    }

    @Test
    void servesTheEventCatalogue() throws Exception {
        as(tokenWithRoles("developer"), get("/api/v1/events/catalogue"), null).andExpect(status().isOk())
                .andExpect(jsonPath("$.data[?(@.type == 'deploy_request.deployed')].sources[0]").value("deploy_request.cut_over"))
                .andExpect(jsonPath("$.data[?(@.type == 'deploy_request.pending_cutover')]").exists())
                .andExpect(jsonPath("$.data[?(@.type == 'build.failed')].example.data.summary").exists())
                .andExpect(jsonPath("$.data[?(@.type == 'freeze_window.started')]").exists())
                .andExpect(jsonPath("$.data[?(@.type == 'deploy_request.revert_window_closing')]").exists());
    }
}
