package dev.loopline.notification;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

import dev.loopline.common.Names;

/**
 * Where to send which events: a URL, the event types (or {@code *} for all), an optional list of databases, and how
 * to phrase the message ({@link Kind}). A generic webhook has a signing secret, kept encrypted with the instance key.
 * The outbox sender counts failures in a row and disables the webhook after too many, or at once on {@code 410 Gone}.
 */
@Entity
@Table(name = "webhook")
public class Webhook {

    /** How deliveries are phrased. */
    public enum Kind {
        /** The Standard Webhooks envelope {@code {type, timestamp, data}}, signed. */
        GENERIC,
        /** A Slack incoming-webhook message with blocks. */
        SLACK,
        /** An Adaptive Card for a Microsoft Teams Workflows URL. */
        TEAMS;

        public String apiName() {
            return name().toLowerCase(Locale.ROOT);
        }

        public String label() {
            return switch (this) {
                case GENERIC -> "Generic (signed)";
                case SLACK -> "Slack";
                case TEAMS -> "Microsoft Teams";
            };
        }

        /** {@code generic}, {@code slack} or {@code teams}; anything else {@code 400 invalid_kind}. */
        public static Kind of(String value) {
            return value == null || value.isBlank() ? GENERIC : Names.parseEnum(Kind.class, value, "invalid_kind", "kind");
        }
    }

    public static final String ALL_EVENTS = "*";

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(nullable = false)
    private String url;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    private Kind kind;

    @Column(nullable = false)
    private String events;

    @Column(name = "databases")
    private String databases;

    private String description;

    @Column(name = "secret_sealed")
    private String secretSealed;

    @Column(name = "previous_secret_sealed")
    private String previousSecretSealed;

    @Column(name = "previous_secret_until")
    private Instant previousSecretUntil;

    @Column(nullable = false)
    private boolean enabled;

    @Column(name = "consecutive_failures", nullable = false)
    private int consecutiveFailures;

    @Column(name = "disabled_reason")
    private String disabledReason;

    @Column(name = "disabled_at")
    private Instant disabledAt;

    @Column(name = "created_by", nullable = false)
    private String createdBy;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    @Version
    private long version;

    protected Webhook() {
    }

    Webhook(String url, Kind kind, List<String> events, List<String> databases, String description,
            String secretSealed, String createdBy, Instant createdAt) {
        this.url = url;
        this.kind = kind;
        this.secretSealed = secretSealed;
        this.createdBy = createdBy;
        this.createdAt = createdAt;
        this.enabled = true;
        change(events, databases, description);
    }

    void change(List<String> events, List<String> databases, String description) {
        this.events = String.join(",", events);
        this.databases = databases == null || databases.isEmpty() ? null : String.join(",", databases);
        this.description = description == null || description.isBlank() ? null : description.trim();
    }

    void changeUrl(String url) {
        this.url = url;
    }

    /** A new signing secret; the current one keeps signing too until {@code oldSignsUntil}. */
    void rotateSecret(String newSecretSealed, Instant oldSignsUntil) {
        this.previousSecretSealed = secretSealed;
        this.previousSecretUntil = oldSignsUntil;
        this.secretSealed = newSecretSealed;
    }

    /** Until when the secret before the last rotation still signs, or {@code null}. */
    public Instant getPreviousSecretUntil() {
        return previousSecretUntil;
    }

    /** Turns it on again (clearing the failure count and the reason it was turned off) or off by hand. */
    void setEnabled(boolean enabled) {
        this.enabled = enabled;
        this.consecutiveFailures = 0;
        this.disabledReason = null;
        this.disabledAt = null;
    }

    /** Whether an event of this type, about this database ({@code null}: none), goes to this webhook. */
    boolean wants(String type, String database) {
        boolean typeMatches = getEvents().contains(ALL_EVENTS) || getEvents().contains(type);
        return enabled && typeMatches && (databases == null || (database != null && getDatabases().contains(database)));
    }

    public Long getId() {
        return id;
    }

    public String getUrl() {
        return url;
    }

    public Kind getKind() {
        return kind;
    }

    public List<String> getEvents() {
        return split(events);
    }

    /** The databases whose events it gets; empty: all events, whatever database (or none) they concern. */
    public List<String> getDatabases() {
        return split(databases);
    }

    public String getDescription() {
        return description;
    }

    String getSecretSealed() {
        return secretSealed;
    }

    public boolean isEnabled() {
        return enabled;
    }

    public int getConsecutiveFailures() {
        return consecutiveFailures;
    }

    /** Why Loopline turned it off (failures, {@code 410 Gone}), or {@code null}. */
    public String getDisabledReason() {
        return disabledReason;
    }

    public Instant getDisabledAt() {
        return disabledAt;
    }

    public String getCreatedBy() {
        return createdBy;
    }

    public Instant getCreatedAt() {
        return createdAt;
    }

    /** The URL as people see it: Slack and Teams URLs carry their secret in the path, so only the host is shown. */
    public String getDisplayUrl() {
        if (kind == Kind.GENERIC) {
            return url;
        }
        java.net.URI uri = java.net.URI.create(url);
        return uri.getScheme() + "://" + uri.getHost() + "/…";
    }

    private static List<String> split(String value) {
        return value == null || value.isBlank() ? List.of() : Arrays.asList(value.split(","));
    }
}
