package dev.loopline.account.web;

import java.util.EnumSet;
import java.util.Set;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import dev.loopline.account.ServiceTokenService;
import dev.loopline.common.DomainException;
import dev.loopline.common.Role;

/** The service tokens page: create (secret shown once), list, delete. */
@Controller
@RequestMapping("/admin/tokens")
class AdminTokenController {

    private final ServiceTokenService tokens;

    AdminTokenController(ServiceTokenService tokens) {
        this.tokens = tokens;
    }

    @GetMapping
    String list(Model model) {
        model.addAttribute("tokens", tokens.findAll());
        model.addAttribute("allRoles", Role.values());
        return "account/tokens";
    }

    @PostMapping
    String create(@RequestParam(defaultValue = "") String name, @RequestParam(required = false) Set<Role> roles,
            RedirectAttributes redirect) {
        try {
            var created = tokens.create(name, roles == null ? EnumSet.noneOf(Role.class) : roles);
            redirect.addFlashAttribute("createdToken", created.token());
            redirect.addFlashAttribute("plainText", created.plainText());
        }
        catch (DomainException e) {
            redirect.addFlashAttribute("error", e.getMessage());
            redirect.addFlashAttribute("name", name);
        }
        return "redirect:/admin/tokens";
    }

    @PostMapping("/{id}/delete")
    String delete(@PathVariable long id, RedirectAttributes redirect) {
        tokens.delete(id);
        redirect.addFlashAttribute("notice", "Token deleted; clients using it are refused from now on.");
        return "redirect:/admin/tokens";
    }
}
