package dev.loopline.database.web;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;

import dev.loopline.common.DomainException;
import dev.loopline.database.Branch;
import dev.loopline.database.BranchService;
import dev.loopline.database.SqlConsole;

/** The SQL console page: one URL serves the page and, for htmx, just the results. */
@Controller
@RequestMapping("/databases/{database}/branches/{branch}/console")
class ConsoleController {

    private final BranchService branches;
    private final SqlConsole console;

    ConsoleController(BranchService branches, SqlConsole console) {
        this.branches = branches;
        this.console = console;
    }

    @GetMapping
    String page(@PathVariable String database, @PathVariable String branch, Model model) {
        Branch found = branches.get(database, branch);
        model.addAttribute("branch", found);
        model.addAttribute("databaseName", database);
        model.addAttribute("maxRows", SqlConsole.MAX_ROWS);
        model.addAttribute("canWork", branches.mayWorkOn(found));
        return "database/console";
    }

    @PostMapping
    String run(@PathVariable String database, @PathVariable String branch, @RequestParam(defaultValue = "") String script,
            @RequestHeader(name = "HX-Request", required = false) String htmx, Model model) {
        try {
            model.addAttribute("result", console.run(database, branch, script));
        }
        catch (DomainException.InvalidInput | DomainException.Refused e) {
            model.addAttribute("refused", e.getMessage());
        }
        model.addAttribute("script", script);
        if (htmx != null) {
            return "database/console :: results";
        }
        page(database, branch, model);
        return "database/console";
    }
}
