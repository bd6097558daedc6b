package dev.colimaproof.ledger.event;

import java.util.Objects;

/**
 * An artifact named by an event: its role (snapshot, attachment, verdict, ...), its path relative to the ledger
 * home, and the SHA-256 and size it had when it was recorded.
 */
public record ArtifactRef(String role, String path, String sha256, long bytes) {

    public ArtifactRef {
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(sha256, "sha256");
    }
}
