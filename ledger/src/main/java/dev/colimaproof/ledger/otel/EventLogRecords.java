package dev.colimaproof.ledger.otel;

import dev.colimaproof.ledger.Sha256;
import dev.colimaproof.ledger.event.ArtifactRef;
import dev.colimaproof.ledger.event.Event;
import dev.colimaproof.ledger.event.EventCodec;
import dev.colimaproof.ledger.event.IncidentId;
import dev.colimaproof.ledger.event.Level;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.Value;
import io.opentelemetry.api.logs.LogRecordBuilder;
import io.opentelemetry.api.logs.Severity;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.context.Context;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How an event becomes an OpenTelemetry log record (docs/otel.md): the action is the event name; only the five
 * low-cardinality facets are attributes; everything else goes in the body map; the trace id is derived from the
 * incident id, so a backend groups an incident without a high-cardinality attribute.
 */
public final class EventLogRecords {

    public static final AttributeKey<String> SOURCE = AttributeKey.stringKey("source");
    public static final AttributeKey<String> COMPONENT = AttributeKey.stringKey("component");
    public static final AttributeKey<String> ACTION = AttributeKey.stringKey("action");
    public static final AttributeKey<String> LEVEL = AttributeKey.stringKey("level");
    public static final AttributeKey<Boolean> SUCCESS = AttributeKey.booleanKey("success");

    private EventLogRecords() {
    }

    /** Fills a log record builder from an event; the caller emits it. */
    public static LogRecordBuilder describe(LogRecordBuilder builder, Event event) {
        return builder
                .setEventName(event.action().name())
                .setTimestamp(event.occurredAt())
                .setObservedTimestamp(event.occurredAt())
                .setSeverity(severity(event.level()))
                .setSeverityText(event.level().word())
                .setAllAttributes(Attributes.builder()
                        .put(SOURCE, event.source())
                        .put(COMPONENT, event.component())
                        .put(ACTION, event.action().name())
                        .put(LEVEL, event.level().word())
                        .put(SUCCESS, event.success())
                        .build())
                .setBody(body(event))
                .setContext(Context.root().with(Span.wrap(SpanContext.create(traceId(event.incidentId()),
                        spanId(event), TraceFlags.getSampled(), TraceState.getDefault()))));
    }

    /** 32 hex digits: the first 16 bytes of SHA-256 over the incident id. Stable, and never all zeros in practice. */
    public static String traceId(IncidentId incident) {
        return Sha256.hex(("colima-proof incident " + incident.value()).getBytes(StandardCharsets.UTF_8))
                .substring(0, 32);
    }

    /** 16 hex digits from the event id, so each event is its own span within the incident's trace. */
    public static String spanId(Event event) {
        long bits = event.eventId().getMostSignificantBits();
        return String.format("%016x", bits == 0 ? 1 : bits);
    }

    static Severity severity(Level level) {
        return switch (level) {
            case DEBUG -> Severity.DEBUG;
            case INFO -> Severity.INFO;
            case WARN -> Severity.WARN;
            case ERROR -> Severity.ERROR;
            case FATAL -> Severity.FATAL;
        };
    }

    static Value<?> body(Event event) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("incident_id", event.incidentId().value());
        body.put("event_id", event.eventId().toString());
        body.put("seq", event.seq());
        body.put("occurred_at", EventCodec.formatInstant(event.occurredAt()));
        body.put("phase", event.phase());
        body.put("hypothesis_id", event.hypothesisId());
        body.put("recovery_mode", event.recoveryMode() == null ? null : event.recoveryMode().word());
        body.put("causation_id", event.causationId() == null ? null : event.causationId().toString());
        body.put("host", event.host());
        body.put("session_id", event.sessionId());
        body.put("system_id", event.systemId());
        body.put("metadata", event.metadata());
        List<Map<String, Object>> artifacts = new ArrayList<>();
        for (ArtifactRef artifact : event.artifacts()) {
            artifacts.add(Map.of("role", artifact.role(), "path", artifact.path(), "sha256", artifact.sha256(),
                    "bytes", artifact.bytes()));
        }
        body.put("artifacts", artifacts);
        body.put("hash", event.hash());
        body.put("prev_hash", event.prevHash());
        return value(body);
    }

    /** JSON-like values to OpenTelemetry values; absent (null) entries are left out. */
    @SuppressWarnings("unchecked")
    private static Value<?> value(Object value) {
        if (value instanceof String text) {
            return Value.of(text);
        }
        if (value instanceof Boolean flag) {
            return Value.of(flag);
        }
        if (value instanceof Double || value instanceof Float || value instanceof java.math.BigDecimal) {
            return Value.of(((Number) value).doubleValue());
        }
        if (value instanceof Number number) {
            return Value.of(number.longValue());
        }
        if (value instanceof Map<?, ?> map) {
            Map<String, Value<?>> values = new LinkedHashMap<>();
            ((Map<String, Object>) map).forEach((key, item) -> {
                if (item != null) {
                    values.put(key, value(item));
                }
            });
            return Value.of(values);
        }
        if (value instanceof List<?> list) {
            List<Value<?>> values = new ArrayList<>();
            for (Object item : list) {
                values.add(item == null ? Value.of("") : value(item));
            }
            return Value.of(values);
        }
        return Value.of(String.valueOf(value));
    }
}
