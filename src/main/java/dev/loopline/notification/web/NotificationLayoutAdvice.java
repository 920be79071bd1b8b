package dev.loopline.notification.web;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

import dev.loopline.common.Actor;
import dev.loopline.common.CurrentActor;
import dev.loopline.common.Role;
import dev.loopline.notification.NotificationService;
import dev.loopline.notification.WebhookService;

/**
 * What the layout's notification fragments read on every page: the signed-in person's unread count (the bell) and,
 * for admins, the webhooks Loopline turned off (the banner). Kept here so the web module needs no notification code.
 */
@ControllerAdvice(annotations = Controller.class)
class NotificationLayoutAdvice {

    private final NotificationService notifications;
    private final WebhookService webhooks;

    NotificationLayoutAdvice(NotificationService notifications, WebhookService webhooks) {
        this.notifications = notifications;
        this.webhooks = webhooks;
    }

    @ModelAttribute
    void layout(Model model) {
        Actor me = CurrentActor.find().orElse(null);
        if (me == null || me.type() != Actor.Type.USER) {
            return;
        }
        model.addAttribute("unreadNotifications", notifications.unreadCount(me.name()));
        if (me.has(Role.ADMIN)) {
            model.addAttribute("disabledWebhooks", webhooks.disabledByLoopline());
        }
    }
}
