package dev.loopline.scheduling;

import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.TimeZone;

import org.quartz.CronExpression;

import com.cronutils.mapper.CronMapper;
import com.cronutils.model.Cron;
import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.field.CronFieldName;
import com.cronutils.model.field.expression.Always;
import com.cronutils.parser.CronParser;

import dev.loopline.common.DomainException;

/**
 * A cron schedule in UTC, held as a Quartz expression (seconds first, optional year). People may write five-field
 * Unix cron ({@code minute hour day-of-month month day-of-week}, Sunday 0 or 7); it is translated with cron-utils, so
 * {@code 1-5} stays Monday to Friday. Every way in goes through {@link #parse}, which refuses with a 400
 * ({@code invalid_schedule}) what Quartz cannot express and what can never fire.
 *
 * @param expression the Quartz cron expression, e.g. {@code 0 0 2 ? * 2-6}
 */
public record CronSchedule(String expression) {

    private static final TimeZone UTC = TimeZone.getTimeZone("UTC");
    private static final CronParser UNIX = new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));
    /** How far {@link #shortestInterval} looks: enough fires and years to meet month ends and leap days. */
    private static final int SAMPLED_FIRES = 5000;
    private static final Duration SAMPLED_SPAN = Duration.ofDays(4 * 366);

    /**
     * A Quartz (six or seven fields) or Unix (five fields) cron schedule as a Quartz one.
     *
     * @throws DomainException.InvalidInput {@code invalid_schedule} when it does not parse, restricts both the day of
     *         month and the day of week (Unix cron means "either", Quartz cannot say that), or never fires after now
     */
    public static CronSchedule parse(String schedule) {
        String text = schedule == null ? "" : schedule.trim();
        String[] fields = text.isEmpty() ? new String[0] : text.split("\\s+");
        String quartz = fields.length == 5 ? fromUnix(text, fields) : String.join(" ", fields);
        CronExpression cron;
        try {
            cron = new CronExpression(quartz);
        }
        catch (ParseException e) {
            if (e.getMessage() != null && e.getMessage().contains("both a day-of-week AND a day-of-month")) {
                throw bothDays(text);
            }
            throw invalid("'" + text + "' is not a valid cron schedule (Quartz: second minute hour day-of-month month "
                    + "day-of-week [year]; or Unix: minute hour day-of-month month day-of-week): " + e.getMessage());
        }
        cron.setTimeZone(UTC);
        if (cron.getNextValidTimeAfter(new Date()) == null) {
            throw invalid("'" + text + "' never fires: no such date comes after now (e.g. 30 February, or a past year).");
        }
        return new CronSchedule(quartz);
    }

    private static String fromUnix(String text, String[] fields) {
        Cron unix;
        try {
            unix = UNIX.parse(text);
        }
        catch (IllegalArgumentException e) {
            throw invalid("'" + text + "' is not a valid Unix cron schedule (minute hour day-of-month month "
                    + "day-of-week): " + e.getMessage());
        }
        if (!(unix.retrieve(CronFieldName.DAY_OF_MONTH).getExpression() instanceof Always)
                && !(unix.retrieve(CronFieldName.DAY_OF_WEEK).getExpression() instanceof Always)) {
            throw bothDays(text);
        }
        String quartz = CronMapper.fromUnixToQuartz().map(unix).asString();
        // cron-utils adds "*" for the optional year; without it the expression reads as people write Quartz cron
        return quartz.endsWith(" *") && quartz.split("\\s+").length == 7 ? quartz.substring(0, quartz.length() - 2) : quartz;
    }

    private static DomainException.InvalidInput bothDays(String text) {
        return invalid("'" + text + "' restricts both the day of the month and the day of the week. Unix cron runs "
                + "on either, which Quartz cannot express: restrict only one of them (put * or ? in the other), or use "
                + "two policies.");
    }

    private static DomainException.InvalidInput invalid(String message) {
        return new DomainException.InvalidInput("invalid_schedule", message);
    }

    private CronExpression quartz() {
        try {
            CronExpression cron = new CronExpression(expression);
            cron.setTimeZone(UTC);
            return cron;
        }
        catch (ParseException e) {
            throw new IllegalStateException("Stored schedule '" + expression + "' does not parse: " + e.getMessage(), e);
        }
    }

    /** The next {@code count} fire times after {@code after} (fewer if the schedule ends), in UTC. */
    public List<Instant> nextFireTimes(Instant after, int count) {
        CronExpression cron = quartz();
        List<Instant> times = new ArrayList<>(count);
        Date at = Date.from(after);
        while (times.size() < count && (at = cron.getNextValidTimeAfter(at)) != null) {
            times.add(at.toInstant());
        }
        return times;
    }

    /**
     * The shortest time between two consecutive fires, looking at up to 5,000 fires or four years from
     * {@code from}; {@code null} if it fires at most once.
     */
    public Duration shortestInterval(Instant from) {
        CronExpression cron = quartz();
        Date end = Date.from(from.plus(SAMPLED_SPAN));
        Date previous = cron.getNextValidTimeAfter(Date.from(from));
        Duration shortest = null;
        for (int i = 0; i < SAMPLED_FIRES && previous != null && previous.before(end); i++) {
            Date next = cron.getNextValidTimeAfter(previous);
            if (next == null) {
                break;
            }
            Duration gap = Duration.between(previous.toInstant(), next.toInstant());
            if (shortest == null || gap.compareTo(shortest) < 0) {
                shortest = gap;
            }
            previous = next;
        }
        return shortest;
    }

    /**
     * This schedule, if it never fires more often than {@code minimum}.
     *
     * @throws DomainException.InvalidInput {@code schedule_too_frequent} when two fires come closer than that
     */
    public CronSchedule requireInterval(Duration minimum, Instant from) {
        Duration shortest = shortestInterval(from);
        if (shortest != null && shortest.compareTo(minimum) < 0) {
            throw new DomainException.InvalidInput("schedule_too_frequent", "'" + expression + "' fires as often as "
                    + "every " + ScheduleWords.every(shortest.toSeconds()) + "; the shortest interval allowed is "
                    + ScheduleWords.every(minimum.toSeconds()) + ".");
        }
        return this;
    }
}
