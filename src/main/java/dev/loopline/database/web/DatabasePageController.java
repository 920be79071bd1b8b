package dev.loopline.database.web;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import dev.loopline.common.DomainException;
import dev.loopline.database.Branch;
import dev.loopline.database.BranchRestoreService;
import dev.loopline.database.BranchService;
import dev.loopline.database.DatabaseService;
import dev.loopline.database.ManagedDatabase;
import dev.loopline.database.ManagedDatabase.DatabaseSettings;

/** The databases list and a database's page: settings and the branch tree. */
@Controller
class DatabasePageController {

    private final DatabaseService databases;
    private final BranchService branches;
    private final BranchRestoreService restores;

    DatabasePageController(DatabaseService databases, BranchService branches, BranchRestoreService restores) {
        this.restores = restores;
        this.databases = databases;
        this.branches = branches;
    }

    /** One row of the branch tree: the branch, how deep it sits, and its size on disk. */
    record TreeRow(Branch branch, int depth, long sizeBytes) {
    }

    @GetMapping("/databases")
    String list(Model model) {
        List<ManagedDatabase> all = databases.list();
        model.addAttribute("databases", all);
        model.addAttribute("branchCounts", all.stream().collect(Collectors.toMap(ManagedDatabase::getName,
                d -> branches.list(d.getName()).size())));
        return "database/list";
    }

    @PostMapping("/databases")
    String create(@RequestParam(defaultValue = "") String name, RedirectAttributes redirect) {
        try {
            ManagedDatabase database = databases.create(name.trim(), null, DatabaseSettings.defaults());
            redirect.addFlashAttribute("notice", "Created " + database.getName() + " with its production branch main.");
            return "redirect:/databases/" + database.getName();
        }
        catch (DomainException.InvalidInput | DomainException.Conflict e) {
            redirect.addFlashAttribute("createError", e.getMessage());
            redirect.addFlashAttribute("draftName", name);
            return "redirect:/databases";
        }
    }

    @GetMapping("/databases/{name}")
    String show(@PathVariable String name, Model model) {
        ManagedDatabase database = databases.get(name);
        List<Branch> all = branches.list(name);
        model.addAttribute("database", database);
        model.addAttribute("canRestore", restores.mayRestore(name));
        model.addAttribute("tree", tree(all));
        model.addAttribute("parents", all.stream().filter(b -> b.getState().name().equals("READY")).map(Branch::getName)
                .sorted().toList());
        return "database/detail";
    }

    @PostMapping("/databases/{name}/settings")
    String settings(@PathVariable String name, @RequestParam int requiredApprovals, @RequestParam int revertWindowMinutes,
            @RequestParam(defaultValue = "false") boolean allowDataBranching, RedirectAttributes redirect) {
        try {
            databases.updateSettings(name, new DatabaseSettings(requiredApprovals, revertWindowMinutes, allowDataBranching));
            redirect.addFlashAttribute("notice", "Settings saved.");
        }
        catch (DomainException.InvalidInput e) {
            redirect.addFlashAttribute("settingsError", e.getMessage());
        }
        return "redirect:/databases/" + name;
    }

    @PostMapping("/databases/{name}/branches")
    String createBranch(@PathVariable String name, @RequestParam(defaultValue = "") String branchName,
            @RequestParam(required = false) String parent, @RequestParam(defaultValue = "false") boolean seedData,
            RedirectAttributes redirect) {
        try {
            if (seedData) {
                Branch branch = restores.create(name, branchName.trim(), parent, null,
                        BranchRestoreService.LAST_SUCCESSFUL_BACKUP);
                redirect.addFlashAttribute("notice", "Restoring " + branch.getParentBranch() + "'s latest backup into "
                        + branch.getName() + ".");
                return "redirect:/databases/" + name + "/branches/" + branch.getName();
            }
            Branch branch = branches.create(name, branchName.trim(), parent);
            redirect.addFlashAttribute("notice", "Branch " + branch.getName() + " is ready: its schema was copied from "
                    + branch.getParentBranch() + ".");
            return "redirect:/databases/" + name + "/branches/" + branch.getName();
        }
        catch (DomainException.InvalidInput | DomainException.Conflict | DomainException.Forbidden e) {
            redirect.addFlashAttribute("branchError", e.getMessage());
            redirect.addFlashAttribute("draftBranch", branchName);
            return "redirect:/databases/" + name;
        }
    }

    private List<TreeRow> tree(List<Branch> all) {
        Map<String, List<Branch>> children = all.stream().filter(b -> b.getParentBranch() != null)
                .collect(Collectors.groupingBy(Branch::getParentBranch));
        List<TreeRow> rows = new ArrayList<>();
        all.stream().filter(b -> b.getParentBranch() == null || all.stream().noneMatch(p -> p.getName().equals(b.getParentBranch())))
                .sorted((a, b) -> Boolean.compare(!a.isDefault(), !b.isDefault()))
                .forEach(root -> addWithChildren(root, 0, children, rows));
        return rows;
    }

    private void addWithChildren(Branch branch, int depth, Map<String, List<Branch>> children, List<TreeRow> rows) {
        rows.add(new TreeRow(branch, depth, branches.sizeBytes(branch)));
        children.getOrDefault(branch.getName(), List.of()).stream()
                .sorted((a, b) -> a.getName().compareTo(b.getName()))
                .forEach(child -> addWithChildren(child, depth + 1, children, rows));
    }
}
