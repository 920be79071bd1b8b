package dev.loopline.delivery.web;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

import dev.loopline.common.DomainException;
import dev.loopline.delivery.DoraCalculator;
import dev.loopline.delivery.DoraService;
import dev.loopline.delivery.EnvironmentService;
import tools.jackson.databind.json.JsonMapper;

/** The DORA page: the figures, their weekly trend, the deployments behind them and how each is computed. */
@Controller
class DoraPageController {

    private final DoraService dora;
    private final EnvironmentService environments;
    private final JsonMapper json = JsonMapper.builder().build();

    DoraPageController(DoraService dora, EnvironmentService environments) {
        this.dora = dora;
        this.environments = environments;
    }

    @GetMapping("/metrics/dora")
    String page(@RequestParam(required = false) String environment, @RequestParam(required = false) String from,
            @RequestParam(required = false) String to, Model model) {
        DoraService.Metrics metrics = dora.metrics(environment == null || environment.isBlank() ? null : environment,
                day(from, "from"), day(to, "to"));
        model.addAttribute("metrics", metrics);
        model.addAttribute("environments", environments.list());
        model.addAttribute("selected", metrics.environment());
        model.addAttribute("fromDay", LocalDate.ofInstant(metrics.period().from(), ZoneOffset.UTC));
        model.addAttribute("toDay", LocalDate.ofInstant(metrics.period().to(), ZoneOffset.UTC));
        model.addAttribute("chart", json.writeValueAsString(chart(metrics.weeks())));
        return "delivery/dora";
    }

    private static Instant day(String value, String field) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return LocalDate.parse(value.trim()).atStartOfDay(ZoneOffset.UTC).toInstant();
        }
        catch (java.time.format.DateTimeParseException e) {
            throw new DomainException.InvalidInput("invalid_" + field, "'" + dev.loopline.common.TextLimits.quoted(value)
                    + "' is not a date (2026-11-02).");
        }
    }

    private static Map<String, Object> chart(List<DoraCalculator.Figures> weeks) {
        Map<String, Object> chart = new LinkedHashMap<>();
        chart.put("labels", weeks.stream().map(w -> LocalDate.ofInstant(w.from(), ZoneOffset.UTC).toString()).toList());
        chart.put("frequency", weeks.stream().map(DoraCalculator.Figures::frequencyPerWeek).toList());
        chart.put("leadTime", weeks.stream().map(DoraCalculator.Figures::leadTimeHoursMedian).toList());
        chart.put("failRate", weeks.stream().map(w -> w.changeFailRate() == null ? null : w.changeFailRate() * 100).toList());
        chart.put("recovery", weeks.stream().map(DoraCalculator.Figures::recoveryHoursMedian).toList());
        chart.put("rework", weeks.stream().map(w -> w.reworkRate() == null ? null : w.reworkRate() * 100).toList());
        return chart;
    }
}
