package dev.loopline.delivery;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * A recovery that did not come from an application deployment: a schema revert of a deploy request, or a restore,
 * into a database branch. DORA counts it against the deployment before it (see {@link DoraCalculator}).
 */
@Entity
@Table(name = "recovery_event")
class RecoveryEvent {

    static final String REVERT = "revert";
    static final String RESTORE = "restore";

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(name = "database_name", nullable = false, length = 63)
    private String database;

    @Column(name = "branch_name", nullable = false, length = 63)
    private String branch;

    @Column(nullable = false, length = 16)
    private String kind;

    /** What recovered: {@code db#7} for a revert, {@code backup 12 → branch} for a restore. */
    @Column(nullable = false, length = 200)
    private String reference;

    @Column(name = "occurred_at", nullable = false)
    private Instant occurredAt;

    protected RecoveryEvent() {
    }

    RecoveryEvent(String database, String branch, String kind, String reference, Instant occurredAt) {
        this.database = database;
        this.branch = branch;
        this.kind = kind;
        this.reference = reference;
        this.occurredAt = occurredAt;
    }

    String getDatabase() {
        return database;
    }

    String getBranch() {
        return branch;
    }

    String getKind() {
        return kind;
    }

    String getReference() {
        return reference;
    }

    Instant getOccurredAt() {
        return occurredAt;
    }
}
