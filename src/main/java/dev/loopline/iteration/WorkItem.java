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

/** A card on an iteration's board, or in the backlog when it belongs to no iteration. */
@Entity
@Table(name = "work_item")
public class WorkItem extends AbstractAggregateRoot<WorkItem> {

    public static final int MAX_POINTS = 100;
    public static final int MAX_DESCRIPTION = 20_000;
    public static final int MAX_LABELS = 10;
    private static final java.util.regex.Pattern LABEL = java.util.regex.Pattern.compile("^[A-Za-z0-9][A-Za-z0-9 ._-]{0,29}$");

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    /** {@code null}: the item is in the backlog. */
    @Column(name = "iteration_id")
    private Long iterationId;

    @Column(length = MAX_DESCRIPTION)
    private String description;

    @Enumerated(EnumType.STRING)
    @Column(name = "item_type", nullable = false)
    private WorkItemType type = WorkItemType.TASK;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    private WorkItemPriority priority = WorkItemPriority.MEDIUM;

    /** Stored as {@code ,first,second,} so that one label can be found with {@code LIKE '%,label,%'}. */
    @Column(name = "labels")
    private String labels;

    /** The item's place in its list (the backlog or an iteration's board), lowest first; see {@link Ranks}. */
    @Column(name = "board_rank", nullable = false)
    private long rank;

    @Column(nullable = false, length = TextLimits.WORK_ITEM_TITLE)
    private String title;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    private WorkItemStatus status;

    @Column(length = TextLimits.PERSON_NAME)
    private String assignee;

    private Integer points;

    /** When the item first went to In progress (or straight to Done). */
    @Column(name = "work_started_at")
    private Instant workStartedAt;

    /** When it was done; {@code null} again when it is re-opened. */
    @Column(name = "done_at")
    private Instant doneAt;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    private Instant updatedAt;

    @Version
    private long version;

    protected WorkItem() {
    }

    WorkItem(Long iterationId, long rank, WorkItemChanges initial, Instant at) {
        this.iterationId = iterationId;
        this.rank = rank;
        this.title = checkTitle(initial.title());
        this.status = initial.status() == null ? WorkItemStatus.TODO : initial.status();
        this.assignee = checkAssignee(initial.assignee());
        this.points = checkPoints(initial.points());
        this.description = checkDescription(initial.description());
        this.type = initial.type() == null ? WorkItemType.TASK : initial.type();
        this.priority = initial.priority() == null ? WorkItemPriority.MEDIUM : initial.priority();
        this.labels = joinLabels(checkLabels(initial.labels()));
        trackWork(at);
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
            trackWork(at);
        }
        if (changes.assignee() != null && !Objects.equals(checkAssignee(changes.assignee()), assignee)) {
            assignee = checkAssignee(changes.assignee());
            described.add(assignee == null ? "unassigned" : "assigned to " + assignee);
        }
        if (changes.points() != null && !changes.points().equals(points)) {
            points = checkPoints(changes.points());
            described.add("points → " + points);
        }
        if (changes.description() != null && !Objects.equals(checkDescription(changes.description()), description)) {
            description = checkDescription(changes.description());
            described.add(description == null ? "description removed" : "description changed");
        }
        if (changes.type() != null && changes.type() != type) {
            described.add("type → " + changes.type().label());
            type = changes.type();
        }
        if (changes.priority() != null && changes.priority() != priority) {
            described.add("priority → " + changes.priority().label());
            priority = changes.priority();
        }
        if (changes.labels() != null && !checkLabels(changes.labels()).equals(getLabels())) {
            labels = joinLabels(checkLabels(changes.labels()));
            described.add(labels == null ? "labels removed" : "labels → " + String.join(", ", getLabels()));
        }
        if (!described.isEmpty()) {
            updatedAt = at;
            registerEvent(new IterationEvents.WorkItemUpdated(iterationId, id, title, String.join(", ", described) + "."));
        }
    }

    private void trackWork(Instant at) {
        if (status != WorkItemStatus.TODO && workStartedAt == null) {
            workStartedAt = at;
        }
        doneAt = status == WorkItemStatus.DONE ? (doneAt == null ? at : doneAt) : null;
    }

    /** From the start of work to done; empty while it is not done. */
    public java.util.Optional<java.time.Duration> cycleTime() {
        if (doneAt == null || workStartedAt == null) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(java.time.Duration.between(workStartedAt, doneAt));
    }

    public Instant getWorkStartedAt() {
        return workStartedAt;
    }

    public Instant getDoneAt() {
        return doneAt;
    }

    /** Moves the item to another list (an iteration, or the backlog when {@code null}) at the given rank. */
    void moveTo(Long newIterationId, long newRank, Instant at) {
        if (!Objects.equals(newIterationId, iterationId)) {
            updatedAt = at;
        }
        iterationId = newIterationId;
        rank = newRank;
    }

    void rankAt(long newRank) {
        rank = newRank;
    }

    private static String checkDescription(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        if (value.length() > MAX_DESCRIPTION) {
            throw new DomainException.InvalidInput("invalid_description",
                    "The description is " + value.length() + " characters long; at most " + MAX_DESCRIPTION + " fit.");
        }
        return value.strip();
    }

    private static List<String> checkLabels(List<String> values) {
        if (values == null) {
            return List.of();
        }
        List<String> labels = new ArrayList<>();
        for (String value : values) {
            String label = value == null ? "" : value.strip();
            if (!LABEL.matcher(label).matches()) {
                throw new DomainException.InvalidInput("invalid_labels", "'" + TextLimits.quoted(value)
                        + "' is not a label: use 1–30 letters, digits, spaces, dots, dashes and underscores.");
            }
            if (labels.stream().noneMatch(label::equalsIgnoreCase)) {
                labels.add(label);
            }
        }
        if (labels.size() > MAX_LABELS) {
            throw new DomainException.InvalidInput("invalid_labels", "At most " + MAX_LABELS + " labels per item.");
        }
        return List.copyOf(labels);
    }

    private static String joinLabels(List<String> values) {
        return values.isEmpty() ? null : "," + String.join(",", values) + ",";
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

    public String getDescription() {
        return description;
    }

    public WorkItemType getType() {
        return type;
    }

    public WorkItemPriority getPriority() {
        return priority;
    }

    /** The labels in the order given, without duplicates; empty when none. */
    public List<String> getLabels() {
        if (labels == null || labels.length() < 2) {
            return List.of();
        }
        return List.of(labels.substring(1, labels.length() - 1).split(","));
    }

    public long getRank() {
        return rank;
    }

    /** Points that count in sums: unestimated items count 0. */
    public int pointsOrZero() {
        return points == null ? 0 : points;
    }

    public Instant getCreatedAt() {
        return createdAt;
    }

    public Instant getUpdatedAt() {
        return updatedAt;
    }
}
