package dev.loopline.notification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.quartz.Scheduler;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.transaction.support.TransactionTemplate;

import com.jayway.jsonpath.JsonPath;

import dev.loopline.database.SecretBox;
import dev.loopline.support.AbstractIntegrationTest;

/**
 * Receivers that answer slowly or not at all must not hold the sender: each attempt ends within the timeout, and one
 * dead receiver does not keep the other webhooks' messages waiting. A sender with a short timeout stands in for the
 * job (whose own trigger is paused meanwhile), so these run in about a second.
 */
class SlowReceiverTests extends AbstractIntegrationTest {

    private static final Duration TIMEOUT = Duration.ofMillis(700);

    @Autowired
    Outbox outbox;

    @Autowired
    TransactionTemplate tx;

    @Autowired
    Clock clock;

    @Autowired
    UrlGuard guard;

    @Autowired
    SecretBox secrets;

    @Autowired
    ApplicationEventPublisher events;

    @Autowired
    EventCatalogue catalogue;

    @Autowired
    WebhookRepository webhooks;

    @Autowired
    Scheduler scheduler;

    OutboxSender sender;

    /** Answers the head of a 100,000-byte body, sends one byte of it, then says nothing more. */
    StallingServer stalling;

    @BeforeEach
    void setUp() throws Exception {
        scheduler.pauseJob(NotificationJobs.SENDER);
        sender = new OutboxSender(outbox, tx, clock, new WebhookProperties(true, 15, 11, TIMEOUT, Duration.ofDays(30)), guard,
                secrets::open, events, catalogue);
        stalling = new StallingServer();
    }

    @AfterEach
    void tearDown() throws Exception {
        webhooks.deleteAll();
        stalling.close();
        scheduler.resumeJob(NotificationJobs.SENDER);
    }

    private long webhook(String url) throws Exception {
        String json = bodyOf(asAdmin(post("/api/v1/webhooks"), "{\"url\": \"" + url
                + "\", \"kind\": \"generic\", \"events\": [\"build.failed\"]}").andExpect(status().isCreated()));
        return ((Number) JsonPath.read(json, "$.id")).longValue();
    }

    private void enqueue(long webhookId) {
        tx.executeWithoutResult(s -> outbox.enqueue(webhookId, "build.failed", Payloads.envelope("build.failed",
                Instant.now(), Map.of("summary", "Build ci#1 failed.")), Instant.now()));
    }

    @Test
    void givesUpOnAReceiverThatStallsItsAnswersBodyWithinTheTimeout() throws Exception {
        long hook = webhook(stalling.url());
        enqueue(hook);

        int attempted = assertTimeoutPreemptively(Duration.ofSeconds(5), () -> sender.sendDue(Instant.now()),
                "a receiver that stops in the middle of its answer held the sender");

        assertThat(attempted).isEqualTo(1);
        List<Outbox.Attempt> log = outbox.attempts(hook, 0, 10);
        assertThat(log).hasSize(1);
        assertThat(log.get(0).error()).startsWith("No answer within");
        assertThat(log.get(0).durationMs()).isLessThan(3000);
        assertThat(log.get(0).messageState()).as("tried again later").isEqualTo(Outbox.PENDING);
    }

    @Test
    void aDeadReceiverCostsOneTimeoutPerRunAndOthersAreNotKeptWaiting() throws Exception {
        try (Receiver healthy = new Receiver()) {
            long dead = webhook(stalling.url());
            for (int i = 0; i < 4; i++) {
                enqueue(dead);
            }
            long alive = webhook(healthy.url("/alive"));
            enqueue(alive);

            sender.sendDue(Instant.now());

            assertThat(outbox.attempts(dead, 0, 10)).as("one timeout, not one per waiting message").hasSize(1);
            assertThat(outbox.pendingCount(dead)).isEqualTo(4);
            assertThat(healthy.requestsTo("/alive")).hasSize(1);
            assertThat(outbox.pendingCount(alive)).isZero();
        }
    }

    /** A bare socket server: reads the request head, answers a head and one byte of the body, and stalls. */
    static final class StallingServer implements AutoCloseable {

        private final ServerSocket server;
        private final List<Socket> open = new CopyOnWriteArrayList<>();

        StallingServer() throws IOException {
            server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            Thread accept = new Thread(() -> {
                while (!server.isClosed()) {
                    try {
                        Socket socket = server.accept();
                        open.add(socket);
                        socket.getInputStream().read(new byte[8192]);
                        OutputStream out = socket.getOutputStream();
                        out.write(("HTTP/1.1 200 OK\r\nContent-Length: 100000\r\nContent-Type: text/plain\r\n\r\nx")
                                .getBytes(StandardCharsets.US_ASCII));
                        out.flush();
                    }
                    catch (IOException e) {
                        // closed
                    }
                }
            }, "stalling-receiver");
            accept.setDaemon(true);
            accept.start();
        }

        String url() {
            return "http://127.0.0.1:" + server.getLocalPort() + "/hook";
        }

        @Override
        public void close() throws IOException {
            server.close();
            for (Socket socket : open) {
                socket.close();
            }
        }
    }
}
