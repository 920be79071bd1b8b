package dev.loopline.iteration;

import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.OptionalLong;

import jakarta.persistence.EntityManager;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.data.domain.PageRequest;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import dev.loopline.common.DomainException;
import dev.loopline.common.Role;

/**
 * Planning: the backlog and its ranked order, moving items between the backlog and iterations, starting an iteration
 * with its committed scope, completing it with carry-over, and the burndown and velocity computed from what was
 * recorded. Every change of a running iteration's points is recorded as a {@link PointEvent}, so past days of a
 * burndown stay as they were.
 */
@Service
@Transactional
public class PlanningService {

    /** Most iterations {@link #velocity(int)} looks back over. */
    public static final int MAX_VELOCITY_ITERATIONS = 50;

    private final WorkItemRepository workItems;
    private final IterationRepository iterations;
    private final PointEventRepository pointEvents;
    private final WorkItemCommentRepository comments;
    private final PlanningProperties calendar;
    private final List<IterationPeople> people;
    private final EntityManager entityManager;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    PlanningService(WorkItemRepository workItems, IterationRepository iterations, PointEventRepository pointEvents,
            WorkItemCommentRepository comments, PlanningProperties calendar, List<IterationPeople> people,
            EntityManager entityManager, ApplicationEventPublisher events, Clock clock) {
        this.people = List.copyOf(people);
        this.comments = comments;
        this.workItems = workItems;
        this.iterations = iterations;
        this.pointEvents = pointEvents;
        this.calendar = calendar;
        this.entityManager = entityManager;
        this.events = events;
        this.clock = clock;
    }

    /** What the backlog list filters by; {@code null} fields do not filter. */
    public record BacklogFilter(WorkItemType type, String label, String assignee, String text) {
    }

    /** The backlog (items in no iteration) in rank order, filtered. */
    @Transactional(readOnly = true)
    public List<WorkItem> backlog(BacklogFilter filter) {
        String text = filter.text() == null || filter.text().isBlank() ? null : filter.text().strip().toLowerCase(Locale.ROOT);
        return workItems.findByIterationIdIsNullOrderByRankAscIdAsc().stream()
                .filter(item -> filter.type() == null || item.getType() == filter.type())
                .filter(item -> blank(filter.label()) || item.getLabels().stream().anyMatch(filter.label().strip()::equalsIgnoreCase))
                .filter(item -> blank(filter.assignee()) || filter.assignee().strip().equalsIgnoreCase(item.getAssignee()))
                .filter(item -> text == null || item.getTitle().toLowerCase(Locale.ROOT).contains(text)
                        || (item.getDescription() != null && item.getDescription().toLowerCase(Locale.ROOT).contains(text)))
                .toList();
    }

    /** An iteration's items in rank order. */
    @Transactional(readOnly = true)
    public List<WorkItem> itemsOf(long iterationId) {
        return workItems.findByIterationIdOrderByRankAscIdAsc(iterationId);
    }

    /**
     * Creates an item at the bottom of the backlog ({@code iterationId == null}) or of an iteration; in a running
     * iteration its points count as a scope change. {@code 404} for an unknown iteration, {@code 409
     * iteration_completed} for a completed one.
     */
    @PreAuthorize(Role.PLANNERS)
    public WorkItem create(WorkItemChanges initial, Long iterationId) {
        requireKnownAssignee(initial.assignee());
        lockPlanning();
        Iteration iteration = iterationId == null ? null : openIteration(iterationId);
        WorkItem item = workItems.save(new WorkItem(iterationId, bottomRank(iterationId), initial, clock.instant()));
        record(item.getId(), null, 0, 0, iteration, contribution(item), clock.instant());
        events.publishEvent(new IterationEvents.WorkItemCreated(iterationId, iteration == null ? null
                : iteration.getName(), item.getId(), item.getTitle()));
        return item;
    }

    /**
     * Files an item at the bottom of the backlog from evidence that operators watch (query insights): planners and
     * operators may, since ops are often the ones who notice. Otherwise as {@link #create} with no iteration.
     */
    @PreAuthorize(Role.PLANNERS_AND_OPERATORS)
    public WorkItem fileIntoBacklog(WorkItemChanges initial) {
        return create(initial, null); // a call on this object: create's planner-only check does not apply here
    }

    /** Where an item goes: {@code iterationChange} says whether {@code iterationId} is meant; ranks by neighbour. */
    public record Move(boolean iterationChange, Long iterationId, Long beforeId, Long afterId) {

        public static final Move NONE = new Move(false, null, null, null);

        boolean isNone() {
            return !iterationChange && beforeId == null && afterId == null;
        }
    }

    /**
     * Changes an item's fields and, with {@code move}, its list and place: {@code beforeId} puts it just before that
     * item, {@code afterId} just after it (both must be in the target list). Records the scope and completion changes
     * of running iterations. {@code 404} when the item, the iteration or a neighbour is gone (someone deleted it),
     * {@code 409 iteration_completed} when either list is a completed iteration, {@code 400 invalid_move} for a
     * neighbour in another list or the item itself, {@code 403} for a move by someone who is not a project manager.
     */
    @PreAuthorize(Role.PLANNERS_AND_DEVELOPERS)
    public WorkItem update(long id, WorkItemChanges changes, Move move) {
        if (!move.isNone() && !dev.loopline.common.CurrentActor.get().has(Role.PROJECT_MANAGER)) {
            throw new DomainException.Forbidden("forbidden", "Only project managers plan: moving and ranking items "
                    + "between the backlog and iterations is theirs.");
        }
        lockPlanning();
        WorkItem item = workItems.findById(id).orElseThrow(() -> new DomainException.NotFound("Work item", id));
        if (changes != null && changes.assignee() != null && !changes.assignee().trim().equals(
                java.util.Objects.requireNonNullElse(item.getAssignee(), ""))) {
            requireKnownAssignee(changes.assignee());
        }
        Long fromIteration = item.getIterationId();
        Iteration from = fromIteration == null ? null : iterations.findById(fromIteration).orElse(null);
        int[] before = contribution(item);
        Long toIteration = move.iterationChange() ? move.iterationId() : fromIteration;
        boolean listChanges = !Objects.equals(toIteration, fromIteration);
        if (from != null && from.isCompleted() && (changes != null || listChanges)) {
            throw recordStays(item, from);
        }
        Iteration to = toIteration == null ? null : listChanges ? openIteration(toIteration) : from;
        if (!listChanges && to != null && to.isCompleted() && !move.isNone()) {
            throw new DomainException.Conflict("iteration_completed", "\"" + to.getName() + "\" is completed.");
        }
        if (changes != null) {
            item.change(changes, clock.instant());
        }
        if (!move.isNone()) {
            item.moveTo(toIteration, rankFor(item, toIteration, move), clock.instant());
        }
        WorkItem saved = workItems.save(item);
        record(saved.getId(), from, before[0], before[1], to, contribution(saved), clock.instant());
        if (!move.isNone()) {
            events.publishEvent(new IterationEvents.WorkItemMoved(saved.getId(), saved.getTitle(),
                    from == null ? null : from.getName(), to == null ? null : to.getName()));
        }
        return saved;
    }

    /**
     * Deletes a work item; in a running iteration its points leave the scope (and the completed points, when done).
     * Audited. {@code 404} when it is gone already; {@code 409 iteration_completed} in a completed iteration, whose
     * record stays.
     */
    @PreAuthorize(Role.PLANNERS)
    public void delete(long id) {
        lockPlanning();
        WorkItem item = workItems.findById(id).orElseThrow(() -> new DomainException.NotFound("Work item", id));
        Iteration iteration = item.getIterationId() == null ? null
                : iterations.findById(item.getIterationId()).orElse(null);
        if (iteration != null && iteration.isCompleted()) {
            throw recordStays(item, iteration);
        }
        int[] before = contribution(item);
        workItems.delete(item);
        if (iteration != null) {
            emit(iteration, id, clock.instant(), -before[0], -before[1]);
        }
        events.publishEvent(new IterationEvents.WorkItemDeleted(item.getIterationId(), item.getId(), item.getTitle()));
    }

    /** {@code 409 iteration_completed}: an item of a completed iteration stays as its record has it. */
    private static DomainException recordStays(WorkItem item, Iteration completed) {
        return new DomainException.Conflict("iteration_completed", "\"" + item.getTitle() + "\" belongs to the "
                + "completed iteration \"" + completed.getName() + "\", whose record stays as it is; comment on it "
                + "instead.");
    }

    /** {@code 400 invalid_assignee} unless the assignee is empty or one of Loopline's users. */
    private void requireKnownAssignee(String assignee) {
        if (assignee == null || assignee.isBlank() || people.isEmpty()) {
            return;
        }
        String name = assignee.trim();
        if (people.stream().noneMatch(p -> p.assignable().contains(name))) {
            throw new DomainException.InvalidInput("invalid_assignee", "There is no user named "
                    + dev.loopline.common.TextLimits.quoted(name) + " to assign this to; pick one of Loopline's users.");
        }
    }

    /**
     * Starts an iteration: its items' points become the committed scope, and items already done count as completed
     * at the start. {@code 409 already_started} / {@code already_completed}; {@code 400 invalid_capacity}.
     */
    @PreAuthorize(Role.PLANNERS)
    public Iteration start(long iterationId, Integer capacity) {
        lockPlanning();
        Iteration iteration = get(iterationId);
        List<WorkItem> items = itemsOf(iterationId);
        int committed = items.stream().mapToInt(WorkItem::pointsOrZero).sum();
        iteration.start(committed, capacity, clock.instant());
        for (WorkItem item : items) {
            if (item.getStatus() == WorkItemStatus.DONE && item.pointsOrZero() != 0) {
                pointEvents.save(new PointEvent(iterationId, item.getId(), clock.instant(), Burndown.Kind.COMPLETION,
                        item.pointsOrZero()));
            }
        }
        return iterations.save(iteration);
    }

    /** Sets the capacity the iteration is planned against ({@code null} clears it); {@code 400 invalid_capacity}. */
    @PreAuthorize(Role.PLANNERS)
    public Iteration setCapacity(long iterationId, Integer capacity) {
        Iteration iteration = get(iterationId);
        iteration.setCapacity(capacity);
        return iterations.save(iteration);
    }

    /**
     * Completes an iteration: its record (committed, completed, carried over) is kept as it is now, and its
     * unfinished items go to the bottom of the backlog ({@code carryOverTo == null}) or of another iteration that is
     * not completed. {@code 409 already_completed}; {@code 400 invalid_carry_over} for the iteration itself or a
     * completed one; {@code 404} for an unknown one.
     */
    @PreAuthorize(Role.PLANNERS)
    public Iteration complete(long iterationId, Long carryOverTo) {
        lockPlanning();
        Iteration iteration = get(iterationId);
        Iteration target = null;
        if (carryOverTo != null) {
            if (carryOverTo == iterationId) {
                throw new DomainException.InvalidInput("invalid_carry_over",
                        "Carry unfinished items over to the backlog or to another iteration, not to this one.");
            }
            target = get(carryOverTo);
            if (target.isCompleted()) {
                throw new DomainException.InvalidInput("invalid_carry_over", "\"" + target.getName()
                        + "\" is completed; carry unfinished items over to the backlog or an open iteration.");
            }
        }
        List<WorkItem> items = itemsOf(iterationId);
        List<WorkItem> unfinished = items.stream().filter(i -> i.getStatus() != WorkItemStatus.DONE).toList();
        int committed = items.stream().mapToInt(WorkItem::pointsOrZero).sum();
        int completed = items.stream().filter(i -> i.getStatus() == WorkItemStatus.DONE).mapToInt(WorkItem::pointsOrZero)
                .sum();
        iteration.complete(committed, completed, unfinished.size(), target == null ? null : target.getName(),
                clock.instant());
        iterations.save(iteration);
        for (WorkItem item : unfinished) {
            item.moveTo(carryOverTo, bottomRank(carryOverTo), clock.instant());
            workItems.saveAndFlush(item);
            record(item.getId(), null, 0, 0, target, contribution(item), clock.instant());
        }
        return iteration;
    }

    /** The iteration's burndown and burnup in the team's calendar; empty days before it starts. */
    @Transactional(readOnly = true)
    public Burndown.Lines burndown(long iterationId) {
        Iteration iteration = get(iterationId);
        LocalDate today = LocalDate.now(clock.withZone(calendar.timeZone()));
        if (!iteration.isStarted()) {
            int planned = itemsOf(iterationId).stream().mapToInt(WorkItem::pointsOrZero).sum();
            Burndown.Lines ideal = Burndown.compute(iteration.getStartsOn(), iteration.getEndsOn(), planned, List.of(),
                    calendar.workingDays(), calendar.timeZone(), iteration.getStartsOn().minusDays(1));
            return ideal;
        }
        LocalDate last = iteration.isCompleted()
                ? minDate(iteration.getCompletedAt().atZone(calendar.timeZone()).toLocalDate(), iteration.getEndsOn())
                : today;
        List<Burndown.Event> recorded = pointEvents.findByIterationIdOrderByOccurredAtAscIdAsc(iterationId).stream()
                .map(PointEvent::toEvent).toList();
        return Burndown.compute(iteration.getStartsOn(), iteration.getEndsOn(), iteration.getCommittedPoints(), recorded,
                calendar.workingDays(), calendar.timeZone(), last);
    }

    /** Committed and completed points of one completed iteration. */
    public record VelocityPoint(long iterationId, String name, int committedPoints, int completedPoints) {
    }

    /**
     * The last {@code last} completed iterations, oldest first. {@code 400 invalid_last} outside 1 to
     * {@value #MAX_VELOCITY_ITERATIONS}.
     */
    @Transactional(readOnly = true)
    public List<VelocityPoint> velocity(int last) {
        if (last < 1 || last > MAX_VELOCITY_ITERATIONS) {
            throw new DomainException.InvalidInput("invalid_last", "Ask for the last 1 to " + MAX_VELOCITY_ITERATIONS
                    + " iterations.");
        }
        List<VelocityPoint> points = new ArrayList<>(iterations
                .findByCompletedAtIsNotNullOrderByCompletedAtDescIdDesc(PageRequest.of(0, last)).stream()
                .map(it -> new VelocityPoint(it.getId(), it.getName(), nullToZero(it.getCommittedPoints()),
                        nullToZero(it.getCompletedPoints())))
                .toList());
        java.util.Collections.reverse(points);
        return points;
    }

    /** The capacity hint: the mean completed points of the last three completed iterations, empty without any. */
    @Transactional(readOnly = true)
    public java.util.OptionalInt capacityHint() {
        List<VelocityPoint> recent = velocity(3);
        if (recent.isEmpty()) {
            return java.util.OptionalInt.empty();
        }
        return java.util.OptionalInt.of((int) Math.round(recent.stream().mapToInt(VelocityPoint::completedPoints)
                .average().orElse(0)));
    }

    /** What a project manager sees first: the running iteration, items at risk, the backlog's size. */
    public record Overview(Iteration running, Burndown.Lines burndown, List<WorkItem> atRisk, int backlogItems,
            int backlogPoints, int atRiskDays) {
    }

    /**
     * The planner's overview: the running iteration that covers today (else the most recently started running one),
     * its burndown, items in progress for more than {@link PlanningProperties#atRiskDays()} days, the backlog's size.
     */
    @Transactional(readOnly = true)
    public Overview overview() {
        LocalDate today = today();
        List<Iteration> running = iterations.findByStartedAtIsNotNullAndCompletedAtIsNullOrderByStartedAtDescIdDesc();
        Iteration current = running.stream().filter(it -> it.isActiveOn(today)).findFirst()
                .orElse(running.isEmpty() ? null : running.get(0));
        List<WorkItem> atRisk = workItems.findByStatusAndWorkStartedAtBeforeOrderByWorkStartedAtAsc(
                WorkItemStatus.IN_PROGRESS, clock.instant().minus(java.time.Duration.ofDays(calendar.atRiskDays())));
        List<WorkItem> backlog = workItems.findByIterationIdIsNullOrderByRankAscIdAsc();
        return new Overview(current, current == null ? null : burndown(current.getId()), atRisk, backlog.size(),
                backlog.stream().mapToInt(WorkItem::pointsOrZero).sum(), calendar.atRiskDays());
    }

    /** A work item's comments, oldest first. */
    @Transactional(readOnly = true)
    public List<WorkItemComment> comments(long workItemId) {
        return comments.findByWorkItemIdOrderByCreatedAtAscIdAsc(workItemId);
    }

    /**
     * Adds a comment (Markdown) by the current person or token. {@code 404} for an unknown item; {@code 400
     * invalid_body} for an empty or too long one.
     */
    @PreAuthorize(Role.PLANNERS_AND_DEVELOPERS)
    public WorkItemComment comment(long workItemId, String body) {
        WorkItem item = workItems.findById(workItemId)
                .orElseThrow(() -> new DomainException.NotFound("Work item", workItemId));
        WorkItemComment saved = comments.save(new WorkItemComment(workItemId,
                dev.loopline.common.CurrentActor.get().displayName(), body, clock.instant()));
        events.publishEvent(new IterationEvents.WorkItemCommented(workItemId, item.getTitle(), saved.getId()));
        return saved;
    }

    /** The team's current date, in its time zone. */
    public LocalDate today() {
        return LocalDate.now(clock.withZone(calendar.timeZone()));
    }

    private Iteration get(long id) {
        return iterations.findById(id).orElseThrow(() -> new DomainException.NotFound("Iteration", id));
    }

    private Iteration openIteration(long id) {
        Iteration iteration = get(id);
        if (iteration.isCompleted()) {
            throw new DomainException.Conflict("iteration_completed", "\"" + iteration.getName()
                    + "\" is completed; plan into the backlog or an open iteration.");
        }
        return iteration;
    }

    /** Serializes planning changes across sessions and nodes: one row, locked until the transaction ends. */
    private void lockPlanning() {
        entityManager.createNativeQuery("SELECT id FROM planning_lock WHERE id = 1 FOR UPDATE").getResultList();
    }

    private long bottomRank(Long iterationId) {
        Long max = iterationId == null ? workItems.maxRankInBacklog() : workItems.maxRankIn(iterationId);
        return Ranks.between(max, null).orElseGet(() -> renumber(iterationId, null, null));
    }

    private long rankFor(WorkItem item, Long list, Move move) {
        if (move.beforeId() == null && move.afterId() == null) {
            return Objects.equals(list, item.getIterationId()) ? item.getRank() : bottomRank(list);
        }
        List<WorkItem> others = new ArrayList<>(siblings(list));
        others.removeIf(other -> other.getId().equals(item.getId()));
        Long neighbourId = move.afterId() != null ? move.afterId() : move.beforeId();
        if (neighbourId.equals(item.getId())) {
            throw new DomainException.InvalidInput("invalid_move", "An item cannot be placed next to itself.");
        }
        int at = indexOf(others, neighbourId, list);
        int insertAt = move.afterId() != null ? at + 1 : at;
        Long above = insertAt == 0 ? null : others.get(insertAt - 1).getRank();
        Long below = insertAt == others.size() ? null : others.get(insertAt).getRank();
        OptionalLong rank = Ranks.between(above, below);
        return rank.isPresent() ? rank.getAsLong() : renumber(list, others, insertAt);
    }

    private int indexOf(List<WorkItem> others, long neighbourId, Long list) {
        for (int i = 0; i < others.size(); i++) {
            if (others.get(i).getId() == neighbourId) {
                return i;
            }
        }
        WorkItem neighbour = workItems.findById(neighbourId)
                .orElseThrow(() -> new DomainException.NotFound("Work item", neighbourId));
        throw new DomainException.InvalidInput("invalid_move", "\"" + neighbour.getTitle() + "\" is not in "
                + (list == null ? "the backlog" : "that iteration") + "; place the item next to one that is.");
    }

    /**
     * Renumbers a list {@link Ranks#GAP} apart, leaving a free slot at {@code insertAt} (or after the last item when
     * {@code others} is {@code null}), and returns that slot's rank.
     */
    private long renumber(Long list, List<WorkItem> others, Integer insertAt) {
        List<WorkItem> items = others != null ? others : siblings(list);
        int slot = insertAt == null ? items.size() : insertAt;
        long rank = Ranks.GAP;
        long free = 0;
        for (int i = 0; i <= items.size(); i++) {
            if (i == slot) {
                free = rank;
                rank += Ranks.GAP;
            }
            if (i < items.size()) {
                items.get(i).rankAt(rank);
                rank += Ranks.GAP;
            }
        }
        workItems.saveAll(items);
        return free;
    }

    private List<WorkItem> siblings(Long list) {
        return list == null ? workItems.findByIterationIdIsNullOrderByRankAscIdAsc()
                : workItems.findByIterationIdOrderByRankAscIdAsc(list);
    }

    /** What an item adds to its iteration's lines: {scope points, completed points}. */
    private static int[] contribution(WorkItem item) {
        int points = item.pointsOrZero();
        return new int[] { points, item.getStatus() == WorkItemStatus.DONE ? points : 0 };
    }

    /**
     * Records how an item's change moved the lines of the running iterations it left and entered (or stayed in):
     * the difference between what it contributed before and after.
     */
    private void record(long itemId, Iteration from, int scopeBefore, int completedBefore, Iteration to, int[] after,
            java.time.Instant at) {
        boolean same = from != null && to != null && Objects.equals(from.getId(), to.getId());
        if (same) {
            emit(from, itemId, at, after[0] - scopeBefore, after[1] - completedBefore);
            return;
        }
        if (from != null) {
            emit(from, itemId, at, -scopeBefore, -completedBefore);
        }
        if (to != null) {
            emit(to, itemId, at, after[0], after[1]);
        }
    }

    private void emit(Iteration iteration, long itemId, java.time.Instant at, int scopeDelta, int completedDelta) {
        if (!iteration.isRunning()) {
            return;
        }
        if (scopeDelta != 0) {
            pointEvents.save(new PointEvent(iteration.getId(), itemId, at, Burndown.Kind.SCOPE_CHANGE, scopeDelta));
        }
        if (completedDelta != 0) {
            pointEvents.save(new PointEvent(iteration.getId(), itemId, at, Burndown.Kind.COMPLETION, completedDelta));
        }
    }

    private static LocalDate minDate(LocalDate a, LocalDate b) {
        return a.isBefore(b) ? a : b;
    }

    private static int nullToZero(Integer value) {
        return value == null ? 0 : value;
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }
}
