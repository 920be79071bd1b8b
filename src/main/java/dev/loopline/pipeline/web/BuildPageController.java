package dev.loopline.pipeline.web;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import dev.loopline.common.DomainException;
import dev.loopline.pipeline.Build;
import dev.loopline.pipeline.BuildGates;
import dev.loopline.pipeline.BuildService;

/** The build page, and the Build panel's form for the iteration's release gates. */
@Controller
class BuildPageController {

    private final BuildService builds;
    private final BuildGates gates;
    private final TestReportViews tests;

    BuildPageController(BuildService builds, BuildGates gates, TestReportViews tests) {
        this.builds = builds;
        this.gates = gates;
        this.tests = tests;
    }

    @GetMapping("/builds/{id}")
    String show(@PathVariable long id, Model model) {
        Build build = builds.get(id);
        model.addAttribute("build", build);
        model.addAttribute("summary", builds.testSummaryOf(id));
        // the test-report half of the module shows the build's test results here (template :: build-tests)
        model.addAttribute("testsTemplate", "pipeline/tests");
        model.addAttribute("tests", tests.forBuild(id));
        return "pipeline/build";
    }

    @PostMapping("/iterations/{id}/build-gates")
    String updateGates(@PathVariable long id, @RequestParam(defaultValue = "false") boolean latestBuildGreen,
            @RequestParam(defaultValue = "false") boolean noFailingTests, RedirectAttributes redirect) {
        try {
            gates.update(id, latestBuildGreen, noFailingTests);
            redirect.addFlashAttribute("notice", "Release gates saved.");
        }
        catch (DomainException e) {
            redirect.addFlashAttribute("error", e.getMessage());
        }
        return "redirect:/iterations/" + id;
    }
}
