package dev.loopline.database;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import dev.loopline.engine.PasswordRole;

/**
 * A password for clients of one branch. Loopline keeps only the user name; the engine keeps its own hash of the
 * password, which is shown once.
 */
@Entity
@Table(name = "branch_password")
public class BranchPassword {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(name = "branch_id", nullable = false)
    private Long branchId;

    @Column(nullable = false)
    private String name;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    private PasswordRole role;

    @Column(nullable = false)
    private String username;

    @Column(name = "created_by", nullable = false)
    private String createdBy;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    @Column(name = "expires_at")
    private Instant expiresAt;

    protected BranchPassword() {
    }

    BranchPassword(long branchId, String name, PasswordRole role, String username, String createdBy, Instant createdAt,
            Instant expiresAt) {
        this.branchId = branchId;
        this.name = name;
        this.role = role;
        this.username = username;
        this.createdBy = createdBy;
        this.createdAt = createdAt;
        this.expiresAt = expiresAt;
    }

    public Long getId() {
        return id;
    }

    public Long getBranchId() {
        return branchId;
    }

    public String getName() {
        return name;
    }

    public PasswordRole getRole() {
        return role;
    }

    public String getUsername() {
        return username;
    }

    public String getCreatedBy() {
        return createdBy;
    }

    public Instant getCreatedAt() {
        return createdAt;
    }

    public Instant getExpiresAt() {
        return expiresAt;
    }
}
