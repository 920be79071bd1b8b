package dev.loopline.insights.web;

import java.time.Duration;
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

import dev.loopline.common.CurrentActor;
import dev.loopline.common.DomainException;
import dev.loopline.common.Role;
import dev.loopline.insights.InsightSettings;
import dev.loopline.insights.InsightsService;
import dev.loopline.insights.MinuteSample;
import dev.loopline.insights.Recommendations;

/** The insights page of a branch (chart, patterns, recommendations) and one pattern's page (plan, series). */
@Controller
class InsightsPageController {

    /** The range picker's choices. */
    static final Map<String, Duration> RANGES = rangeChoices();

    private final InsightsService insights;
    private final Recommendations recommendations;
    private final InsightSettings settings;
    private final tools.jackson.databind.json.JsonMapper json;

    InsightsPageController(InsightsService insights, Recommendations recommendations, InsightSettings settings,
            tools.jackson.databind.json.JsonMapper json) {
        this.json = json;
        this.insights = insights;
        this.recommendations = recommendations;
        this.settings = settings;
    }

    private static Map<String, Duration> rangeChoices() {
        Map<String, Duration> ranges = new LinkedHashMap<>();
        ranges.put("1h", Duration.ofHours(1));
        ranges.put("6h", Duration.ofHours(6));
        ranges.put("24h", Duration.ofHours(24));
        ranges.put("7d", Duration.ofDays(7));
        return ranges;
    }

    private InsightsService.Range range(String choice) {
        Duration length = RANGES.getOrDefault(choice, RANGES.get("24h"));
        InsightsService.Range day = insights.range(null, null);
        return new InsightsService.Range(day.to().minus(length), day.to());
    }

    private static String choice(String range) {
        return RANGES.containsKey(range) ? range : "24h";
    }

    @GetMapping("/databases/{database}/branches/{branch}/insights")
    String page(@PathVariable String database, @PathVariable String branch,
            @RequestParam(required = false) String range, @RequestParam(required = false) String sort, Model model)
            {
        var overview = insights.overview(database, branch, range(range));
        model.addAttribute("overview", overview);
        model.addAttribute("databaseName", database);
        model.addAttribute("branchName", branch);
        model.addAttribute("range", choice(range));
        model.addAttribute("ranges", RANGES.keySet());
        model.addAttribute("chart", chart(overview.range(), overview.series(), overview.events()));
        model.addAttribute("recommendations", overview.branch().getState().name().equals("READY")
                ? recommendations.list(database, branch) : List.of());
        model.addAttribute("statisticsOn", settings.queryStatistics(database));
        addRoles(model);
        return "insights/branch";
    }

    @GetMapping("/databases/{database}/branches/{branch}/insights/queries/{id}")
    String pattern(@PathVariable String database, @PathVariable String branch, @PathVariable long id,
            @RequestParam(required = false) String range, Model model) {
        var detail = insights.pattern(database, branch, id, range(range));
        model.addAttribute("detail", detail);
        model.addAttribute("databaseName", database);
        model.addAttribute("branchName", branch);
        model.addAttribute("range", choice(range));
        model.addAttribute("ranges", RANGES.keySet());
        model.addAttribute("chart", chart(detail.range(), detail.series(), insights.markers(database, branch, detail.range())));
        addRoles(model);
        return "insights/query";
    }

    private static void addRoles(Model model) {
        var actor = CurrentActor.get();
        model.addAttribute("canFile", actor.has(Role.PROJECT_MANAGER) || actor.has(Role.OPERATOR));
        model.addAttribute("canOpen", actor.has(Role.DEVELOPER));
        model.addAttribute("canOperate", actor.has(Role.OPERATOR));
    }

    /** The chart's data: per-minute points and the deploy markers, as JSON for insights.js. */
    private String chart(InsightsService.Range range, List<MinuteSample> series, List<InsightsService.Marker> markers) {
        return json.writeValueAsString(Map.of("from", range.from().toEpochMilli(), "to", range.to().toEpochMilli(),
                "points", series.stream().map(p -> Map.of("at", p.at().toEpochMilli(), "count", p.count(),
                        "totalMs", Math.round(p.totalMs() * 1000) / 1000.0,
                        "avgMs", Math.round(p.avgMs() * 1000) / 1000.0)).toList(),
                "markers", markers.stream().map(m -> Map.of("at", m.at().toEpochMilli(), "kind", m.kind(),
                        "label", (m.kind().equals("cutover") ? "Cutover #" : "Revert #") + m.deployRequest())).toList()));
    }

    @PostMapping("/databases/{database}/branches/{branch}/insights/queries/{id}/work-item")
    String fileQuery(@PathVariable String database, @PathVariable String branch, @PathVariable long id,
            RedirectAttributes redirect) {
        try {
            var filed = recommendations.fileQuery(database, branch, id);
            redirect.addFlashAttribute("notice", "Added to the backlog as work item " + filed.id() + ": " + filed.title());
        }
        catch (DomainException e) {
            redirect.addFlashAttribute("error", e.getMessage());
        }
        return "redirect:/databases/" + database + "/branches/" + branch + "/insights/queries/" + id;
    }

    @PostMapping("/databases/{database}/branches/{branch}/insights/recommendations/{id}/{action:work-item|open}")
    String recommendation(@PathVariable String database, @PathVariable String branch, @PathVariable long id,
            @PathVariable String action, RedirectAttributes redirect) {
        try {
            if (action.equals("open")) {
                var opened = recommendations.open(database, branch, id);
                redirect.addFlashAttribute("notice", "Opened branch " + opened.branch() + " with the change, and this "
                        + "deploy request into " + opened.intoBranch() + " for review.");
                return "redirect:/databases/" + database + "/deploy-requests/" + opened.number();
            }
            var filed = recommendations.fileRecommendation(database, branch, id);
            redirect.addFlashAttribute("notice", "Added to the backlog as work item " + filed.id() + ": " + filed.title());
        }
        catch (DomainException e) {
            redirect.addFlashAttribute("error", e.getMessage());
        }
        return "redirect:/databases/" + database + "/branches/" + branch + "/insights";
    }

    @PostMapping("/databases/{database}/branches/{branch}/insights/settings")
    String settings(@PathVariable String database, @PathVariable String branch,
            @RequestParam(defaultValue = "false") boolean queryStatistics, RedirectAttributes redirect) {
        try {
            settings.setQueryStatistics(database, queryStatistics);
            redirect.addFlashAttribute("notice", "Query statistics of " + database + (queryStatistics
                    ? " are on: production branches are sampled every minute."
                    : " are off: the engine stopped counting and dropped what it had; samples taken stay."));
        }
        catch (DomainException e) {
            redirect.addFlashAttribute("error", e.getMessage());
        }
        return "redirect:/databases/" + database + "/branches/" + branch + "/insights";
    }
}
