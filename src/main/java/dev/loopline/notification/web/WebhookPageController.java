package dev.loopline.notification.web;

import java.util.Arrays;
import java.util.List;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import dev.loopline.common.DomainException;
import dev.loopline.common.Paging;
import dev.loopline.notification.EventCatalogue;
import dev.loopline.notification.Webhook;
import dev.loopline.notification.WebhookService;

/** The admins' webhooks pages: list and create (the secret shown once), and each webhook with its delivery log. */
@Controller
@RequestMapping("/admin/webhooks")
class WebhookPageController {

    private static final Paging LOG = new Paging(1, 50);

    private final WebhookService webhooks;
    private final EventCatalogue catalogue;

    WebhookPageController(WebhookService webhooks, EventCatalogue catalogue) {
        this.webhooks = webhooks;
        this.catalogue = catalogue;
    }

    @GetMapping
    String list(Model model) {
        model.addAttribute("webhooks", webhooks.list());
        model.addAttribute("kinds", Webhook.Kind.values());
        model.addAttribute("eventTypes", catalogue.all().stream()
                .filter(t -> !t.type().equals(EventCatalogue.TEST_EVENT)).toList());
        return "notification/webhooks";
    }

    @PostMapping
    String create(@RequestParam(defaultValue = "") String url, @RequestParam(defaultValue = "generic") String kind,
            @RequestParam(required = false) List<String> events, @RequestParam(defaultValue = "") String databases,
            @RequestParam(defaultValue = "") String description, RedirectAttributes redirect) {
        try {
            var created = webhooks.create(url, events, kind, split(databases), description);
            redirect.addFlashAttribute("secret", created.secret());
            redirect.addFlashAttribute("notice", "Webhook created.");
            return "redirect:/admin/webhooks/" + created.webhook().getId();
        }
        catch (DomainException e) {
            redirect.addFlashAttribute("formError", e.getMessage());
            redirect.addFlashAttribute("formUrl", url);
            redirect.addFlashAttribute("formKind", kind);
            redirect.addFlashAttribute("formEvents", events == null ? List.of() : events);
            redirect.addFlashAttribute("formDatabases", databases);
            redirect.addFlashAttribute("formDescription", description);
            return "redirect:/admin/webhooks";
        }
    }

    @GetMapping("/{id}")
    String show(@PathVariable long id, Model model) {
        model.addAttribute("webhook", webhooks.get(id));
        model.addAttribute("pending", webhooks.pending(id));
        model.addAttribute("deliveries", webhooks.deliveries(id, LOG));
        return "notification/webhook";
    }

    @PostMapping("/{id}/test")
    String test(@PathVariable long id, RedirectAttributes redirect) {
        return act(id, redirect, () -> webhooks.sendTest(id), "Test event queued; it appears below once sent.");
    }

    @PostMapping("/{id}/rotate-secret")
    String rotateSecret(@PathVariable long id, RedirectAttributes redirect) {
        try {
            redirect.addFlashAttribute("secret", webhooks.rotateSecret(id).secret());
            redirect.addFlashAttribute("notice", "New signing secret made. For 24 hours messages are signed with "
                    + "the old one too: give the receiver the new one within that time.");
        }
        catch (DomainException.Conflict e) {
            redirect.addFlashAttribute("error", e.getMessage());
        }
        return "redirect:/admin/webhooks/" + id;
    }

    @PostMapping("/{id}/enable")
    String enable(@PathVariable long id, RedirectAttributes redirect) {
        return act(id, redirect, () -> webhooks.update(id, new WebhookService.Changes(null, null, null, true, null)),
                "Webhook enabled; waiting messages are sent again.");
    }

    @PostMapping("/{id}/disable")
    String disable(@PathVariable long id, RedirectAttributes redirect) {
        return act(id, redirect, () -> webhooks.update(id, new WebhookService.Changes(null, null, null, false, null)),
                "Webhook disabled; new events still queue for it until it is deleted.");
    }

    @PostMapping("/{id}/deliveries/{delivery}/redeliver")
    String redeliver(@PathVariable long id, @PathVariable long delivery, RedirectAttributes redirect) {
        return act(id, redirect, () -> webhooks.redeliver(id, delivery), "Message queued to be sent again.");
    }

    @PostMapping("/{id}/delete")
    String delete(@PathVariable long id, RedirectAttributes redirect) {
        webhooks.delete(id);
        redirect.addFlashAttribute("notice", "Webhook deleted with its queue and log.");
        return "redirect:/admin/webhooks";
    }

    private String act(long id, RedirectAttributes redirect, Runnable action, String notice) {
        try {
            action.run();
            redirect.addFlashAttribute("notice", notice);
        }
        catch (DomainException.Conflict e) {
            redirect.addFlashAttribute("error", e.getMessage());
        }
        return "redirect:/admin/webhooks/" + id;
    }

    private static List<String> split(String databases) {
        return Arrays.stream(databases.split("[,\\s]+")).filter(s -> !s.isBlank()).toList();
    }
}
