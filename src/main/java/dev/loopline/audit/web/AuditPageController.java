package dev.loopline.audit.web;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

import dev.loopline.audit.AuditLog;

/** The audit log page: newest first, filterable by actor and action, paginated. */
@Controller
class AuditPageController {

    private final AuditLog auditLog;

    AuditPageController(AuditLog auditLog) {
        this.auditLog = auditLog;
    }

    @GetMapping("/audit")
    String list(@RequestParam(required = false) String actor, @RequestParam(required = false) String action,
            @RequestParam(defaultValue = "0") int page, Model model) {
        model.addAttribute("entries", auditLog.search(actor, action, page));
        model.addAttribute("actor", actor);
        model.addAttribute("action", action);
        model.addAttribute("actors", auditLog.actors());
        model.addAttribute("actions", auditLog.actions());
        return "audit/list";
    }
}
