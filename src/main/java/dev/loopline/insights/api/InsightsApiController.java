package dev.loopline.insights.api;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import dev.loopline.common.DomainException;
import dev.loopline.insights.InsightSettings;
import dev.loopline.insights.InsightsService;
import dev.loopline.insights.InsightsService.Range;
import dev.loopline.insights.PatternStats;
import dev.loopline.insights.Recommendations;
import dev.loopline.insights.Recommendations.Recommendation;

/** Query insights of a branch, as API.md's "Insights" section describes them. */
@RestController
class InsightsApiController {

    private static final String BASE = "/api/v1/databases/{database}/branches/{branch}/insights";

    private final InsightsService insights;
    private final InsightSettings settings;
    private final Recommendations recommendations;

    InsightsApiController(InsightsService insights, InsightSettings settings, Recommendations recommendations) {
        this.insights = insights;
        this.settings = settings;
        this.recommendations = recommendations;
    }

    record QueryJson(long id, String pattern, long count, double totalMs, double avgMs, double maxMs, long rows,
            boolean fullTableScan, List<String> tables, Instant firstSeen, Instant lastSeen, Long workItemId) {
        static QueryJson of(InsightsService.Pattern p) {
            PatternStats s = p.stats();
            return new QueryJson(s.id(), s.pattern(), s.count(), round(s.totalMs()), round(s.avgMs()), round(s.maxMs()),
                    s.rows(), p.fullTableScan(), s.tables(), s.firstSeen(), s.lastSeen(), s.workItemId());
        }
    }

    record PointJson(Instant at, long count, double totalMs, double avgMs, long rows) {
    }

    record EventJson(String kind, int deployRequest, Instant at) {
    }

    record OverviewJson(Instant from, Instant to, List<QueryJson> queries, List<PointJson> series,
            List<EventJson> events) {
    }

    record PlanJson(String text, Map<String, Long> fullScans, String error) {
    }

    record QueryDetailJson(long id, String pattern, String sample, long count, double totalMs, double avgMs,
            double maxMs, long rows, boolean fullTableScan, List<String> tables, Instant firstSeen, Instant lastSeen,
            Long workItemId, PlanJson plan, List<PointJson> series) {
    }

    record SettingsRequest(Boolean queryStatistics) {
    }

    record SettingsJson(String database, boolean queryStatistics) {
    }

    @GetMapping(BASE)
    OverviewJson overview(@PathVariable String database, @PathVariable String branch,
            @RequestParam(required = false) String from, @RequestParam(required = false) String to) {
        var overview = insights.overview(database, branch, insights.range(instant("from", from), instant("to", to)));
        return new OverviewJson(overview.range().from(), overview.range().to(),
                overview.patterns().stream().map(QueryJson::of).toList(), points(overview.series()),
                overview.events().stream().map(m -> new EventJson(m.kind(), m.deployRequest(), m.at())).toList());
    }

    @GetMapping(BASE + "/queries/{id}")
    QueryDetailJson query(@PathVariable String database, @PathVariable String branch, @PathVariable long id,
            @RequestParam(required = false) String from, @RequestParam(required = false) String to) {
        var detail = insights.pattern(database, branch, id, insights.range(instant("from", from), instant("to", to)));
        PatternStats s = detail.pattern().stats();
        var plan = detail.pattern().plan();
        return new QueryDetailJson(s.id(), s.pattern(), s.sampleSql(), s.count(), round(s.totalMs()), round(s.avgMs()),
                round(s.maxMs()), s.rows(), detail.pattern().fullTableScan(), s.tables(), s.firstSeen(), s.lastSeen(),
                s.workItemId(), new PlanJson(plan.text(), plan.fullScans(), plan.error()), points(detail.series()));
    }

    @GetMapping(BASE + "/recommendations")
    Map<String, List<Recommendation>> recommendations(@PathVariable String database, @PathVariable String branch) {
        return Map.of("data", recommendations.list(database, branch));
    }

    @PostMapping(BASE + "/recommendations/{id}/open")
    @ResponseStatus(HttpStatus.CREATED)
    Recommendations.Opened open(@PathVariable String database, @PathVariable String branch, @PathVariable long id) {
        return recommendations.open(database, branch, id);
    }

    @PostMapping(BASE + "/queries/{id}/work-item")
    @ResponseStatus(HttpStatus.CREATED)
    Recommendations.Filed fileQuery(@PathVariable String database, @PathVariable String branch, @PathVariable long id) {
        return recommendations.fileQuery(database, branch, id);
    }

    @PostMapping(BASE + "/recommendations/{id}/work-item")
    @ResponseStatus(HttpStatus.CREATED)
    Recommendations.Filed fileRecommendation(@PathVariable String database, @PathVariable String branch,
            @PathVariable long id) {
        return recommendations.fileRecommendation(database, branch, id);
    }

    @GetMapping("/api/v1/databases/{database}/insights/settings")
    SettingsJson settings(@PathVariable String database) {
        return new SettingsJson(database, settings.queryStatisticsOf(database));
    }

    @PutMapping("/api/v1/databases/{database}/insights/settings")
    SettingsJson changeSettings(@PathVariable String database, @RequestBody(required = false) SettingsRequest body) {
        if (body == null || body.queryStatistics() == null) {
            throw new DomainException.InvalidInput("invalid_settings", "Give query_statistics: true or false.");
        }
        return new SettingsJson(database, settings.setQueryStatistics(database, body.queryStatistics()));
    }

    private static List<PointJson> points(List<dev.loopline.insights.MinuteSample> points) {
        return points.stream().map(p -> new PointJson(p.at(), p.count(), round(p.totalMs()),
                round(p.count() == 0 ? 0 : p.totalMs() / p.count()), p.rows())).toList();
    }

    private static Instant instant(String name, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Instant.parse(value.trim());
        }
        catch (DateTimeParseException e) {
            throw new DomainException.InvalidInput("invalid_range", name + " must be an ISO-8601 UTC time such as "
                    + "2026-11-30T08:00:00Z.");
        }
    }

    private static double round(double ms) {
        return Math.round(ms * 1000) / 1000.0;
    }
}
