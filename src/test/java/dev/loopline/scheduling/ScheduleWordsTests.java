package dev.loopline.scheduling;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Schedules in words, including the numeric days that translated Unix cron produces (Quartz: 1 is Sunday). */
class ScheduleWordsTests {

    @Test
    void saysWhichDaysOfTheWeek() {
        assertThat(ScheduleWords.ofCron("0 0 4 ? * SUN")).isEqualTo("Every Sunday at 04:00 UTC");
        assertThat(ScheduleWords.ofCron("0 0 2 ? * 1")).isEqualTo("Every Sunday at 02:00 UTC");
        assertThat(ScheduleWords.ofCron("0 0 2 ? * 2-6")).isEqualTo("Monday to Friday at 02:00 UTC");
        assertThat(ScheduleWords.ofCron("0 0 2 ? * MON-FRI")).isEqualTo("Monday to Friday at 02:00 UTC");
        assertThat(ScheduleWords.ofCron("0 30 2 ? * 7,1")).isEqualTo("Saturday and Sunday at 02:30 UTC");
        assertThat(ScheduleWords.ofCron("0 0 2 ? * 2,4,6")).isEqualTo("Monday, Wednesday and Friday at 02:00 UTC");
        assertThat(ScheduleWords.ofCron("0 0 2 ? * 2#1")).isEqualTo("Cron 0 0 2 ? * 2#1");
        assertThat(ScheduleWords.ofCron("0 0 2 * * ?")).isEqualTo("Every day at 02:00 UTC");
    }
}
