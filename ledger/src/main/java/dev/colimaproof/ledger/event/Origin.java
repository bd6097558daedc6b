package dev.colimaproof.ledger.event;

import java.util.Objects;

/** Where an event was written: the host, the writer's session and the system it belongs to. */
public record Origin(String host, String sessionId, String systemId) {

    public Origin {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(sessionId, "sessionId");
        Objects.requireNonNull(systemId, "systemId");
    }
}
