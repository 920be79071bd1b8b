package dev.loopline.database.web;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import dev.loopline.audit.AuditLog;
import dev.loopline.common.DomainException;
import dev.loopline.database.Branch;
import dev.loopline.database.BranchPasswordService;
import dev.loopline.database.BranchService;
import dev.loopline.database.BranchState;
import dev.loopline.engine.PasswordRole;
import dev.loopline.schema.DdlRenderer;

/** A branch's page: schema, connection details, passwords, activity, and the branch's actions. */
@Controller
@RequestMapping("/databases/{database}/branches/{branch}")
class BranchPageController {

    private final BranchService branches;
    private final BranchPasswordService passwords;
    private final AuditLog auditLog;

    BranchPageController(BranchService branches, BranchPasswordService passwords, AuditLog auditLog) {
        this.branches = branches;
        this.passwords = passwords;
        this.auditLog = auditLog;
    }

    private String page(String database, String branch) {
        return "redirect:/databases/" + database + "/branches/" + branch;
    }

    @GetMapping
    String show(@PathVariable String database, @PathVariable String branch, Model model) {
        Branch found = branches.get(database, branch);
        model.addAttribute("branch", found);
        model.addAttribute("databaseName", database);
        if (found.getState() == BranchState.READY) {
            var schema = branches.schema(found);
            model.addAttribute("schema", schema);
            model.addAttribute("ddl", DdlRenderer.render(schema));
            model.addAttribute("connection", branches.connectionDetails(found));
            model.addAttribute("passwords", passwords.list(database, branch));
            model.addAttribute("sizeBytes", branches.sizeBytes(found));
        }
        model.addAttribute("roles", PasswordRole.values());
        model.addAttribute("canWork", branches.mayWorkOn(found));
        model.addAttribute("canDelete", branches.mayDelete(found));
        if (!found.isProduction() && found.getParentBranch() != null) {
            // the open-deploy-request button offers only a target that accepts deploy requests
            branches.find(database, found.getParentBranch()).ifPresent(parent -> model.addAttribute(
                    parent.acceptsDeployRequests() ? "deployTarget" : "parentRefusesDeploys", parent.getName()));
        }
        model.addAttribute("activity", auditLog.forTarget("branch", database + "/" + branch));
        return "database/branch";
    }

    @PostMapping("/passwords")
    String createPassword(@PathVariable String database, @PathVariable String branch,
            @RequestParam(defaultValue = "") String name, @RequestParam(defaultValue = "reader") String role,
            @RequestParam(required = false) Long ttlMinutes, RedirectAttributes redirect) {
        try {
            var created = passwords.create(database, branch, name, role, ttlMinutes == null ? null : ttlMinutes * 60);
            redirect.addFlashAttribute("createdPassword", created.password());
            redirect.addFlashAttribute("plainText", created.plainText());
            redirect.addFlashAttribute("createdConnection", created.connection());
        }
        catch (DomainException.InvalidInput | DomainException.Conflict e) {
            redirect.addFlashAttribute("passwordError", e.getMessage());
        }
        return page(database, branch) + "#passwords";
    }

    @PostMapping("/passwords/{id}/delete")
    String deletePassword(@PathVariable String database, @PathVariable String branch, @PathVariable long id,
            RedirectAttributes redirect) {
        passwords.delete(database, branch, id);
        redirect.addFlashAttribute("notice", "Password deleted: its user is gone and its open sessions were ended.");
        return page(database, branch) + "#passwords";
    }

    @PostMapping("/safe-migrations")
    String safeMigrations(@PathVariable String database, @PathVariable String branch, @RequestParam boolean enabled,
            RedirectAttributes redirect) {
        branches.setSafeMigrations(database, branch, enabled);
        redirect.addFlashAttribute("notice", enabled ? "Safe migrations are on: the database refuses direct DDL."
                : "Safe migrations are off: admin passwords and the console may change the schema.");
        return page(database, branch);
    }

    @PostMapping("/promote")
    String promote(@PathVariable String database, @PathVariable String branch, RedirectAttributes redirect) {
        branches.promote(database, branch);
        redirect.addFlashAttribute("notice", branch + " is now a production branch with safe migrations on.");
        return page(database, branch);
    }

    @PostMapping("/demote")
    String demote(@PathVariable String database, @PathVariable String branch, RedirectAttributes redirect) {
        try {
            branches.demote(database, branch);
            redirect.addFlashAttribute("notice", branch + " is now a development branch.");
        }
        catch (DomainException.Conflict e) {
            redirect.addFlashAttribute("error", e.getMessage());
        }
        return page(database, branch);
    }

    @GetMapping("/delete")
    String confirmDelete(@PathVariable String database, @PathVariable String branch, Model model) {
        Branch found = branches.get(database, branch);
        model.addAttribute("branch", found);
        model.addAttribute("databaseName", database);
        model.addAttribute("passwordCount", found.getState() == BranchState.READY
                ? passwords.list(database, branch).size() : 0);
        return "database/branch-delete";
    }

    @PostMapping("/delete")
    String delete(@PathVariable String database, @PathVariable String branch, @RequestParam(defaultValue = "") String confirm,
            RedirectAttributes redirect) {
        if (!confirm.equals(branch)) {
            redirect.addFlashAttribute("error", "Type the branch name, " + branch + ", to confirm.");
            return page(database, branch) + "/delete";
        }
        try {
            branches.delete(database, branch);
            redirect.addFlashAttribute("notice", "Deleted branch " + branch + " and its database.");
            return "redirect:/databases/" + database;
        }
        catch (DomainException.Conflict e) {
            redirect.addFlashAttribute("error", e.getMessage());
            return page(database, branch);
        }
    }
}
