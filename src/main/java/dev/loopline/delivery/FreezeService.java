package dev.loopline.delivery;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

import dev.loopline.common.Actor;
import dev.loopline.common.CurrentActor;
import dev.loopline.common.DomainException;
import dev.loopline.common.Role;
import dev.loopline.common.TextLimits;

/**
 * Freeze windows of environments: adding and deleting them (operators), whether an environment is frozen now and
 * until when (overlapping and touching windows merged), the calendar of upcoming windows, and announcing each
 * window's start and end once ({@code freeze_window.started} / {@code freeze_window.ended}).
 */
@Service
public class FreezeService {

    /** How far ahead a freeze's end is looked for when windows chain into each other. */
    private static final Duration HORIZON = Duration.ofDays(62);

    private final FreezeWindowRepository windows;
    private final EnvironmentService environments;
    private final ApplicationEventPublisher events;
    private final TransactionTemplate tx;
    private final Clock clock;

    FreezeService(FreezeWindowRepository windows, EnvironmentService environments, ApplicationEventPublisher events,
            TransactionTemplate tx, Clock clock) {
        this.windows = windows;
        this.environments = environments;
        this.events = events;
        this.tx = tx;
        this.clock = clock;
    }

    /** A freeze window as asked for; which fields count depends on {@code kind} ({@code recurring} or {@code once}). */
    public record Request(String kind, String cron, Integer durationMinutes, String timeZone, Instant startsAt,
            Instant endsAt, String reason) {
    }

    /** Adds a window; {@code 400} for bad input (see {@link FreezeSchedule}) or a one-off window already over. */
    public FreezeWindow create(String environment, Request request) {
        Actor actor = CurrentActor.require(Role.OPERATOR, "add freeze windows");
        environments.get(environment);
        String reason = request.reason() == null ? "" : request.reason().trim();
        if (reason.isEmpty()) {
            throw new DomainException.InvalidInput("invalid_reason", "Say why the environment is frozen (reason).");
        }
        TextLimits.require("reason", reason, TextLimits.FREEZE_REASON);
        String kind = request.kind() == null ? "" : request.kind().trim().toLowerCase(java.util.Locale.ROOT);
        FreezeSchedule schedule = switch (kind) {
            case "recurring" -> FreezeSchedule.recurring(request.cron(), request.durationMinutes() == null ? null
                    : Duration.ofMinutes(request.durationMinutes()), FreezeSchedule.zone(request.timeZone()));
            case "once" -> FreezeSchedule.once(request.startsAt(), request.endsAt(), FreezeSchedule.zone(request.timeZone()));
            default -> throw new DomainException.InvalidInput("invalid_kind", "A freeze window's kind is recurring "
                    + "(cron, duration_minutes, time_zone) or once (starts_at, ends_at).");
        };
        if (schedule.endsAt() != null && !schedule.endsAt().isAfter(clock.instant())) {
            throw new DomainException.InvalidInput("invalid_window", "That window ended at " + schedule.endsAt()
                    + ", before now: there is nothing to freeze.");
        }
        return tx.execute(status -> {
            FreezeWindow window = windows.save(new FreezeWindow(environment, schedule, reason, actor.displayName(),
                    clock.instant()));
            events.publishEvent(new DeliveryEvents.FreezeWindowCreated(environment, window.getId(), describe(window)));
            return window;
        });
    }

    /** A freeze window in words: its cron, zone and duration, or its span; and its reason. */
    public static String describe(FreezeWindow window) {
        return window.getKind() == FreezeWindow.Kind.RECURRING
                ? "'" + window.getCron() + "' in " + window.getTimeZone() + " for "
                        + span(window.getDurationMinutes()) + " (" + window.getReason() + ")"
                : window.getStartsAt() + " to " + window.getEndsAt() + " (" + window.getReason() + ")";
    }

    /** "2 d 16 h", "1 h 30 min", "45 min": a freeze's length as people read it. */
    static String span(Integer minutes) {
        if (minutes == null) {
            return "?";
        }
        List<String> parts = new java.util.ArrayList<>();
        if (minutes / 1440 > 0) {
            parts.add(minutes / 1440 + " d");
        }
        if (minutes % 1440 / 60 > 0) {
            parts.add(minutes % 1440 / 60 + " h");
        }
        if (minutes % 60 > 0 || parts.isEmpty()) {
            parts.add(minutes % 60 + " min");
        }
        return String.join(" ", parts);
    }

    public List<FreezeWindow> list(String environment) {
        environments.get(environment);
        return windows.findByEnvironmentOrderByIdAsc(environment);
    }

    public void delete(String environment, long id) {
        CurrentActor.require(Role.OPERATOR, "delete freeze windows");
        FreezeWindow window = windows.findById(id).filter(w -> w.getEnvironment().equals(environment))
                .orElseThrow(() -> new DomainException.NotFound("Freeze window", id + " of " + environment));
        tx.executeWithoutResult(status -> {
            windows.delete(window);
            events.publishEvent(new DeliveryEvents.FreezeWindowDeleted(environment, id));
        });
    }

    /** The next windows of one freeze from now, at most {@code count}. */
    public List<FreezeSchedule.Window> next(FreezeWindow window, int count) {
        Instant now = clock.instant();
        return window.windows(now, now.plus(HORIZON)).stream().limit(count).toList();
    }

    /**
     * Whether {@code environment} is frozen at {@code at}: the merged window covering it (its end is when deploying
     * is possible again, windows that overlap or touch counted as one; its label the windows' reasons).
     */
    public Optional<FreezeSchedule.Window> frozen(String environment, Instant at) {
        return frozenAmong(windows.findByEnvironmentOrderByIdAsc(environment), at);
    }

    public Optional<FreezeSchedule.Window> frozenNow(String environment) {
        return frozen(environment, clock.instant());
    }

    private Optional<FreezeSchedule.Window> frozenAmong(List<FreezeWindow> freezes, Instant at) {
        if (freezes.stream().noneMatch(f -> f.activeAt(at).isPresent())) {
            return Optional.empty();
        }
        List<FreezeSchedule.Window> all = new ArrayList<>();
        for (FreezeWindow freeze : freezes) {
            freeze.windows(at, at.plus(HORIZON)).forEach(w -> all.add(new FreezeSchedule.Window(w.start(), w.end(),
                    freeze.getReason())));
        }
        return FreezeSchedule.merge(all).stream().filter(w -> w.covers(at)).findFirst();
    }

    /** A production environment frozen now, with its merged window. */
    public record ActiveFreeze(String environment, FreezeSchedule.Window window) {
    }

    /** Production environments frozen now, the one frozen longest first: the banner on every page. */
    public List<ActiveFreeze> activeInProduction() {
        Instant now = clock.instant();
        List<Environment> production = environments.production();
        if (production.isEmpty()) {
            return List.of();
        }
        List<FreezeWindow> freezes = windows.findByEnvironmentIn(production.stream().map(Environment::getName).toList());
        return production.stream()
                .map(env -> frozenAmong(freezes.stream().filter(f -> f.getEnvironment().equals(env.getName())).toList(), now)
                        .map(w -> new ActiveFreeze(env.getName(), w)))
                .flatMap(Optional::stream)
                .sorted(Comparator.comparing((ActiveFreeze a) -> a.window().end()).reversed()).toList();
    }

    /** One window in the calendar. */
    public record Upcoming(String environment, boolean production, long freezeId, FreezeWindow.Kind kind,
            FreezeSchedule.Window window, String timeZone) {
    }

    /** Every environment's windows overlapping the next {@code days} days, in order of start. */
    public List<Upcoming> upcoming(int days) {
        Instant now = clock.instant();
        List<Upcoming> upcoming = new ArrayList<>();
        for (Environment env : environments.list()) {
            for (FreezeWindow freeze : windows.findByEnvironmentOrderByIdAsc(env.getName())) {
                freeze.windows(now, now.plus(Duration.ofDays(days))).forEach(w -> upcoming.add(new Upcoming(env.getName(),
                        env.isProduction(), freeze.getId(), freeze.getKind(),
                        new FreezeSchedule.Window(w.start(), w.end(), freeze.getReason()), freeze.getTimeZone())));
            }
        }
        upcoming.sort(Comparator.comparing((Upcoming u) -> u.window().start()).thenComparing(Upcoming::environment));
        return upcoming;
    }

    /**
     * Publishes {@code freeze_window.started} for each window that opened and {@code freeze_window.ended} for each
     * that closed since the last call; called by the freeze job every minute. Returns what it announced.
     */
    String announce() {
        Instant now = clock.instant();
        int started = 0;
        int ended = 0;
        for (FreezeWindow freeze : windows.findAll()) {
            Optional<FreezeSchedule.Window> active = freeze.activeAt(now);
            boolean announcedNow = active.isPresent() && active.get().start().equals(freeze.getAnnouncedStart());
            if (announcedNow) {
                continue;
            }
            if (freeze.getAnnouncedStart() != null) {
                ended++;
                publishAndRecord(freeze, null, new DeliveryEvents.FreezeWindowEnded(freeze.getEnvironment(),
                        freeze.getId(), freeze.getReason()));
            }
            if (active.isPresent()) {
                started++;
                publishAndRecord(freeze, active.get(), new DeliveryEvents.FreezeWindowStarted(freeze.getEnvironment(),
                        freeze.getId(), freeze.getReason(), active.get().end()));
            }
        }
        return started + ended == 0 ? "No freeze window started or ended."
                : started + " freeze window(s) started, " + ended + " ended.";
    }

    private void publishAndRecord(FreezeWindow freeze, FreezeSchedule.Window window, Object event) {
        try {
            tx.executeWithoutResult(status -> {
                windows.findById(freeze.getId()).ifPresent(fresh -> {
                    fresh.announced(window);
                    events.publishEvent(event);
                });
            });
        }
        catch (org.springframework.orm.ObjectOptimisticLockingFailureException e) {
            // deleted (or its environment deleted) or edited meanwhile: nothing was announced; the next run sees it as
            // it is now, rather than the job failing
        }
    }
}
