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
import dev.loopline.database.DatabaseService;
import dev.loopline.deployrequest.DeployAnalysis;
import dev.loopline.deployrequest.DeployRequest;
import dev.loopline.deployrequest.DeployRequestService;

/** Deploy request pages: all open requests, and one request with its diff, lint, conflicts and reviews. */
@Controller
class DeployRequestPageController {

    private final DeployRequestService requests;
    private final DatabaseService databases;
    private final AuditLog auditLog;

    DeployRequestPageController(DeployRequestService requests, DatabaseService databases, AuditLog auditLog) {
        this.requests = requests;
        this.databases = databases;
        this.auditLog = auditLog;
    }

    @GetMapping("/deploy-requests")
    String list(Model model) {
        model.addAttribute("requests", requests.openRequests());
        return "deployrequest/list";
    }

    @PostMapping("/databases/{database}/deploy-requests")
    String open(@PathVariable String database, @RequestParam String branch, @RequestParam(required = false) String notes,
            @RequestParam(defaultValue = "false") boolean gated, RedirectAttributes redirect) {
        try {
            DeployRequest request = requests.open(database, branch, null, notes, !gated);
            redirect.addFlashAttribute("notice", "Opened deploy request #" + request.getNumber() + ".");
            return "redirect:/databases/" + database + "/deploy-requests/" + request.getNumber();
        }
        catch (DomainException.InvalidInput | DomainException.Conflict e) {
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
        model.addAttribute("canApprove", CurrentActor.get().has(Role.OPERATOR));
        return "deployrequest/detail";
    }

    @PostMapping("/databases/{database}/deploy-requests/{number}/reviews")
    String review(@PathVariable String database, @PathVariable int number, @RequestParam String state,
            @RequestParam(required = false) String body, RedirectAttributes redirect) {
        try {
            requests.review(database, number, state, body);
            redirect.addFlashAttribute("notice", "approved".equals(state) ? "Approved." : "Comment added.");
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
