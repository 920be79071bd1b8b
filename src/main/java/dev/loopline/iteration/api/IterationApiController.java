package dev.loopline.iteration.api;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import dev.loopline.common.DomainException;

import dev.loopline.common.Paging;
import dev.loopline.common.Paging.PagedList;import dev.loopline.iteration.IterationDraft;
import dev.loopline.iteration.IterationService;
import dev.loopline.iteration.Phase;
import dev.loopline.iteration.WorkItemChanges;
import dev.loopline.iteration.WorkItemStatus;
import dev.loopline.iteration.api.IterationJson.IterationDetails;
import dev.loopline.iteration.api.IterationJson.IterationSummary;
import dev.loopline.iteration.api.IterationJson.WorkItemJson;

/** {@code /api/v1/iterations} and {@code /api/v1/work-items}, as API.md describes them. */
@RestController
@RequestMapping("/api/v1")
class IterationApiController {

    private final IterationService iterations;

    IterationApiController(IterationService iterations) {
        this.iterations = iterations;
    }

    record CreateIterationRequest(String name, String goal, String startsOn, String endsOn, String database,
            Boolean autoPhase) {
    }

    record MovePhaseRequest(String phase, String overrideReason) {
    }

    record WorkItemRequest(String title, String status, String assignee, Integer points) {

        WorkItemChanges toChanges() {
            return new WorkItemChanges(title, status == null ? null : WorkItemStatus.fromApiName(status), assignee,
                    points);
        }
    }

    @GetMapping("/iterations")
    PagedList<IterationSummary> list(Paging paging) {
        var found = iterations.list(paging);
        var progress = iterations.progress(found.getContent());
        return paging.result(found.getContent().stream()
                .map(it -> IterationSummary.of(it, progress.get(it.getId()), branchName(it.getId()))).toList(),
                found.hasNext());
    }

    @PostMapping("/iterations")
    @ResponseStatus(HttpStatus.CREATED)
    IterationSummary create(@RequestBody CreateIterationRequest request) {
        var draft = new IterationDraft(request.name(), request.goal(), date("starts_on", request.startsOn()),
                date("ends_on", request.endsOn()), request.database());
        var iteration = iterations.create(draft);
        if (Boolean.FALSE.equals(request.autoPhase())) {
            iteration = iterations.setAutoPhase(iteration.getId(), false);
        }
        return IterationSummary.of(iteration, iterations.progress(iteration.getId()), branchName(iteration.getId()));
    }

    /**
     * Changes some of an iteration's fields: absent ones keep their values, {@code "goal": ""} and
     * {@code "database": ""} clear them. Errors as for creating one ({@code 400 invalid_<field>}).
     */
    @PatchMapping("/iterations/{id}")
    IterationSummary update(@PathVariable long id, @RequestBody CreateIterationRequest request) {
        var current = iterations.get(id);
        var draft = new IterationDraft(request.name() == null ? current.getName() : request.name(),
                request.goal() == null ? current.getGoal() : request.goal(),
                request.startsOn() == null ? current.getStartsOn() : date("starts_on", request.startsOn()),
                request.endsOn() == null ? current.getEndsOn() : date("ends_on", request.endsOn()),
                request.database() == null ? current.getDatabase() : request.database());
        var iteration = iterations.update(id, draft);
        if (request.autoPhase() != null) {
            iteration = iterations.setAutoPhase(id, request.autoPhase());
        }
        return IterationSummary.of(iteration, iterations.progress(id), branchName(id));
    }

    @GetMapping("/iterations/{id}")
    IterationDetails get(@PathVariable long id) {
        var iteration = iterations.get(id);
        return IterationDetails.of(iteration, iterations.progress(id), iterations.workItems(id), branchName(id));
    }

    /** Deletes the iteration; its branch goes too only when {@code delete_branch=true} says so. */
    @org.springframework.web.bind.annotation.DeleteMapping("/iterations/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void delete(@PathVariable long id, @RequestParam(name = "delete_branch", defaultValue = "false") boolean deleteBranch) {
        iterations.delete(id, deleteBranch);
    }

    private String branchName(long iterationId) {
        return iterations.branchOf(iterationId).map(b -> b.name()).orElse(null);
    }

    @PostMapping("/iterations/{id}/phase")
    IterationDetails movePhase(@PathVariable long id, @RequestBody MovePhaseRequest request) {
        iterations.movePhase(id, Phase.fromApiName(request.phase()), request.overrideReason());
        return get(id);
    }

    @PostMapping("/iterations/{id}/work-items")
    @ResponseStatus(HttpStatus.CREATED)
    WorkItemJson addWorkItem(@PathVariable long id, @RequestBody WorkItemRequest request) {
        return WorkItemJson.of(iterations.addWorkItem(id, request.toChanges()));
    }


    /** Deletes a work item (planners): {@code 204}; audited. */
    @org.springframework.web.bind.annotation.DeleteMapping("/work-items/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void deleteWorkItem(@PathVariable long id) {
        iterations.deleteWorkItem(id);
    }

    private static LocalDate date(String field, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return LocalDate.parse(value.trim());
        }
        catch (DateTimeParseException e) {
            throw new DomainException.InvalidInput("invalid_" + field,
                    "'" + dev.loopline.common.TextLimits.quoted(value) + "' is not a date; write " + field + " as YYYY-MM-DD.");
        }
    }
}
