package dev.loopline.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.loopline.common.DomainException;

/** Freeze windows as arithmetic: local cron times across daylight-saving changes, one-off windows, merging, refusals. */
class FreezeScheduleTests {

    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    private static Instant at(String iso) {
        return Instant.parse(iso);
    }

    @Test
    void aWeekendFreezeStartsAtSixInTheEveningLocalTimeOnBothSidesOfTheAutumnChange() {
        // Friday 18:00 in Berlin for 60 hours; summer time ends on Sunday 2026-10-25 (03:00 CEST → 02:00 CET)
        FreezeSchedule weekend = FreezeSchedule.recurring("0 18 * * 5", Duration.ofHours(60), BERLIN);

        List<FreezeSchedule.Window> windows = weekend.windows(at("2026-10-19T06:00:00Z"), at("2026-11-03T00:00:00Z"));

        assertThat(windows).extracting(FreezeSchedule.Window::start, FreezeSchedule.Window::end).containsExactly(
                org.assertj.core.groups.Tuple.tuple(at("2026-10-23T16:00:00Z"), at("2026-10-26T04:00:00Z")),
                org.assertj.core.groups.Tuple.tuple(at("2026-10-30T17:00:00Z"), at("2026-11-02T05:00:00Z")));
        assertThat(weekend.activeAt(at("2026-10-23T15:59:00Z"))).isEmpty();
        assertThat(weekend.activeAt(at("2026-10-23T16:00:00Z"))).isPresent();
        assertThat(weekend.activeAt(at("2026-10-25T01:30:00Z"))).get().extracting(FreezeSchedule.Window::end)
                .isEqualTo(at("2026-10-26T04:00:00Z"));
        assertThat(weekend.activeAt(at("2026-10-26T04:00:00Z"))).as("the end is exclusive").isEmpty();
        assertThat(weekend.activeAt(at("2026-10-30T16:30:00Z"))).as("18:00 CET is 17:00 UTC after the change").isEmpty();
    }

    @Test
    void aDailyFreezeKeepsItsLocalTimeAcrossTheSpringChange() {
        // 22:00 daily for two hours; summer time starts on Sunday 2026-03-29 (02:00 CET → 03:00 CEST)
        FreezeSchedule nightly = FreezeSchedule.recurring("0 22 * * *", Duration.ofHours(2), BERLIN);

        assertThat(nightly.windows(at("2026-03-28T00:00:00Z"), at("2026-03-30T00:00:00Z")))
                .extracting(FreezeSchedule.Window::start)
                .containsExactly(at("2026-03-28T21:00:00Z"), at("2026-03-29T20:00:00Z"));
    }

    @Test
    void oneOffWindowCoversItsSpanOnly() {
        FreezeSchedule once = FreezeSchedule.once(at("2026-12-24T00:00:00Z"), at("2026-12-27T00:00:00Z"), BERLIN);

        assertThat(once.activeAt(at("2026-12-25T12:00:00Z"))).isPresent();
        assertThat(once.activeAt(at("2026-12-27T00:00:00Z"))).isEmpty();
        assertThat(once.windows(at("2026-12-01T00:00:00Z"), at("2026-12-24T00:00:00Z"))).isEmpty();
        assertThat(once.windows(at("2026-12-01T00:00:00Z"), at("2026-12-31T00:00:00Z"))).hasSize(1);
    }

    @Test
    void overlappingAndTouchingWindowsMergeWithTheirReasons() {
        List<FreezeSchedule.Window> merged = FreezeSchedule.merge(List.of(
                new FreezeSchedule.Window(at("2026-12-01T10:00:00Z"), at("2026-12-01T12:00:00Z"), "release"),
                new FreezeSchedule.Window(at("2026-12-01T11:00:00Z"), at("2026-12-01T14:00:00Z"), "audit"),
                new FreezeSchedule.Window(at("2026-12-01T14:00:00Z"), at("2026-12-01T15:00:00Z"), "release"),
                new FreezeSchedule.Window(at("2026-12-02T09:00:00Z"), at("2026-12-02T10:00:00Z"), "other")));

        assertThat(merged).containsExactly(
                new FreezeSchedule.Window(at("2026-12-01T10:00:00Z"), at("2026-12-01T15:00:00Z"), "release; audit"),
                new FreezeSchedule.Window(at("2026-12-02T09:00:00Z"), at("2026-12-02T10:00:00Z"), "other"));
    }

    @Test
    void refusesSchedulesThatNeverFireOrDoNotParse() {
        assertThatThrownBy(() -> FreezeSchedule.recurring("0 0 30 2 *", Duration.ofHours(1), BERLIN))
                .isInstanceOf(DomainException.InvalidInput.class).hasMessageContaining("never fires")
                .extracting(e -> ((DomainException) e).code()).isEqualTo("invalid_schedule");
        assertThatThrownBy(() -> FreezeSchedule.recurring("every friday", Duration.ofHours(1), BERLIN))
                .extracting(e -> ((DomainException) e).code()).isEqualTo("invalid_schedule");
        assertThatThrownBy(() -> FreezeSchedule.recurring("0 18 13 * 5", Duration.ofHours(1), BERLIN))
                .extracting(e -> ((DomainException) e).code()).isEqualTo("invalid_schedule");
        assertThatThrownBy(() -> FreezeSchedule.recurring("0 18 * * 5", Duration.ZERO, BERLIN))
                .extracting(e -> ((DomainException) e).code()).isEqualTo("invalid_duration");
        assertThatThrownBy(() -> FreezeSchedule.zone("Mars/Olympus"))
                .extracting(e -> ((DomainException) e).code()).isEqualTo("invalid_time_zone");
        assertThatThrownBy(() -> FreezeSchedule.once(at("2026-12-27T00:00:00Z"), at("2026-12-24T00:00:00Z"), BERLIN))
                .extracting(e -> ((DomainException) e).code()).isEqualTo("invalid_window");
    }
}
