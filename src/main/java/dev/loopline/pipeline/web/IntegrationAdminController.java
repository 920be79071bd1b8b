package dev.loopline.pipeline.web;

import java.util.stream.Collectors;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

import dev.loopline.common.DomainException;
import dev.loopline.common.Names;
import dev.loopline.pipeline.CiIntegration;
import dev.loopline.pipeline.CiKind;
import dev.loopline.pipeline.IntegrationService;

/** The CI integrations page (admins): add one (its secret shown once, with how to set it up), remove, and the log. */
@Controller
@RequestMapping("/admin/integrations")
class IntegrationAdminController {

    static final int LOG_SIZE = 30;

    /** Refused requests shown apart, so they never take the place of real deliveries; repeats share a row. */
    static final int REFUSALS_SHOWN = 15;

    private final IntegrationService integrations;

    IntegrationAdminController(IntegrationService integrations) {
        this.integrations = integrations;
    }

    @GetMapping
    String list(Model model) {
        var all = integrations.list();
        model.addAttribute("integrations", all);
        model.addAttribute("names", all.stream().collect(Collectors.toMap(CiIntegration::getId, CiIntegration::getName)));
        model.addAttribute("deliveries", integrations.recentDeliveries(LOG_SIZE));
        model.addAttribute("refusals", integrations.recentRefusals(REFUSALS_SHOWN));
        model.addAttribute("kinds", CiKind.values());
        model.addAttribute("receiverBase", ServletUriComponentsBuilder.fromCurrentContextPath()
                .path("/api/v1/integrations/").toUriString());
        return "pipeline/integrations";
    }

    @PostMapping
    String create(@RequestParam(defaultValue = "") String kind, @RequestParam(defaultValue = "") String name,
            RedirectAttributes redirect) {
        try {
            var created = integrations.create(Names.parseEnum(CiKind.class, kind, "invalid_kind", "CI system"), name);
            redirect.addFlashAttribute("created", created.integration());
            redirect.addFlashAttribute("plainText", created.plainText());
        }
        catch (DomainException e) {
            redirect.addFlashAttribute("error", e.getMessage());
            redirect.addFlashAttribute("name", name);
        }
        return "redirect:/admin/integrations";
    }

    @PostMapping("/{id}/delete")
    String delete(@PathVariable long id, RedirectAttributes redirect) {
        integrations.delete(id);
        redirect.addFlashAttribute("notice", "Integration removed; its secret is refused from now on.");
        return "redirect:/admin/integrations";
    }

}
