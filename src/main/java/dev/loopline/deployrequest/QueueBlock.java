package dev.loopline.deployrequest;

import java.io.Serializable;
import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

/** A target branch's deploy queue, stopped by a failed deploy until an operator unblocks it. */
@Entity
@Table(name = "deploy_queue_block")
@IdClass(QueueBlock.Key.class)
public class QueueBlock {

    public record Key(String database, String intoBranch) implements Serializable {
        public Key() {
            this(null, null);
        }
    }

    @Id
    @Column(name = "database_name")
    private String database;

    @Id
    @Column(name = "into_branch")
    private String intoBranch;

    @Column(nullable = false)
    private String reason;

    @Column(name = "blocked_at", nullable = false)
    private Instant blockedAt;

    protected QueueBlock() {
    }

    QueueBlock(String database, String intoBranch, String reason, Instant blockedAt) {
        this.database = database;
        this.intoBranch = intoBranch;
        this.reason = reason.length() > 4000 ? reason.substring(0, 3997) + "..." : reason;
        this.blockedAt = blockedAt;
    }

    public String getReason() {
        return reason;
    }

    public Instant getBlockedAt() {
        return blockedAt;
    }
}
