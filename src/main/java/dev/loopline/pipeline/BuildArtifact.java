package dev.loopline.pipeline;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;

/**
 * Something a build produced: a name, where to fetch it, and optionally its SHA-256 (lower-case hex) and size in bytes.
 */
@Embeddable
public record BuildArtifact(
        @Column(nullable = false, length = 255) String name,
        @Column(length = 2000) String url,
        @Column(length = 64) String sha256,
        @Column(name = "size_bytes") Long sizeBytes) {
}
