package dev.colimaproof.ledger.event;

import dev.colimaproof.ledger.InvalidInputException;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * What a writer asks the ledger to record. The ledger adds the sequence number, the origin, the hashes and the
 * artifact references. Retrying with the same {@code eventId} records it once.
 */
public record EventDraft(
        UUID eventId,
        IncidentId incidentId,
        Action action,
        Level level,
        boolean success,
        Instant occurredAt,
        String phase,
        String hypothesisId,
        RecoveryMode recoveryMode,
        Map<String, Object> metadata,
        List<Attachment> attachments,
        UUID causationId) {

    // phase and hypothesis end up in artifact names, so they follow rules as strict as the incident id's
    private static final Pattern LABEL = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    public EventDraft {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(incidentId, "incidentId");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(level, "level");
        Objects.requireNonNull(occurredAt, "occurredAt");
        metadata = JsonValues.freeze(metadata == null ? Map.of() : metadata);
        attachments = attachments == null ? List.of() : List.copyOf(attachments);
        checkLabel("phase", phase);
        checkLabel("hypothesis id", hypothesisId);
    }

    public static Builder builder(IncidentId incident, Action action) {
        return new Builder(incident, action);
    }

    private static void checkLabel(String what, String value) {
        if (value != null && !LABEL.matcher(value).matches()) {
            throw new InvalidInputException("invalid " + what + " " + Printable.quote(value)
                    + ": use 1-64 of [A-Za-z0-9._-], starting with a letter or digit");
        }
    }

    /** Collects the optional parts of a draft; defaults: a fresh id, now, level info, success true. */
    public static final class Builder {
        private final IncidentId incidentId;
        private final Action action;
        private UUID eventId = UUID.randomUUID();
        private Level level = Level.INFO;
        private boolean success = true;
        private Instant occurredAt;
        private String phase;
        private String hypothesisId;
        private RecoveryMode recoveryMode;
        private final Map<String, Object> metadata = new LinkedHashMap<>();
        private final List<Attachment> attachments = new ArrayList<>();
        private UUID causationId;

        private Builder(IncidentId incidentId, Action action) {
            this.incidentId = incidentId;
            this.action = action;
        }

        public Builder eventId(UUID id) {
            this.eventId = id;
            return this;
        }

        public Builder level(Level value) {
            this.level = value;
            return this;
        }

        public Builder success(boolean value) {
            this.success = value;
            return this;
        }

        public Builder occurredAt(Instant at) {
            this.occurredAt = at;
            return this;
        }

        public Builder phase(String value) {
            this.phase = value;
            return this;
        }

        public Builder hypothesisId(String value) {
            this.hypothesisId = value;
            return this;
        }

        public Builder recoveryMode(RecoveryMode value) {
            this.recoveryMode = value;
            return this;
        }

        public Builder metadata(String key, Object value) {
            this.metadata.put(key, value);
            return this;
        }

        public Builder metadata(Map<String, ?> values) {
            this.metadata.putAll(values);
            return this;
        }

        public Builder attach(Attachment attachment) {
            this.attachments.add(attachment);
            return this;
        }

        public Builder causationId(UUID cause) {
            this.causationId = cause;
            return this;
        }

        public EventDraft build() {
            return new EventDraft(eventId, incidentId, action, level, success,
                    occurredAt == null ? Instant.now() : occurredAt, phase, hypothesisId, recoveryMode, metadata,
                    attachments, causationId);
        }
    }
}
