package dev.loopline.iteration;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

import org.springframework.data.domain.AbstractAggregateRoot;

import dev.loopline.common.DomainException;
import dev.loopline.common.TextLimits;

/** A card on an iteration's board. */
@Entity
@Table(name = "work_item")
public class WorkItem extends AbstractAggregateRoot<WorkItem> {

    public static final int MAX_POINTS = 100;

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(name = "iteration_id", nullable = false)
    private Long iterationId;

    @Column(nullable = false, length = TextLimits.WORK_ITEM_TITLE)
    private String title;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    private WorkItemStatus status;

    @Column(length = TextLimits.PERSON_NAME)
    private String assignee;

    private Integer points;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    private Instant updatedAt;

    @Version
    private long version;

    protected WorkItem() {
    }

    WorkItem(long iterationId, WorkItemChanges initial, Instant at) {
        this.iterationId = iterationId;
        this.title = checkTitle(initial.title());
        this.status = initial.status() == null ? WorkItemStatus.TODO : initial.status();
        this.assignee = checkAssignee(initial.assignee());
        this.points = checkPoints(initial.points());
        this.createdAt = at;
        this.updatedAt = at;
    }

    /** Applies the given changes (null fields stay as they are); registers an event when anything changed. */
    void change(WorkItemChanges changes, Instant at) {
        List<String> described = new ArrayList<>();
        if (changes.title() != null && !changes.title().trim().equals(title)) {
            String newTitle = checkTitle(changes.title());
            described.add("title → \"" + newTitle + "\"");
            title = newTitle;
        }
        if (changes.status() != null && changes.status() != status) {
            described.add(status.label() + " → " + changes.status().label());
            status = changes.status();
        }
        if (changes.assignee() != null && !Objects.equals(checkAssignee(changes.assignee()), assignee)) {
            assignee = checkAssignee(changes.assignee());
            described.add(assignee == null ? "unassigned" : "assigned to " + assignee);
        }
        if (changes.points() != null && !changes.points().equals(points)) {
            points = checkPoints(changes.points());
            described.add("points → " + points);
        }
        if (!described.isEmpty()) {
            updatedAt = at;
            registerEvent(new IterationEvents.WorkItemUpdated(iterationId, id, title, String.join(", ", described) + "."));
        }
    }

    private static String checkTitle(String value) {
        if (value == null || value.isBlank()) {
            throw new DomainException.InvalidInput("invalid_title", "Give the work item a title.");
        }
        return TextLimits.require("title", value.trim(), TextLimits.WORK_ITEM_TITLE);
    }

    private static String checkAssignee(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        return TextLimits.require("assignee", value.trim(), TextLimits.PERSON_NAME);
    }

    private static Integer checkPoints(Integer value) {
        if (value != null && (value < 0 || value > MAX_POINTS)) {
            throw new DomainException.InvalidInput("invalid_points", "Points go from 0 to " + MAX_POINTS + ".");
        }
        return value;
    }

    public Long getId() {
        return id;
    }

    public Long getIterationId() {
        return iterationId;
    }

    public String getTitle() {
        return title;
    }

    public WorkItemStatus getStatus() {
        return status;
    }

    public String getAssignee() {
        return assignee;
    }

    public Integer getPoints() {
        return points;
    }

    public Instant getCreatedAt() {
        return createdAt;
    }

    public Instant getUpdatedAt() {
        return updatedAt;
    }
}
