package dev.loopline.deployrequest;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

import dev.loopline.common.Actor;
import dev.loopline.common.CurrentActor;
import dev.loopline.common.DomainException;
import dev.loopline.common.Role;
import dev.loopline.database.Branch;
import dev.loopline.database.BranchService;
import dev.loopline.database.DatabaseService;
import dev.loopline.schema.LintFinding;
import dev.loopline.schema.SchemaChanges;
import dev.loopline.schema.SchemaConflicts;
import dev.loopline.schema.SchemaDiff;
import dev.loopline.schema.SchemaLint;
import dev.loopline.schema.SchemaSnapshot;
import dev.loopline.schema.TableChange;
import tools.jackson.databind.json.JsonMapper;

/**
 * Opens deploy requests, measures them (diff, lint, conflicts), takes reviews and closes them. Approvals count
 * only from distinct operators or admins other than the opener, and only while the branch's schema is the one they
 * approved.
 */
@Service
public class DeployRequestService {

    private final DeployRequestRepository requests;
    private final ReviewRepository reviews;
    private final BranchService branches;
    private final DatabaseService databases;
    private final ApplicationEventPublisher events;
    private final TransactionTemplate tx;
    private final Clock clock;
    private final DataLint dataLint;
    private final JsonMapper json = JsonMapper.builder().build();

    DeployRequestService(DeployRequestRepository requests, ReviewRepository reviews, BranchService branches,
            DatabaseService databases, ApplicationEventPublisher events, TransactionTemplate tx, Clock clock, DataLint dataLint) {
        this.dataLint = dataLint;
        this.requests = requests;
        this.reviews = reviews;
        this.branches = branches;
        this.databases = databases;
        this.events = events;
        this.tx = tx;
        this.clock = clock;
    }

    /**
     * Opens a deploy request from development branch {@code branchName} into {@code intoBranch} (default: its
     * parent). {@code 400} for a production source or a branch into itself, {@code 422 into_branch_not_safe} for a
     * target without safe migrations (a development branch), {@code 422 no_changes} when the branch changes nothing,
     * {@code 409} when the branch already has an open one.
     */
    public DeployRequest open(String database, String branchName, String intoBranch, String notes, boolean autoApply) {
        Actor actor = CurrentActor.require(Role.DEVELOPER, "open deploy requests");
        if (notes != null && !notes.isBlank()) {
            // bad input is a 400 before any rule about the branch is looked at
            dev.loopline.common.TextLimits.require("notes", notes.trim(), dev.loopline.common.TextLimits.DEPLOY_REQUEST_NOTES);
        }
        Branch branch = branches.get(database, branchName);
        branch.requireReady();
        if (branch.isProduction()) {
            throw new DomainException.InvalidInput("production_branch", branchName + " is a production branch: open "
                    + "deploy requests from a development branch.");
        }
        String target = intoBranch == null || intoBranch.isBlank() ? branch.getParentBranch() : intoBranch.trim();
        if (target == null) {
            throw new DomainException.InvalidInput("invalid_into_branch", "Name the branch to deploy into.");
        }
        Branch into = branches.get(database, target);
        into.requireReady();
        if (target.equals(branchName)) {
            throw new DomainException.InvalidInput("invalid_into_branch", "A branch cannot be deployed into itself.");
        }
        into.requireAcceptsDeployRequests();
        requests.findFirstByDatabaseAndBranchAndOpenTrue(database, branchName).ifPresent(existing -> {
            throw new DomainException.Conflict("deploy_request_exists", branchName + " already has open deploy request #"
                    + existing.getNumber() + ".");
        });
        DeployAnalysis analysis = analyse(branch, into, true);
        if (analysis.diff().isEmpty()) {
            throw new DomainException.Refused("no_changes", branchName + " has the same schema as when it was made from "
                    + target + ": there is nothing to deploy. Change its schema first, then open a deploy request.");
        }
        return tx.execute(status -> {
            DeployRequest request = requests.save(new DeployRequest(database, requests.maxNumber(database) + 1,
                    branchName, target, notes, autoApply, !analysis.diff().isEmpty(), actor, clock.instant()));
            events.publishEvent(new DeployRequestEvents.Opened(database, request.getNumber(), branchName, target,
                    analysis.diff().tables().size()));
            return request;
        });
    }

    public List<DeployRequest> list(String database, Boolean open, String branch) {
        databases.get(database);
        return requests.search(database, open, branch == null || branch.isBlank() ? null : branch);
    }

    public DeployRequest get(String database, int number) {
        return requests.findByDatabaseAndNumber(database, number)
                .orElseThrow(() -> new DomainException.NotFound("Deploy request", database + "#" + number));
    }

    /** Diff, lint and conflicts as of now, against the target as it is now. */
    public DeployAnalysis analyse(DeployRequest request) {
        boolean started = request.getDeploymentState() != DeploymentState.READY
                && request.getDeploymentState() != DeploymentState.NO_CHANGES;
        // once started, the runner has checked the data itself; scanning production again on every view only costs
        DeployAnalysis analysis = analyse(branches.get(request.getDatabase(), request.getBranch()),
                branches.get(request.getDatabase(), request.getIntoBranch()), !started);
        // once a deploy has started the target carries (or carried) the change itself: that is not a conflict
        return started ? new DeployAnalysis(analysis.diff(), analysis.errors(), analysis.warnings(), List.of(),
                analysis.branchSchema(), analysis.targetSchema(), analysis.resultSchema()) : analysis;
    }

    /** Diff, schema lint and conflicts without scanning the target's rows: for lists of many requests. */
    DeployAnalysis analyseQuickly(DeployRequest request) {
        return analyse(branches.get(request.getDatabase(), request.getBranch()),
                branches.get(request.getDatabase(), request.getIntoBranch()), false);
    }

    /** Rows of the altered tables on the target, keyed as lint names them ({@link TableChange#displayName()}). */
    private java.util.Map<String, Long> rowCounts(Branch into, List<TableChange> altered) {
        java.util.Map<String, Long> counts = new java.util.HashMap<>();
        altered.stream().collect(java.util.stream.Collectors.groupingBy(TableChange::schema,
                java.util.stream.Collectors.mapping(TableChange::table, java.util.stream.Collectors.toList())))
                .forEach((schema, tables) -> branches.rowCounts(into, schema, tables).forEach((table, rows) ->
                        counts.put(SchemaSnapshot.PUBLIC.equals(schema) ? table
                                : dev.loopline.schema.SqlNames.qualified(schema, table), rows)));
        return counts;
    }

    private DeployAnalysis analyse(Branch branch, Branch into, boolean checkData) {
        SchemaSnapshot branchSchema = branches.schema(branch);
        SchemaSnapshot target = branches.schema(into);
        SchemaSnapshot base = branches.baseSchema(branch).orElse(target);
        SchemaDiff diff = SchemaDiff.between(base, branchSchema);
        var conflicts = SchemaConflicts.find(base, branchSchema, target, into.getName());
        SchemaSnapshot result = applied(base, target, branchSchema, diff);
        List<TableChange> altered = diff.tables().stream().filter(t -> t.kind() == TableChange.Kind.ALTER).toList();
        var findings = new ArrayList<>(SchemaLint.check(target, result, rowCounts(into, altered)));
        // what production's rows cannot take fails the copy halfway: refused before anyone approves
        findings.addAll(dataLint.check(into, altered.stream().filter(t -> checkData
                && target.exactTable(t.schema(), t.table()).isPresent() && result.exactTable(t.schema(), t.table()).isPresent())
                .map(t -> new dev.loopline.engine.DataCheck.Change(target.exactTable(t.schema(), t.table()).orElseThrow(),
                        result.exactTable(t.schema(), t.table()).orElseThrow(), t.schema())).toList()));
        // a table both sides changed has no merge yet: its lint would describe a merge that drops the target's
        // changes, not the branch's own; the conflict says what to do, and lint runs again once it is resolved
        Set<String> conflicted = conflicts.stream().map(dev.loopline.schema.SchemaConflicts.Conflict::table)
                .collect(Collectors.toSet());
        findings.removeIf(finding -> conflicted.contains(finding.table()));
        // expressions that would run with Loopline's admin rights during the copy: refused before anyone approves
        branches.hostFunctionUses(branch).forEach(use -> findings.add(new LintFinding(LintFinding.Severity.ERROR,
                "host_function", use.object(), "The " + use.describe() + ", which reaches outside the database. "
                        + "Drop or change it on " + branch.getName() + "; Loopline will not deploy it.")));
        return new DeployAnalysis(diff,
                findings.stream().filter(f -> f.severity() == LintFinding.Severity.ERROR).toList(),
                findings.stream().filter(f -> f.severity() == LintFinding.Severity.WARNING).toList(),
                conflicts, branchSchema, target, result);
    }

    /**
     * The target with the branch's changed tables and its changes to schema-level objects since {@code base} put in:
     * what the target will look like after the deploy.
     */
    static SchemaSnapshot applied(SchemaSnapshot base, SchemaSnapshot target, SchemaSnapshot branch, SchemaDiff diff) {
        SchemaSnapshot result = dev.loopline.schema.SchemaObjectMerge.merge(base, branch, target, List.of());
        // tables schema by schema: the target's, with the ones the branch changed since its base taken from the branch
        for (String schema : result.schemaNames()) {
            Set<String> changed = diff.tables().stream().filter(c -> c.schema().equals(schema)).map(TableChange::table)
                    .collect(Collectors.toSet());
            List<SchemaSnapshot.Table> tables = new ArrayList<>(target.tablesIn(schema).stream()
                    .filter(t -> !changed.contains(t.name())).toList());
            branch.tablesIn(schema).stream().filter(t -> changed.contains(t.name())).forEach(tables::add);
            result = result.withTablesIn(schema, tables);
        }
        return result;
    }

    public List<Review> reviews(DeployRequest request) {
        return reviews.findByDeployRequestIdOrderByCreatedAtAscIdAsc(request.getId());
    }

    /**
     * Dismisses approvals given to another schema than the branch has now, with a comment saying what changed.
     * Called whenever a request is looked at or acted on.
     */
    public void dismissStaleApprovals(DeployRequest request, SchemaSnapshot branchSchema) {
        tx.executeWithoutResult(status -> {
            for (Review review : reviews(request)) {
                if (review.getKind() != Review.Kind.APPROVED && review.getKind() != Review.Kind.NOT_A_RENAME
                        || review.getApprovedSchema() == null) {
                    continue;
                }
                SchemaSnapshot approved = json.readValue(review.getApprovedSchema(), SchemaSnapshot.class);
                if (!approved.definition().equals(branchSchema.definition())) {
                    Review dismissed = reviews.findById(review.getId()).orElseThrow();
                    dismissed.dismiss();
                    String change = String.join("; ", SchemaChanges.describe(approved, branchSchema));
                    String what = review.getKind() == Review.Kind.APPROVED ? "Approval" : "Confirmation (not a rename)";
                    reviews.save(new Review(request.getId(), "loopline", Review.Kind.COMMENTED, what + " by "
                            + review.getReviewer() + " dismissed: the branch schema changed after it (" + change + ").",
                            null, clock.instant()));
                    events.publishEvent(new DeployRequestEvents.ApprovalDismissed(request.getDatabase(),
                            request.getNumber(), review.getReviewer(), change));
                }
            }
        });
    }

    /** Distinct reviewers whose approvals still stand. */
    public List<String> approvers(DeployRequest request) {
        return reviews(request).stream().filter(r -> r.getKind() == Review.Kind.APPROVED).map(Review::getReviewer)
                .distinct().toList();
    }

    /** Whether the author confirmed, for the branch schema as it is now, that no possible rename is a rename. */
    public boolean isRenameConfirmed(DeployRequest request) {
        return reviews(request).stream().anyMatch(r -> r.getKind() == Review.Kind.NOT_A_RENAME);
    }

    /** Who may confirm a request's possible renames: its author (or their tokens) and admins. */
    /** Whether {@code actor} may approve: an operator (or admin) who did not open it, nor did their token. */
    public boolean mayApprove(DeployRequest request, Actor actor) {
        return actor.has(Role.OPERATOR) && !request.isOwnedBy(actor);
    }

    public boolean mayConfirmRenames(DeployRequest request, Actor actor) {
        return request.isOwnedBy(actor) || actor.has(Role.ADMIN);
    }

    public boolean isApproved(DeployRequest request) {
        return approvers(request).size() >= databases.get(request.getDatabase()).getRequiredApprovals();
    }

    /** A review as {@link #review} leaves it: {@code created} is false when a standing approval was returned. */
    public record ReviewOutcome(Review review, boolean created) {
    }

    /**
     * Adds a review: {@code approved} (operators and admins, never the opener: {@code 403}), {@code commented}, or
     * {@code not_a_rename} (the author). One approval per reviewer: approving again while one's approval still
     * stands is idempotent, records nothing and returns the standing approval ({@code created} false; the API
     * answers {@code 200} instead of {@code 201}). Approvals of one request are serialized on its row, so two
     * parallel approvals by the same reviewer also leave one.
     */
    public ReviewOutcome review(String database, int number, String state, String body) {
        DeployRequest request = get(database, number);
        request.requireOpen();
        Actor actor = CurrentActor.get();
        boolean approve = "approved".equalsIgnoreCase(Objects.requireNonNullElse(state, ""));
        boolean notRename = "not_a_rename".equalsIgnoreCase(Objects.requireNonNullElse(state, ""));
        if (!approve && !notRename && !"commented".equalsIgnoreCase(Objects.requireNonNullElse(state, ""))) {
            throw new DomainException.InvalidInput("invalid_state", "A review's state is approved, commented or not_a_rename.");
        }
        String approvedSchema = null;
        if (notRename) {
            if (!mayConfirmRenames(request, actor)) {
                throw new DomainException.Forbidden("forbidden", "Only the author of deploy request #" + number
                        + " (or an admin) confirms that its changes are not renames.");
            }
            SchemaSnapshot branchSchema = branches.schema(branches.get(database, request.getBranch()));
            dismissStaleApprovals(request, branchSchema);
            approvedSchema = json.writeValueAsString(branchSchema);
            if (body == null || body.isBlank()) {
                body = "Confirmed: the dropped and added columns (or tables) are not renames; the dropped data is not needed.";
            }
        }
        else if (approve) {
            if (!actor.has(Role.OPERATOR)) {
                throw new DomainException.Forbidden("forbidden", "Only operators and admins approve deploy requests.");
            }
            if (request.isOwnedBy(actor)) {
                throw new DomainException.Forbidden("self_approval", "You opened deploy request #" + number
                        + " (or it was opened by your token): someone else must approve it.");
            }
            SchemaSnapshot branchSchema = branches.schema(branches.get(database, request.getBranch()));
            dismissStaleApprovals(request, branchSchema);
            approvedSchema = json.writeValueAsString(branchSchema);
        }
        else if (body == null || body.isBlank()) {
            throw new DomainException.InvalidInput("invalid_body", "Write something in the comment.");
        }
        String schema = approvedSchema;
        String text = body;
        return tx.execute(status -> {
            if (approve) {
                requests.lockById(request.getId());
                var standing = reviews.findFirstByDeployRequestIdAndReviewerAndKind(request.getId(),
                        actor.displayName(), Review.Kind.APPROVED);
                if (standing.isPresent()) {
                    return new ReviewOutcome(standing.get(), false);
                }
            }
            Review review = reviews.save(new Review(request.getId(), actor.displayName(), approve ? Review.Kind.APPROVED
                    : notRename ? Review.Kind.NOT_A_RENAME : Review.Kind.COMMENTED, text, schema, clock.instant()));
            events.publishEvent(new DeployRequestEvents.Reviewed(database, number, review.getKind().apiName(),
                    review.getBody()));
            return new ReviewOutcome(review, true);
        });
    }

    public DeployRequest close(String database, int number) {
        CurrentActor.require(Role.DEVELOPER, "close deploy requests");
        return tx.execute(status -> {
            DeployRequest request = get(database, number);
            request.close(clock.instant());
            events.publishEvent(new DeployRequestEvents.Closed(database, number));
            return requests.save(request);
        });
    }

}
