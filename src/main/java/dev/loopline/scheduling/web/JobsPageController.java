package dev.loopline.scheduling.web;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import dev.loopline.common.DomainException;
import dev.loopline.scheduling.JobRun;
import dev.loopline.scheduling.JobsService;
import dev.loopline.scheduling.JobsService.JobView;

/** The scheduled-jobs page: every job, its schedule, state and last result; run, pause, resume. */
@Controller
class JobsPageController {

    private final JobsService jobs;

    JobsPageController(JobsService jobs) {
        this.jobs = jobs;
    }

    @GetMapping("/jobs")
    String list(Model model) {
        List<JobView> all = jobs.jobs();
        Map<String, List<JobView>> byGroup = new LinkedHashMap<>();
        Map<String, List<JobRun>> history = new LinkedHashMap<>();
        for (JobView job : all) {
            byGroup.computeIfAbsent(job.group(), g -> new java.util.ArrayList<>()).add(job);
            history.put(job.group() + "/" + job.name(), jobs.history(job.group(), job.name()));
        }
        model.addAttribute("byGroup", byGroup);
        model.addAttribute("history", history);
        model.addAttribute("failing", all.stream().filter(JobView::failing).count());
        return "scheduling/jobs";
    }

    /** "the job retention (Backups)". */
    private static String label(String group, String name) {
        return "the job " + name + " (" + JobsService.JobView.groupLabel(group) + ")";
    }

    @PostMapping("/jobs/{group}/{name}/{action:run|pause|resume}")
    String act(@PathVariable String group, @PathVariable String name, @PathVariable String action,
            RedirectAttributes redirect) {
        try {
            switch (action) {
                case "run" -> jobs.run(group, name);
                case "pause" -> jobs.pause(group, name);
                default -> jobs.resume(group, name);
            }
            redirect.addFlashAttribute("notice", switch (action) {
                case "run" -> "Asked " + label(group, name) + " to run now; its result appears below when it finishes.";
                case "pause" -> "Paused " + label(group, name) + ": it will not fire until resumed.";
                default -> "Resumed " + label(group, name) + ".";
            });
        }
        catch (DomainException e) {
            redirect.addFlashAttribute("error", e.getMessage());
        }
        return "redirect:/jobs";
    }
}
