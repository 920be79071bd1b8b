package dev.loopline.backup.web;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import dev.loopline.backup.Backup;
import dev.loopline.backup.BackupPolicy;
import dev.loopline.backup.BackupPolicyService;
import dev.loopline.backup.BackupService;
import dev.loopline.backup.BackupState;
import dev.loopline.common.DomainException;
import dev.loopline.database.Branch;
import dev.loopline.database.BranchRestoreService;
import dev.loopline.database.BranchService;
import dev.loopline.database.DatabaseService;

/** A database's backups, branch by branch, with its backup policy; the actions operators take on them. */
@Controller
class BackupPageController {

    private final BackupService backups;
    private final BackupPolicyService policies;
    private final DatabaseService databases;
    private final BranchService branches;
    private final BranchRestoreService restores;
    private final dev.loopline.scheduling.JobsService jobs;

    BackupPageController(BackupService backups, BackupPolicyService policies, DatabaseService databases,
            BranchService branches, BranchRestoreService restores, dev.loopline.scheduling.JobsService jobs) {
        this.jobs = jobs;
        this.backups = backups;
        this.policies = policies;
        this.databases = databases;
        this.branches = branches;
        this.restores = restores;
    }

    /**
     * One row: a backup, while it runs how far it got against the branch's size, and whether it is past its expiry
     * but kept by retention as its branch's newest good backup.
     */
    record Row(Backup backup, Integer progress, boolean keptPastExpiry) {
    }

    @GetMapping("/databases/{database}/backups")
    String list(@PathVariable String database, @RequestParam(required = false) String branch, Model model) {
        model.addAttribute("database", databases.get(database));
        Map<String, List<Row>> byBranch = new LinkedHashMap<>();
        Map<String, Long> sizes = new LinkedHashMap<>();
        for (Branch b : branches.list(database)) {
            if (branch == null || branch.isBlank() || branch.equals(b.getName())) {
                byBranch.put(b.getName(), new ArrayList<>());
                sizes.put(b.getName(), branches.sizeBytes(b));
            }
        }
        java.util.Set<Long> verifying = backups.verifying();
        boolean working = false;
        java.util.Set<Long> kept = backups.keptCopies(database);
        for (Backup backup : backups.list(database)) {
            List<Row> rows = byBranch.get(backup.getBranch());
            if (rows != null) {
                rows.add(new Row(backup, backup.progressPercentage(sizes.getOrDefault(backup.getBranch(), 0L)),
                        kept.contains(backup.getId()) && backup.getExpiresAt() != null
                                && !backup.getExpiresAt().isAfter(java.time.Instant.now())));
            }
            working |= backup.getState() == BackupState.PENDING || backup.getState() == BackupState.RUNNING
                    || verifying.contains(backup.getId());
        }
        BackupPolicy policy = policies.policy(database);
        model.addAttribute("byBranch", byBranch);
        model.addAttribute("branchFilter", branch);
        model.addAttribute("policy", policy);
        model.addAttribute("nextFireTimes", policies.nextFireTimes(policy, 5));
        model.addAttribute("policyBranches", String.join(", ", policy.getBranches()));
        model.addAttribute("working", working);
        model.addAttribute("verifying", verifying);
        model.addAttribute("canRestore", restores.mayRestore(database));
        try {
            model.addAttribute("policyJob", jobs.job("backup", "policy-" + database));
        }
        catch (DomainException.NotFound e) {
            model.addAttribute("policyJob", null);
        }
        return "backup/list";
    }

    private static String back(String database, String branch) {
        return "redirect:/databases/" + database + "/backups" + (branch == null ? "" : "?branch=" + branch);
    }

    @PostMapping("/databases/{database}/branches/{branch}/backups")
    String backUp(@PathVariable String database, @PathVariable String branch, @RequestParam(required = false) String name,
            @RequestParam(required = false) Integer retentionDays, RedirectAttributes redirect) {
        try {
            Backup backup = backups.request(database, branch, name, retentionDays);
            redirect.addFlashAttribute("workNotice", "Backing up " + branch + " (backup " + backup.getId() + ")"
                    + (backups.verifiesAfterBackup(database) ? ", then test-restoring it." : "."));
        }
        catch (DomainException e) {
            redirect.addFlashAttribute("error", e.getMessage());
        }
        return back(database, branch);
    }

    @PostMapping("/databases/{database}/backups/{id}/{action:verify|protect|unprotect|delete}")
    String act(@PathVariable String database, @PathVariable long id, @PathVariable String action,
            RedirectAttributes redirect) {
        String branch = null;
        try {
            branch = backups.get(database, id).getBranch();
            switch (action) {
                case "verify" -> {
                    backups.requestVerification(database, id);
                    redirect.addFlashAttribute("workNotice", "Test-restoring backup " + id + "; the result appears below when it is done.");
                }
                case "protect", "unprotect" -> {
                    backups.protect(database, id, action.equals("protect"));
                    redirect.addFlashAttribute("notice", "Backup " + id + (action.equals("protect") ? " is protected." : " is no longer protected."));
                }
                default -> {
                    backups.delete(database, id);
                    redirect.addFlashAttribute("notice", "Deleted backup " + id + ".");
                }
            }
        }
        catch (DomainException e) {
            redirect.addFlashAttribute("error", e.getMessage());
        }
        return back(database, branch);
    }

    @PostMapping("/databases/{database}/backups/{id}/restore")
    String restore(@PathVariable String database, @PathVariable long id, @RequestParam String branchName,
            RedirectAttributes redirect) {
        try {
            Branch branch = restores.create(database, branchName.trim(), null, id, null);
            redirect.addFlashAttribute("notice", "Restoring backup " + id + " into the new branch " + branch.getName() + ".");
            return "redirect:/databases/" + database + "/branches/" + branch.getName();
        }
        catch (DomainException e) {
            redirect.addFlashAttribute("error", e.getMessage());
            return back(database, null);
        }
    }

    @PostMapping("/databases/{database}/backup-policy")
    String policy(@PathVariable String database, @RequestParam String schedule, @RequestParam int retentionDays,
            @RequestParam(required = false) String branches, @RequestParam(defaultValue = "false") boolean verifyAfterBackup,
            RedirectAttributes redirect) {
        try {
            List<String> names = branches == null || branches.isBlank() ? List.of()
                    : Arrays.stream(branches.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
            policies.update(database, schedule, retentionDays, names, verifyAfterBackup);
            redirect.addFlashAttribute("notice", "Saved the backup policy; its schedule applies at once.");
        }
        catch (DomainException e) {
            if (e.code().contains("schedule")) {
                // shown next to the schedule field, with what was typed
                redirect.addFlashAttribute("scheduleError", e.getMessage());
                redirect.addFlashAttribute("scheduleInput", schedule);
            }
            else {
                redirect.addFlashAttribute("error", e.getMessage());
            }
        }
        return back(database, null);
    }
}
