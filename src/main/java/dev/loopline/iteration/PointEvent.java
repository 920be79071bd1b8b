package dev.loopline.iteration;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** One recorded move of a running iteration's scope or completed points; never changed afterwards. */
@Entity
@Table(name = "work_item_event")
class PointEvent {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(name = "iteration_id", nullable = false)
    private long iterationId;

    @Column(name = "work_item_id", nullable = false)
    private long workItemId;

    @Column(name = "occurred_at", nullable = false)
    private Instant occurredAt;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    private Burndown.Kind kind;

    @Column(nullable = false)
    private int points;

    protected PointEvent() {
    }

    PointEvent(long iterationId, long workItemId, Instant occurredAt, Burndown.Kind kind, int points) {
        this.iterationId = iterationId;
        this.workItemId = workItemId;
        this.occurredAt = occurredAt;
        this.kind = kind;
        this.points = points;
    }

    Burndown.Event toEvent() {
        return new Burndown.Event(occurredAt, kind, points);
    }
}
