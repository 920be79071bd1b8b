package dev.loopline.pipeline.web;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;

import dev.loopline.common.TextLimits;
import dev.loopline.pipeline.BuildService;
import dev.loopline.pipeline.junit.JUnitXmlParser;
import dev.loopline.pipeline.testreport.TestCaseHistory;
import dev.loopline.pipeline.testreport.TestReportService;

/** A build's test results, and a test's page: its history across builds as a sparkline and a table. */
@Controller
class TestPageController {

    private final TestReportService reports;
    private final TestReportViews views;
    private final BuildService builds;

    TestPageController(TestReportService reports, TestReportViews views, BuildService builds) {
        this.reports = reports;
        this.views = views;
        this.builds = builds;
    }

    /** A build's tests (the section the build page includes, as a page of its own). */
    @GetMapping("/builds/{id}/tests")
    String buildTests(@PathVariable long id, Model model) {
        model.addAttribute("build", builds.get(id));
        model.addAttribute("tests", views.forBuild(id));
        return "pipeline/build-tests";
    }

    @GetMapping("/test-cases/history")
    String history(@RequestParam(name = "class_name", defaultValue = "") String className,
            @RequestParam(defaultValue = "") String name,
            @RequestParam(name = "iteration_id", required = false) Long iterationId, Model model) {
        TextLimits.require("class_name", className, JUnitXmlParser.MAX_NAME);
        TextLimits.require("name", name, JUnitXmlParser.MAX_NAME);
        TestCaseHistory test = reports.historyOf(className, name, iterationId);
        List<TestCaseHistory.Point> newestFirst = new ArrayList<>(test.history());
        Collections.reverse(newestFirst);
        model.addAttribute("test", test);
        model.addAttribute("spark", Sparkline.of(test));
        model.addAttribute("newestFirst", newestFirst);
        model.addAttribute("iteration", iterationId);
        return "pipeline/test-case";
    }
}
