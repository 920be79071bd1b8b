package dev.loopline.iteration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import dev.loopline.iteration.Burndown.Day;
import dev.loopline.iteration.Burndown.Event;
import dev.loopline.iteration.Burndown.IdealDay;
import dev.loopline.iteration.Burndown.Kind;
import dev.loopline.iteration.Burndown.Lines;

class BurndownTests {

    private static final Set<DayOfWeek> WEEKDAYS = EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.FRIDAY);
    // Monday 2026-11-30 to Sunday 2026-12-13: two weeks, ten working days
    private static final LocalDate START = LocalDate.of(2026, 11, 30);
    private static final LocalDate END = LocalDate.of(2026, 12, 13);

    private static Instant utc(String dateTime) {
        return Instant.parse(dateTime + "Z");
    }

    @Test
    void theIdealLineIsFlatOverTheWeekendAndReachesZeroOnTheLastDayInclusive() {
        Lines lines = Burndown.compute(START, END, 20, List.of(), WEEKDAYS, ZoneOffset.UTC, END.plusDays(5));
        assertThat(lines.ideal()).hasSize(14);
        assertThat(lines.ideal().get(0)).isEqualTo(new IdealDay(START, 18.0)); // end of Monday: 9 of 10 days left
        assertThat(lines.ideal().get(4).remainingPoints()).isEqualTo(10.0); // Friday
        assertThat(lines.ideal().get(5).remainingPoints()).isEqualTo(10.0); // Saturday: flat
        assertThat(lines.ideal().get(6).remainingPoints()).isEqualTo(10.0); // Sunday: flat
        assertThat(lines.ideal().get(7).remainingPoints()).isEqualTo(8.0); // Monday again
        assertThat(lines.ideal().get(11)).isEqualTo(new IdealDay(LocalDate.of(2026, 12, 11), 0.0)); // last Friday
        assertThat(lines.ideal().get(13)).isEqualTo(new IdealDay(END, 0.0));
        assertThat(lines.days()).hasSize(14).last().isEqualTo(new Day(END, 20, 0, 20));
    }

    @Test
    void completionsBurnDownAndAScopeChangeRaisesTheScopeLineOnItsDayOnly() {
        List<Event> events = List.of(
                new Event(utc("2026-12-01T10:00:00"), Kind.COMPLETION, 3),
                new Event(utc("2026-12-02T09:00:00"), Kind.SCOPE_CHANGE, 5),
                new Event(utc("2026-12-05T12:00:00"), Kind.COMPLETION, 2), // a Saturday
                new Event(utc("2026-12-07T08:00:00"), Kind.COMPLETION, -2), // re-opened on Monday
                new Event(utc("2026-12-08T17:00:00"), Kind.SCOPE_CHANGE, -1));
        Lines lines = Burndown.compute(START, END, 13, events, WEEKDAYS, ZoneOffset.UTC, LocalDate.of(2026, 12, 9));
        assertThat(lines.days()).containsExactly(
                new Day(LocalDate.of(2026, 11, 30), 13, 0, 13),
                new Day(LocalDate.of(2026, 12, 1), 10, 3, 13),
                new Day(LocalDate.of(2026, 12, 2), 15, 3, 18),
                new Day(LocalDate.of(2026, 12, 3), 15, 3, 18),
                new Day(LocalDate.of(2026, 12, 4), 15, 3, 18),
                new Day(LocalDate.of(2026, 12, 5), 13, 5, 18),
                new Day(LocalDate.of(2026, 12, 6), 13, 5, 18),
                new Day(LocalDate.of(2026, 12, 7), 15, 3, 18),
                new Day(LocalDate.of(2026, 12, 8), 14, 3, 17),
                new Day(LocalDate.of(2026, 12, 9), 14, 3, 17));
        assertThat(lines.ideal()).as("the ideal line burns the commitment, not later scope").first()
                .extracting(IdealDay::remainingPoints).isEqualTo(11.7);
    }

    @Test
    void eventsFallOnTheTeamsCalendarDayNotTheServersOrUtcs() {
        // 23:30 UTC on Monday is already Tuesday in Kiritimati (UTC+14) and still Monday in Honolulu (UTC-10)
        List<Event> events = List.of(new Event(utc("2026-11-30T23:30:00"), Kind.COMPLETION, 4));
        LocalDate today = LocalDate.of(2026, 12, 1);
        Lines kiritimati = Burndown.compute(START, END, 8, events, WEEKDAYS, ZoneId.of("Pacific/Kiritimati"), today);
        Lines honolulu = Burndown.compute(START, END, 8, events, WEEKDAYS, ZoneId.of("Pacific/Honolulu"), today);
        assertThat(kiritimati.days()).extracting(Day::completedPoints).containsExactly(0, 4);
        assertThat(honolulu.days()).extracting(Day::completedPoints).containsExactly(4, 4);
    }

    @Test
    void aRunningIterationReportsUpToTodayAndEventsOutsideItsDatesAreClamped() {
        List<Event> events = List.of(
                new Event(utc("2026-11-20T10:00:00"), Kind.COMPLETION, 1), // before the start: first day
                new Event(utc("2026-12-20T10:00:00"), Kind.COMPLETION, 7)); // after the end: ignored
        Lines running = Burndown.compute(START, END, 10, events, WEEKDAYS, ZoneOffset.UTC, LocalDate.of(2026, 12, 2));
        assertThat(running.days()).extracting(Day::date).containsExactly(START, START.plusDays(1), START.plusDays(2));
        assertThat(running.days().get(0)).isEqualTo(new Day(START, 9, 1, 10));
        assertThat(running.ideal()).as("the ideal line spans the whole iteration").hasSize(14);
        Lines finished = Burndown.compute(START, END, 10, events, WEEKDAYS, ZoneOffset.UTC, LocalDate.of(2027, 1, 1));
        assertThat(finished.days()).hasSize(14).last().isEqualTo(new Day(END, 9, 1, 10));
    }

    @Test
    void configurableWorkingDaysAndAnIterationWithoutAny() {
        Set<DayOfWeek> sundayToThursday = EnumSet.of(DayOfWeek.SUNDAY, DayOfWeek.MONDAY, DayOfWeek.TUESDAY,
                DayOfWeek.WEDNESDAY, DayOfWeek.THURSDAY);
        Lines lines = Burndown.compute(START, END, 10, List.of(), sundayToThursday, ZoneOffset.UTC, END);
        assertThat(lines.ideal()).extracting(IdealDay::remainingPoints)
                .containsExactly(9.0, 8.0, 7.0, 6.0, 6.0, 6.0, 5.0, 4.0, 3.0, 2.0, 1.0, 1.0, 1.0, 0.0);
        LocalDate saturday = LocalDate.of(2026, 12, 5);
        Lines weekend = Burndown.compute(saturday, saturday.plusDays(1), 6, List.of(), WEEKDAYS, ZoneOffset.UTC,
                saturday.plusDays(1));
        assertThat(weekend.ideal()).extracting(IdealDay::remainingPoints).containsExactly(6.0, 0.0);
    }

    @Test
    void aOneDayIterationAndBadInput() {
        Lines oneDay = Burndown.compute(START, START, 5, List.of(), WEEKDAYS, ZoneOffset.UTC, START);
        assertThat(oneDay.ideal()).containsExactly(new IdealDay(START, 0.0));
        assertThat(oneDay.days()).containsExactly(new Day(START, 5, 0, 5));
        assertThat(Burndown.compute(START, END, 5, List.of(), WEEKDAYS, ZoneOffset.UTC, START.minusDays(1)).days())
                .as("not started yet").isEmpty();
        assertThatThrownBy(() -> Burndown.compute(END, START, 5, List.of(), WEEKDAYS, ZoneOffset.UTC, START))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("before the start date");
        assertThatThrownBy(() -> Burndown.compute(START, END, -1, List.of(), WEEKDAYS, ZoneOffset.UTC, START))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("negative");
    }
}
