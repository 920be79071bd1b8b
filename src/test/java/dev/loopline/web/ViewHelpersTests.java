package dev.loopline.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;

import dev.loopline.deployrequest.DeploymentState;

/** The words, numbers, sizes and times every page shows come from one place and read as a person would say them. */
class ViewHelpersTests {

    private static final Instant NOW = Instant.parse("2026-12-01T10:31:23.345630368Z");
    private final ViewHelpers views = new ViewHelpers(Clock.fixed(NOW, ZoneOffset.UTC));

    @Test
    void spellsCodesAsWords() {
        assertThat(views.words(DeploymentState.COMPLETE_PENDING_REVERT)).isEqualTo("Complete, revert window open");
        assertThat(views.words("complete_pending_revert")).isEqualTo("Complete, revert window open");
        assertThat(views.words("not_a_rename")).isEqualTo("Confirmed: not a rename");
        assertThat(views.words("column_dropped")).isEqualTo("Column dropped");
        assertThat(views.words("DeployRequest")).isEqualTo("Deploy request");
        assertThat(views.words("deploy_request")).isEqualTo("Deploy request");
        assertThat(views.words("user.login_failed")).isEqualTo("Sign-in failed");
        assertThat(views.words("branch.sql_executed")).isEqualTo("SQL run in the console");
        assertThat(views.words("deployrequest")).isEqualTo("Deploy request");
        assertThat(views.words("project_manager")).isEqualTo("Project manager");
        assertThat(views.lowerWords("no_primary_key")).isEqualTo("no primary key");
        assertThat(views.words(null)).isEmpty();
    }

    @Test
    void aTimeInTheRepeatedHourOfAZoneSaysWhichOfTheTwoItIs() {
        assertThat(views.dayAndTime(Instant.parse("2026-10-25T00:30:00Z"), "Europe/Berlin"))
                .isEqualTo("Sun 2026-10-25 02:30 Europe/Berlin (UTC+02:00)");
        assertThat(views.dayAndTime(Instant.parse("2026-10-25T01:30:00Z"), "Europe/Berlin"))
                .isEqualTo("Sun 2026-10-25 02:30 Europe/Berlin (UTC+01:00)");
        assertThat(views.dayAndTime(Instant.parse("2026-10-25T02:30:00Z"), "Europe/Berlin"))
                .isEqualTo("Sun 2026-10-25 03:30 Europe/Berlin");
        assertThat(views.dayAndTime(Instant.parse("2026-11-01T05:30:00Z"), "America/New_York"))
                .isEqualTo("Sun 2026-11-01 01:30 America/New_York (UTC-04:00)");
        assertThat(views.dayAndTime(Instant.parse("2026-03-29T01:30:00Z"), "Europe/Berlin"))
                .isEqualTo("Sun 2026-03-29 03:30 Europe/Berlin");
    }

    @Test
    void writesAnIterationsDatesAsARange() {
        assertThat(views.dateRange(java.time.LocalDate.of(2026, 11, 1), java.time.LocalDate.of(2026, 11, 14)))
                .isEqualTo("1 – 14 Nov 2026");
        assertThat(views.dateRange(java.time.LocalDate.of(2026, 11, 30), java.time.LocalDate.of(2026, 12, 11)))
                .isEqualTo("30 Nov – 11 Dec 2026");
        assertThat(views.dateRange(java.time.LocalDate.of(2026, 12, 29), java.time.LocalDate.of(2027, 1, 9)))
                .isEqualTo("29 Dec 2026 – 9 Jan 2027");
    }

    @Test
    void writesNumbersSizesAndProgressForPeople() {
        assertThat(views.number(300000)).isEqualTo("300,000");
        assertThat(views.progress(60000L, 300000L, "rows")).isEqualTo("60,000 of 300,000 rows");
        assertThat(views.bytes(512)).isEqualTo("512 bytes");
        assertThat(views.bytes(2048)).isEqualTo("2.0 KB");
        assertThat(views.bytes(5L * 1024 * 1024 * 1024)).isEqualTo("5.0 GB");
        assertThat(views.bytes(null)).isEqualTo("–");
        assertThat(views.millis(2400)).isEqualTo("2.4 s");
        assertThat(views.count(1, "table")).isEqualTo("1 table");
        assertThat(views.count(1000, "row")).isEqualTo("1,000 rows");
    }

    @Test
    void writesTimesRelativeToNowWithTheExactTimeForHovering() {
        assertThat(views.relative(NOW.plus(Duration.ofMinutes(23)).plusSeconds(5))).isEqualTo("in 23 min");
        assertThat(views.relative(NOW.minus(Duration.ofMinutes(5)))).isEqualTo("5 min ago");
        assertThat(views.relative(NOW.minusSeconds(10))).isEqualTo("just now");
        assertThat(views.exact(NOW)).isEqualTo("Tue 1 Dec 2026, 10:31:23 UTC");
    }

    @Test
    void dropsTheActorsNameFromTheStartOfTheirActivity() {
        assertThat(views.withoutActor("ops1", "ops1 signed in.")).isEqualTo("signed in.");
        assertThat(views.withoutActor("ops1", "Created user ops2.")).isEqualTo("Created user ops2.");
    }
}
