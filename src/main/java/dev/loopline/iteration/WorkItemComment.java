package dev.loopline.iteration;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import dev.loopline.common.DomainException;

/** A comment on a work item, in Markdown; never edited. */
@Entity
@Table(name = "work_item_comment")
public class WorkItemComment {

    public static final int MAX_BODY = 10_000;

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(name = "work_item_id", nullable = false)
    private long workItemId;

    @Column(nullable = false, length = 64)
    private String author;

    @Column(nullable = false, length = MAX_BODY)
    private String body;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    protected WorkItemComment() {
    }

    WorkItemComment(long workItemId, String author, String body, Instant at) {
        if (body == null || body.isBlank()) {
            throw new DomainException.InvalidInput("invalid_body", "Write a comment first.");
        }
        if (body.length() > MAX_BODY) {
            throw new DomainException.InvalidInput("invalid_body", "A comment holds at most " + MAX_BODY
                    + " characters.");
        }
        this.workItemId = workItemId;
        this.author = author;
        this.body = body.strip();
        this.createdAt = at;
    }

    public Long getId() {
        return id;
    }

    public String getAuthor() {
        return author;
    }

    public String getBody() {
        return body;
    }

    public Instant getCreatedAt() {
        return createdAt;
    }
}
