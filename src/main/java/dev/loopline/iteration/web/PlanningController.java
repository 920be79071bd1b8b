package dev.loopline.iteration.web;

import java.util.Arrays;
import java.util.List;

import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import dev.loopline.audit.AuditLog;
import dev.loopline.common.DomainException;
import dev.loopline.common.Markdown;
import dev.loopline.common.Role;
import dev.loopline.iteration.Burndown;
import dev.loopline.iteration.Iteration;
import dev.loopline.iteration.IterationService;
import dev.loopline.iteration.PlanningService;
import dev.loopline.iteration.PlanningService.BacklogFilter;
import dev.loopline.iteration.PlanningService.Move;
import dev.loopline.iteration.WorkItem;
import dev.loopline.iteration.WorkItemChanges;
import dev.loopline.iteration.WorkItemPriority;
import dev.loopline.iteration.WorkItemStatus;
import dev.loopline.iteration.WorkItemType;

/**
 * Planning pages: the backlog, the planning view of an iteration (backlog beside it, drag to plan, capacity, start
 * and complete), an iteration's report with its burndown, velocity, and a work item's page. Dragging posts to
 * {@code /work-items/{id}/move}; every list also has buttons that do the same without a mouse.
 */
@Controller
class PlanningController {

    private final PlanningService planning;
    private final IterationService iterations;
    private final AuditLog audit;
    private final tools.jackson.databind.json.JsonMapper json;

    PlanningController(PlanningService planning, IterationService iterations, AuditLog audit,
            tools.jackson.databind.json.JsonMapper json) {
        this.planning = planning;
        this.iterations = iterations;
        this.audit = audit;
        this.json = json;
    }

    @GetMapping("/backlog")
    String backlog(@RequestParam(required = false) String type, @RequestParam(required = false) String label,
            @RequestParam(required = false) String assignee, @RequestParam(required = false) String q, Model model) {
        WorkItemType wanted = type == null || type.isBlank() ? null : WorkItemType.fromApiName(type);
        List<WorkItem> items = planning.backlog(new BacklogFilter(wanted, label, assignee, q));
        model.addAttribute("items", items);
        model.addAttribute("filtered", wanted != null || notBlank(label) || notBlank(assignee) || notBlank(q));
        model.addAttribute("type", type);
        model.addAttribute("label", label);
        model.addAttribute("assignee", assignee);
        model.addAttribute("q", q);
        model.addAttribute("points", items.stream().mapToInt(WorkItem::pointsOrZero).sum());
        addChoices(model);
        return "iteration/backlog";
    }

    @PostMapping("/backlog")
    @PreAuthorize(Role.PLANNERS)
    String create(@RequestParam(defaultValue = "") String title, @RequestParam(required = false) String type,
            @RequestParam(required = false) String priority, @RequestParam(required = false) String points,
            @RequestParam(required = false) String labels, @RequestParam(required = false) String assignee,
            @RequestParam(required = false) String description, RedirectAttributes redirect) {
        try {
            WorkItem item = planning.create(new WorkItemChanges(title, WorkItemStatus.TODO, assignee,
                    BoardController.parsePoints(points), description, type == null || type.isBlank() ? null
                            : WorkItemType.fromApiName(type), priority == null || priority.isBlank() ? null
                                    : WorkItemPriority.fromApiName(priority), splitLabels(labels)), null);
            redirect.addFlashAttribute("notice", "Added \"" + item.getTitle() + "\" to the bottom of the backlog.");
        }
        catch (DomainException.InvalidInput e) {
            redirect.addFlashAttribute("error", e.getMessage());
            redirect.addFlashAttribute("draftTitle", title);
        }
        return "redirect:/backlog";
    }

    /**
     * Moves an item (drag and drop, or a button): {@code list} is {@code backlog} or an iteration id; {@code before}
     * or {@code after} a neighbour's id. Answers 204 to scripts; forms are redirected back.
     */
    @PostMapping("/work-items/{id}/move")
    @PreAuthorize(Role.PLANNERS)
    Object move(@PathVariable long id, @RequestParam(required = false) String list,
            @RequestParam(required = false) Long before, @RequestParam(required = false) Long after,
            @RequestParam(required = false) String back,
            @org.springframework.web.bind.annotation.RequestHeader(name = "X-Requested-With", required = false) String script,
            RedirectAttributes redirect, jakarta.servlet.http.HttpServletRequest request,
            jakarta.servlet.http.HttpServletResponse response) {
        WorkItem item;
        try {
            item = planning.update(id, null, new Move(list != null && !list.isBlank(), parseList(list), before, after));
        }
        catch (DomainException e) {
            if (script != null) {
                // the script reloads the page on a refusal: the reloaded page says why (e.g. someone deleted the item)
                String why = e instanceof DomainException.NotFound ? e.getMessage()
                        + " Someone may have just deleted it; the lists below are as they are now." : e.getMessage();
                var flash = new org.springframework.web.servlet.FlashMap();
                flash.put("error", why);
                org.springframework.web.servlet.support.RequestContextUtils.getFlashMapManager(request)
                        .saveOutputFlashMap(flash, request, response);
            }
            throw e;
        }
        if (script != null) {
            return ResponseEntity.noContent().build();
        }
        redirect.addFlashAttribute("notice", "Moved \"" + item.getTitle() + "\".");
        return "redirect:" + safeBack(back);
    }

    @GetMapping("/iterations/{id}/plan")
    String plan(@PathVariable long id, Model model) {
        Iteration iteration = iterations.get(id);
        List<WorkItem> planned = planning.itemsOf(id);
        int points = planned.stream().mapToInt(WorkItem::pointsOrZero).sum();
        model.addAttribute("iteration", iteration);
        model.addAttribute("planned", planned);
        model.addAttribute("plannedPoints", points);
        model.addAttribute("backlog", planning.backlog(new BacklogFilter(null, null, null, null)));
        model.addAttribute("hint", planning.capacityHint().isPresent() ? planning.capacityHint().getAsInt() : null);
        model.addAttribute("carryTargets", iterations.list(new dev.loopline.common.Paging(1, dev.loopline.common.Paging.MAX_PER_PAGE)).getContent().stream()
                .filter(other -> !other.isCompleted() && !other.getId().equals(id)).toList());
        Integer capacity = iteration.getCapacityPoints();
        model.addAttribute("fill", capacity == null || capacity == 0 ? 0 : Math.min(100, points * 100 / capacity));
        return "iteration/plan";
    }

    @PostMapping("/iterations/{id}/capacity")
    @PreAuthorize(Role.PLANNERS)
    String capacity(@PathVariable long id, @RequestParam(required = false) String capacity,
            RedirectAttributes redirect) {
        try {
            planning.setCapacity(id, BoardController.parsePoints(capacity));
            redirect.addFlashAttribute("notice", "Capacity saved.");
        }
        catch (DomainException.InvalidInput e) {
            redirect.addFlashAttribute("error", e.getMessage());
        }
        return "redirect:/iterations/" + id + "/plan";
    }

    @PostMapping("/iterations/{id}/start")
    @PreAuthorize(Role.PLANNERS)
    String start(@PathVariable long id, RedirectAttributes redirect) {
        Iteration iteration = planning.start(id, null);
        redirect.addFlashAttribute("notice", "Started \"" + iteration.getName() + "\" with "
                + iteration.getCommittedPoints() + " points committed.");
        return "redirect:/iterations/" + id + "/plan";
    }

    @PostMapping("/iterations/{id}/complete")
    @PreAuthorize(Role.PLANNERS)
    String complete(@PathVariable long id, @RequestParam(defaultValue = "backlog") String carryOverTo,
            RedirectAttributes redirect) {
        Iteration iteration = planning.complete(id, parseList(carryOverTo));
        redirect.addFlashAttribute("notice", "Completed \"" + iteration.getName() + "\": "
                + iteration.getCompletedPoints() + " of " + iteration.getCommittedPoints() + " points done.");
        return "redirect:/iterations/" + id + "/report";
    }

    @GetMapping("/iterations/{id}/report")
    String report(@PathVariable long id, Model model) {
        Iteration iteration = iterations.get(id);
        Burndown.Lines lines = planning.burndown(id);
        List<WorkItem> items = planning.itemsOf(id);
        model.addAttribute("iteration", iteration);
        model.addAttribute("items", items);
        model.addAttribute("lines", lines);
        model.addAttribute("donePoints", items.stream().filter(i -> i.getStatus() == WorkItemStatus.DONE)
                .mapToInt(WorkItem::pointsOrZero).sum());
        model.addAttribute("scopeChange", lines.days().isEmpty() || iteration.getCommittedPoints() == null ? 0
                : lines.days().get(lines.days().size() - 1).scopePoints() - iteration.getCommittedPoints());
        model.addAttribute("timeInPhases", iteration.timeInPhases(java.time.Instant.now()));
        model.addAttribute("chart", json.writeValueAsString(lines.chartData()));
        return "iteration/report";
    }

    @GetMapping("/velocity")
    String velocity(Model model) {
        List<PlanningService.VelocityPoint> points = planning.velocity(12);
        model.addAttribute("points", points);
        model.addAttribute("hint", planning.capacityHint().isPresent() ? planning.capacityHint().getAsInt() : null);
        model.addAttribute("chart", json.writeValueAsString(java.util.Map.of(
                "labels", points.stream().map(PlanningService.VelocityPoint::name).toList(),
                "committed", points.stream().map(PlanningService.VelocityPoint::committedPoints).toList(),
                "completed", points.stream().map(PlanningService.VelocityPoint::completedPoints).toList())));
        return "iteration/velocity";
    }

    @GetMapping("/work-items/{id}")
    String workItem(@PathVariable long id, Model model) {
        WorkItem item = iterations.getWorkItem(id);
        model.addAttribute("item", item);
        model.addAttribute("iteration", item.getIterationId() == null ? null : iterations.get(item.getIterationId()));
        model.addAttribute("descriptionHtml", Markdown.toSafeHtml(item.getDescription()));
        model.addAttribute("history", audit.forTarget("work_item", String.valueOf(id)));
        model.addAttribute("comments", planning.comments(id).stream()
                .map(c -> new CommentView(c.getAuthor(), c.getCreatedAt(), Markdown.toSafeHtml(c.getBody()))).toList());
        addChoices(model);
        return "iteration/work-item";
    }

    @PostMapping("/work-items/{id}/details")
    @PreAuthorize(Role.PLANNERS_AND_DEVELOPERS)
    String editWorkItem(@PathVariable long id, @RequestParam(required = false) String title,
            @RequestParam(required = false) String type, @RequestParam(required = false) String priority,
            @RequestParam(required = false) String points, @RequestParam(required = false) String labels,
            @RequestParam(required = false) String description, @RequestParam(required = false) String assignee,
            RedirectAttributes redirect) {
        try {
            planning.update(id, new WorkItemChanges(title, null, assignee, BoardController.parsePoints(points),
                    description == null ? null : description.isBlank() ? "" : description,
                    type == null || type.isBlank() ? null : WorkItemType.fromApiName(type),
                    priority == null || priority.isBlank() ? null : WorkItemPriority.fromApiName(priority),
                    labels == null ? null : splitLabels(labels)), Move.NONE);
            redirect.addFlashAttribute("notice", "Saved.");
        }
        catch (DomainException.InvalidInput e) {
            redirect.addFlashAttribute("error", e.getMessage());
        }
        return "redirect:/work-items/" + id;
    }

    /** A comment as the page shows it: its Markdown already rendered safely. */
    record CommentView(String author, java.time.Instant at, String html) {
    }

    @PostMapping("/work-items/{id}/comments")
    @PreAuthorize(Role.PLANNERS_AND_DEVELOPERS)
    String comment(@PathVariable long id, @RequestParam(defaultValue = "") String body, RedirectAttributes redirect) {
        try {
            planning.comment(id, body);
        }
        catch (DomainException.InvalidInput e) {
            redirect.addFlashAttribute("error", e.getMessage());
        }
        return "redirect:/work-items/" + id + "#comments";
    }

    private void addChoices(Model model) {
        model.addAttribute("assignees", iterations.assignableUsers());
        model.addAttribute("types", WorkItemType.values());
        model.addAttribute("priorities", WorkItemPriority.values());
    }

    private static Long parseList(String list) {
        if (list == null || list.isBlank() || list.equals("backlog")) {
            return null;
        }
        try {
            return Long.parseLong(list.trim());
        }
        catch (NumberFormatException e) {
            throw new DomainException.InvalidInput("invalid_list", "Move items to the backlog or an iteration.");
        }
    }

    private static List<String> splitLabels(String labels) {
        if (labels == null || labels.isBlank()) {
            return List.of();
        }
        return Arrays.stream(labels.split(",")).map(String::strip).filter(l -> !l.isEmpty()).toList();
    }

    /**
     * A path of this site: one slash, then no slash or backslash, and no whitespace or control character anywhere
     * (browsers drop tabs and newlines from URLs, so "/\t/evil.example" would become "//evil.example").
     */
    private static final java.util.regex.Pattern SAFE_BACK = java.util.regex.Pattern
            .compile("/(?![/\\\\])[^\\\\\\s\\p{Cntrl}]*");

    /** Only paths of this site: never a redirect elsewhere. */
    private static String safeBack(String back) {
        return back != null && SAFE_BACK.matcher(back).matches() ? back : "/backlog";
    }

    private static boolean notBlank(String value) {
        return value != null && !value.isBlank();
    }
}
