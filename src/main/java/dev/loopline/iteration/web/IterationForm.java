package dev.loopline.iteration.web;

import java.time.LocalDate;

import org.springframework.format.annotation.DateTimeFormat;

import dev.loopline.iteration.Iteration;
import dev.loopline.iteration.IterationDraft;

/** The create/edit iteration form. Validation lives in {@link IterationDraft}; errors are mapped to fields. */
public class IterationForm {

    private String name;
    private String goal;
    @DateTimeFormat(iso = DateTimeFormat.ISO.DATE)
    private LocalDate startsOn;
    @DateTimeFormat(iso = DateTimeFormat.ISO.DATE)
    private LocalDate endsOn;
    private String database;
    /** Automatic phase moves: on for new iterations. */
    private boolean autoPhase = true;

    static IterationForm of(Iteration iteration) {
        IterationForm form = new IterationForm();
        form.name = iteration.getName();
        form.goal = iteration.getGoal();
        form.startsOn = iteration.getStartsOn();
        form.endsOn = iteration.getEndsOn();
        form.database = iteration.getDatabase();
        form.autoPhase = iteration.isAutoPhase();
        return form;
    }

    IterationDraft toDraft() {
        return new IterationDraft(name, goal, startsOn, endsOn, database);
    }

    /** The form field an error code belongs to. */
    static String fieldOf(String code) {
        return switch (code) {
            case "invalid_goal" -> "goal";
            case "invalid_starts_on" -> "startsOn";
            case "invalid_ends_on", "invalid_dates" -> "endsOn";
            case "invalid_database" -> "database";
            default -> "name";
        };
    }

    public boolean isAutoPhase() {
        return autoPhase;
    }

    public void setAutoPhase(boolean autoPhase) {
        this.autoPhase = autoPhase;
    }

    public String getName() {
        return name;
    }

    public void setName(String name) {
        this.name = name;
    }

    public String getGoal() {
        return goal;
    }

    public void setGoal(String goal) {
        this.goal = goal;
    }

    public LocalDate getStartsOn() {
        return startsOn;
    }

    public void setStartsOn(LocalDate startsOn) {
        this.startsOn = startsOn;
    }

    public LocalDate getEndsOn() {
        return endsOn;
    }

    public void setEndsOn(LocalDate endsOn) {
        this.endsOn = endsOn;
    }

    public String getDatabase() {
        return database;
    }

    public void setDatabase(String database) {
        this.database = database;
    }
}
