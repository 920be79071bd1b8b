package dev.loopline.account;

import java.util.Collection;
import java.util.List;

import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.userdetails.UserDetails;

import dev.loopline.common.Actor;
import dev.loopline.common.ActorPrincipal;
import dev.loopline.common.Role;

/** The signed-in user as Spring Security sees it. */
final class AccountPrincipal implements UserDetails, ActorPrincipal {

    private final Actor actor;
    private final String displayName;
    private final String passwordHash;
    private final boolean enabled;

    AccountPrincipal(User user) {
        this.actor = user.toActor();
        this.displayName = user.getDisplayName();
        this.passwordHash = user.getPasswordHash();
        this.enabled = user.isEnabled();
    }

    static List<GrantedAuthority> authorities(Actor actor) {
        return actor.roles().stream().map(Role::authority).<GrantedAuthority>map(SimpleGrantedAuthority::new).toList();
    }

    @Override
    public Actor actor() {
        return actor;
    }

    String displayName() {
        return displayName;
    }

    @Override
    public Collection<? extends GrantedAuthority> getAuthorities() {
        return authorities(actor);
    }

    @Override
    public String getPassword() {
        return passwordHash;
    }

    @Override
    public String getUsername() {
        return actor.name();
    }

    @Override
    public boolean isEnabled() {
        return enabled;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof AccountPrincipal that && that.actor.name().equals(actor.name());
    }

    @Override
    public int hashCode() {
        return actor.name().hashCode();
    }
}
