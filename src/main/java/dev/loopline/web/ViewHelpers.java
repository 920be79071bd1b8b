package dev.loopline.web;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

import org.springframework.stereotype.Component;

/** Formatting the templates share, reachable as {@code @views} in Thymeleaf. */
@Component("views")
public class ViewHelpers {

    private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")
            .withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter DAY_AND_TIME = DateTimeFormatter.ofPattern("EEE yyyy-MM-dd HH:mm 'UTC'",
            java.util.Locale.ENGLISH).withZone(ZoneOffset.UTC);

    public String time(Instant instant) {
        return instant == null ? "" : TIMESTAMP.format(instant);
    }

    /** "Mon 2026-11-30 02:00 UTC": for schedules, where the day of the week matters. */
    public String dayAndTime(Instant instant) {
        return instant == null ? "" : DAY_AND_TIME.format(instant);
    }

    public String iso(Instant instant) {
        return instant == null ? "" : instant.toString();
    }

    /** "3 min ago", "2 h ago", "4 days ago". */
    public String ago(Instant instant) {
        if (instant == null) {
            return "";
        }
        Duration age = Duration.between(instant, Instant.now());
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
        Duration left = Duration.between(Instant.now(), instant);
        return left.isNegative() ? "due" : "in " + duration(left);
    }

    /** "12.3 MB", "840 KB", "512 B". */
    public String bytes(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        String[] units = {"KB", "MB", "GB", "TB"};
        double value = bytes;
        int unit = -1;
        while (value >= 1024 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        return (value >= 100 ? String.format("%.0f", value) : String.format("%.1f", value)) + " " + units[unit];
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
}
