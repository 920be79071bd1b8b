package dev.loopline.pipeline;

import java.time.Instant;
import java.util.Locale;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * One request a CI receiver got, and what became of it: for the integrations page's log. Refused requests that repeat
 * (same receiver, integration, status and reason) share one entry: {@link #getTimes()} counts them, from
 * {@link #getFirstReceivedAt()} to {@link #getReceivedAt()}.
 */
@Entity
@Table(name = "ci_delivery")
public class CiDelivery {

    /** What the receiver did with a delivery. */
    public enum Outcome {
        /** A build was recorded (created or updated). */
        ACCEPTED,
        /** Authentic, but nothing to record (a ping, another event, a phase Loopline does not track). */
        IGNORED,
        /** The same delivery was accepted before; nothing was done again. */
        DUPLICATE,
        /** Refused: bad secret or signature (401) or an unreadable payload (400). */
        REFUSED;

        public String apiName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public static final int REASON_LENGTH = 2000;

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    private CiKind kind;

    @Column(name = "integration_id")
    private Long integrationId;

    @Column(name = "delivery_key", length = 128)
    private String deliveryKey;

    @Column(length = 64)
    private String event;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    private Outcome outcome;

    @Column(name = "status_code", nullable = false)
    private int statusCode;

    @Column(length = REASON_LENGTH)
    private String reason;

    @Column(name = "build_id")
    private Long buildId;

    /** When it was received; for a collapsed refusal, the latest time. */
    @Column(name = "received_at", nullable = false)
    private Instant receivedAt;

    @Column(name = "first_received_at", nullable = false)
    private Instant firstReceivedAt;

    @Column(nullable = false)
    private int times = 1;

    protected CiDelivery() {
    }

    CiDelivery(CiKind kind, Long integrationId, String deliveryKey, String event, Outcome outcome, int statusCode,
            String reason, Long buildId, Instant receivedAt) {
        this.kind = kind;
        this.integrationId = integrationId;
        this.deliveryKey = cut(deliveryKey, 128);
        this.event = cut(event, 64);
        this.outcome = outcome;
        this.statusCode = statusCode;
        this.reason = storedReason(reason);
        this.buildId = buildId;
        this.receivedAt = receivedAt;
        this.firstReceivedAt = receivedAt;
    }

    /** The reason as the log keeps it (at most {@value #REASON_LENGTH} characters). */
    static String storedReason(String reason) {
        return cut(reason, REASON_LENGTH);
    }

    private static String cut(String text, int max) {
        return text == null || text.length() <= max ? text : text.substring(0, max - 1) + "…";
    }

    public Long getId() { return id; }
    public CiKind getKind() { return kind; }
    public Long getIntegrationId() { return integrationId; }
    public String getDeliveryKey() { return deliveryKey; }
    public String getEvent() { return event; }
    public Outcome getOutcome() { return outcome; }
    public int getStatusCode() { return statusCode; }
    public String getReason() { return reason; }
    public Long getBuildId() { return buildId; }
    public Instant getReceivedAt() { return receivedAt; }
    public Instant getFirstReceivedAt() { return firstReceivedAt; }
    /** How many requests this entry stands for: 1, or more for a refusal that repeated. */
    public int getTimes() { return times; }
}
