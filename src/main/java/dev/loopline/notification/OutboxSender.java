package dev.loopline.notification;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.transaction.support.TransactionTemplate;

import dev.loopline.common.DomainException;

/**
 * Sends due outbox messages, one claimed message at a time, never on a request thread (the Quartz job calls
 * {@link #sendDue}). Each attempt is logged; a {@code 2xx} delivers, anything else is retried with exponential
 * back-off (10 s × 3ⁿ, at most 8 h apart: eleven attempts span about a day) or later when the receiver sends
 * {@code Retry-After}. A webhook is disabled after too many failures in a row, and at once on {@code 410 Gone}.
 * Logs name webhooks by id, never by URL (Slack and Teams URLs are secrets) or secret.
 */
class OutboxSender {

    private static final Logger log = LoggerFactory.getLogger(OutboxSender.class);

    static final Duration FIRST_RETRY = Duration.ofSeconds(10);
    static final Duration LONGEST_WAIT = Duration.ofHours(8);
    static final Duration MAX_RETRY_AFTER = Duration.ofDays(1);
    /** How long a claim holds: far beyond one attempt's timeout, so only a dead node's claims expire. */
    static final Duration CLAIM = Duration.ofMinutes(5);
    private static final int BATCH = 100;
    /** How much of an answer's body the delivery log keeps. */
    static final int RESPONSE_KEPT = 1024;

    private final Outbox outbox;
    private final TransactionTemplate tx;
    private final Clock clock;
    private final WebhookProperties properties;
    private final UrlGuard guard;
    private final UnaryOperator<String> openSecret;
    private final ApplicationEventPublisher events;
    private final EventCatalogue catalogue;
    private final HttpClient http;
    private final String node = "node-" + UUID.randomUUID();

    OutboxSender(Outbox outbox, TransactionTemplate tx, Clock clock, WebhookProperties properties, UrlGuard guard,
            UnaryOperator<String> openSecret, ApplicationEventPublisher events, EventCatalogue catalogue) {
        this.outbox = outbox;
        this.tx = tx;
        this.clock = clock;
        this.properties = properties;
        this.guard = guard;
        this.openSecret = openSecret;
        this.events = events;
        this.catalogue = catalogue;
        this.http = HttpClient.newBuilder().connectTimeout(properties.timeout())
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    /** The wait before attempt {@code attempts + 1} after {@code attempts} failed ones: 10 s, 30 s, 90 s … 8 h. */
    static Duration backOff(int attempts) {
        Duration wait = FIRST_RETRY;
        for (int i = 1; i < attempts && wait.compareTo(LONGEST_WAIT) < 0; i++) {
            wait = wait.multipliedBy(3);
        }
        return wait.compareTo(LONGEST_WAIT) > 0 ? LONGEST_WAIT : wait;
    }

    /**
     * Sends every message due at {@code now} that this node can claim; returns how many it attempted. {@code now}
     * decides what is due and when retries go (tests pass a later time instead of waiting).
     */
    int sendDue(Instant now) {
        int attempted = 0;
        // a receiver that failed is not tried again in this run: a dead one costs one timeout, not one per message,
        // and the other webhooks' messages do not wait behind it
        Set<Long> failedThisRun = new HashSet<>();
        for (long id : outbox.dueIds(now, BATCH)) {
            if (outbox.claim(id, node, now, now.plus(CLAIM))) {
                try {
                    Optional<Outbox.Due> due = outbox.due(id);
                    if (due.isPresent() && failedThisRun.contains(due.get().webhookId())) {
                        outbox.release(id, node);
                    }
                    else if (due.isPresent()) {
                        if (!send(due.get(), now)) {
                            failedThisRun.add(due.get().webhookId());
                        }
                        attempted++;
                    }
                }
                catch (RuntimeException e) {
                    // one message must not stop the others; its claim expires and it is tried again
                    log.warn("Could not send outbox message {}: {}", id, e.toString());
                }
            }
        }
        return attempted;
    }

    /** One attempt; false when it failed (or the webhook was turned off meanwhile). */
    private boolean send(Outbox.Due due, Instant now) {
        if (!due.webhookEnabled()) {
            outbox.release(due.id(), node);
            return false;
        }
        int attempt = outbox.attemptsLogged(due.id()) + 1;
        String title = catalogue.byType(due.eventType()).map(EventCatalogue.EventType::title).orElse(due.eventType());
        String body = Payloads.body(due.kind(), due.payload(), title);
        Map<String, String> headers = headers(due, body, now);
        long started = System.nanoTime();
        Integer status = null;
        String responseBody = null;
        String error = null;
        Duration retryAfter = null;
        try {
            URI uri = UrlGuard.parse(due.url());
            guard.check(uri);
            HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(properties.timeout())
                    .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
            headers.forEach(request::header);
            HttpResponse<String> response = exchange(request.build());
            status = response.statusCode();
            responseBody = response.body();
            retryAfter = response.headers().firstValue("Retry-After").flatMap(v -> parseRetryAfter(v, now)).orElse(null);
            if (status < 200 || status > 299) {
                error = "The receiver answered " + status + ".";
            }
        }
        catch (DomainException e) {
            error = e.getMessage();
        }
        catch (IOException e) {
            error = e instanceof java.net.http.HttpTimeoutException ? "No answer within "
                    + properties.timeout().toSeconds() + " s." : "Could not connect: " + describe(e);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            error = "Interrupted while sending.";
        }
        catch (RuntimeException e) {
            error = "Could not send: " + describe(e);
        }
        long millis = Duration.ofNanos(System.nanoTime() - started).toMillis();
        finish(due, attempt, headers, status, responseBody, millis, error, retryAfter, now);
        return error == null;
    }

    private void finish(Outbox.Due due, int attempt, Map<String, String> headers, Integer status, String responseBody,
            long millis, String error, Duration retryAfter, Instant now) {
        boolean delivered = error == null;
        String shownHeaders = headers.entrySet().stream().map(e -> e.getKey() + ": " + e.getValue())
                .collect(Collectors.joining("\n"));
        int attempts = due.attempts() + 1;
        String disabledReason;
        try {
            disabledReason = record(due, attempt, shownHeaders, status, responseBody, millis, error, retryAfter, now,
                    delivered, attempts);
        }
        catch (org.springframework.dao.DataIntegrityViolationException e) {
            log.info("Webhook {} was deleted while message {} was being sent", due.webhookId(), due.messageId());
            return;
        }
        if (disabledReason != null) {
            log.warn("Disabled webhook {}: {}", due.webhookId(), disabledReason);
        }
        else if (!delivered) {
            log.info("Webhook {} message {} attempt {} failed: {}", due.webhookId(), due.messageId(), attempt, error);
        }
    }

    private String record(Outbox.Due due, int attempt, String shownHeaders, Integer status, String responseBody,
            long millis, String error, Duration retryAfter, Instant now, boolean delivered, int attempts) {
        return tx.execute(s -> {
            outbox.recordAttempt(due, attempt, shownHeaders, status, responseBody, millis, error, clock.instant());
            if (delivered) {
                outbox.finish(due.id(), node, Outbox.DELIVERED, attempts, now);
                outbox.webhookSucceeded(due.webhookId());
                return null;
            }
            String reason = null;
            if (status != null && status == 410) {
                outbox.finish(due.id(), node, Outbox.FAILED, attempts, now);
                reason = "The receiver answered 410 Gone: it no longer wants these messages";
            }
            else {
                if (attempts >= properties.maxAttempts()) {
                    outbox.finish(due.id(), node, Outbox.FAILED, attempts, now);
                }
                else {
                    Duration wait = backOff(attempts);
                    if (retryAfter != null && retryAfter.compareTo(wait) > 0) {
                        wait = retryAfter;
                    }
                    outbox.retryAt(due.id(), node, attempts, now.plus(wait));
                }
                int inARow = outbox.webhookFailed(due.webhookId());
                if (inARow >= properties.disableAfterFailures()) {
                    reason = inARow + " deliveries in a row failed (the last: " + error + ")";
                }
            }
            if (reason != null && outbox.disableWebhook(due.webhookId(), reason, now)) {
                events.publishEvent(new NotificationEvents.WebhookDisabled(due.webhookId(), reason));
                return reason;
            }
            return null;
        });
    }

    private Map<String, String> headers(Outbox.Due due, String body, Instant now) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "application/json");
        headers.put("User-Agent", "Loopline-Webhooks/1");
        if (due.kind() == Webhook.Kind.GENERIC) {
            long timestamp = clock.instant().getEpochSecond();
            headers.put("webhook-id", due.messageId());
            headers.put("webhook-timestamp", String.valueOf(timestamp));
            if (due.secretSealed() != null) {
                String signature = StandardWebhooks.signature(openSecret.apply(due.secretSealed()), due.messageId(),
                        timestamp, body);
                if (due.previousSecretSealed() != null && due.previousSecretUntil() != null
                        && now.isBefore(due.previousSecretUntil())) {
                    // after a rotation: signed with both, space-separated as the spec has it, until the old one ends
                    signature += " " + StandardWebhooks.signature(openSecret.apply(due.previousSecretSealed()),
                            due.messageId(), timestamp, body);
                }
                headers.put("webhook-signature", signature);
            }
        }
        return headers;
    }

    /**
     * One request with the whole exchange — connecting, the answer's head and the first KB of its body — inside the
     * timeout. The request timeout alone ends at the answer's head: a receiver that then stalls its body would hold
     * the sender (and, the job being one at a time, every webhook) for ever, and keep the node from shutting down.
     */
    private HttpResponse<String> exchange(HttpRequest request) throws IOException, InterruptedException {
        CompletableFuture<HttpResponse<String>> answer = http.sendAsync(request, info -> new FirstKilobyte());
        try {
            return answer.get(properties.timeout().toMillis(), TimeUnit.MILLISECONDS);
        }
        catch (TimeoutException e) {
            answer.cancel(true);
            throw new HttpTimeoutException("no complete answer in time");
        }
        catch (InterruptedException e) {
            answer.cancel(true);
            throw e;
        }
        catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            throw new IOException(describe(e.getCause() instanceof Exception c ? c : e), e.getCause());
        }
    }

    /** Keeps the first KB of an answer's body and stops reading there (the delivery log shows no more). */
    private static final class FirstKilobyte implements HttpResponse.BodySubscriber<String> {

        private final CompletableFuture<String> body = new CompletableFuture<>();
        private final ByteArrayOutputStream head = new ByteArrayOutputStream();
        private Flow.Subscription subscription;

        @Override
        public CompletionStage<String> getBody() {
            return body;
        }

        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            this.subscription = subscription;
            subscription.request(1);
        }

        @Override
        public void onNext(List<ByteBuffer> buffers) {
            if (body.isDone()) {
                return;
            }
            for (ByteBuffer buffer : buffers) {
                int take = Math.min(buffer.remaining(), RESPONSE_KEPT - head.size());
                byte[] bytes = new byte[take];
                buffer.get(bytes);
                head.write(bytes, 0, take);
            }
            if (head.size() >= RESPONSE_KEPT) {
                subscription.cancel();
                onComplete();
            }
            else {
                subscription.request(1);
            }
        }

        @Override
        public void onError(Throwable error) {
            body.completeExceptionally(error);
        }

        @Override
        public void onComplete() {
            body.complete(head.toString(StandardCharsets.UTF_8));
        }
    }

    /** {@code Retry-After} in seconds or as an HTTP date, at most a day; empty when unreadable. */
    static Optional<Duration> parseRetryAfter(String value, Instant now) {
        String v = value.trim();
        try {
            if (v.matches("[0-9]{1,9}")) {
                return Optional.of(min(Duration.ofSeconds(Long.parseLong(v))));
            }
            Instant at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
            return Optional.of(min(at.isBefore(now) ? Duration.ZERO : Duration.between(now, at)));
        }
        catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    private static Duration min(Duration wait) {
        return wait.compareTo(MAX_RETRY_AFTER) > 0 ? MAX_RETRY_AFTER : wait;
    }

    private static String describe(Exception e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
