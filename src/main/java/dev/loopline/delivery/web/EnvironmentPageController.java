package dev.loopline.delivery.web;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.List;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import dev.loopline.common.DomainException;
import dev.loopline.delivery.ApplicationDeployment;
import dev.loopline.delivery.DeploymentService;
import dev.loopline.delivery.Environment;
import dev.loopline.delivery.EnvironmentService;
import dev.loopline.delivery.FreezeSchedule;
import dev.loopline.delivery.FreezeService;

/** The environments pages: what runs where, an environment's deployments and freezes, the freeze calendar. */
@Controller
class EnvironmentPageController {

    private final EnvironmentService environments;
    private final DeploymentService deployments;
    private final FreezeService freezes;
    private final EnvironmentViews views;

    EnvironmentPageController(EnvironmentService environments, DeploymentService deployments, FreezeService freezes,
            EnvironmentViews views) {
        this.environments = environments;
        this.deployments = deployments;
        this.freezes = freezes;
        this.views = views;
    }

    @GetMapping("/environments")
    String list(Model model) {
        model.addAttribute("environments", environments.list().stream().map(views::of).toList());
        return "delivery/environments";
    }

    @GetMapping("/environments/{name}")
    String detail(@PathVariable String name, Model model) {
        Environment environment = environments.get(name);
        model.addAttribute("view", views.of(environment));
        model.addAttribute("deployments", deployments.list(name, null, null).stream().limit(50).toList());
        model.addAttribute("freezes", freezes.list(name).stream().map(f -> new FreezeRow(f.getId(), f.getKind().apiName(),
                f.getKind() == dev.loopline.delivery.FreezeWindow.Kind.ONCE
                ? f.getReason() : FreezeService.describe(f), f.getStartsAt(), f.getEndsAt(), f.getCreatedBy(),
                freezes.next(f, 3), f.getTimeZone())).toList());
        return "delivery/environment";
    }

    /** A freeze window on the environment page: what it is and its next windows. */
    record FreezeRow(long id, String kind, String description, Instant startsAt, Instant endsAt, String createdBy,
            List<FreezeSchedule.Window> next, String timeZone) {
    }

    @GetMapping("/environments/freezes")
    String calendar(Model model) {
        model.addAttribute("upcoming", freezes.upcoming(30));
        model.addAttribute("active", freezes.activeInProduction());
        return "delivery/freezes";
    }

    @GetMapping("/deployments/{id}")
    String deployment(@PathVariable long id, Model model) {
        ApplicationDeployment deployment = deployments.get(id);
        model.addAttribute("d", deployment);
        model.addAttribute("environment", environments.find(deployment.getEnvironment()).orElse(null));
        return "delivery/deployment";
    }

    @PostMapping("/environments")
    String create(@RequestParam String name, @RequestParam String tier,
            @RequestParam(required = false) String databaseBranch, @RequestParam(required = false) String strategy,
            RedirectAttributes redirect) {
        try {
            environments.create(name.trim(), new EnvironmentService.Settings(tier, databaseBranch, strategy));
            redirect.addFlashAttribute("notice", "Created environment " + name.trim() + ".");
            return "redirect:/environments/" + name.trim();
        }
        catch (DomainException e) {
            redirect.addFlashAttribute("error", e.getMessage());
            return "redirect:/environments";
        }
    }

    @PostMapping("/environments/{name}/delete")
    String delete(@PathVariable String name, RedirectAttributes redirect) {
        environments.get(name);
        try {
            environments.delete(name);
            redirect.addFlashAttribute("notice", "Deleted environment " + name + ".");
            return "redirect:/environments";
        }
        catch (DomainException e) {
            redirect.addFlashAttribute("error", e.getMessage());
            return "redirect:/environments/" + name;
        }
    }

    @PostMapping("/environments/{name}/deployments")
    String deploy(@PathVariable String name, @RequestParam String version,
            @RequestParam(required = false) String commitSha, @RequestParam(required = false) String status,
            @RequestParam(required = false) Boolean hotfix, @RequestParam(required = false) Long iterationId,
            @RequestParam(required = false) String overrideReason, RedirectAttributes redirect) {
        return act(name, redirect, () -> {
            ApplicationDeployment d = deployments.report(new DeploymentService.Report(name, version, commitSha, null,
                    null, iterationId, status == null || status.isBlank() ? null : status, List.of(),
                    Boolean.TRUE.equals(hotfix), null, null, overrideReason));
            return "Deployment " + d.getId() + " of " + d.getAppVersion() + " recorded"
                    + (d.getSlot() == null ? "." : " in the " + d.getSlot().apiName() + " slot.");
        });
    }

    @PostMapping("/deployments/{id}/{action:promote|rollback|succeeded|failed}")
    String deploymentAction(@PathVariable long id, @PathVariable String action,
            @RequestParam(required = false) String overrideReason, RedirectAttributes redirect) {
        String environment = deployments.get(id).getEnvironment();
        return act(environment, redirect, () -> switch (action) {
            case "promote" -> {
                ApplicationDeployment d = deployments.promote(id, overrideReason);
                if (d.isPromoting()) {
                    yield "Promoting " + d.getAppVersion() + ": its deploy requests are being cut over; the "
                            + d.getSlot().apiName() + " slot goes live when they are.";
                }
                yield "Promoted " + d.getAppVersion() + ": the " + d.getSlot().apiName() + " slot is live.";
            }
            case "rollback" -> {
                ApplicationDeployment d = deployments.rollback(id, overrideReason);
                yield "Rolled back to " + d.getAppVersion() + (d.getSlot() == null ? "." : ": the " + d.getSlot().apiName()
                        + " slot is live again.");
            }
            default -> {
                ApplicationDeployment d = deployments.finish(id, action.equals("succeeded") ? "success" : "failed", null);
                yield "Deployment " + d.getId() + " " + d.getStatus().apiName() + ".";
            }
        });
    }

    @PostMapping("/environments/{name}/strategy")
    String strategy(@PathVariable String name, @RequestParam String strategy, RedirectAttributes redirect) {
        return act(name, redirect, () -> {
            Environment env = environments.update(name, new EnvironmentService.Settings(null, null, strategy));
            return name + " now deploys " + (env.getStrategy() == dev.loopline.delivery.Strategy.BLUE_GREEN
                    ? "blue/green: new versions go to the idle slot and are promoted." : "rolling: a version is live "
                    + "as soon as it succeeds.");
        });
    }

    @PostMapping("/environments/{name}/freezes")
    String addFreeze(@PathVariable String name, @RequestParam String kind, @RequestParam(required = false) String cron,
            @RequestParam(required = false) Integer durationMinutes, @RequestParam(required = false) String timeZone,
            @RequestParam(required = false) String startsAt, @RequestParam(required = false) String endsAt,
            @RequestParam(required = false) String reason, RedirectAttributes redirect) {
        return act(name, redirect, () -> {
            ZoneId zone = FreezeSchedule.zone(timeZone);
            var window = freezes.create(name, new FreezeService.Request(kind, cron, durationMinutes, timeZone,
                    local(startsAt, zone, "starts_at"), local(endsAt, zone, "ends_at"), reason));
            return "Added freeze window " + window.getId() + ".";
        });
    }

    /** A browser's {@code datetime-local} value, read in {@code zone}. */
    private static Instant local(String value, ZoneId zone, String field) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return LocalDateTime.parse(value.trim()).atZone(zone).toInstant();
        }
        catch (DateTimeParseException e) {
            throw new DomainException.InvalidInput("invalid_" + field, "'" + dev.loopline.common.TextLimits.quoted(value)
                    + "' is not a date and time (2026-12-24T18:00).");
        }
    }

    @PostMapping("/environments/{name}/freezes/{id}/delete")
    String deleteFreeze(@PathVariable String name, @PathVariable long id, RedirectAttributes redirect) {
        return act(name, redirect, () -> {
            freezes.delete(name, id);
            return "Deleted freeze window " + id + ".";
        });
    }

    private String act(String environment, RedirectAttributes redirect, java.util.function.Supplier<String> action) {
        environments.get(environment);
        try {
            redirect.addFlashAttribute("notice", action.get());
        }
        catch (DomainException e) {
            redirect.addFlashAttribute("error", e.getMessage());
        }
        return "redirect:/environments/" + environment;
    }
}
