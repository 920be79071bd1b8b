package dev.loopline.iteration;

import java.time.Clock;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.data.domain.Page;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import dev.loopline.common.CurrentActor;
import dev.loopline.common.DomainException;
import dev.loopline.common.Role;

/** Plans iterations, moves them through the phases past the registered gates, and keeps their boards. */
@Service
@Transactional
public class IterationService {

    private final IterationRepository iterations;
    private final WorkItemRepository workItems;
    private final List<PhaseGate> gates;
    private final List<IterationBranches> branchLookups;
    private final List<IterationStatus> statusProviders;
    private final List<IterationPanel> panels;
    private final List<IterationDatabases> databaseLookups;
    private final List<IterationPeople> people;
    private final ApplicationEventPublisher events;
    private final Clock clock;
    private final PlanningService planning;

    IterationService(IterationRepository iterations, WorkItemRepository workItems, List<PhaseGate> gates,
            List<IterationBranches> branchLookups, List<IterationStatus> statusProviders,
            List<IterationDatabases> databaseLookups, List<IterationPeople> people, ApplicationEventPublisher events,
            Clock clock, PlanningService planning, List<IterationPanel> panels) {
        this.panels = panels.stream().sorted(java.util.Comparator.comparingInt(IterationPanel::order)).toList();
        this.people = List.copyOf(people);
        this.planning = planning;
        this.databaseLookups = List.copyOf(databaseLookups);
        this.statusProviders = List.copyOf(statusProviders);
        this.iterations = iterations;
        this.workItems = workItems;
        this.gates = List.copyOf(gates);
        this.branchLookups = List.copyOf(branchLookups);
        this.events = events;
        this.clock = clock;
    }

    @Transactional(readOnly = true)
    public Page<Iteration> list(dev.loopline.common.Paging paging) {
        return iterations.findAllByOrderByStartsOnDescIdDesc(paging.pageRequest());
    }

    /** The team's current date, in its time zone ({@link PlanningProperties}). */
    public LocalDate today() {
        return planning.today();
    }

    /** Iterations that have not ended yet in the team's calendar, soonest first: what the dashboard shows. */
    @Transactional(readOnly = true)
    public List<Iteration> current() {
        return iterations.findTop6ByEndsOnGreaterThanEqualOrderByStartsOnAscIdAsc(planning.today());
    }

    @Transactional(readOnly = true)
    public Iteration get(long id) {
        return iterations.findById(id).orElseThrow(() -> new DomainException.NotFound("Iteration", id));
    }

    /**
     * Creates an iteration. {@code 400 invalid_<field>} for what {@link IterationDraft#validate()} refuses, and
     * {@code 400 invalid_database} when the draft names a database that does not exist.
     */
    @PreAuthorize(Role.PLANNERS)
    public Iteration create(IterationDraft draft) {
        draft.validate();
        requireDatabaseExists(draft.normalizedDatabase());
        Iteration iteration = iterations.save(new Iteration(draft, CurrentActor.get(), clock.instant()));
        events.publishEvent(new IterationEvents.IterationCreated(iteration.getId(), iteration.getName(),
                iteration.getDatabase(), iteration.getStartsOn()));
        return iteration;
    }

    /** Replaces name, goal, dates and database; errors as {@link #create}. A database only counts when it changes. */
    @PreAuthorize(Role.PLANNERS)
    public Iteration update(long id, IterationDraft draft) {
        Iteration iteration = get(id);
        draft.validate();
        if (!java.util.Objects.equals(iteration.getDatabase(), draft.normalizedDatabase())) {
            requireDatabaseExists(draft.normalizedDatabase());
        }
        iteration.edit(draft);
        return iterations.save(iteration);
    }

    /** The databases an iteration may be linked to, for the form's suggestions. */
    @Transactional(readOnly = true)
    public List<String> databaseNames() {
        return databaseLookups.stream().flatMap(lookup -> lookup.names().stream()).distinct().sorted().toList();
    }

    private void requireDatabaseExists(String database) {
        if (database != null && !databaseLookups.isEmpty()
                && databaseLookups.stream().noneMatch(lookup -> lookup.exists(database))) {
            throw new DomainException.InvalidInput("invalid_database", "There is no database named "
                    + database + ". Create it first, or leave the iteration's database empty.");
        }
    }

    /**
     * Deletes the iteration, its board and history. Its branch is never deleted silently: {@code deleteBranch}
     * carries the user's answer to the module that owns branches.
     */
    @PreAuthorize(Role.PLANNERS)
    public void delete(long id, boolean deleteBranch) {
        Iteration iteration = get(id);
        if (iteration.isCompleted()) {
            throw new DomainException.Conflict("iteration_completed", "\"" + iteration.getName() + "\" is completed: "
                    + "its record (committed and completed points) is what velocity and the capacity hint are made of, "
                    + "so it stays.");
        }
        workItems.deleteAll(workItems.findByIterationIdOrderByIdAsc(id));
        iterations.delete(iteration);
        events.publishEvent(new IterationEvents.IterationDeleted(id, iteration.getName(), iteration.getDatabase(),
                deleteBranch));
    }

    /** The iteration's branch, if a module that owns branches made one. */
    @Transactional(readOnly = true)
    public java.util.Optional<IterationBranches.LinkedBranch> branchOf(long iterationId) {
        return branchLookups.stream().map(lookup -> lookup.branchOf(iterationId)).flatMap(java.util.Optional::stream)
                .findFirst();
    }

    /** What other modules say about the iteration (deploy request, revert window…). */
    @Transactional(readOnly = true)
    public List<IterationStatus.Line> statusOf(Iteration iteration) {
        if (iteration.getDatabase() == null) {
            return List.of();
        }
        return statusProviders.stream().filter(p -> p.phases().contains(iteration.getPhase()))
                .flatMap(p -> p.linesFor(iteration.getId(), iteration.getDatabase()).stream()).toList();
    }

    /** The evidence panels other modules show for the iteration, in their order. */
    @Transactional(readOnly = true)
    public List<IterationPanel.View> panelsOf(Iteration iteration) {
        return panels.stream().map(p -> p.panelFor(iteration.getId(), iteration.getDatabase(), iteration.getPhase()))
                .flatMap(java.util.Optional::stream).toList();
    }

    /** The iteration branch's own schema changes since it was made, and its parent's changes since then. */
    @Transactional(readOnly = true)
    public IterationBranches.SchemaComparison schemaChangesOf(long iterationId) {
        return branchLookups.stream().map(lookup -> lookup.schemaChangesOf(iterationId))
                .filter(c -> !c.branch().isEmpty() || !c.parentSince().isEmpty())
                .findFirst().orElse(IterationBranches.SchemaComparison.NONE);
    }

    /** Where the creation of the iteration's branch stands (scheduled, running, failed with why). */
    @Transactional(readOnly = true)
    public IterationBranches.BranchCreation branchCreationOf(long iterationId) {
        return branchLookups.stream().map(lookup -> lookup.creationOf(iterationId))
                .filter(c -> c.stage() != IterationBranches.BranchCreation.Stage.NONE)
                .findFirst().orElse(IterationBranches.BranchCreation.NONE);
    }

    /** Iterations under way today that name a database: those whose branch should exist by now. */
    @Transactional(readOnly = true)
    public List<Iteration> startedWithDatabase() {
        LocalDate today = LocalDate.now(clock);
        return iterations.findByStartsOnLessThanEqualAndEndsOnGreaterThanEqualAndDatabaseIsNotNullOrderByIdAsc(today,
                today);
    }

    /**
     * Asks for the iteration's branch to be created now: after a failed attempt (retry), or when it has none.
     * {@code 409 no_database} without a database, {@code 409 branch_exists} when it has a usable branch,
     * {@code 409 branch_creation_running} while an attempt runs. Audited.
     */
    @PreAuthorize(Role.PLANNERS_AND_OPERATORS)
    public void requestBranch(long id) {
        Iteration iteration = get(id);
        if (iteration.getDatabase() == null) {
            throw new DomainException.Conflict("no_database", "The iteration names no database; edit it to pick one.");
        }
        IterationBranches.BranchCreation creation = branchCreationOf(id);
        if (creation.running()) {
            throw new DomainException.Conflict("branch_creation_running", "The branch is being created right now.");
        }
        if (!creation.failed() && branchOf(id).isPresent()) {
            throw new DomainException.Conflict("branch_exists", "The iteration already has its branch "
                    + branchOf(id).get().name() + ".");
        }
        events.publishEvent(new IterationEvents.BranchRequested(id, iteration.getName(), iteration.getDatabase(),
                creation.failure()));
    }

    /** What each gate that guards the move says about moving {@code id} to {@code target}; empty when none does. */
    @Transactional(readOnly = true)
    public List<GateOutcome> checkGates(long id, Phase target) {
        return checkGates(get(id), target);
    }

    private List<GateOutcome> checkGates(Iteration iteration, Phase target) {
        var context = new PhaseGate.GateContext(iteration.getId(), iteration.getName(), iteration.getDatabase(),
                iteration.getPhase(), target);
        return gates.stream().filter(gate -> gate.guards(context)).map(gate -> {
            var verdict = gate.check(context);
            return new GateOutcome(gate.name(), verdict.passed(), verdict.reason());
        }).toList();
    }

    /**
     * Moves the iteration to {@code target}: forward one phase or back to any earlier one. Failing gates refuse the
     * move ({@code 409 gate_not_met}) unless an admin gives an {@code overrideReason}.
     */
    @PreAuthorize(Role.PLANNERS)
    public Iteration movePhase(long id, Phase target, String overrideReason) {
        Iteration iteration = get(id);
        iteration.checkMoveAllowed(target);
        List<GateOutcome> failed = checkGates(iteration, target).stream().filter(o -> !o.passed()).toList();
        iteration.moveTo(target, failed, overrideReason, CurrentActor.get(), clock.instant());
        return iterations.save(iteration);
    }

    /** What an automatic move did: moved (to {@code phase}), nothing to do, or blocked by gates ({@code blockedBy}). */
    public record AutoMove(Outcome outcome, Phase phase, String blockedBy) {

        public enum Outcome { MOVED, NOTHING_TO_DO, BLOCKED }
    }

    /**
     * Moves the iteration forward to {@code target} because evidence arrived ({@code evidence}, e.g. {@code build
     * ci#12}, is kept as the reason in the phase history, by "automation"). Steps one phase at a time, asking the gates
     * at each step; a failing gate stops it there and the iteration shows why. Does nothing when automatic moves are
     * off, the iteration is completed or unknown, or it is already at or past {@code target}: never backwards.
     * Called by the modules that see evidence (pipeline); runs in its own transaction.
     */
    @Transactional(propagation = org.springframework.transaction.annotation.Propagation.REQUIRES_NEW)
    public AutoMove advanceAutomatically(long iterationId, Phase target, String evidence) {
        Iteration iteration = iterations.findById(iterationId).orElse(null);
        if (iteration == null || !iteration.isAutoPhase() || iteration.isCompleted()) {
            return new AutoMove(AutoMove.Outcome.NOTHING_TO_DO, iteration == null ? null : iteration.getPhase(), null);
        }
        Phase goal = target;
        String reason = evidence;
        // evidence a gate held back earlier still counts: aim for the furthest phase asked for
        Phase pending = iteration.getAutoPhaseTarget();
        if (pending != null && pending.ordinal() > goal.ordinal()) {
            goal = pending;
            reason = iteration.getAutoPhaseEvidence();
        }
        if (iteration.getPhase().ordinal() >= goal.ordinal()) {
            return new AutoMove(AutoMove.Outcome.NOTHING_TO_DO, iteration.getPhase(), null);
        }
        while (iteration.getPhase().ordinal() < goal.ordinal()) {
            Phase next = iteration.getPhase().next().orElseThrow();
            List<GateOutcome> failed = checkGates(iteration, next).stream().filter(o -> !o.passed()).toList();
            if (!failed.isEmpty()) {
                String why = failed.stream().map(o -> o.gate() + ": " + o.reason()).collect(Collectors.joining(" "));
                iteration.blockAutomaticMove(next, goal, why, reason, clock.instant());
                iterations.save(iteration);
                return new AutoMove(AutoMove.Outcome.BLOCKED, iteration.getPhase(), why);
            }
            iteration.advanceAutomatically(next, reason, clock.instant());
        }
        iterations.save(iteration);
        return new AutoMove(AutoMove.Outcome.MOVED, iteration.getPhase(), null);
    }

    /**
     * Iterations whose automatic move a gate held back, by id: when a gate may have opened (a freeze ended, a
     * deployment went live), the module that knows calls {@link #advanceAutomatically} with {@link Phase#PLAN} for
     * each, which tries the held-back move again with its own evidence.
     */
    @Transactional(readOnly = true)
    public List<Long> withHeldBackMoves() {
        return iterations.findIdsWithHeldBackMoves();
    }

    /** Switches automatic phase moves on or off (planners); audited. */
    @PreAuthorize(Role.PLANNERS)
    public Iteration setAutoPhase(long id, boolean on) {
        Iteration iteration = get(id);
        iteration.switchAutoPhase(on);
        return iterations.save(iteration);
    }

    @Transactional(readOnly = true)
    public List<WorkItem> workItems(long iterationId) {
        return workItems.findByIterationIdOrderByRankAscIdAsc(iterationId);
    }

    /** Work items assigned to {@code username} that are not done, in iterations or the backlog, latest change first. */
    @Transactional(readOnly = true)
    public List<WorkItem> openWorkOf(String username) {
        return workItems.findByAssigneeAndStatusNotOrderByUpdatedAtDescIdDesc(username, WorkItemStatus.DONE);
    }

    @Transactional(readOnly = true)
    public Progress progress(long iterationId) {
        return Progress.of(workItems(iterationId));
    }

    /** Progress of several iterations at once, for lists. */
    @Transactional(readOnly = true)
    public Map<Long, Progress> progress(List<Iteration> of) {
        Map<Long, List<WorkItem>> byIteration = workItems.findByIterationIdIn(of.stream().map(Iteration::getId).toList())
                .stream().collect(Collectors.groupingBy(WorkItem::getIterationId));
        return of.stream().collect(Collectors.toMap(Iteration::getId,
                it -> Progress.of(byIteration.getOrDefault(it.getId(), List.of()))));
    }

    /** Adds an item at the bottom of the iteration's board; see {@link PlanningService#create}. */
    @PreAuthorize(Role.PLANNERS)
    public WorkItem addWorkItem(long iterationId, WorkItemChanges item) {
        return planning.create(item, iterationId);
    }

    @Transactional(readOnly = true)
    public WorkItem getWorkItem(long id) {
        return workItems.findById(id).orElseThrow(() -> new DomainException.NotFound("Work item", id));
    }

    /**
     * Changes a work item where it is; see {@link PlanningService#update}. Planners change anything; developers move
     * cards and take or hand over work. An assignee must be one of Loopline's users ({@code 400 invalid_assignee}
     * otherwise); an empty one unassigns.
     */
    @PreAuthorize(Role.PLANNERS_AND_DEVELOPERS)
    public WorkItem updateWorkItem(long id, WorkItemChanges changes) {
        return planning.update(id, changes, PlanningService.Move.NONE);
    }

    /** Deletes a work item from its board; audited. */
    @PreAuthorize(Role.PLANNERS)
    public void deleteWorkItem(long id) {
        planning.delete(id);
    }

    /** The people work can be assigned to: Loopline's enabled users, by user name. */
    @Transactional(readOnly = true)
    public List<String> assignableUsers() {
        return people.stream().flatMap(p -> p.assignable().stream()).distinct().sorted().toList();
    }

    /** Assignees already used on the board, for suggestions. */
    @Transactional(readOnly = true)
    public List<String> assignees(long iterationId) {
        return workItems(iterationId).stream().map(WorkItem::getAssignee).filter(a -> a != null).distinct()
                .sorted(Comparator.naturalOrder()).toList();
    }
}
