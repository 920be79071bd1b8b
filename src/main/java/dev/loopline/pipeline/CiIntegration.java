package dev.loopline.pipeline;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

/**
 * A CI system allowed to report builds. Its secret is shown once; Loopline keeps a SHA-256 of a token
 * ({@link CiKind#signed()} false) or the HMAC key encrypted with the instance key (GitHub), never the plain text.
 */
@Entity
@Table(name = "ci_integration")
public class CiIntegration {

    public static final int NAME_LENGTH = 64;

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    private CiKind kind;

    @Column(nullable = false, length = NAME_LENGTH)
    private String name;

    @Column(name = "secret_hash")
    private String secretHash;

    @Column(name = "secret_encrypted", length = 512)
    private String secretEncrypted;

    @Column(nullable = false)
    private boolean enabled;

    @Column(name = "created_by", nullable = false)
    private String createdBy;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    @Version
    private long version;

    protected CiIntegration() {
    }

    CiIntegration(CiKind kind, String name, String secretHash, String secretEncrypted, String createdBy, Instant at) {
        this.kind = kind;
        this.name = name;
        this.secretHash = secretHash;
        this.secretEncrypted = secretEncrypted;
        this.enabled = true;
        this.createdBy = createdBy;
        this.createdAt = at;
    }

    String getSecretHash() { return secretHash; }
    String getSecretEncrypted() { return secretEncrypted; }

    public Long getId() { return id; }
    public CiKind getKind() { return kind; }
    public String getName() { return name; }
    public boolean isEnabled() { return enabled; }
    public String getCreatedBy() { return createdBy; }
    public Instant getCreatedAt() { return createdAt; }
}
