package dev.loopline.iteration;

import java.util.Locale;
import java.util.Optional;

import dev.loopline.common.Names;

/** The eight phases of the DevOps loop, in order. */
public enum Phase {
    PLAN("Plan", "Scope the iteration and its work items"),
    CODE("Code", "Build features on the iteration's branch"),
    BUILD("Build", "CI builds the change"),
    TEST("Test", "Tests run against a throwaway branch"),
    RELEASE("Release", "A deploy request is opened, linted and approved"),
    DEPLOY("Deploy", "The schema change goes online"),
    OPERATE("Operate", "The revert window is open; backups run"),
    MONITOR("Monitor", "Watch the numbers, feed the next plan");

    private final String label;
    private final String description;

    Phase(String label, String description) {
        this.label = label;
        this.description = description;
    }

    public String label() {
        return label;
    }

    public String description() {
        return description;
    }

    public String apiName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The phase after this one; none after {@link #MONITOR}. */
    public Optional<Phase> next() {
        return ordinal() + 1 < values().length ? Optional.of(values()[ordinal() + 1]) : Optional.empty();
    }

    public static Phase fromApiName(String value) {
        return Names.parseEnum(Phase.class, value, "invalid_phase", "phase");
    }
}
