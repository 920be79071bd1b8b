package dev.loopline.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;

import org.junit.jupiter.api.Test;

/**
 * Recurring freezes at daylight-saving edges in Europe/Berlin (2026: spring 29 March 02:00 CET → 03:00 CEST, autumn
 * 25 October 03:00 CEST → 02:00 CET) and America/New_York (2026: spring 8 March 02:00 EST → 03:00 EDT, autumn
 * 1 November 02:00 EDT → 01:00 EST). The rules under test (see {@link FreezeSchedule}): a fire time that does not exist
 * opens the window when the clock jumps past it, shifted by the gap (02:30 → 03:30 summer time); a fire time that exists
 * twice opens one window, at its first occurrence; each window lasts exactly its duration in elapsed hours.
 */
class FreezeScheduleDstTests {

    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");

    private static Instant at(String iso) {
        return Instant.parse(iso);
    }

    @Test
    void berlinDailyAtHalfPastTwoOnTheSpringDayOpensAtHalfPastThreeSummerTime() {
        FreezeSchedule daily = FreezeSchedule.recurring("30 2 * * *", Duration.ofMinutes(30), BERLIN);

        assertThat(daily.windows(at("2026-03-27T12:00:00Z"), at("2026-03-31T12:00:00Z")))
                .extracting(FreezeSchedule.Window::start, FreezeSchedule.Window::end).containsExactly(
                        org.assertj.core.groups.Tuple.tuple(at("2026-03-28T01:30:00Z"), at("2026-03-28T02:00:00Z")),
                        // 02:30 does not exist on the 29th: 03:30 CEST
                        org.assertj.core.groups.Tuple.tuple(at("2026-03-29T01:30:00Z"), at("2026-03-29T02:00:00Z")),
                        org.assertj.core.groups.Tuple.tuple(at("2026-03-30T00:30:00Z"), at("2026-03-30T01:00:00Z")),
                        org.assertj.core.groups.Tuple.tuple(at("2026-03-31T00:30:00Z"), at("2026-03-31T01:00:00Z")));
        assertThat(daily.activeAt(at("2026-03-29T01:00:00Z"))).as("03:00 CEST").isEmpty();
        assertThat(daily.activeAt(at("2026-03-29T01:45:00Z"))).as("03:45 CEST").isPresent();
        assertThat(daily.activeAt(at("2026-03-30T00:45:00Z"))).as("02:45 CEST the next day").isPresent();
    }

    @Test
    void berlinDailyAtHalfPastTwoOnTheAutumnDayOpensOnceAtTheFirstHalfPastTwo() {
        FreezeSchedule daily = FreezeSchedule.recurring("30 2 * * *", Duration.ofMinutes(30), BERLIN);

        assertThat(daily.windows(at("2026-10-23T12:00:00Z"), at("2026-10-27T12:00:00Z")))
                .extracting(FreezeSchedule.Window::start).containsExactly(
                        at("2026-10-24T00:30:00Z"),
                        at("2026-10-25T00:30:00Z"), // 02:30 CEST, not again at 02:30 CET (01:30Z)
                        at("2026-10-26T01:30:00Z"),
                        at("2026-10-27T01:30:00Z"));
        assertThat(daily.activeAt(at("2026-10-25T00:45:00Z"))).as("02:45 CEST").isPresent();
        assertThat(daily.activeAt(at("2026-10-25T01:45:00Z"))).as("02:45 CET, the repeated hour").isEmpty();
    }

    @Test
    void newYorkDailyAtHalfPastTwoOnTheSpringDayOpensAtHalfPastThreeDaylightTime() {
        FreezeSchedule daily = FreezeSchedule.recurring("30 2 * * *", Duration.ofHours(1), NEW_YORK);

        assertThat(daily.windows(at("2026-03-06T12:00:00Z"), at("2026-03-10T12:00:00Z")))
                .extracting(FreezeSchedule.Window::start).containsExactly(
                        at("2026-03-07T07:30:00Z"), // 02:30 EST
                        at("2026-03-08T07:30:00Z"), // 02:30 does not exist: 03:30 EDT
                        at("2026-03-09T06:30:00Z"), // 02:30 EDT
                        at("2026-03-10T06:30:00Z"));
        assertThat(daily.activeAt(at("2026-03-08T07:00:00Z"))).as("03:00 EDT").isEmpty();
        assertThat(daily.activeAt(at("2026-03-08T08:00:00Z"))).as("04:00 EDT").isPresent();
    }

    @Test
    void newYorkDailyAtHalfPastOneOnTheAutumnDayOpensOnceAtTheFirstHalfPastOne() {
        // in New York the repeated hour is 01:00–02:00, so 02:30 exists once and 01:30 twice
        FreezeSchedule halfPastOne = FreezeSchedule.recurring("30 1 * * *", Duration.ofMinutes(20), NEW_YORK);
        FreezeSchedule halfPastTwo = FreezeSchedule.recurring("30 2 * * *", Duration.ofMinutes(20), NEW_YORK);

        assertThat(halfPastOne.windows(at("2026-10-31T12:00:00Z"), at("2026-11-02T12:00:00Z")))
                .extracting(FreezeSchedule.Window::start).containsExactly(
                        at("2026-11-01T05:30:00Z"), // 01:30 EDT, not again at 01:30 EST (06:30Z)
                        at("2026-11-02T06:30:00Z"));
        assertThat(halfPastOne.activeAt(at("2026-11-01T06:40:00Z"))).as("01:40 EST, the repeated hour").isEmpty();
        assertThat(halfPastTwo.windows(at("2026-10-31T12:00:00Z"), at("2026-11-02T12:00:00Z")))
                .extracting(FreezeSchedule.Window::start)
                .containsExactly(at("2026-11-01T07:30:00Z"), at("2026-11-02T07:30:00Z"));
    }

    @Test
    void aWeekendFreezeOfSixtyFourHoursLastsSixtyFourHoursAcrossEveryChange() {
        record Case(ZoneId zone, String from, String start, String end, String localEnd) {
        }
        var cases = new Case[] {
            // Fri 18:00 CET + 64 h = Mon 11:00 CEST (the wall clock skipped an hour)
            new Case(BERLIN, "2026-03-26T00:00:00Z", "2026-03-27T17:00:00Z", "2026-03-30T09:00:00Z", "11:00"),
            // Fri 18:00 CEST + 64 h = Mon 09:00 CET (the wall clock repeated an hour)
            new Case(BERLIN, "2026-10-22T00:00:00Z", "2026-10-23T16:00:00Z", "2026-10-26T08:00:00Z", "09:00"),
            new Case(NEW_YORK, "2026-03-05T00:00:00Z", "2026-03-06T23:00:00Z", "2026-03-09T15:00:00Z", "11:00"),
            new Case(NEW_YORK, "2026-10-29T00:00:00Z", "2026-10-30T22:00:00Z", "2026-11-02T14:00:00Z", "09:00"),
        };
        for (Case c : cases) {
            FreezeSchedule weekend = FreezeSchedule.recurring("0 18 * * 5", Duration.ofHours(64), c.zone());
            FreezeSchedule.Window first = weekend.windows(at(c.from()), at(c.from()).plus(Duration.ofDays(7))).get(0);

            assertThat(first.start()).as(c.zone() + " start").isEqualTo(at(c.start()));
            assertThat(first.end()).as(c.zone() + " end").isEqualTo(at(c.end()));
            assertThat(Duration.between(first.start(), first.end())).isEqualTo(Duration.ofHours(64));
            assertThat(ZonedDateTime.ofInstant(first.start(), c.zone()).toLocalTime()).hasToString("18:00");
            assertThat(ZonedDateTime.ofInstant(first.end(), c.zone()).toLocalTime()).hasToString(c.localEnd());
            assertThat(weekend.activeAt(first.end().minusSeconds(1))).as("frozen a second before the end").isPresent();
            assertThat(weekend.activeAt(first.end())).as("open at the end").isEmpty();
            assertThat(weekend.activeAt(first.start().minusSeconds(1))).as("open a second before the start").isEmpty();
            // asked from inside the window, across the change, the same window is found
            assertThat(weekend.activeAt(first.start().plus(Duration.ofHours(40)))).get().isEqualTo(first);
        }
    }
}
