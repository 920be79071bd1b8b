package dev.loopline.delivery;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

import dev.loopline.common.TextLimits;

/**
 * A time in which an environment takes no deployments: recurring (a Unix cron in an IANA time zone, each fire
 * opening a window of {@code durationMinutes}) or once (from {@code startsAt} to {@code endsAt}). The times
 * themselves come from {@link FreezeSchedule}.
 */
@Entity
@Table(name = "freeze_window")
public class FreezeWindow {

    /** Recurring or one-off. */
    public enum Kind {
        RECURRING, ONCE;

        public String apiName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(name = "environment_name", nullable = false, length = 63)
    private String environment;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, length = 16)
    private Kind kind;

    @Column(length = 120)
    private String cron;

    @Column(name = "duration_minutes")
    private Integer durationMinutes;

    @Column(name = "time_zone", nullable = false, length = 64)
    private String timeZone;

    @Column(name = "starts_at")
    private Instant startsAt;

    @Column(name = "ends_at")
    private Instant endsAt;

    @Column(nullable = false, length = TextLimits.FREEZE_REASON)
    private String reason;

    @Column(name = "created_by", nullable = false, length = TextLimits.PERSON_NAME)
    private String createdBy;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    /** The window the freeze job last announced as started (so it announces each start and end once). */
    @Column(name = "announced_start")
    private Instant announcedStart;

    @Column(name = "announced_end")
    private Instant announcedEnd;

    @Version
    private long version;

    protected FreezeWindow() {
    }

    FreezeWindow(String environment, FreezeSchedule schedule, String reason, String createdBy, Instant createdAt) {
        this.environment = environment;
        this.kind = schedule.cron() == null ? Kind.ONCE : Kind.RECURRING;
        this.cron = schedule.cron();
        this.durationMinutes = schedule.duration() == null ? null : (int) schedule.duration().toMinutes();
        this.timeZone = schedule.zone().getId();
        this.startsAt = schedule.startsAt();
        this.endsAt = schedule.endsAt();
        this.reason = reason;
        this.createdBy = createdBy;
        this.createdAt = createdAt;
    }

    public FreezeSchedule schedule() {
        return kind == Kind.RECURRING
                ? FreezeSchedule.recurring(cron, Duration.ofMinutes(durationMinutes), ZoneId.of(timeZone))
                : FreezeSchedule.once(startsAt, endsAt, ZoneId.of(timeZone));
    }

    /** The window open at {@code at}, if any. */
    public Optional<FreezeSchedule.Window> activeAt(Instant at) {
        return schedule().activeAt(at);
    }

    /** Windows overlapping {@code [from, to)}, in order. */
    public List<FreezeSchedule.Window> windows(Instant from, Instant to) {
        return schedule().windows(from, to);
    }

    void announced(FreezeSchedule.Window window) {
        announcedStart = window == null ? null : window.start();
        announcedEnd = window == null ? null : window.end();
    }

    public Long getId() {
        return id;
    }

    public String getEnvironment() {
        return environment;
    }

    public Kind getKind() {
        return kind;
    }

    public String getCron() {
        return cron;
    }

    public Integer getDurationMinutes() {
        return durationMinutes;
    }

    public String getTimeZone() {
        return timeZone;
    }

    public Instant getStartsAt() {
        return startsAt;
    }

    public Instant getEndsAt() {
        return endsAt;
    }

    public String getReason() {
        return reason;
    }

    public String getCreatedBy() {
        return createdBy;
    }

    public Instant getCreatedAt() {
        return createdAt;
    }

    Instant getAnnouncedStart() {
        return announcedStart;
    }

    Instant getAnnouncedEnd() {
        return announcedEnd;
    }
}
