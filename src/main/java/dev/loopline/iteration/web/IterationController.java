package dev.loopline.iteration.web;

import java.time.Clock;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;

import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import dev.loopline.common.DomainException;
import dev.loopline.common.Role;
import dev.loopline.iteration.GateOutcome;
import dev.loopline.iteration.Iteration;
import dev.loopline.iteration.IterationDraft;
import dev.loopline.iteration.IterationService;
import dev.loopline.iteration.Phase;

/**
 * Iteration pages: the list, the create/edit form, and the iteration page with its loop and phase controls. The
 * forms are for planners, as the service's writes are: others get 403 rather than a form they cannot submit.
 */
@Controller
class IterationController {

    private final IterationService iterations;
    private final Clock clock;

    IterationController(IterationService iterations, Clock clock) {
        this.iterations = iterations;
        this.clock = clock;
    }

    @GetMapping("/iterations")
    String list(dev.loopline.common.Paging paging, Model model) {
        var found = iterations.list(paging);
        model.addAttribute("iterations", found);
        model.addAttribute("progress", iterations.progress(found.getContent()));
        model.addAttribute("today", iterations.today());
        return "iteration/list";
    }

    @GetMapping("/iterations/new")
    @PreAuthorize(Role.PLANNERS)
    String newIteration(Model model) {
        IterationForm form = new IterationForm();
        form.setStartsOn(iterations.today());
        form.setEndsOn(iterations.today().plusWeeks(2));
        model.addAttribute("form", form);
        return form(model);
    }

    @PostMapping("/iterations")
    String create(@ModelAttribute("form") IterationForm form, BindingResult result, Model model,
            RedirectAttributes redirect) {
        if (result.hasErrors()) {
            return form(model);
        }
        try {
            Iteration iteration = iterations.create(form.toDraft());
            if (!form.isAutoPhase()) {
                iterations.setAutoPhase(iteration.getId(), false);
            }
            redirect.addFlashAttribute("notice", "Iteration created. Add work items to plan it.");
            return "redirect:/iterations/" + iteration.getId();
        }
        catch (DomainException.InvalidInput e) {
            result.rejectValue(IterationForm.fieldOf(e.code()), e.code(), e.getMessage());
            return form(model);
        }
    }

    @GetMapping("/iterations/{id}/edit")
    @PreAuthorize(Role.PLANNERS)
    String edit(@PathVariable long id, Model model) {
        Iteration iteration = iterations.get(id);
        model.addAttribute("iteration", iteration);
        model.addAttribute("form", IterationForm.of(iteration));
        return form(model);
    }

    @PostMapping("/iterations/{id}")
    String update(@PathVariable long id, @ModelAttribute("form") IterationForm form, BindingResult result,
            Model model, RedirectAttributes redirect) {
        Iteration iteration = iterations.get(id);
        model.addAttribute("iteration", iteration);
        if (result.hasErrors()) {
            return form(model);
        }
        try {
            iterations.update(id, form.toDraft());
            if (form.isAutoPhase() != iteration.isAutoPhase()) {
                iterations.setAutoPhase(id, form.isAutoPhase());
            }
            redirect.addFlashAttribute("notice", "Saved.");
            return "redirect:/iterations/" + id;
        }
        catch (DomainException.InvalidInput e) {
            result.rejectValue(IterationForm.fieldOf(e.code()), e.code(), e.getMessage());
            return form(model);
        }
    }

    /** The form page, with the databases an iteration may link to as suggestions. */
    private String form(Model model) {
        model.addAttribute("databaseNames", iterations.databaseNames());
        model.addAttribute("earliest", IterationDraft.EARLIEST);
        model.addAttribute("latest", IterationDraft.LATEST);
        return "iteration/form";
    }

    @GetMapping("/iterations/{id}")
    String show(@PathVariable long id, Model model) {
        Iteration iteration = iterations.get(id);
        addPhaseModel(iteration, model);
        BoardController.addBoardModel(iterations, iteration, model);
        addBranchModel(iteration, model);
        return "iteration/detail";
    }

    /** The branch card alone: htmx polls it while the branch is being created. */
    @GetMapping("/iterations/{id}/branch")
    String branchCard(@PathVariable long id, Model model) {
        Iteration iteration = iterations.get(id);
        model.addAttribute("iteration", iteration);
        addBranchModel(iteration, model);
        return "iteration/detail :: branch-card";
    }

    /** Asks for the branch now (Retry after a failure, or Create it now); the card then polls until it is done. */
    @PostMapping("/iterations/{id}/branch")
    String requestBranch(@PathVariable long id, @RequestHeader(name = "HX-Request", required = false) String htmx,
            Model model, RedirectAttributes redirect) {
        iterations.requestBranch(id);
        if (htmx == null) {
            redirect.addFlashAttribute("workNotice", "The branch is being created.");
            return "redirect:/iterations/" + id;
        }
        return branchCard(id, model);
    }

    private void addBranchModel(Iteration iteration, Model model) {
        model.addAttribute("branchCreation", iterations.branchCreationOf(iteration.getId()));
        iterations.branchOf(iteration.getId()).ifPresent(branch -> {
            model.addAttribute("linkedBranch", branch);
            model.addAttribute("schemaChanges", iterations.schemaChangesOf(iteration.getId()));
        });
    }

    @GetMapping("/iterations/{id}/delete")
    @PreAuthorize(Role.PLANNERS)
    String confirmDelete(@PathVariable long id, Model model) {
        model.addAttribute("iteration", iterations.get(id));
        iterations.branchOf(id).ifPresent(branch -> model.addAttribute("linkedBranch", branch));
        return "iteration/delete";
    }

    /** Deletes the iteration; the branch goes too only if the person ticked it on the confirmation page. */
    @PostMapping("/iterations/{id}/delete")
    String delete(@PathVariable long id, @RequestParam(defaultValue = "false") boolean deleteBranch,
            RedirectAttributes redirect) {
        String name = iterations.get(id).getName();
        iterations.delete(id, deleteBranch);
        redirect.addFlashAttribute("notice", "Deleted iteration \"" + name + "\"" + (deleteBranch ? " and its branch." : "."));
        return "redirect:/iterations";
    }

    /** Moves the phase; htmx swaps the phase panel and loop, a plain form post reloads the page. */
    @PostMapping("/iterations/{id}/phase")
    String movePhase(@PathVariable long id, @RequestParam String target,
            @RequestParam(required = false) String overrideReason,
            @RequestHeader(name = "HX-Request", required = false) String htmx, Model model,
            RedirectAttributes redirect) {
        String error = null;
        try {
            iterations.movePhase(id, Phase.fromApiName(target), overrideReason);
        }
        catch (DomainException.Conflict | DomainException.InvalidInput e) {
            error = e.getMessage();
        }
        if (htmx == null) {
            if (error != null) {
                redirect.addFlashAttribute("phaseError", error);
            }
            return "redirect:/iterations/" + id;
        }
        Iteration iteration = iterations.get(id);
        addPhaseModel(iteration, model);
        model.addAttribute("phaseError", error);
        return "iteration/detail :: phase-section";
    }

    private void addPhaseModel(Iteration iteration, Model model) {
        model.addAttribute("iteration", iteration);
        model.addAttribute("loop", PhaseLoop.of(iteration, clock.instant()));
        model.addAttribute("now", clock.instant());
        model.addAttribute("statusLines", iterations.statusOf(iteration));
        model.addAttribute("panels", iterations.panelsOf(iteration));
        List<dev.loopline.iteration.PhaseHistoryEntry> newestFirst = new java.util.ArrayList<>(iteration.getHistory());
        java.util.Collections.reverse(newestFirst);
        model.addAttribute("history", newestFirst);
        Phase current = iteration.getPhase();
        current.next().ifPresent(next -> {
            List<GateOutcome> outcomes = iterations.checkGates(iteration.getId(), next);
            model.addAttribute("nextPhase", next);
            model.addAttribute("gateOutcomes", outcomes);
            model.addAttribute("gatesBlocked", outcomes.stream().anyMatch(o -> !o.passed()));
        });
        model.addAttribute("earlierPhases", Arrays.stream(Phase.values())
                .filter(p -> p.ordinal() < current.ordinal()).toList());
    }
}
