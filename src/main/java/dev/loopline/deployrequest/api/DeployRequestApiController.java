package dev.loopline.deployrequest.api;

import java.time.Instant;
import java.util.List;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import dev.loopline.common.DomainException;

import dev.loopline.common.Paging;
import dev.loopline.common.Paging.PagedList;import dev.loopline.deployrequest.DeployAnalysis;
import dev.loopline.deployrequest.DeployRequest;
import dev.loopline.deployrequest.DeployRequestService;
import dev.loopline.deployrequest.DeployService;
import dev.loopline.deployrequest.Review;
import dev.loopline.schema.LintFinding;

/** {@code /api/v1/databases/{db}/deploy-requests} as API.md describes it. */
@RestController
@RequestMapping("/api/v1/databases/{database}/deploy-requests")
class DeployRequestApiController {

    private final DeployRequestService requests;
    private final DeployService deploys;

    DeployRequestApiController(DeployRequestService requests, DeployService deploys) {
        this.requests = requests;
        this.deploys = deploys;
    }

    static final java.time.Duration MAX_WAIT = java.time.Duration.ofMinutes(10);

    record OperationJson(String table, String change, String state, long rowsCopied, long rowsTotal,
            int progressPercentage) {
    }

    record DeploymentJson(String deploymentState, List<OperationJson> operations, Instant queuedAt, Instant startedAt,
            Instant readyToCutoverAt, Instant cutoverAt, Instant finishedAt, Instant revertExpiresAt,
            Long cutoverPauseMs, String statusMessage, String revertUnavailableReason) {
    }

    record OpenRequest(String branch, String intoBranch, String notes, Boolean autoApply) {
    }

    record ReviewRequest(String state, String body) {
    }

    record Finding(String code, String table, String message) {
        static Finding of(LintFinding f) {
            return new Finding(f.code(), f.table(), f.message());
        }
    }

    record ConflictJson(String table, String reason) {
    }

    record DeployRequestJson(int number, String branch, String intoBranch, String state, String deploymentState,
            boolean approved, List<String> approvedBy, List<Finding> lintErrors, List<Finding> lintWarnings,
            List<ConflictJson> conflicts, String notes, boolean autoApply, String createdBy, Instant createdAt,
            Instant closedAt) {
    }

    record TableDiff(String name, String change, List<String> statements, List<String> changes) {
    }

    /** A view, sequence, domain, schema or other schema's table that changes. */
    record ObjectDiff(String kind, String name, String change, List<String> statements, List<String> changes) {
    }

    record DiffJson(List<String> statements, List<TableDiff> tables, List<ObjectDiff> objects) {
    }

    record ReviewJson(long id, String state, String body, String reviewer, Instant createdAt) {
        static ReviewJson of(Review r) {
            return new ReviewJson(r.getId(), r.getKind().apiName(), r.getBody(), r.getReviewer(), r.getCreatedAt());
        }
    }

    private DeployRequestJson json(DeployRequest request) {
        DeployAnalysis analysis = requests.analyse(request);
        if (request.isOpen()) {
            requests.dismissStaleApprovals(request, analysis.branchSchema());
        }
        List<String> approvers = requests.approvers(request);
        return new DeployRequestJson(request.getNumber(), request.getBranch(), request.getIntoBranch(),
                request.isOpen() ? "open" : "closed", request.getDeploymentState().apiName(),
                requests.isApproved(request), approvers, analysis.errors().stream().map(Finding::of).toList(),
                analysis.warnings().stream().map(Finding::of).toList(),
                analysis.conflicts().stream().map(c -> new ConflictJson(c.table(), c.reason())).toList(),
                request.getNotes(), request.isAutoApply(), request.getOpenedBy(), request.getCreatedAt(),
                request.getClosedAt());
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    DeployRequestJson open(@PathVariable String database, @RequestBody OpenRequest body) {
        if (body.branch() == null || body.branch().isBlank()) {
            throw new DomainException.InvalidInput("invalid_branch", "Name the branch to deploy.");
        }
        return json(requests.open(database, body.branch(), body.intoBranch(), body.notes(),
                body.autoApply() == null || body.autoApply()));
    }

    @GetMapping
    PagedList<DeployRequestJson> list(@PathVariable String database, @RequestParam(required = false) String state,
            @RequestParam(required = false) String branch, Paging paging) {
        Boolean open = state == null ? null : switch (state) {
            case "open" -> true;
            case "closed" -> false;
            default -> throw new DomainException.InvalidInput("invalid_state", "state is open or closed.");
        };
        return paging.page(requests.list(database, open, branch), this::json);
    }

    @GetMapping("/{number}")
    DeployRequestJson get(@PathVariable String database, @PathVariable int number) {
        return json(requests.get(database, number));
    }

    @GetMapping("/{number}/diff")
    DiffJson diff(@PathVariable String database, @PathVariable int number) {
        var diff = requests.analyse(requests.get(database, number)).diff();
        return new DiffJson(diff.statements(), diff.tables().stream().map(t -> new TableDiff(t.displayName(),
                t.kind().apiName(), t.statements(), t.descriptions())).toList(), diff.objects().stream().map(o -> new ObjectDiff(
                o.kind(), o.name(), o.change().apiName(), o.statements(), o.descriptions())).toList());
    }

    @GetMapping("/{number}/reviews")
    PagedList<ReviewJson> reviews(@PathVariable String database, @PathVariable int number, Paging paging) {
        return paging.page(requests.reviews(requests.get(database, number)), ReviewJson::of);
    }

    /** {@code 201} with the new review; {@code 200} with the standing approval when the reviewer approved before. */
    @PostMapping("/{number}/reviews")
    org.springframework.http.ResponseEntity<ReviewJson> review(@PathVariable String database, @PathVariable int number,
            @RequestBody ReviewRequest body) {
        var outcome = requests.review(database, number, body.state(), body.body());
        return org.springframework.http.ResponseEntity.status(outcome.created() ? HttpStatus.CREATED : HttpStatus.OK)
                .body(ReviewJson.of(outcome.review()));
    }

    @GetMapping("/{number}/deployment")
    DeploymentJson deployment(@PathVariable String database, @PathVariable int number) {
        DeployRequest request = requests.get(database, number);
        var deployment = deploys.deploymentOf(request).orElseThrow(() -> new DomainException.NotFound(
                "Deployment of deploy request", database + "#" + number));
        return new DeploymentJson(request.getDeploymentState().apiName(), deployment.getOperations().stream()
                .map(op -> new OperationJson(op.displayName(), op.getKind().apiName(), op.getState().apiName(),
                        op.getRowsCopied(), op.getRowsTotal(), op.progressPercentage())).toList(),
                deployment.getQueuedAt(), deployment.getStartedAt(), deployment.getReadyToCutoverAt(),
                deployment.getCutoverAt(), deployment.getFinishedAt(), deployment.getRevertExpiresAt(),
                deployment.getCutoverPauseMs(), deployment.getStatusMessage(),
                deploys.revertBlocker(database, number).orElse(null));
    }

    @PostMapping("/{number}/deploy")
    DeployRequestJson deploy(@PathVariable String database, @PathVariable int number,
            @RequestParam(defaultValue = "false") boolean wait) {
        deploys.deploy(database, number);
        return json(wait ? deploys.awaitSettled(database, number, MAX_WAIT) : requests.get(database, number));
    }

    @PostMapping("/{number}/apply")
    DeployRequestJson apply(@PathVariable String database, @PathVariable int number,
            @RequestParam(defaultValue = "false") boolean wait) {
        deploys.apply(database, number);
        return json(wait ? deploys.awaitSettled(database, number, MAX_WAIT) : requests.get(database, number));
    }

    @PostMapping("/{number}/cancel")
    DeployRequestJson cancel(@PathVariable String database, @PathVariable int number) {
        return json(deploys.cancel(database, number));
    }

    @PostMapping("/{number}/revert")
    DeployRequestJson revert(@PathVariable String database, @PathVariable int number) {
        return json(deploys.revert(database, number));
    }

    @PostMapping("/{number}/skip-revert")
    DeployRequestJson skipRevert(@PathVariable String database, @PathVariable int number) {
        return json(deploys.skipRevert(database, number));
    }

    @PostMapping("/{number}/close")
    DeployRequestJson close(@PathVariable String database, @PathVariable int number) {
        return json(requests.close(database, number));
    }
}
