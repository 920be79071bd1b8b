package dev.loopline.notification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.quartz.Scheduler;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;

import com.jayway.jsonpath.JsonPath;

import dev.loopline.support.AbstractIntegrationTest;

/**
 * Rotating a generic webhook's secret without a gap: the new secret is shown once, and for 24 hours each message is
 * signed by both (the Standard Webhooks header lists several), then by the new one alone. A verifier that knows only
 * one of them accepts the message while both sign.
 */
class SecretRotationTests extends AbstractIntegrationTest {

    @Autowired
    OutboxSender sender;

    @Autowired
    Outbox outbox;

    @Autowired
    TransactionTemplate tx;

    @Autowired
    WebhookRepository webhooks;

    @Autowired
    Scheduler scheduler;

    Receiver receiver;

    @BeforeEach
    void setUp() throws Exception {
        scheduler.pauseJob(NotificationJobs.SENDER);
        receiver = new Receiver();
    }

    @AfterEach
    void tearDown() throws Exception {
        webhooks.deleteAll();
        receiver.close();
        scheduler.resumeJob(NotificationJobs.SENDER);
    }

    /** Whether any signature in the header verifies under {@code secret}, as a Standard Webhooks verifier checks. */
    private static boolean verifies(Receiver.Request request, String secret) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(Base64.getDecoder().decode(secret.substring("whsec_".length())), "HmacSHA256"));
        String expected = "v1," + Base64.getEncoder().encodeToString(mac.doFinal((request.header("webhook-id") + "."
                + request.header("webhook-timestamp") + "." + request.body()).getBytes(StandardCharsets.UTF_8)));
        return Arrays.asList(request.header("webhook-signature").split(" ")).contains(expected);
    }

    private Receiver.Request deliverOne(long hook, Instant now) {
        int before = receiver.requests().size();
        tx.executeWithoutResult(s -> outbox.enqueue(hook, "build.failed",
                Payloads.envelope("build.failed", now, Map.of("summary", "Build ci#1 failed.")), now));
        sender.sendDue(now);
        assertThat(receiver.requests()).hasSize(before + 1);
        return receiver.requests().get(before);
    }

    @Test
    void signsWithTheOldAndTheNewSecretForADayAfterARotation() throws Exception {
        String json = bodyOf(asAdmin(post("/api/v1/webhooks"), "{\"url\": \"" + receiver.url("/ci")
                + "\", \"kind\": \"generic\", \"events\": [\"build.failed\"]}").andExpect(status().isCreated()));
        long hook = ((Number) JsonPath.read(json, "$.id")).longValue();
        String old = JsonPath.read(json, "$.secret");

        String rotated = JsonPath.read(bodyOf(asAdmin(post("/api/v1/webhooks/" + hook + "/rotate-secret"), null)
                .andExpect(status().isOk())), "$.secret");
        assertThat(rotated).startsWith("whsec_").isNotEqualTo(old);

        Receiver.Request during = deliverOne(hook, Instant.now());
        assertThat(verifies(during, rotated)).as("the new secret verifies at once").isTrue();
        assertThat(verifies(during, old)).as("receivers still on the old secret keep working").isTrue();

        Receiver.Request after = deliverOne(hook, Instant.now().plus(Duration.ofHours(25)));
        assertThat(verifies(after, rotated)).isTrue();
        assertThat(verifies(after, old)).as("the old secret stops signing after a day").isFalse();
    }

    @Test
    void slackAndTeamsWebhooksHaveNoSecretToRotate() throws Exception {
        String json = bodyOf(asAdmin(post("/api/v1/webhooks"), "{\"url\": \"" + receiver.url("/slack")
                + "\", \"kind\": \"slack\", \"events\": [\"build.failed\"]}").andExpect(status().isCreated()));
        long hook = ((Number) JsonPath.read(json, "$.id")).longValue();
        asAdmin(post("/api/v1/webhooks/" + hook + "/rotate-secret"), null).andExpect(status().isConflict())
                .andExpect(jsonPath("$.code").value("no_secret"));
        asAdmin(post("/api/v1/webhooks/999999/rotate-secret"), null).andExpect(status().isNotFound());
    }
}
