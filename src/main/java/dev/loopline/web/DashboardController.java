package dev.loopline.web;

import java.util.List;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

import dev.loopline.audit.AuditLog;
import dev.loopline.backup.BackupHealth;
import dev.loopline.common.Actor;
import dev.loopline.common.CurrentActor;
import dev.loopline.common.Role;
import dev.loopline.deployrequest.DeployOverview;
import dev.loopline.iteration.Iteration;
import dev.loopline.iteration.IterationService;
import dev.loopline.scheduling.JobsService;

/**
 * The home dashboard: current iterations with phase and progress, the latest activity; for project managers the
 * running iteration's burndown, items at risk and the backlog's size; for developers their own work (open work items,
 * branches, open deploy requests); for operators what they act on (requests to review, revert windows, running
 * deploys, failing jobs, backup health).
 */
@Controller
class DashboardController {

    private final IterationService iterations;
    private final AuditLog auditLog;
    private final JobsService jobs;
    private final DeployOverview deploys;
    private final BackupHealth backups;
    private final dev.loopline.database.BranchService branches;
    private final dev.loopline.iteration.PlanningService planning;
    private final tools.jackson.databind.json.JsonMapper json;

    DashboardController(IterationService iterations, AuditLog auditLog, JobsService jobs, DeployOverview deploys,
            BackupHealth backups, dev.loopline.iteration.PlanningService planning,
            tools.jackson.databind.json.JsonMapper json, dev.loopline.database.BranchService branches) {
        this.branches = branches;
        this.planning = planning;
        this.json = json;
        this.iterations = iterations;
        this.auditLog = auditLog;
        this.jobs = jobs;
        this.deploys = deploys;
        this.backups = backups;
    }

    /** How many entries a card of the developer panel lists before "and N more" (the link lists them all). */
    static final int CARD_LIMIT = 10;

    /**
     * The dashboard; {@code ?all=work-items|branches|deploy-requests} lists that card of the developer panel in full.
     */
    @GetMapping("/")
    String dashboard(@org.springframework.web.bind.annotation.RequestParam(required = false) String all, Model model) {
        List<Iteration> current = iterations.current();
        model.addAttribute("iterations", current);
        model.addAttribute("progress", iterations.progress(current));
        model.addAttribute("activity", auditLog.latest(12));
        model.addAttribute("failingJobs", jobs.failing());
        model.addAttribute("phases", dev.loopline.iteration.Phase.values());
        Actor me = CurrentActor.get();
        if (me.has(Role.PROJECT_MANAGER)) {
            var overview = planning.overview();
            model.addAttribute("planning", overview);
            model.addAttribute("planningChart", overview.burndown() == null ? null
                    : json.writeValueAsString(overview.burndown().chartData()));
        }
        if (me.has(Role.DEVELOPER)) {
            var myItems = iterations.openWorkOf(me.name());
            card(model, "myWorkItems", myItems, "work-items".equals(all));
            card(model, "myBranches", myBranches(me, myItems), "branches".equals(all));
            card(model, "myRequests", deploys.openedBy(me), "deploy-requests".equals(all));
        }
        if (me.has(Role.OPERATOR)) {
            model.addAttribute("toReview", deploys.awaitingReviewBy(me));
            model.addAttribute("revertWindows", deploys.openRevertWindows());
            model.addAttribute("runningDeploys", deploys.running());
            model.addAttribute("backupHealth", backups.productionBranches());
        }
        return "dashboard";
    }

    /** {@code name}: the first {@link #CARD_LIMIT} entries (all of them when asked); {@code nameMore}: how many not. */
    private static void card(Model model, String name, List<?> entries, boolean all) {
        int shown = all ? entries.size() : Math.min(entries.size(), CARD_LIMIT);
        model.addAttribute(name, entries.subList(0, shown));
        model.addAttribute(name + "More", entries.size() - shown);
    }

    /** A branch on the developer's panel: one they made, or the branch of an iteration they have work in. */
    record MyBranch(String database, String name, String state, String why) {
    }

    private List<MyBranch> myBranches(Actor me, List<dev.loopline.iteration.WorkItem> myItems) {
        java.util.Map<String, MyBranch> mine = new java.util.LinkedHashMap<>();
        myItems.stream().map(dev.loopline.iteration.WorkItem::getIterationId).filter(java.util.Objects::nonNull)
                .distinct().forEach(id -> iterations.branchOf(id).ifPresent(b -> mine.putIfAbsent(b.database() + "/"
                        + b.name(), new MyBranch(b.database(), b.name(), b.state(), "your iteration's branch"))));
        branches.madeBy(me.displayName()).forEach(b -> mine.putIfAbsent(b.getDatabase().getName() + "/" + b.getName(),
                new MyBranch(b.getDatabase().getName(), b.getName(), b.getState().apiName(), "made by you")));
        return List.copyOf(mine.values());
    }
}
