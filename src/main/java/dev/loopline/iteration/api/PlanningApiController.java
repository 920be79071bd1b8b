package dev.loopline.iteration.api;

import java.util.ArrayList;
import java.util.List;

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

import tools.jackson.databind.JsonNode;

import dev.loopline.common.DomainException;
import dev.loopline.iteration.Burndown;
import dev.loopline.iteration.IterationService;
import dev.loopline.iteration.PlanningService;
import dev.loopline.iteration.PlanningService.BacklogFilter;
import dev.loopline.iteration.PlanningService.Move;
import dev.loopline.iteration.WorkItemChanges;
import dev.loopline.iteration.WorkItemPriority;
import dev.loopline.iteration.WorkItemStatus;
import dev.loopline.iteration.WorkItemType;
import dev.loopline.iteration.api.IterationJson.IterationSummary;
import dev.loopline.iteration.api.IterationJson.WorkItemJson;

/** API.md's "Planning": the backlog, work items, starting and completing iterations, burndown, velocity. */
@RestController
@RequestMapping("/api/v1")
class PlanningApiController {

    private final PlanningService planning;
    private final IterationService iterations;

    PlanningApiController(PlanningService planning, IterationService iterations) {
        this.planning = planning;
        this.iterations = iterations;
    }

    record DataList<T>(List<T> data) {
    }

    @GetMapping("/backlog")
    DataList<WorkItemJson> backlog(@RequestParam(required = false) String type,
            @RequestParam(required = false) String label, @RequestParam(required = false) String assignee,
            @RequestParam(required = false) String q) {
        var filter = new BacklogFilter(type == null || type.isBlank() ? null : WorkItemType.fromApiName(type), label,
                assignee, q);
        return new DataList<>(planning.backlog(filter).stream().map(WorkItemJson::of).toList());
    }

    @PostMapping("/work-items")
    @ResponseStatus(HttpStatus.CREATED)
    WorkItemJson create(@RequestBody JsonNode body) {
        requireObject(body);
        return WorkItemJson.of(planning.create(changes(body), id(body, "iteration_id")));
    }

    @GetMapping("/work-items/{id}")
    WorkItemJson get(@PathVariable long id) {
        return WorkItemJson.of(iterations.getWorkItem(id));
    }

    /**
     * Changes fields (absent ones stay), moves the item with {@code iteration_id} ({@code null}: to the backlog) and
     * ranks it with {@code before_id} or {@code after_id}.
     */
    @PatchMapping("/work-items/{id}")
    WorkItemJson update(@PathVariable long id, @RequestBody JsonNode body) {
        requireObject(body);
        Long before = id(body, "before_id");
        Long after = id(body, "after_id");
        if (before != null && after != null) {
            throw new DomainException.InvalidInput("invalid_move", "Give before_id or after_id, not both.");
        }
        Move move = new Move(body.has("iteration_id"), id(body, "iteration_id"), before, after);
        return WorkItemJson.of(planning.update(id, changes(body), move));
    }

    @PostMapping("/iterations/{id}/start")
    IterationSummary start(@PathVariable long id, @RequestBody(required = false) JsonNode body) {
        Integer capacity = null;
        if (present(body)) {
            requireObject(body);
            JsonNode node = body.get("capacity_points");
            if (node != null && !node.isNull()) {
                if (!node.isIntegralNumber() || !node.canConvertToInt()) {
                    throw new DomainException.InvalidInput("invalid_capacity",
                            "capacity_points must be a whole number of points.");
                }
                capacity = node.asInt();
            }
        }
        planning.start(id, capacity);
        return summary(id);
    }

    @PostMapping("/iterations/{id}/complete")
    IterationSummary complete(@PathVariable long id, @RequestBody(required = false) JsonNode body) {
        Long target = null;
        if (present(body)) {
            requireObject(body);
        }
        if (body != null && body.has("carry_over_to") && !body.get("carry_over_to").isNull()) {
            JsonNode to = body.get("carry_over_to");
            if (to.isIntegralNumber()) {
                target = to.asLong();
            }
            else if (to.isString() && to.asString().matches("\\d{1,18}")) {
                target = Long.parseLong(to.asString());
            }
            else if (!(to.isString() && to.asString().equals("backlog"))) {
                throw new DomainException.InvalidInput("invalid_carry_over",
                        "carry_over_to is \"backlog\" or the id of an iteration.");
            }
        }
        planning.complete(id, target);
        return summary(id);
    }

    record DayJson(java.time.LocalDate date, int remainingPoints, int completedPoints, int scopePoints) {
    }

    record IdealJson(java.time.LocalDate date, double remainingPoints) {
    }

    record BurndownJson(List<DayJson> days, List<IdealJson> ideal) {
    }

    @GetMapping("/iterations/{id}/burndown")
    BurndownJson burndown(@PathVariable long id) {
        Burndown.Lines lines = planning.burndown(id);
        return new BurndownJson(
                lines.days().stream().map(d -> new DayJson(d.date(), d.remainingPoints(), d.completedPoints(),
                        d.scopePoints())).toList(),
                lines.ideal().stream().map(d -> new IdealJson(d.date(), d.remainingPoints())).toList());
    }

    @GetMapping("/velocity")
    DataList<PlanningService.VelocityPoint> velocity(@RequestParam(defaultValue = "7") String last) {
        int count;
        try {
            count = Integer.parseInt(last.trim());
        }
        catch (NumberFormatException e) {
            throw new DomainException.InvalidInput("invalid_last", "last is a number of iterations, 1 to "
                    + PlanningService.MAX_VELOCITY_ITERATIONS + ".");
        }
        return new DataList<>(planning.velocity(count));
    }

    private IterationSummary summary(long id) {
        var iteration = iterations.get(id);
        return IterationSummary.of(iteration, iterations.progress(id),
                iterations.branchOf(id).map(b -> b.name()).orElse(null));
    }

    /** Whether an optional body was sent at all. */
    private static boolean present(JsonNode body) {
        return body != null && !body.isMissingNode() && !body.isNull();
    }

    private static void requireObject(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw new DomainException.InvalidInput("invalid_body", "Send a JSON object.");
        }
    }

    private static WorkItemChanges changes(JsonNode body) {
        String status = text(body, "status");
        String type = text(body, "type");
        String priority = text(body, "priority");
        return new WorkItemChanges(text(body, "title"), status == null ? null : WorkItemStatus.fromApiName(status),
                text(body, "assignee"), integer(body, "points"), text(body, "description"),
                type == null ? null : WorkItemType.fromApiName(type),
                priority == null ? null : WorkItemPriority.fromApiName(priority), labels(body));
    }

    private static String text(JsonNode body, String field) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isString()) {
            throw new DomainException.InvalidInput("invalid_" + field, field + " must be a string.");
        }
        return node.asString();
    }

    private static Integer integer(JsonNode body, String field) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isIntegralNumber() || !node.canConvertToInt()) {
            throw new DomainException.InvalidInput("invalid_" + field, field + " must be a whole number.");
        }
        return node.asInt();
    }

    private static Long id(JsonNode body, String field) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isIntegralNumber() || !node.canConvertToLong() || node.asLong() < 1) {
            throw new DomainException.InvalidInput("invalid_" + field, field + " must be the id of a "
                    + (field.startsWith("iteration") ? "iteration" : "work item") + ".");
        }
        return node.asLong();
    }

    private static List<String> labels(JsonNode body) {
        JsonNode node = body.get("labels");
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isArray()) {
            throw new DomainException.InvalidInput("invalid_labels", "labels must be a list of strings.");
        }
        List<String> labels = new ArrayList<>();
        for (JsonNode label : node) {
            if (!label.isString()) {
                throw new DomainException.InvalidInput("invalid_labels", "labels must be a list of strings.");
            }
            labels.add(label.asString());
        }
        return labels;
    }
}
