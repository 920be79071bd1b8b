package dev.loopline.deployrequest;

import java.time.Instant;
import java.util.Locale;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * A review on a deploy request: an approval (which remembers the schema it approved), a comment, or an approval
 * dismissed because the branch changed afterwards.
 */
@Entity
@Table(name = "deploy_review")
public class Review {

    public enum Kind {
        APPROVED, COMMENTED, DISMISSED,
        /** The author confirms that a dropped column next to an added one is not a rename (data loss accepted). */
        NOT_A_RENAME;

        public String apiName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(name = "deploy_request_id", nullable = false)
    private Long deployRequestId;

    @Column(nullable = false)
    private String reviewer;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    private Kind kind;

    @Column(length = dev.loopline.common.TextLimits.REVIEW_BODY)
    private String body;

    @Column(name = "approved_schema")
    private String approvedSchema;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    protected Review() {
    }

    Review(long deployRequestId, String reviewer, Kind kind, String body, String approvedSchema, Instant createdAt) {
        this.deployRequestId = deployRequestId;
        this.reviewer = reviewer;
        this.kind = kind;
        this.body = body == null || body.isBlank() ? null
                : dev.loopline.common.TextLimits.require("body", body.trim(), dev.loopline.common.TextLimits.REVIEW_BODY);
        this.approvedSchema = approvedSchema;
        this.createdAt = createdAt;
    }

    void dismiss() {
        kind = Kind.DISMISSED;
    }

    public Long getId() {
        return id;
    }

    public Long getDeployRequestId() {
        return deployRequestId;
    }

    public String getReviewer() {
        return reviewer;
    }

    public Kind getKind() {
        return kind;
    }

    public String getBody() {
        return body;
    }

    String getApprovedSchema() {
        return approvedSchema;
    }

    public Instant getCreatedAt() {
        return createdAt;
    }
}
