package dev.loopline.web;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

import dev.loopline.common.Actor;
import dev.loopline.common.CurrentActor;
import dev.loopline.common.Role;

/** What every page's layout needs: who is signed in, what their roles allow, and where they are. */
@ControllerAdvice(annotations = Controller.class)
class LayoutAdvice {

    private static final java.util.Map<String, Integer> LIMITS = dev.loopline.common.TextLimits.asMap();

    private final java.util.List<PageBanner> banners;

    LayoutAdvice(java.util.List<PageBanner> banners) {
        this.banners = banners;
    }

    @ModelAttribute
    void layout(HttpServletRequest request, Model model) {
        Actor me = CurrentActor.find().orElse(null);
        model.addAttribute("me", me);
        model.addAttribute("isAdmin", me != null && me.has(Role.ADMIN));
        model.addAttribute("canPlan", me != null && me.has(Role.PROJECT_MANAGER));
        model.addAttribute("canDevelop", me != null && me.has(Role.DEVELOPER));
        model.addAttribute("canOperate", me != null && me.has(Role.OPERATOR));
        model.addAttribute("currentPath", request.getRequestURI());
        model.addAttribute("limits", LIMITS);
        model.addAttribute("htmx", "true".equals(request.getHeader("HX-Request")));
        // htmx fragments have no layout: no banner queries for polling requests
        model.addAttribute("banners", me == null || "true".equals(request.getHeader("HX-Request")) ? java.util.List.of()
                : banners.stream().flatMap(b -> b.banners().stream()).toList());
    }
}
