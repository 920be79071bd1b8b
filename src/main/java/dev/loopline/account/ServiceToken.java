package dev.loopline.account;

import java.time.Instant;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.Set;

import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.Table;

import dev.loopline.common.Actor;
import dev.loopline.common.Role;

/** A bearer token for API clients. Only the SHA-256 of the secret is stored. */
@Entity
@Table(name = "service_token")
public class ServiceToken {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(nullable = false, unique = true)
    private String name;

    @Column(name = "token_hash", nullable = false, unique = true)
    private String tokenHash;

    @ElementCollection(fetch = FetchType.EAGER)
    @CollectionTable(name = "service_token_role", joinColumns = @JoinColumn(name = "token_id"))
    @Column(name = "role")
    @Enumerated(EnumType.STRING)
    private Set<Role> roles = new HashSet<>();

    @Column(name = "created_by", nullable = false)
    private String createdBy;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    @Column(name = "last_used_at")
    private Instant lastUsedAt;

    protected ServiceToken() {
    }

    ServiceToken(String name, String tokenHash, Set<Role> roles, String createdBy, Instant createdAt) {
        this.name = name;
        this.tokenHash = tokenHash;
        this.roles = new HashSet<>(roles);
        this.createdBy = createdBy;
        this.createdAt = createdAt;
    }

    public Long getId() {
        return id;
    }

    public String getName() {
        return name;
    }

    public Set<Role> getRoles() {
        return roles.isEmpty() ? Set.of() : EnumSet.copyOf(roles);
    }

    public String getCreatedBy() {
        return createdBy;
    }

    public Instant getCreatedAt() {
        return createdAt;
    }

    public Instant getLastUsedAt() {
        return lastUsedAt;
    }

    public Actor toActor() {
        return new Actor(Actor.Type.TOKEN, id, name, roles, createdBy);
    }

    void rotate(String newHash, Set<Role> newRoles) {
        tokenHash = newHash;
        roles.clear();
        roles.addAll(newRoles);
    }

    void markUsed(Instant at) {
        lastUsedAt = at;
    }
}
