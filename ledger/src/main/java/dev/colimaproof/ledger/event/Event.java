package dev.colimaproof.ledger.event;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * One journal entry, as recorded: the envelope of docs/events.md. Instances are sealed by the journal, which
 * assigns {@code seq}, {@code prev_hash} and {@code hash}; writers propose an {@link EventDraft}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder(alphabetic = true)
public record Event(
        int schema,
        @JsonProperty("event_id") UUID eventId,
        @JsonProperty("incident_id") IncidentId incidentId,
        long seq,
        Action action,
        Level level,
        boolean success,
        @JsonProperty("occurred_at") Instant occurredAt,
        String source,
        String component,
        String host,
        @JsonProperty("session_id") String sessionId,
        @JsonProperty("system_id") String systemId,
        String phase,
        @JsonProperty("hypothesis_id") String hypothesisId,
        @JsonProperty("recovery_mode") RecoveryMode recoveryMode,
        Map<String, Object> metadata,
        List<ArtifactRef> artifacts,
        @JsonProperty("causation_id") UUID causationId,
        @JsonProperty("prev_hash") String prevHash,
        String hash) {

    /** The envelope version this code writes. Older versions stay readable. */
    public static final int SCHEMA = 1;
    public static final String SOURCE = "infra";
    public static final String COMPONENT = "colima-proof";

    public Event {
        Objects.requireNonNull(eventId, "event_id");
        Objects.requireNonNull(incidentId, "incident_id");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(level, "level");
        Objects.requireNonNull(occurredAt, "occurred_at");
        metadata = JsonValues.freeze(metadata == null ? Map.of() : metadata);
        artifacts = artifacts == null ? List.of() : List.copyOf(artifacts);
    }

    /** The same entry with its hash (the journal computes it over the entry without one). */
    public Event withHash(String newHash) {
        return new Event(schema, eventId, incidentId, seq, action, level, success, occurredAt, source, component,
                host, sessionId, systemId, phase, hypothesisId, recoveryMode, metadata, artifacts, causationId,
                prevHash, newHash);
    }
}
