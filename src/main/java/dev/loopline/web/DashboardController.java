package dev.loopline.web;

import java.util.List;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

import dev.loopline.audit.AuditLog;
import dev.loopline.iteration.Iteration;
import dev.loopline.iteration.IterationService;

/** The home dashboard: current iterations with phase and progress, and the latest activity. */
@Controller
class DashboardController {

    private final IterationService iterations;
    private final AuditLog auditLog;

    private final dev.loopline.scheduling.JobsService jobs;

    DashboardController(IterationService iterations, AuditLog auditLog, dev.loopline.scheduling.JobsService jobs) {
        this.jobs = jobs;
        this.iterations = iterations;
        this.auditLog = auditLog;
    }

    @GetMapping("/")
    String dashboard(Model model) {
        List<Iteration> current = iterations.current();
        model.addAttribute("iterations", current);
        model.addAttribute("progress", iterations.progress(current));
        model.addAttribute("activity", auditLog.latest(12));
        model.addAttribute("failingJobs", jobs.failing());
        model.addAttribute("phases", dev.loopline.iteration.Phase.values());
        return "dashboard";
    }
}
