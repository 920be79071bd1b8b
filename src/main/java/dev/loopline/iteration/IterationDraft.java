package dev.loopline.iteration;

import java.time.LocalDate;

import dev.loopline.common.DomainException;
import dev.loopline.common.Names;
import dev.loopline.common.TextLimits;

/** What a person enters to create or edit an iteration. */
public record IterationDraft(String name, String goal, LocalDate startsOn, LocalDate endsOn, String database) {

    /** The earliest and latest day an iteration may start or end on: anything outside is a typo, not a plan. */
    public static final LocalDate EARLIEST = LocalDate.of(2000, 1, 1);
    public static final LocalDate LATEST = LocalDate.of(2100, 12, 31);

    /**
     * Throws {@link DomainException.InvalidInput} naming the first thing wrong: its code is {@code invalid_<field>}
     * ({@code invalid_dates} when the end is before the start). Dates lie between {@link #EARLIEST} and
     * {@link #LATEST}. Whether the database exists is checked by {@link IterationService}, which can ask.
     */
    public void validate() {
        if (name == null || name.isBlank()) {
            throw new DomainException.InvalidInput("invalid_name", "Give the iteration a name.");
        }
        TextLimits.require("name", name.trim(), TextLimits.ITERATION_NAME);
        TextLimits.require("goal", normalizedGoal(), TextLimits.ITERATION_GOAL);
        if (startsOn == null) {
            throw new DomainException.InvalidInput("invalid_starts_on", "Give the start date (YYYY-MM-DD).");
        }
        if (endsOn == null) {
            throw new DomainException.InvalidInput("invalid_ends_on", "Give the end date (YYYY-MM-DD).");
        }
        requireSensible("starts_on", startsOn);
        requireSensible("ends_on", endsOn);
        if (endsOn.isBefore(startsOn)) {
            throw new DomainException.InvalidInput("invalid_dates",
                    "The iteration ends on " + endsOn + ", before it starts on " + startsOn + ".");
        }
        if (normalizedDatabase() != null && !Names.RESOURCE_NAME.matcher(normalizedDatabase()).matches()) {
            throw new DomainException.InvalidInput("invalid_database", "'" + TextLimits.quoted(normalizedDatabase())
                    + "' is not a valid database name: use lower-case letters, digits and dashes.");
        }
    }

    private static void requireSensible(String field, LocalDate date) {
        if (date.isBefore(EARLIEST) || date.isAfter(LATEST)) {
            throw new DomainException.InvalidInput("invalid_" + field, field + " is " + date + ": give a date between "
                    + EARLIEST + " and " + LATEST + ".");
        }
    }

    String normalizedGoal() {
        return goal == null || goal.isBlank() ? null : goal.trim();
    }

    String normalizedDatabase() {
        return database == null || database.isBlank() ? null : database.trim();
    }
}
