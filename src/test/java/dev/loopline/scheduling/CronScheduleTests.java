package dev.loopline.scheduling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.loopline.common.DomainException;

/** Unix cron means what Unix cron means once it is a Quartz schedule; what cannot be kept is refused with a reason. */
class CronScheduleTests {

    /** Saturday 28 November 2026, noon UTC. */
    private static final Instant SATURDAY = Instant.parse("2026-11-28T12:00:00Z");

    private static List<DayOfWeek> days(CronSchedule schedule, int count) {
        return schedule.nextFireTimes(SATURDAY, count).stream().map(t -> t.atZone(ZoneOffset.UTC).getDayOfWeek()).toList();
    }

    @Test
    void unixWeekdaysStayMondayToFriday() {
        CronSchedule weekdays = CronSchedule.parse("0 2 * * 1-5");
        assertThat(weekdays.nextFireTimes(SATURDAY, 5)).containsExactly(Instant.parse("2026-11-30T02:00:00Z"),
                Instant.parse("2026-12-01T02:00:00Z"), Instant.parse("2026-12-02T02:00:00Z"),
                Instant.parse("2026-12-03T02:00:00Z"), Instant.parse("2026-12-04T02:00:00Z"));
        assertThat(days(CronSchedule.parse("0 2 * * MON-FRI"), 10)).doesNotContain(DayOfWeek.SATURDAY, DayOfWeek.SUNDAY);
    }

    @Test
    void unixSundayIsZeroOrSeven() {
        assertThat(days(CronSchedule.parse("0 2 * * 0"), 3)).containsOnly(DayOfWeek.SUNDAY);
        assertThat(days(CronSchedule.parse("0 2 * * 7"), 3)).containsOnly(DayOfWeek.SUNDAY);
        assertThat(days(CronSchedule.parse("0 2 * * 5-7"), 3))
                .containsExactly(DayOfWeek.SUNDAY, DayOfWeek.FRIDAY, DayOfWeek.SATURDAY);
        assertThat(CronSchedule.parse("0 2 * * 7").nextFireTimes(SATURDAY, 1))
                .containsExactly(Instant.parse("2026-11-29T02:00:00Z"));
    }

    @Test
    void unixDailyAndMonthlySchedulesKeepTheirTimes() {
        assertThat(CronSchedule.parse("30 3 * * *").expression()).isEqualTo("0 30 3 * * ?");
        assertThat(CronSchedule.parse("0 2 1 * *").nextFireTimes(SATURDAY, 2))
                .containsExactly(Instant.parse("2026-12-01T02:00:00Z"), Instant.parse("2027-01-01T02:00:00Z"));
    }

    @Test
    void quartzSchedulesAreKeptAsGiven() {
        assertThat(CronSchedule.parse("0 0 0/12 * * ?").expression()).isEqualTo("0 0 0/12 * * ?");
        assertThat(CronSchedule.parse("  0 0 4 ? * SUN ").expression()).isEqualTo("0 0 4 ? * SUN");
    }

    @Test
    void refusesDayOfMonthAndDayOfWeekTogetherSayingWhy() {
        for (String both : List.of("0 0 1 * 1", "0 0 */2 * 1", "0 0 0 1 * 2")) {
            assertThatThrownBy(() -> CronSchedule.parse(both)).as(both).isInstanceOfSatisfying(DomainException.InvalidInput.class,
                    e -> {
                        assertThat(e.code()).isEqualTo("invalid_schedule");
                        assertThat(e.getMessage()).contains("both the day of the month and the day of the week");
                    });
        }
    }

    @Test
    void refusesSchedulesThatNeverFire() {
        for (String never : List.of("0 0 0 30 2 ?", "0 0 0 1 1 ? 2001", "0 0 0 31 4,6,9,11 ?", "0 0 31 2 *")) {
            assertThatThrownBy(() -> CronSchedule.parse(never)).as(never).isInstanceOfSatisfying(
                    DomainException.InvalidInput.class, e -> assertThat(e.getMessage()).contains("never fires"));
        }
    }

    @Test
    void refusesWhatDoesNotParse() {
        for (String bad : List.of("", "0 61 * * * ?", "every day", "0 2 * * 8", "0 2 * * 5-1", "1 2 3")) {
            assertThatThrownBy(() -> CronSchedule.parse(bad)).as(bad).isInstanceOfSatisfying(
                    DomainException.InvalidInput.class, e -> assertThat(e.code()).isEqualTo("invalid_schedule"));
        }
    }

    @Test
    void measuresTheShortestIntervalAcrossHourAndDayBoundaries() {
        assertThat(CronSchedule.parse("* * * * * ?").shortestInterval(SATURDAY)).isEqualTo(Duration.ofSeconds(1));
        assertThat(CronSchedule.parse("*/5 * * * *").shortestInterval(SATURDAY)).isEqualTo(Duration.ofMinutes(5));
        assertThat(CronSchedule.parse("0 0,59 * * * ?").shortestInterval(SATURDAY)).isEqualTo(Duration.ofMinutes(1));
        // 23:59 on the last day of a month, then 00:00 on the first
        assertThat(CronSchedule.parse("0 0,59 0,23 1,L * ?").shortestInterval(SATURDAY)).isEqualTo(Duration.ofMinutes(1));
        assertThat(CronSchedule.parse("0 0 2 * * ?").shortestInterval(SATURDAY)).isEqualTo(Duration.ofDays(1));
        assertThat(CronSchedule.parse("0 0 0 1 1 ? 2030").shortestInterval(SATURDAY)).isNull();
    }

    @Test
    void refusesSchedulesMoreFrequentThanTheMinimum() {
        Duration fiveMinutes = Duration.ofMinutes(5);
        assertThatThrownBy(() -> CronSchedule.parse("* * * * * ?").requireInterval(fiveMinutes, SATURDAY))
                .isInstanceOfSatisfying(DomainException.InvalidInput.class, e -> {
                    assertThat(e.code()).isEqualTo("schedule_too_frequent");
                    assertThat(e.getMessage()).contains("every second").contains("5 minutes");
                });
        assertThatThrownBy(() -> CronSchedule.parse("*/4 * * * *").requireInterval(fiveMinutes, SATURDAY))
                .isInstanceOf(DomainException.InvalidInput.class);
        assertThat(CronSchedule.parse("*/5 * * * *").requireInterval(fiveMinutes, SATURDAY).expression())
                .isEqualTo("0 */5 * * * ?");
        assertThatThrownBy(() -> CronSchedule.parse("0 0 * * * ?").requireInterval(Duration.ofHours(2), SATURDAY))
                .hasMessageContaining("every hour").hasMessageContaining("2 hours");
    }
}
