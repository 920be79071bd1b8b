package dev.loopline.notification.web;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import dev.loopline.common.Actor;
import dev.loopline.common.CurrentActor;
import dev.loopline.common.DomainException;
import dev.loopline.notification.EventCatalogue;
import dev.loopline.notification.NotificationService;

/** The signed-in person's notifications, their choices (shown on the account page), and the event catalogue page. */
@Controller
class NotificationPageController {

    private final NotificationService notifications;
    private final EventCatalogue catalogue;

    NotificationPageController(NotificationService notifications, EventCatalogue catalogue) {
        this.notifications = notifications;
        this.catalogue = catalogue;
    }

    @GetMapping("/events")
    String catalogue(Model model) {
        model.addAttribute("eventTypes", catalogue.all());
        model.addAttribute("catalogue", catalogue);
        return "notification/catalogue";
    }

    @GetMapping("/notifications")
    String list(Model model) {
        String me = person().name();
        model.addAttribute("notifications", notifications.recent(me));
        model.addAttribute("preferences", notifications.preferencesOf(me));
        return "notification/list";
    }

    /** Marks it read and goes where it leads. */
    @PostMapping("/notifications/{id}/open")
    String open(@PathVariable long id) {
        String link = notifications.open(person().name(), id).orElse("/notifications");
        return "redirect:" + (link.startsWith("/") && !link.startsWith("//") ? link : "/notifications");
    }

    @PostMapping("/notifications/read")
    String markAllRead(RedirectAttributes redirect) {
        int marked = notifications.markAllRead(person().name());
        redirect.addFlashAttribute("notice", marked == 0 ? "Nothing unread." : "Marked " + marked + " as read.");
        return "redirect:/notifications";
    }

    /** The choices card of the account page (loaded into it by htmx). */
    @GetMapping("/notifications/preferences")
    String preferences(Model model) {
        model.addAttribute("preferences", notifications.preferencesOf(person().name()));
        return "notification/preferences :: form";
    }

    @PostMapping("/notifications/preferences")
    String choose(@RequestParam(defaultValue = "false") boolean approvals,
            @RequestParam(defaultValue = "false") boolean phaseChanges, RedirectAttributes redirect) {
        notifications.choose(person().name(), approvals, phaseChanges);
        redirect.addFlashAttribute("notice", "Your notification choices are saved.");
        return "redirect:/account";
    }

    private static Actor person() {
        return CurrentActor.find().filter(a -> a.type() == Actor.Type.USER).orElseThrow(() ->
                new DomainException.Forbidden("forbidden", "Only a signed-in person has notifications."));
    }
}
