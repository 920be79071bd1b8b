package dev.loopline.account.web;

import java.util.EnumSet;
import java.util.Set;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

import dev.loopline.common.Role;

/** The add-user and edit-user form. */
public class UserForm {

    @NotBlank(message = "Enter a user name.")
    @Size(max = 64, message = "At most 64 characters.")
    private String username;

    @Size(max = 120, message = "At most 120 characters.")
    private String displayName;

    private String password;

    private Set<Role> roles = EnumSet.noneOf(Role.class);

    public String getUsername() {
        return username;
    }

    public void setUsername(String username) {
        this.username = username;
    }

    public String getDisplayName() {
        return displayName;
    }

    public void setDisplayName(String displayName) {
        this.displayName = displayName;
    }

    public String getPassword() {
        return password;
    }

    public void setPassword(String password) {
        this.password = password;
    }

    public Set<Role> getRoles() {
        return roles;
    }

    public void setRoles(Set<Role> roles) {
        this.roles = roles == null ? EnumSet.noneOf(Role.class) : roles;
    }
}
