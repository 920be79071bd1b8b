package dev.loopline.iteration.web;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import dev.loopline.common.DomainException;
import dev.loopline.iteration.Iteration;
import dev.loopline.iteration.IterationService;
import dev.loopline.iteration.WorkItem;
import dev.loopline.iteration.WorkItemChanges;
import dev.loopline.iteration.WorkItemStatus;

/**
 * The board: add work items, move cards between columns, edit, reassign and delete them. htmx swaps the board without
 * a page reload; every write goes through the service, which checks roles and audits.
 */
@Controller
class BoardController {

    private final IterationService iterations;

    BoardController(IterationService iterations) {
        this.iterations = iterations;
    }

    static void addBoardModel(IterationService iterations, Iteration iteration, Model model) {
        List<WorkItem> items = iterations.workItems(iteration.getId());
        Map<WorkItemStatus, List<WorkItem>> columns = new EnumMap<>(WorkItemStatus.class);
        for (WorkItemStatus status : WorkItemStatus.values()) {
            columns.put(status, List.of());
        }
        columns.putAll(items.stream().collect(Collectors.groupingBy(WorkItem::getStatus)));
        model.addAttribute("iteration", iteration);
        model.addAttribute("columns", columns);
        model.addAttribute("statuses", WorkItemStatus.values());
        model.addAttribute("progress", iterations.progress(iteration.getId()));
        model.addAttribute("assignees", iterations.assignableUsers());
    }

    @PostMapping("/iterations/{id}/work-items")
    String add(@PathVariable long id, @RequestParam(defaultValue = "") String title,
            @RequestParam(required = false) String assignee, @RequestParam(required = false) String points,
            @RequestHeader(name = "HX-Request", required = false) String htmx, Model model,
            RedirectAttributes redirect) {
        String error = null;
        try {
            iterations.addWorkItem(id, new WorkItemChanges(title, WorkItemStatus.TODO, assignee, parsePoints(points)));
        }
        catch (DomainException.InvalidInput e) {
            error = e.getMessage();
            model.addAttribute("draftTitle", title);
            model.addAttribute("draftAssignee", assignee);
            model.addAttribute("draftPoints", points);
        }
        return board(id, htmx, error, model, redirect);
    }

    @PostMapping("/work-items/{itemId}/status")
    String move(@PathVariable long itemId, @RequestParam String status,
            @RequestHeader(name = "HX-Request", required = false) String htmx, Model model,
            RedirectAttributes redirect) {
        WorkItem item = iterations.updateWorkItem(itemId,
                new WorkItemChanges(null, WorkItemStatus.fromApiName(status), null, null));
        return board(item.getIterationId(), htmx, null, model, redirect);
    }

    /** The card as an edit form (htmx swaps it in place of the card). */
    @GetMapping("/work-items/{itemId}/edit")
    @org.springframework.security.access.prepost.PreAuthorize(dev.loopline.common.Role.PLANNERS_AND_DEVELOPERS)
    String editForm(@PathVariable long itemId, @RequestHeader(name = "HX-Request", required = false) String htmx,
            Model model) {
        WorkItem item = iterations.getWorkItem(itemId);
        model.addAttribute("item", item);
        model.addAttribute("assignees", iterations.assignableUsers());
        if (item.getIterationId() == null) {
            return "redirect:/work-items/" + itemId;
        }
        model.addAttribute("iteration", iterations.get(item.getIterationId()));
        return htmx == null ? "iteration/work-item-edit" : "iteration/work-item-edit :: form";
    }

    /** The board alone, for htmx (e.g. cancelling an edit). */
    @GetMapping("/iterations/{id}/board")
    String boardFragment(@PathVariable long id, Model model) {
        addBoardModel(iterations, iterations.get(id), model);
        return "iteration/detail :: board";
    }

    /** Saves title, assignee and points; an empty assignee unassigns. Errors show on the board. */
    @PostMapping("/work-items/{itemId}")
    String edit(@PathVariable long itemId, @RequestParam(required = false) String title,
            @RequestParam(required = false) String assignee, @RequestParam(required = false) String points,
            @RequestHeader(name = "HX-Request", required = false) String htmx, Model model,
            RedirectAttributes redirect) {
        WorkItem item = iterations.getWorkItem(itemId);
        String error = null;
        try {
            iterations.updateWorkItem(itemId, new WorkItemChanges(title, null, assignee == null ? null : assignee,
                    parsePoints(points)));
        }
        catch (DomainException.InvalidInput e) {
            error = e.getMessage();
        }
        if (item.getIterationId() == null) {
            redirect.addFlashAttribute(error == null ? "notice" : "error", error == null ? "Saved." : error);
            return "redirect:/work-items/" + itemId;
        }
        return board(item.getIterationId(), htmx, error, model, redirect);
    }

    /** Deletes the card (the page asked for confirmation first). */
    @PostMapping("/work-items/{itemId}/delete")
    String delete(@PathVariable long itemId, @RequestHeader(name = "HX-Request", required = false) String htmx,
            Model model, RedirectAttributes redirect) {
        Long iterationId = iterations.getWorkItem(itemId).getIterationId();
        iterations.deleteWorkItem(itemId);
        if (iterationId == null) {
            redirect.addFlashAttribute("notice", "Deleted.");
            return "redirect:/backlog";
        }
        return board(iterationId, htmx, null, model, redirect);
    }

    private String board(long iterationId, String htmx, String error, Model model, RedirectAttributes redirect) {
        if (htmx == null) {
            if (error != null) {
                redirect.addFlashAttribute("boardError", error);
            }
            return "redirect:/iterations/" + iterationId + "#board";
        }
        addBoardModel(iterations, iterations.get(iterationId), model);
        model.addAttribute("boardError", error);
        return "iteration/detail :: board";
    }

    static Integer parsePoints(String points) {
        if (points == null || points.isBlank()) {
            return null;
        }
        try {
            return Integer.valueOf(points.trim());
        }
        catch (NumberFormatException e) {
            throw new DomainException.InvalidInput("invalid_points", "Points are a whole number from 0 to "
                    + WorkItem.MAX_POINTS + ".");
        }
    }
}
