package dev.loopline.delivery.api;

import java.time.Instant;
import java.util.List;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import dev.loopline.delivery.DoraService;

/** {@code GET /api/v1/metrics/dora}: the DORA figures of a production environment over a period, and per week. */
@RestController
class DoraApiController {

    private final DoraService dora;

    DoraApiController(DoraService dora) {
        this.dora = dora;
    }

    record WeekJson(Instant weekStart, int deployments, Double deploymentFrequencyPerWeek, Double leadTimeHoursMedian,
            Double changeFailRate, Double recoveryTimeHoursMedian, Double reworkRate, int failedDeployments) {
    }

    record DeploymentJson(long id, String environment, String version, Instant liveAt, boolean rollback, boolean hotfix,
            Double leadTimeHours, String failure, Instant recoveredAt, Double recoveryTimeHours, boolean rework) {
    }

    record DoraJson(String environment, Instant from, Instant to, double failureWindowHours,
            Double deploymentFrequencyPerWeek, Double leadTimeHoursMedian, Double changeFailRate,
            Double recoveryTimeHoursMedian, Double reworkRate, int deployments, int failedDeployments,
            int reworkDeployments, List<WeekJson> weeks, List<DeploymentJson> deploymentsBehind) {
    }

    @GetMapping("/api/v1/metrics/dora")
    DoraJson dora(@RequestParam(required = false) String environment, @RequestParam(required = false) Instant from,
            @RequestParam(required = false) Instant to) {
        DoraService.Metrics metrics = dora.metrics(environment, from, to);
        var p = metrics.period();
        return new DoraJson(metrics.environment(), p.from(), p.to(), metrics.failureWindow().toMinutes() / 60.0,
                p.frequencyPerWeek(), p.leadTimeHoursMedian(), p.changeFailRate(), p.recoveryHoursMedian(),
                p.reworkRate(), p.deployments(), p.failedDeployments(), p.reworkDeployments(),
                metrics.weeks().stream().map(w -> new WeekJson(w.from(), w.deployments(), w.frequencyPerWeek(),
                        w.leadTimeHoursMedian(), w.changeFailRate(), w.recoveryHoursMedian(), w.reworkRate(),
                        w.failedDeployments())).toList(),
                p.verdicts().stream().map(v -> new DeploymentJson(v.deployment().id(), v.deployment().environment(),
                        v.deployment().version(), v.deployment().liveAt(), !v.deployment().change(),
                        v.deployment().hotfix(), v.leadTimeHours(), v.failure(), v.recoveredAt(), v.recoveryHours(),
                        v.rework())).toList());
    }
}
