package dev.loopline.iteration;

import java.time.DayOfWeek;
import java.time.ZoneId;
import java.util.EnumSet;
import java.util.Set;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The team's calendar ({@code loopline.planning.*}): iteration dates are calendar dates of {@code timeZone}; burndowns
 * burn over {@code workingDays}.
 *
 * @param timeZone    the team's time zone, an IANA name such as {@code Europe/Berlin}; default {@code UTC}
 * @param workingDays the days the ideal burndown line moves on; default Monday to Friday
 * @param atRiskDays  an item in progress for longer than this many days is shown as at risk; default 3
 */
@ConfigurationProperties("loopline.planning")
public record PlanningProperties(@DefaultValue("UTC") ZoneId timeZone,
        @DefaultValue({ "MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY" }) Set<DayOfWeek> workingDays,
        @DefaultValue("3") int atRiskDays) {

    public PlanningProperties {
        workingDays = workingDays == null || workingDays.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(workingDays));
    }
}
