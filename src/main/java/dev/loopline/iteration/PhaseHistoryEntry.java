package dev.loopline.iteration;

import java.time.Duration;
import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;

/** One stay of an iteration in a phase: when it entered, when it left, who moved it, and any gate override. */
@Entity
@Table(name = "phase_history")
public class PhaseHistoryEntry {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @ManyToOne(optional = false)
    @JoinColumn(name = "iteration_id")
    private Iteration iteration;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    private Phase phase;

    @Column(name = "entered_at", nullable = false)
    private Instant enteredAt;

    @Column(name = "left_at")
    private Instant leftAt;

    @Column(name = "entered_by", nullable = false)
    private String enteredBy;

    @Column(name = "override_reason", length = dev.loopline.common.TextLimits.OVERRIDE_REASON)
    private String overrideReason;

    /** Why automation made the move, e.g. {@code build ci#12}; null for moves people made. */
    @Column(length = REASON_LENGTH)
    private String reason;

    public static final int REASON_LENGTH = 200;

    protected PhaseHistoryEntry() {
    }

    PhaseHistoryEntry(Iteration iteration, Phase phase, Instant enteredAt, String enteredBy, String overrideReason) {
        this.iteration = iteration;
        this.phase = phase;
        this.enteredAt = enteredAt;
        this.enteredBy = enteredBy;
        this.overrideReason = overrideReason;
    }

    /** A stay automation started, with the evidence that moved it. */
    static PhaseHistoryEntry automatic(Iteration iteration, Phase phase, Instant enteredAt, String reason) {
        PhaseHistoryEntry entry = new PhaseHistoryEntry(iteration, phase, enteredAt, AUTOMATION, null);
        entry.reason = reason == null || reason.length() <= REASON_LENGTH ? reason
                : reason.substring(0, REASON_LENGTH - 1) + "…";
        return entry;
    }

    /** How history names moves made by automation. */
    public static final String AUTOMATION = "automation";

    void leave(Instant at) {
        leftAt = at;
    }

    public Phase getPhase() {
        return phase;
    }

    public Instant getEnteredAt() {
        return enteredAt;
    }

    public Instant getLeftAt() {
        return leftAt;
    }

    public String getEnteredBy() {
        return enteredBy;
    }

    public String getOverrideReason() {
        return overrideReason;
    }

    public String getReason() {
        return reason;
    }

    /** Time spent, up to {@code now} while still in the phase. */
    public Duration duration(Instant now) {
        return Duration.between(enteredAt, leftAt == null ? now : leftAt);
    }
}
