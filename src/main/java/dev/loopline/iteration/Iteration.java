package dev.loopline.iteration;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

import jakarta.persistence.CascadeType;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.OneToMany;
import jakarta.persistence.OrderBy;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

import org.springframework.data.domain.AbstractAggregateRoot;

import dev.loopline.common.Actor;
import dev.loopline.common.DomainException;
import dev.loopline.common.TextLimits;
import dev.loopline.common.Role;

/**
 * An iteration (sprint) and its way round the eight phases. Phase moves are guarded here and nowhere else:
 * forward one phase at a time, back to any earlier phase, and only past failing gates with an admin's reason.
 */
@Entity
@Table(name = "iteration")
public class Iteration extends AbstractAggregateRoot<Iteration> {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(nullable = false, length = TextLimits.ITERATION_NAME)
    private String name;

    @Column(length = TextLimits.ITERATION_GOAL)
    private String goal;

    /**
     * Calendar dates, bound as {@code LocalDate} (JDBC 4.2) rather than through {@code java.sql.Date}, whose midnight
     * in the server's default zone moved a date by a day when that zone differs from the one the driver assumes.
     */
    @Column(name = "starts_on", nullable = false)
    @org.hibernate.annotations.JdbcType(org.hibernate.type.descriptor.jdbc.LocalDateJdbcType.class)
    private LocalDate startsOn;

    @Column(name = "ends_on", nullable = false)
    @org.hibernate.annotations.JdbcType(org.hibernate.type.descriptor.jdbc.LocalDateJdbcType.class)
    private LocalDate endsOn;

    @Column(name = "database_name")
    private String database;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    private Phase phase;

    @Column(name = "created_by", nullable = false)
    private String createdBy;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    @Column(name = "capacity_points")
    private Integer capacityPoints;

    /** Points in the iteration when it started: what its burndown and velocity measure against. */
    @Column(name = "committed_points")
    private Integer committedPoints;

    @Column(name = "completed_points")
    private Integer completedPoints;

    /** Unfinished items moved out when it was completed. */
    @Column(name = "carried_over")
    private Integer carriedOver;

    @Column(name = "started_at")
    private Instant startedAt;

    @Column(name = "completed_at")
    private Instant completedAt;

    /** Whether evidence (builds, test runs, deploys) moves the iteration forward by itself. */
    @Column(name = "auto_phase", nullable = false)
    private boolean autoPhase = true;

    /** Why the latest automatic move was refused by a gate; cleared by any move. */
    @Column(name = "auto_phase_blocked", length = 2000)
    private String autoPhaseBlocked;

    @Column(name = "auto_phase_blocked_at")
    private Instant autoPhaseBlockedAt;

    /** The furthest phase blocked evidence asked for, and that evidence: retried when more evidence arrives. */
    @Enumerated(EnumType.STRING)
    @Column(name = "auto_phase_target")
    private Phase autoPhaseTarget;

    @Column(name = "auto_phase_evidence", length = PhaseHistoryEntry.REASON_LENGTH)
    private String autoPhaseEvidence;

    @Version
    private long version;

    @OneToMany(mappedBy = "iteration", cascade = CascadeType.ALL, orphanRemoval = true)
    @OrderBy("enteredAt ASC, id ASC")
    private List<PhaseHistoryEntry> history = new ArrayList<>();

    protected Iteration() {
    }

    Iteration(IterationDraft draft, Actor by, Instant at) {
        apply(draft);
        this.phase = Phase.PLAN;
        this.createdBy = by.displayName();
        this.createdAt = at;
        this.history.add(new PhaseHistoryEntry(this, Phase.PLAN, at, by.displayName(), null));
    }

    /** Changes name, goal, dates or database; returns what changed, or an empty string. */
    String edit(IterationDraft draft) {
        List<String> changes = new ArrayList<>();
        if (!Objects.equals(name, draft.name().trim())) {
            changes.add("name \"" + name + "\" → \"" + draft.name().trim() + "\"");
        }
        if (!Objects.equals(goal, draft.normalizedGoal())) {
            changes.add("goal changed");
        }
        if (!Objects.equals(startsOn, draft.startsOn()) || !Objects.equals(endsOn, draft.endsOn())) {
            changes.add("dates " + startsOn + "–" + endsOn + " → " + draft.startsOn() + "–" + draft.endsOn());
        }
        if (!Objects.equals(database, draft.normalizedDatabase())) {
            changes.add("database " + Objects.requireNonNullElse(database, "none") + " → "
                    + Objects.requireNonNullElse(draft.normalizedDatabase(), "none"));
        }
        apply(draft);
        String change = String.join("; ", changes);
        if (!change.isEmpty()) {
            registerEvent(new IterationEvents.IterationUpdated(id, name, change + ".", database, startsOn));
        }
        return change;
    }

    private void apply(IterationDraft draft) {
        draft.validate();
        this.name = draft.name().trim();
        this.goal = draft.normalizedGoal();
        this.startsOn = draft.startsOn();
        this.endsOn = draft.endsOn();
        this.database = draft.normalizedDatabase();
    }

    /**
     * Moves to {@code target}. {@code failedGates} are the gates that block this move; the move goes ahead past them
     * only with an admin's written {@code overrideReason}.
     */
    void moveTo(Phase target, List<GateOutcome> failedGates, String overrideReason, Actor by, Instant at) {
        checkMoveAllowed(target);
        String reason = overrideReason == null || overrideReason.isBlank() ? null
                : TextLimits.require("override_reason", overrideReason.trim(), TextLimits.OVERRIDE_REASON);
        if (!failedGates.isEmpty()) {
            if (reason == null) {
                throw new DomainException.Conflict("gate_not_met", "Cannot move to " + target.label() + ": "
                        + failedGates.stream().map(GateOutcome::reason).collect(Collectors.joining(" ")));
            }
            if (!by.has(Role.ADMIN)) {
                throw new DomainException.Forbidden("override_not_allowed", "Only an admin may override a gate.");
            }
        }
        Phase from = phase;
        currentStay().leave(at);
        history.add(new PhaseHistoryEntry(this, target, at, by.displayName(), failedGates.isEmpty() ? null : reason));
        phase = target;
        clearAutoPhaseBlock();
        registerEvent(new IterationEvents.PhaseChanged(id, name, from, target, by.displayName()));
        if (!failedGates.isEmpty()) {
            registerEvent(new IterationEvents.PhaseGateOverridden(id, name, target,
                    failedGates.stream().map(GateOutcome::gate).collect(Collectors.joining(", ")), reason));
        }
    }

    /**
     * One automatic step forward into the next phase, {@code target}, which the gates passed (the service asks them).
     * Never backwards, never past a completed iteration, only with {@link #isAutoPhase()} on; {@code reason} names
     * the evidence, e.g. {@code build ci#12}. Returns whether it moved.
     */
    boolean advanceAutomatically(Phase target, String reason, Instant at) {
        if (!autoPhase || isCompleted() || phase.next().filter(target::equals).isEmpty()) {
            return false;
        }
        Phase from = phase;
        currentStay().leave(at);
        history.add(PhaseHistoryEntry.automatic(this, target, at, reason));
        phase = target;
        if (autoPhaseTarget == null || autoPhaseTarget.ordinal() <= phase.ordinal()) {
            clearAutoPhaseBlock();
        }
        registerEvent(new IterationEvents.PhaseChanged(id, name, from, target, PhaseHistoryEntry.AUTOMATION));
        return true;
    }

    /**
     * Notes that gates refused an automatic move into {@code next} on the way to {@code goal}; the page says why, and
     * the goal is retried when more evidence arrives.
     */
    void blockAutomaticMove(Phase next, Phase goal, String why, String evidence, Instant at) {
        String text = "Not moved to " + next.label() + " (" + evidence + "): " + why;
        text = text.length() <= 2000 ? text : text.substring(0, 1999) + "…";
        boolean again = text.equals(autoPhaseBlocked);
        autoPhaseBlocked = text;
        autoPhaseBlockedAt = at;
        autoPhaseTarget = goal;
        autoPhaseEvidence = evidence == null || evidence.length() <= PhaseHistoryEntry.REASON_LENGTH ? evidence
                : evidence.substring(0, PhaseHistoryEntry.REASON_LENGTH - 1) + "…";
        if (!again) {
            registerEvent(new AutoPhaseEvents.AutomaticMoveBlocked(id, name, next, why, evidence));
        }
    }

    private void clearAutoPhaseBlock() {
        autoPhaseBlocked = null;
        autoPhaseBlockedAt = null;
        autoPhaseTarget = null;
        autoPhaseEvidence = null;
    }

    /** The phase blocked evidence still asks for, or null. */
    Phase getAutoPhaseTarget() {
        return autoPhaseTarget;
    }

    String getAutoPhaseEvidence() {
        return autoPhaseEvidence;
    }

    /** Switches automatic phase moves on or off; audited. */
    void switchAutoPhase(boolean on) {
        if (autoPhase != on) {
            autoPhase = on;
            if (!on) {
                clearAutoPhaseBlock();
            }
            registerEvent(new AutoPhaseEvents.AutoPhaseSwitched(id, name, on));
        }
    }

    public boolean isAutoPhase() {
        return autoPhase;
    }

    /** Why the latest automatic move was refused, or null. */
    public String getAutoPhaseBlocked() {
        return autoPhaseBlocked;
    }

    public Instant getAutoPhaseBlockedAt() {
        return autoPhaseBlockedAt;
    }

    /** Throws unless {@code target} is the next phase or an earlier one. */
    void checkMoveAllowed(Phase target) {
        if (target == phase) {
            throw new DomainException.Conflict("same_phase", "The iteration is already in " + phase.label() + ".");
        }
        if (target.ordinal() > phase.ordinal() + 1) {
            String next = phase.next().map(Phase::label).orElseThrow();
            throw new DomainException.Conflict("phase_skipped", "Move forward one phase at a time: after "
                    + phase.label() + " comes " + next + ", not " + target.label() + ".");
        }
    }

    private PhaseHistoryEntry currentStay() {
        return history.get(history.size() - 1);
    }

    /** Total time spent in each phase, counting the current stay up to {@code now}. */
    public Map<Phase, Duration> timeInPhases(Instant now) {
        Map<Phase, Duration> time = new EnumMap<>(Phase.class);
        for (PhaseHistoryEntry stay : history) {
            time.merge(stay.getPhase(), stay.duration(now), Duration::plus);
        }
        return time;
    }

    /** Most points an iteration's capacity may be set to. */
    public static final int MAX_CAPACITY = 10_000;

    /**
     * Starts the iteration with the points now in it as its committed scope. {@code 409 already_started} when it has
     * started; {@code 400 invalid_capacity} for a capacity below 0 or above {@value #MAX_CAPACITY}.
     */
    void start(int committed, Integer capacity, Instant at) {
        if (completedAt != null) {
            throw new DomainException.Conflict("already_completed", "\"" + name + "\" is completed already.");
        }
        if (startedAt != null) {
            throw new DomainException.Conflict("already_started", "\"" + name + "\" started already, at " + startedAt
                    + ".");
        }
        if (capacity != null) {
            setCapacity(capacity);
        }
        committedPoints = committed;
        startedAt = at;
        registerEvent(new IterationEvents.IterationStarted(id, name, committed, capacityPoints));
    }

    /** Sets the capacity the planning view fills against; {@code null} clears it. */
    void setCapacity(Integer capacity) {
        if (capacity != null && (capacity < 0 || capacity > MAX_CAPACITY)) {
            throw new DomainException.InvalidInput("invalid_capacity", "Capacity goes from 0 to " + MAX_CAPACITY
                    + " points.");
        }
        capacityPoints = capacity;
    }

    /**
     * Completes the iteration and keeps its record. An iteration that never started is started now, with what it
     * holds as its commitment. {@code 409 already_completed} when it is.
     */
    void complete(int committedIfNotStarted, int completed, int carried, String carriedTo, Instant at) {
        if (completedAt != null) {
            throw new DomainException.Conflict("already_completed", "\"" + name + "\" is completed already.");
        }
        if (startedAt == null) {
            startedAt = at;
            committedPoints = committedIfNotStarted;
        }
        completedPoints = completed;
        carriedOver = carried;
        completedAt = at;
        registerEvent(new IterationEvents.IterationCompleted(id, name, committedPoints, completed, carried, carriedTo));
    }

    public boolean isStarted() {
        return startedAt != null;
    }

    public boolean isCompleted() {
        return completedAt != null;
    }

    /** Started and not completed: changes to its items move its burndown. */
    public boolean isRunning() {
        return startedAt != null && completedAt == null;
    }

    public Integer getCapacityPoints() {
        return capacityPoints;
    }

    public Integer getCommittedPoints() {
        return committedPoints;
    }

    public Integer getCompletedPoints() {
        return completedPoints;
    }

    public Integer getCarriedOver() {
        return carriedOver;
    }

    public Instant getStartedAt() {
        return startedAt;
    }

    public Instant getCompletedAt() {
        return completedAt;
    }

    public boolean isActiveOn(LocalDate day) {
        return !day.isBefore(startsOn) && !day.isAfter(endsOn);
    }

    public Long getId() {
        return id;
    }

    public String getName() {
        return name;
    }

    public String getGoal() {
        return goal;
    }

    public LocalDate getStartsOn() {
        return startsOn;
    }

    public LocalDate getEndsOn() {
        return endsOn;
    }

    public String getDatabase() {
        return database;
    }

    public Phase getPhase() {
        return phase;
    }

    public String getCreatedBy() {
        return createdBy;
    }

    public Instant getCreatedAt() {
        return createdAt;
    }

    public List<PhaseHistoryEntry> getHistory() {
        return List.copyOf(history);
    }
}
