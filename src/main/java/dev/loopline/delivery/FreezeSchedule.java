package dev.loopline.delivery;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.zone.ZoneOffsetTransition;
import java.time.zone.ZoneRules;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import com.cronutils.model.Cron;
import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.field.CronFieldName;
import com.cronutils.model.field.expression.Always;
import com.cronutils.model.field.expression.QuestionMark;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;

import dev.loopline.common.DomainException;
import dev.loopline.common.TextLimits;

/**
 * When a freeze window is closed, as pure arithmetic. Recurring: a five-field Unix cron read in an IANA time zone
 * (cron-utils, so {@code 0 18 * * 5} is 18:00 local on both sides of a daylight-saving change), each fire opening
 * a window of {@code duration} elapsed time: "Friday 18:00 for 64 h" lasts 64 real hours, so across a change it ends
 * at 11:00 (spring) or 09:00 (autumn) on the Monday's wall clock, not 10:00. At the change itself a local fire time
 * the clock skips fires later by the gap, and one it shows twice fires once, at the first (see {@link #windows}). Once: one window from {@code startsAt} to {@code endsAt}.
 * Every way in validates and refuses with {@code 400}: a cron that does not parse or never fires
 * ({@code invalid_schedule}), an unknown zone ({@code invalid_time_zone}), a duration outside one minute to 31 days
 * ({@code invalid_duration}), a one-off window that ends before it starts ({@code invalid_window}).
 *
 * @param cron      the Unix cron, {@code null} for a one-off window
 * @param duration  each recurring window's length, {@code null} for a one-off window
 * @param zone      the zone the cron is read in (for a one-off window: the zone it is shown in)
 * @param startsAt  a one-off window's start
 * @param endsAt    a one-off window's end (exclusive)
 */
public record FreezeSchedule(String cron, Duration duration, ZoneId zone, Instant startsAt, Instant endsAt) {

    static final Duration LONGEST = Duration.ofDays(31);
    private static final CronParser UNIX = new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));
    /** Most fires looked at for one question: a window a minute long every minute still answers quickly. */
    private static final int MAX_FIRES = 50_000;

    /** One closed period. {@code label} says what closes it (merged windows: their labels joined). */
    public record Window(Instant start, Instant end, String label) {

        public boolean covers(Instant at) {
            return !start.isAfter(at) && end.isAfter(at);
        }
    }

    public static FreezeSchedule recurring(String cron, Duration duration, ZoneId zone) {
        String text = cron == null ? "" : cron.trim();
        Cron parsed = parse(text);
        if (duration == null || duration.compareTo(Duration.ofMinutes(1)) < 0 || duration.compareTo(LONGEST) > 0) {
            throw new DomainException.InvalidInput("invalid_duration", "A recurring freeze window needs duration_minutes "
                    + "from 1 to " + LONGEST.toMinutes() + " (31 days).");
        }
        if (ExecutionTime.forCron(parsed).nextExecution(ZonedDateTime.now(zone)).isEmpty()) {
            throw new DomainException.InvalidInput("invalid_schedule", "'" + TextLimits.quoted(text) + "' never fires: "
                    + "no such date comes after now (e.g. 30 February).");
        }
        return new FreezeSchedule(text, duration, zone, null, null);
    }

    public static FreezeSchedule once(Instant startsAt, Instant endsAt, ZoneId zone) {
        if (startsAt == null || endsAt == null) {
            throw new DomainException.InvalidInput("invalid_window", "A one-off freeze window needs starts_at and ends_at.");
        }
        if (!endsAt.isAfter(startsAt)) {
            throw new DomainException.InvalidInput("invalid_window", "ends_at (" + endsAt + ") must be after starts_at ("
                    + startsAt + ").");
        }
        return new FreezeSchedule(null, null, zone, startsAt, endsAt);
    }

    /** An IANA zone id such as {@code Europe/Berlin}; {@code null} or blank is UTC. */
    public static ZoneId zone(String id) {
        if (id == null || id.isBlank()) {
            return ZoneId.of("UTC");
        }
        try {
            return ZoneId.of(id.trim());
        }
        catch (DateTimeException e) {
            throw new DomainException.InvalidInput("invalid_time_zone", "'" + TextLimits.quoted(id) + "' is not an IANA "
                    + "time zone (e.g. Europe/Berlin, America/New_York, UTC).");
        }
    }

    private static Cron parse(String text) {
        Cron cron;
        try {
            cron = UNIX.parse(text).validate();
        }
        catch (IllegalArgumentException e) {
            throw new DomainException.InvalidInput("invalid_schedule", "'" + TextLimits.quoted(text) + "' is not a Unix "
                    + "cron schedule (minute hour day-of-month month day-of-week): " + e.getMessage());
        }
        if (restricted(cron, CronFieldName.DAY_OF_MONTH) && restricted(cron, CronFieldName.DAY_OF_WEEK)) {
            throw new DomainException.InvalidInput("invalid_schedule", "'" + TextLimits.quoted(text) + "' restricts both "
                    + "the day of the month and the day of the week: restrict only one (put * in the other), or add two "
                    + "windows.");
        }
        return cron;
    }

    private static boolean restricted(Cron cron, CronFieldName field) {
        var expression = cron.retrieve(field).getExpression();
        return !(expression instanceof Always) && !(expression instanceof QuestionMark);
    }

    /**
     * The windows overlapping {@code [from, to)}, oldest first. The cron is matched against the wall clock of
     * {@link #zone} and each local fire time becomes an instant by {@link ZonedDateTime#of}'s rule: a time the clock
     * skips (02:30 on a spring-forward night) fires when the clock has jumped past it, later by the gap (03:30 summer
     * time), so the day still has its freeze; a time the clock shows twice (02:30 on a fall-back night in Berlin)
     * fires once, at its first occurrence. cron-utils' own rule does neither (it drops the skipped fire, and fires the
     * repeated one twice or once depending on where it starts looking), so it only matches local times here.
     */
    public List<Window> windows(Instant from, Instant to) {
        if (cron == null) {
            return startsAt.isBefore(to) && endsAt.isAfter(from) ? List.of(new Window(startsAt, endsAt, null)) : List.of();
        }
        ExecutionTime fires = ExecutionTime.forCron(parse(cron));
        // local fire times are walked on a clock without offsets (UTC stands in for "the wall clock of the zone");
        // a window that started up to one duration before "from" may still be open at "from", and around an offset
        // change a wall-clock time is up to the change's size off the instants' order
        Instant earliest = from.minus(duration);
        Duration shift = largestChange(earliest, to);
        LocalDateTime last = LocalDateTime.ofInstant(to, zone).plus(shift);
        ZonedDateTime local = LocalDateTime.ofInstant(earliest, zone).minus(shift).atZone(ZoneOffset.UTC);
        Set<Instant> starts = new TreeSet<>();
        for (int i = 0; i < MAX_FIRES; i++) {
            Optional<ZonedDateTime> next = fires.nextExecution(local);
            if (next.isEmpty() || next.get().toLocalDateTime().isAfter(last)) {
                break;
            }
            Instant start = ZonedDateTime.of(next.get().toLocalDateTime(), zone).toInstant();
            if (start.isBefore(to) && start.plus(duration).isAfter(from)) {
                starts.add(start);
            }
            local = next.get();
        }
        return starts.stream().map(start -> new Window(start, start.plus(duration), null)).toList();
    }

    /** The largest change of the zone's offset a day around {@code [from, to]}: zero almost always, an hour at most places. */
    private Duration largestChange(Instant from, Instant to) {
        ZoneRules rules = zone.getRules();
        long seconds = 0;
        Instant until = to.plus(Duration.ofDays(1));
        for (ZoneOffsetTransition t = rules.nextTransition(from.minus(Duration.ofDays(1)));
                t != null && t.getInstant().isBefore(until); t = rules.nextTransition(t.getInstant())) {
            seconds = Math.max(seconds, Math.abs(t.getDuration().getSeconds()));
        }
        return Duration.ofSeconds(seconds);
    }

    /** The window open at {@code at} (the one lasting longest if several are), or empty. */
    public Optional<Window> activeAt(Instant at) {
        return windows(at, at.plusNanos(1)).stream().filter(w -> w.covers(at)).max(Comparator.comparing(Window::end));
    }

    /**
     * Overlapping or touching windows as one, oldest first; each merged window's label joins its parts' distinct
     * labels with "; ".
     */
    public static List<Window> merge(List<Window> windows) {
        List<Window> sorted = windows.stream().sorted(Comparator.comparing(Window::start)).toList();
        List<Window> merged = new ArrayList<>();
        Instant start = null;
        Instant end = null;
        Set<String> labels = new LinkedHashSet<>();
        for (Window window : sorted) {
            if (start != null && !window.start().isAfter(end)) {
                end = window.end().isAfter(end) ? window.end() : end;
            }
            else {
                if (start != null) {
                    merged.add(new Window(start, end, label(labels)));
                }
                start = window.start();
                end = window.end();
                labels = new LinkedHashSet<>();
            }
            if (window.label() != null) {
                labels.add(window.label());
            }
        }
        if (start != null) {
            merged.add(new Window(start, end, label(labels)));
        }
        return merged;
    }

    private static String label(Set<String> labels) {
        return labels.isEmpty() ? null : String.join("; ", labels);
    }
}
