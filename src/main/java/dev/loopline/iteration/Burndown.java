package dev.loopline.iteration;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * An iteration's burndown and burnup, computed from recorded point events, so that a past day reads the same after
 * later edits.
 *
 * <p>Every value is the state at the <em>end</em> of a calendar day in the team's time zone: {@code scope} is the
 * committed points plus every scope change so far (items added or removed after the start, points re-estimated),
 * {@code completed} the points of items done so far (an item re-opened counts back), {@code remaining = scope -
 * completed}. Days run from the start date to the end date inclusive, or to today when the iteration is still running.
 *
 * <p>The ideal line burns the committed points (not later scope changes, as Jira's and GitLab's guidelines do) evenly
 * over the team's working days: at the end of day {@code d} it is {@code committed × w(d) / W}, where {@code W} is the
 * number of working days from start to end and {@code w(d)} those after {@code d}; so it is flat over weekends and
 * reaches 0 at the end of the last day. An iteration without working days keeps the committed points until its end
 * date, where the line drops to 0.
 */
public final class Burndown {

    /** What happened to an iteration's points at an instant. {@code points} may be negative (scope removed). */
    public record Event(Instant at, Kind kind, int points) {

        public Event {
            Objects.requireNonNull(at, "at");
            Objects.requireNonNull(kind, "kind");
        }
    }

    /** The kinds of event that move the lines. */
    public enum Kind {
        /** Points added to (positive) or removed from (negative) the scope after the start. */
        SCOPE_CHANGE,
        /** Points of an item that became done (positive) or was re-opened (negative). */
        COMPLETION
    }

    /** One day's end-of-day state, in points. */
    public record Day(LocalDate date, int remainingPoints, int completedPoints, int scopePoints) {
    }

    /** One day of the ideal line: the points that would remain at its end, rounded to one decimal. */
    public record IdealDay(LocalDate date, double remainingPoints) {
    }

    /** The computed lines: {@code days} up to today (or the end date), {@code ideal} over the whole iteration. */
    public record Lines(List<Day> days, List<IdealDay> ideal) {

        /**
         * The lines as a chart's data: {@code labels} (every date of the iteration, ISO), {@code ideal},
         * {@code remaining}, {@code scope} and {@code completed} (points, the last three up to the last reported day).
         */
        public java.util.Map<String, List<?>> chartData() {
            return java.util.Map.of(
                    "labels", ideal.stream().map(d -> d.date().toString()).toList(),
                    "ideal", ideal.stream().map(IdealDay::remainingPoints).toList(),
                    "remaining", days.stream().map(Day::remainingPoints).toList(),
                    "scope", days.stream().map(Day::scopePoints).toList(),
                    "completed", days.stream().map(Day::completedPoints).toList());
        }
    }

    private Burndown() {
    }

    /**
     * Computes the lines of one iteration.
     *
     * @param start           the first day (team's calendar), inclusive
     * @param end             the last day, inclusive; not before {@code start}
     * @param committedPoints the points committed when the iteration started, at least 0
     * @param events          scope changes and completions since the start, in any order; events before the start
     *                        count on the first day, events after the end are ignored
     * @param workingDays     the team's working days (for example Monday to Friday); may be empty
     * @param zone            the team's time zone, which turns event instants into calendar days
     * @param today           the team's current date: days after it are not reported yet
     * @throws IllegalArgumentException when {@code end} is before {@code start} or {@code committedPoints} is negative
     */
    public static Lines compute(LocalDate start, LocalDate end, int committedPoints, List<Event> events,
            Set<DayOfWeek> workingDays, ZoneId zone, LocalDate today) {
        if (end.isBefore(start)) {
            throw new IllegalArgumentException("The end date " + end + " is before the start date " + start + ".");
        }
        if (committedPoints < 0) {
            throw new IllegalArgumentException("Committed points cannot be negative: " + committedPoints);
        }
        List<Event> ordered = new ArrayList<>(events);
        ordered.sort(Comparator.comparing(Event::at));
        LocalDate lastReported = today.isBefore(end) ? today : end;
        List<Day> days = new ArrayList<>();
        int scope = committedPoints;
        int completed = 0;
        int next = 0;
        for (LocalDate date = start; !date.isAfter(lastReported); date = date.plusDays(1)) {
            while (next < ordered.size() && !ordered.get(next).at().atZone(zone).toLocalDate().isAfter(date)) {
                Event event = ordered.get(next++);
                if (event.kind() == Kind.SCOPE_CHANGE) {
                    scope += event.points();
                }
                else {
                    completed += event.points();
                }
            }
            days.add(new Day(date, scope - completed, completed, scope));
        }
        return new Lines(List.copyOf(days), ideal(start, end, committedPoints, workingDays));
    }

    private static List<IdealDay> ideal(LocalDate start, LocalDate end, int committed, Set<DayOfWeek> workingDays) {
        int total = 0;
        for (LocalDate date = start; !date.isAfter(end); date = date.plusDays(1)) {
            if (workingDays.contains(date.getDayOfWeek())) {
                total++;
            }
        }
        List<IdealDay> ideal = new ArrayList<>();
        int after = total;
        for (LocalDate date = start; !date.isAfter(end); date = date.plusDays(1)) {
            if (workingDays.contains(date.getDayOfWeek())) {
                after--;
            }
            double remaining;
            if (total == 0) {
                remaining = date.equals(end) ? 0 : committed;
            }
            else {
                remaining = Math.round(committed * 10.0 * after / total) / 10.0;
            }
            ideal.add(new IdealDay(date, remaining));
        }
        return List.copyOf(ideal);
    }
}
