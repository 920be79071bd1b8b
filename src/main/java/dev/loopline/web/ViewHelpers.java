package dev.loopline.web;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Map;

import org.springframework.stereotype.Component;

import dev.loopline.common.Quantities;
import dev.loopline.deployrequest.DeploymentState;

/**
 * The one place where pages turn values into words people read, reachable as {@code @views} in Thymeleaf (and the
 * {@code ll:time} attribute, see {@link LooplineDialect}): states and codes as words, sizes in KB/MB/GB, numbers
 * with thousands separators, times relative to now with the exact time on hover, progress as "60,000 of 300,000
 * rows". Pages show no raw enum names, byte counts or ISO instants.
 */
@Component("views")
public class ViewHelpers {

    private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")
            .withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter EXACT = DateTimeFormatter.ofPattern("EEE d MMM yyyy, HH:mm:ss 'UTC'",
            Locale.ENGLISH).withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter DAY_AND_TIME = DateTimeFormatter.ofPattern("EEE yyyy-MM-dd HH:mm 'UTC'",
            Locale.ENGLISH).withZone(ZoneOffset.UTC);

    /** Codes whose words are not just the code spelled out. Keys are lower-case, with underscores. */
    private static final Map<String, String> WORDS = Map.ofEntries(
            Map.entry("not_a_rename", "Confirmed: not a rename"),
            Map.entry("possible_rename", "Possible rename"),
            Map.entry("todo", "To do"),
            Map.entry("ok", "OK"),
            Map.entry("sql", "SQL"),
            Map.entry("ddl", "DDL"),
            Map.entry("readwriter", "Read and write"),
            Map.entry("readwrite", "Read and write"),
            Map.entry("service_token", "Service token"),
            Map.entry("user_login", "Signed in"),
            Map.entry("user_login_failed", "Sign-in failed"),
            Map.entry("user_login_locked", "Sign-in locked"),
            Map.entry("branch_sql_executed", "SQL run in the console"),
            Map.entry("deployrequest", "Deploy request"),
            Map.entry("project_manager", "Project manager"));

    /** Deploy states by API name, for codes that arrive as text (the words live with the enum). */
    private static final Map<String, DeploymentState> DEPLOYMENT_STATES = java.util.Arrays.stream(DeploymentState.values())
            .filter(s -> s.apiName().contains("_") && s != DeploymentState.IN_PROGRESS)
            .collect(java.util.stream.Collectors.toMap(DeploymentState::apiName, s -> s));

    /** An enum's own {@code label()} (Phase, Role, DeploymentState…) where it has one: its words live with it. */
    private static final ClassValue<java.util.function.Function<Enum<?>, String>> LABELS = new ClassValue<>() {
        @Override
        protected java.util.function.Function<Enum<?>, String> computeValue(Class<?> type) {
            try {
                java.lang.reflect.Method label = type.getMethod("label");
                if (label.getReturnType() != String.class) {
                    return e -> null;
                }
                return e -> {
                    try {
                        return (String) label.invoke(e);
                    }
                    catch (ReflectiveOperationException failed) {
                        return null;
                    }
                };
            }
            catch (NoSuchMethodException none) {
                return e -> null;
            }
        }
    };

    private final Clock clock;

    public ViewHelpers(Clock clock) {
        this.clock = clock;
    }

    /**
     * A code as words: {@code complete_pending_revert} → "Complete, revert window open", {@code column_dropped} →
     * "Column dropped", {@code DeployRequest} → "Deploy request", {@code user.login_failed} → "Sign-in failed",
     * an enum constant by its name. {@code null} → "".
     */
    public String words(Object code) {
        if (code == null) {
            return "";
        }
        if (code instanceof Enum<?> e) {
            String label = LABELS.get(e.getDeclaringClass()).apply(e);
            if (label != null) {
                return label;
            }
        }
        String raw = code instanceof Enum<?> e ? e.name() : code.toString();
        var state = DEPLOYMENT_STATES.get(raw);
        if (state != null) {
            return state.label();
        }
        String key = raw.replaceAll("([a-z0-9])([A-Z])", "$1_$2").replaceAll("[.\\s-]+", "_").toLowerCase(Locale.ROOT);
        String known = WORDS.get(key);
        if (known != null) {
            return known;
        }
        String spaced = key.replace('_', ' ').trim();
        return spaced.isEmpty() ? "" : Character.toUpperCase(spaced.charAt(0)) + spaced.substring(1);
    }

    /** {@link #words} in lower case, for the middle of a sentence. */
    public String lowerWords(Object code) {
        String words = words(code);
        return words.length() > 1 && Character.isUpperCase(words.charAt(1)) ? words : words.toLowerCase(Locale.ROOT);
    }

    /** "300,000"; {@code null} → "–". */
    public String number(Number value) {
        return value == null ? "–" : Quantities.number(value.longValue());
    }

    /** "1 table", "2 tables", "1,000 rows": a count with its noun (plural with an "s"). */
    public String count(Number count, String noun) {
        return Quantities.count(count == null ? 0 : count.longValue(), noun);
    }

    /** "60,000 of 300,000 rows". */
    public String progress(Number done, Number total, String unit) {
        return number(done) + " of " + number(total) + (unit == null || unit.isBlank() ? "" : " " + unit);
    }

    /** "12.3 MB", "840 KB", "512 bytes"; {@code null} → "–". */
    public String bytes(Number bytes) {
        return bytes == null ? "–" : Quantities.bytes(bytes.longValue());
    }

    /** "in 23 min" for a time ahead, "5 min ago" for one past, "just now" within a minute; {@code null} → "". */
    public String relative(Instant instant) {
        if (instant == null) {
            return "";
        }
        Duration offset = Duration.between(clock.instant(), instant);
        if (offset.abs().toSeconds() < 45) {
            return "just now";
        }
        return offset.isNegative() ? duration(offset.negated()) + " ago" : "in " + duration(offset);
    }

    /** The exact time for hovering: "Mon 30 Nov 2026, 16:42:05 UTC". */
    public String exact(Instant instant) {
        return instant == null ? "" : EXACT.format(instant);
    }

    /** "2026-11-30 16:42 UTC": where a fixed time reads better than a relative one. */
    public String time(Instant instant) {
        return instant == null ? "" : TIMESTAMP.format(instant);
    }

    /** "Mon 2026-11-30 02:00 UTC": for schedules, where the day of the week matters. */
    public String dayAndTime(Instant instant) {
        return instant == null ? "" : DAY_AND_TIME.format(instant);
    }

    /**
     * "Fri 2026-12-04 18:00 Europe/Berlin": a time in the zone it was given in (a freeze window's), or in UTC when the
     * zone is missing or unknown. In the hour a zone's clock repeats, the offset follows: "Sun 2026-10-25 02:30
     * Europe/Berlin (UTC+02:00)".
     */
    public String dayAndTime(Instant instant, String zone) {
        return inZone(instant, zone, true);
    }

    /**
     * "Fri 2026-12-04 18:00": {@link #dayAndTime(Instant, String)} without the zone's name, for a list under a heading
     * that names it; in UTC, with "UTC", when the zone is missing or unknown.
     */
    public String wallClock(Instant instant, String zone) {
        return inZone(instant, zone, false);
    }

    private String inZone(Instant instant, String zone, boolean named) {
        if (instant == null) {
            return "";
        }
        try {
            java.time.ZoneId id = java.time.ZoneId.of(zone);
            String text = DateTimeFormatter.ofPattern("EEE yyyy-MM-dd HH:mm", Locale.ENGLISH).withZone(id).format(instant)
                    + (named ? " " + id : "");
            // a time the zone's clock shows twice (the hour repeated when summer time ends) says which one it is
            var local = java.time.LocalDateTime.ofInstant(instant, id);
            return id.getRules().getValidOffsets(local).size() > 1
                    ? text + " (UTC" + id.getRules().getOffset(instant) + ")" : text;
        }
        catch (RuntimeException e) {
            return dayAndTime(instant);
        }
    }

    /** For {@code <time datetime>} only: machine-readable, never shown as text. */
    public String iso(Instant instant) {
        return instant == null ? "" : instant.toString();
    }

    /** "3 min ago", "2 h ago", "4 d ago"; a time ahead reads "just now". */
    public String ago(Instant instant) {
        if (instant == null) {
            return "";
        }
        Duration age = Duration.between(instant, clock.instant());
        if (age.isNegative() || age.toSeconds() < 45) {
            return "just now";
        }
        return duration(age) + " ago";
    }

    /** "in 2 d 4 h" for a time ahead, "due" once it has passed. */
    public String until(Instant instant) {
        if (instant == null) {
            return "";
        }
        Duration left = Duration.between(clock.instant(), instant);
        return left.isNegative() ? "due" : "in " + duration(left);
    }

    /** An iteration's dates as people read them: "1 – 14 Nov 2026", "30 Nov – 11 Dec 2026", "29 Dec 2026 – 9 Jan 2027". */
    public String dateRange(java.time.LocalDate from, java.time.LocalDate to) {
        if (from == null || to == null) {
            return "";
        }
        var day = java.time.format.DateTimeFormatter.ofPattern("d", Locale.ENGLISH);
        var dayMonth = java.time.format.DateTimeFormatter.ofPattern("d MMM", Locale.ENGLISH);
        var full = java.time.format.DateTimeFormatter.ofPattern("d MMM yyyy", Locale.ENGLISH);
        if (from.getYear() != to.getYear()) {
            return full.format(from) + " – " + full.format(to);
        }
        return (from.getMonth() == to.getMonth() ? day : dayMonth).format(from) + " – " + full.format(to);
    }

    /** Milliseconds as "840 ms", "2.4 s", "3 min 5 s"; {@code null} → "–". */
    public String millis(Number millis) {
        return millis == null ? "–" : Quantities.millis(millis.longValue());
    }

    /** A short human duration: "42 s", "17 min", "3 h 5 min", "2 d 4 h". */
    public String duration(Duration duration) {
        if (duration == null) {
            return "–";
        }
        long seconds = duration.toSeconds();
        if (seconds < 60) {
            return seconds + " s";
        }
        long minutes = seconds / 60;
        if (minutes < 60) {
            return minutes + " min";
        }
        long hours = minutes / 60;
        if (hours < 24) {
            return minutes % 60 == 0 ? hours + " h" : hours + " h " + minutes % 60 + " min";
        }
        long days = hours / 24;
        return hours % 24 == 0 ? days + " d" : days + " d " + hours % 24 + " h";
    }

    /**
     * An audit entry's sentence without the actor's name at its start (the page shows the name once, before it):
     * "ops1 signed in." → "signed in.".
     */
    public String withoutActor(String actor, String details) {
        if (actor == null || details == null) {
            return details;
        }
        return details.startsWith(actor + " ") ? details.substring(actor.length() + 1) : details;
    }
}
