package dev.loopline.account.web;

import jakarta.validation.Valid;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import dev.loopline.account.User;
import dev.loopline.account.UserService;
import dev.loopline.common.DomainException;
import dev.loopline.common.Role;

/** Admin pages for users: list, add, edit roles, disable or enable, reset password. */
@Controller
@RequestMapping("/admin/users")
class AdminUserController {

    private final UserService users;

    AdminUserController(UserService users) {
        this.users = users;
    }

    @ModelAttribute("allRoles")
    java.util.List<Role> allRoles() {
        return Role.forPeople();
    }

    @GetMapping
    String list(Model model) {
        model.addAttribute("users", users.findAll());
        return "account/users";
    }

    @GetMapping("/new")
    String newUser(Model model) {
        model.addAttribute("form", new UserForm());
        return "account/user-new";
    }

    @PostMapping
    String create(@Valid @ModelAttribute("form") UserForm form, BindingResult result, RedirectAttributes redirect) {
        if (!result.hasErrors()) {
            try {
                User user = users.create(form.getUsername(), form.getDisplayName(), form.getPassword(), form.getRoles());
                redirect.addFlashAttribute("notice", "Added " + user.getUsername() + ".");
                return "redirect:/admin/users";
            }
            catch (DomainException e) {
                result.rejectValue(switch (e.code()) {
                    case "invalid_password" -> "password";
                    case "invalid_display_name" -> "displayName";
                    default -> "username";
                }, e.code(),
                        e.getMessage());
            }
        }
        return "account/user-new";
    }

    @GetMapping("/{id}")
    String edit(@PathVariable long id, Model model) {
        User user = users.get(id);
        UserForm form = new UserForm();
        form.setUsername(user.getUsername());
        form.setDisplayName(user.getDisplayName());
        form.setRoles(user.getRoles().isEmpty() ? form.getRoles() : java.util.EnumSet.copyOf(user.getRoles()));
        model.addAttribute("user", user);
        model.addAttribute("form", form);
        return "account/user-edit";
    }

    @PostMapping("/{id}")
    String update(@PathVariable long id, @ModelAttribute("form") UserForm form, Model model,
            RedirectAttributes redirect) {
        try {
            users.update(id, form.getDisplayName(), form.getRoles());
            redirect.addFlashAttribute("notice", "Saved.");
        }
        catch (DomainException.Conflict | DomainException.InvalidInput e) {
            redirect.addFlashAttribute("error", e.getMessage());
        }
        return "redirect:/admin/users/" + id;
    }

    @PostMapping("/{id}/enabled")
    String setEnabled(@PathVariable long id, @RequestParam boolean enabled, RedirectAttributes redirect) {
        try {
            User user = users.setEnabled(id, enabled);
            redirect.addFlashAttribute("notice", (enabled ? "Enabled " : "Disabled ") + user.getUsername() + ".");
        }
        catch (DomainException.Conflict e) {
            redirect.addFlashAttribute("error", e.getMessage());
        }
        return "redirect:/admin/users/" + id;
    }

    @PostMapping("/{id}/password")
    String resetPassword(@PathVariable long id, @RequestParam String password, RedirectAttributes redirect) {
        try {
            users.resetPassword(id, password);
            redirect.addFlashAttribute("notice", "Password reset. Tell the user their new password in person.");
        }
        catch (DomainException.InvalidInput e) {
            redirect.addFlashAttribute("passwordError", e.getMessage());
        }
        return "redirect:/admin/users/" + id;
    }
}
