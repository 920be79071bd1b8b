package dev.loopline.account.web;

import jakarta.servlet.http.HttpSession;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import dev.loopline.account.UserService;
import dev.loopline.common.DomainException;

/** The signed-in person's own account: who they are, their roles, and changing their password. */
@Controller
class AccountController {

    private final UserService users;

    AccountController(UserService users) {
        this.users = users;
    }

    @GetMapping("/account")
    String show(Model model) {
        model.addAttribute("user", users.me());
        return "account/account";
    }

    /** Changes the password; the current one is required, and every other session of this person ends. */
    @PostMapping("/account/password")
    String changePassword(@RequestParam(defaultValue = "") String currentPassword,
            @RequestParam(defaultValue = "") String newPassword, @RequestParam(defaultValue = "") String confirmPassword,
            HttpSession session, Model model, RedirectAttributes redirect) {
        if (!newPassword.equals(confirmPassword)) {
            return withError(model, "confirmPasswordError", "The two new passwords differ; type the same one twice.");
        }
        try {
            users.changeOwnPassword(currentPassword, newPassword, session.getId());
        }
        catch (DomainException.InvalidInput e) {
            return withError(model, "wrong_current_password".equals(e.code()) ? "currentPasswordError"
                    : "newPasswordError", e.getMessage());
        }
        redirect.addFlashAttribute("notice", "Your password is changed. Your other sessions were signed out.");
        return "redirect:/account";
    }

    private String withError(Model model, String field, String message) {
        model.addAttribute(field, message);
        model.addAttribute("user", users.me());
        return "account/account";
    }
}
