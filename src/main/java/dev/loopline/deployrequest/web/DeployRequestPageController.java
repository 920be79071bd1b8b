package dev.loopline.deployrequest.web;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import dev.loopline.audit.AuditLog;
import dev.loopline.common.CurrentActor;
import dev.loopline.common.DomainException;
import dev.loopline.common.Role;
import dev.loopline.database.Branch;
import dev.loopline.database.BranchService;
import dev.loopline.database.DatabaseService;
import dev.loopline.deployrequest.DeployRequestList;
import dev.loopline.iteration.Iteration;
import dev.loopline.iteration.IterationService;
import dev.loopline.deployrequest.DeployAnalysis;
import dev.loopline.deployrequest.DeployRequest;
import dev.loopline.deployrequest.DeployRequestService;
import dev.loopline.deployrequest.DeployService;

/** Deploy request pages: the list by tab, database and author, and one request with its diff, lint, conflicts and reviews. */
@Controller
class DeployRequestPageController {

    private final DeployRequestService requests;
    private final DeployService deploys;
    private final DatabaseService databases;
    private final AuditLog auditLog;

    private final DeployRequestList list;
    private final BranchService branches;
    private final IterationService iterations;
    private final java.util.List<dev.loopline.deployrequest.RevertWindowPanel> revertPanels;

    DeployRequestPageController(DeployRequestService requests, DeployService deploys, DatabaseService databases,
            AuditLog auditLog, DeployRequestList list, BranchService branches, IterationService iterations,
            java.util.List<dev.loopline.deployrequest.RevertWindowPanel> revertPanels) {
        this.revertPanels = revertPanels;
        this.list = list;
        this.branches = branches;
        this.iterations = iterations;
        this.requests = requests;
        this.deploys = deploys;
        this.databases = databases;
        this.auditLog = auditLog;
    }

    /** The deployment panel alone, for htmx polling while work is running. */
    @GetMapping("/databases/{database}/deploy-requests/{number}/deployment")
    String deployment(@PathVariable String database, @PathVariable int number, Model model) {
        DeployRequest request = requests.get(database, number);
        addDeploymentModel(request, model);
        // the panel's Deploy button and its reasons: what another reviewer or a branch change did since the page loaded
        model.addAttribute("deployBlockers", request.isOpen()
                ? deploys.blockers(request, requests.analyse(request)) : java.util.List.of());
        return "deployrequest/detail :: deployment";
    }

    private void addDeploymentModel(DeployRequest request, Model model) {
        model.addAttribute("request", request);
        var deployment = deploys.deploymentOf(request).orElse(null);
        model.addAttribute("deployment", deployment);
        if (deployment != null && deployment.getRevertExpiresAt() != null) {
            var remaining = java.time.Duration.between(java.time.Instant.now(), deployment.getRevertExpiresAt());
            model.addAttribute("revertRemaining", remaining.isNegative() ? java.time.Duration.ZERO : remaining);
        }
        model.addAttribute("revertPanels", deployment == null
                || request.getDeploymentState() != dev.loopline.deployrequest.DeploymentState.COMPLETE_PENDING_REVERT
                        ? java.util.List.of()
                        : revertPanels.stream().flatMap(p -> p.panelFor(request, deployment).stream()).toList());
        model.addAttribute("revertBlocker", deploys.revertBlocker(request.getDatabase(), request.getNumber()).orElse(null));
        model.addAttribute("queueBlock", deploys.blockOf(request.getDatabase(), request.getIntoBranch()).orElse(null));
        model.addAttribute("canOperate", CurrentActor.get().has(Role.OPERATOR));
        model.addAttribute("working", java.util.Set.of("QUEUED", "IN_PROGRESS", "IN_PROGRESS_CUTOVER", "IN_PROGRESS_REVERT",
                "COMPLETE_PENDING_REVERT", "PENDING_CUTOVER").contains(request.getDeploymentState().name()));
        // what "Queued for deploy." and "Cutting over." announce: over once the deploy waits for Apply or is done
        model.addAttribute("deploying", java.util.Set.of("QUEUED", "IN_PROGRESS", "IN_PROGRESS_CUTOVER")
                .contains(request.getDeploymentState().name()));
        // an open request not deployed yet: another operator may approve or deploy it while this page is open
        model.addAttribute("waiting", request.getClosedAt() == null && java.util.Set.of("PENDING", "READY")
                .contains(request.getDeploymentState().name()));
    }

    @PostMapping("/databases/{database}/deploy-requests/{number}/{action:deploy|apply|cancel|revert|skip-revert}")
    String act(@PathVariable String database, @PathVariable int number, @PathVariable String action,
            RedirectAttributes redirect) {
        try {
            requests.get(database, number);
        }
        catch (DomainException.NotFound gone) {
            // a stale list or a typed number: back to the list with why, not to a request page that cannot show it
            redirect.addFlashAttribute("error", "No deploy request #" + number + " in " + database + ".");
            return "redirect:/deploy-requests?database={database}";
        }
        try {
            switch (action) {
                case "deploy" -> deploys.deploy(database, number);
                case "apply" -> deploys.apply(database, number);
                case "cancel" -> deploys.cancel(database, number);
                case "revert" -> deploys.revert(database, number);
                default -> deploys.skipRevert(database, number);
            }
            // deploy and apply start work: their notice goes once the work it announces is over
            boolean starts = action.equals("deploy") || action.equals("apply");
            redirect.addFlashAttribute(starts ? "workNotice" : "notice", switch (action) {
                case "deploy" -> "Queued for deploy.";
                case "apply" -> "Cutting over.";
                case "cancel" -> "Deploy cancelled; the shadow tables are being removed.";
                case "revert" -> "Reverted: the old schema is back, with every write made since the cutover.";
                default -> "Revert window closed: the old tables are dropped.";
            });
        }
        catch (DomainException e) {
            redirect.addFlashAttribute("error", e.getMessage());
        }
        return "redirect:/databases/" + database + "/deploy-requests/" + number;
    }

    @PostMapping("/databases/{database}/branches/{branch}/deploy-queue/unblock")
    String unblock(@PathVariable String database, @PathVariable String branch, @RequestParam int number,
            RedirectAttributes redirect) {
        deploys.unblock(database, branch);
        redirect.addFlashAttribute("notice", "The deploy queue of " + branch + " runs again.");
        return "redirect:/databases/" + database + "/deploy-requests/" + number;
    }

    @GetMapping("/deploy-requests")
    String list(@RequestParam(required = false) String state, @RequestParam(required = false) String database,
            @RequestParam(required = false) String author, Model model) {
        DeployRequestList.Tab tab = DeployRequestList.Tab.of(state);
        model.addAttribute("tab", tab.apiName());
        model.addAttribute("tabs", DeployRequestList.Tab.values());
        model.addAttribute("rows", list.rows(tab, database, author));
        model.addAttribute("database", database);
        model.addAttribute("author", author);
        model.addAttribute("databases", list.databases());
        model.addAttribute("authors", list.authors());
        return "deployrequest/list";
    }

    @PostMapping("/databases/{database}/deploy-requests")
    String open(@PathVariable String database, @RequestParam String branch, @RequestParam(required = false) String notes,
            @RequestParam(required = false) Boolean autoApply,
            @RequestParam(name = "_autoApply", required = false) String autoApplyShown, RedirectAttributes redirect) {
        // an unticked box sends nothing: the form's marker tells "unticked" from "not on the form" (the API's default, on)
        boolean apply = autoApply != null ? autoApply : autoApplyShown == null;
        try {
            DeployRequest request = requests.open(database, branch, null, notes, apply);
            redirect.addFlashAttribute("notice", "Opened deploy request #" + request.getNumber() + ".");
            return "redirect:/databases/" + database + "/deploy-requests/" + request.getNumber();
        }
        catch (DomainException.InvalidInput | DomainException.Conflict | DomainException.Refused e) {
            redirect.addFlashAttribute("error", e.getMessage());
            return "redirect:/databases/" + database + "/branches/" + branch;
        }
    }

    @GetMapping("/databases/{database}/deploy-requests/{number}")
    String show(@PathVariable String database, @PathVariable int number, Model model) {
        DeployRequest request = requests.get(database, number);
        DeployAnalysis analysis = requests.analyse(request);
        if (request.isOpen()) {
            requests.dismissStaleApprovals(request, analysis.branchSchema());
        }
        model.addAttribute("request", request);
        model.addAttribute("analysis", analysis);
        model.addAttribute("reviews", requests.reviews(request));
        model.addAttribute("approvers", requests.approvers(request));
        model.addAttribute("approved", requests.isApproved(request));
        model.addAttribute("requiredApprovals", databases.get(database).getRequiredApprovals());
        model.addAttribute("timeline", auditLog.forTarget("deploy_request", database + "#" + number));
        model.addAttribute("canApprove", requests.mayApprove(request, CurrentActor.get()));
        model.addAttribute("renameConfirmed", requests.isRenameConfirmed(request));
        model.addAttribute("canConfirmRenames", request.isOpen() && requests.mayConfirmRenames(request, CurrentActor.get()));
        model.addAttribute("deployBlockers", request.isOpen() ? deploys.blockers(request, analysis) : java.util.List.of());
        model.addAttribute("iteration", branches.find(database, request.getBranch()).map(Branch::getIterationId)
                .flatMap(this::iteration).orElse(null));
        addDeploymentModel(request, model);
        return "deployrequest/detail";
    }

    private java.util.Optional<Iteration> iteration(long id) {
        try {
            return java.util.Optional.of(iterations.get(id));
        }
        catch (DomainException.NotFound deleted) {
            return java.util.Optional.empty();
        }
    }

    @PostMapping("/databases/{database}/deploy-requests/{number}/reviews")
    String review(@PathVariable String database, @PathVariable int number, @RequestParam String state,
            @RequestParam(required = false) String body, RedirectAttributes redirect) {
        try {
            boolean created = requests.review(database, number, state, body).created();
            redirect.addFlashAttribute("notice", switch (state) {
                case "approved" -> created ? "Approved." : "You had already approved this; your approval stands.";
                case "not_a_rename" -> "Confirmed: not a rename.";
                default -> "Comment added.";
            });
        }
        catch (DomainException.InvalidInput e) {
            redirect.addFlashAttribute("reviewError", e.getMessage());
        }
        catch (DomainException e) {
            redirect.addFlashAttribute("error", e.getMessage());
        }
        return "redirect:/databases/" + database + "/deploy-requests/" + number;
    }

    @PostMapping("/databases/{database}/deploy-requests/{number}/close")
    String close(@PathVariable String database, @PathVariable int number, RedirectAttributes redirect) {
        try {
            requests.close(database, number);
            redirect.addFlashAttribute("notice", "Closed deploy request #" + number + ".");
        }
        catch (DomainException e) {
            redirect.addFlashAttribute("error", e.getMessage());
        }
        return "redirect:/databases/" + database + "/deploy-requests/" + number;
    }
}
