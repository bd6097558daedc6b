package dev.colimaproof.ledger.otel;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.colimaproof.ledger.InvalidInputException;
import dev.colimaproof.ledger.Ledger;
import dev.colimaproof.ledger.LedgerOptions;
import dev.colimaproof.ledger.event.Action;
import dev.colimaproof.ledger.event.Event;
import dev.colimaproof.ledger.event.EventDraft;
import dev.colimaproof.ledger.event.IncidentId;
import dev.colimaproof.ledger.event.Level;
import dev.colimaproof.ledger.event.Origin;
import dev.colimaproof.ledger.event.RecoveryMode;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.SeverityNumber;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Delivery to a real OTLP/HTTP receiver on loopback, decoded with the official protobuf classes. */
class DeliveryTest {

    private static final Origin ORIGIN = new Origin("panda", "s-1", "sys-1");
    private static final IncidentId INCIDENT = IncidentId.of("20261203T161500Z-0123456789ab");

    @TempDir
    Path home;

    private Ledger ledger() {
        return Ledger.open(LedgerOptions.defaults(home, ORIGIN));
    }

    private static Telemetry telemetry(String endpoint, String... more) {
        Map<String, String> env = new java.util.HashMap<>();
        if (endpoint != null) {
            env.put("OTEL_EXPORTER_OTLP_ENDPOINT", endpoint);
        }
        for (int i = 0; i < more.length; i += 2) {
            env.put(more[i], more[i + 1]);
        }
        return Telemetry.create(env, Map.of(), ORIGIN, "1.2.3");
    }


    private static Delivery delivery(Path home) {
        return new Delivery(home, new dev.colimaproof.ledger.event.EventCodec().mapper(), Clock.systemUTC());
    }

    @Test
    void recordsArriveWithTheMappedNameFacetsBodyTimeAndTrace() throws Exception {
        try (OtlpReceiver receiver = OtlpReceiver.start();
             Ledger ledger = ledger();
             Telemetry telemetry = telemetry(receiver.endpoint(), "OTEL_RESOURCE_ATTRIBUTES",
                     "deployment.environment=home-lab,host.name=panda.local")) {
            Event event = ledger.append(EventDraft.builder(INCIDENT, Action.recovery(RecoveryMode.USERNET_ONLY,
                            Action.RecoveryStage.STARTED))
                    .level(Level.WARN).success(false).phase("pre-usernet").hypothesisId("H1-usernet")
                    .recoveryMode(RecoveryMode.USERNET_ONLY)
                    .metadata(Map.of("usernet_pids", List.of(4807, 5120), "reason", "two daemons", "ratio", 0.5))
                    .build()).event();

            Delivery.Report report = delivery(home).deliver(ledger, telemetry, Duration.ofSeconds(10),
                    Delivery.Mode.FLUSH);
            assertEquals(1, report.sent());
            assertEquals(0, report.pending());
            assertNull(report.error());

            OtlpReceiver.Received received = receiver.received().get(0);
            LogRecord record = received.record();
            assertEquals("infra.colima.recovery.usernet_only.started", record.getEventName());
            assertEquals(Set.of("source", "component", "action", "level", "success"),
                    record.getAttributesList().stream().map(KeyValue::getKey).collect(Collectors.toSet()));
            assertEquals("warn", attribute(record.getAttributesList(), "level").getStringValue());
            assertEquals(false, attribute(record.getAttributesList(), "success").getBoolValue());
            assertEquals(SeverityNumber.SEVERITY_NUMBER_WARN, record.getSeverityNumber());
            assertEquals("warn", record.getSeverityText());
            long micros = ChronoUnit.MICROS.between(java.time.Instant.EPOCH, event.occurredAt());
            assertEquals(micros * 1000, record.getTimeUnixNano());
            assertEquals(EventLogRecords.traceId(INCIDENT), HexFormat.of().formatHex(record.getTraceId().toByteArray()));
            assertEquals(EventLogRecords.spanId(event), HexFormat.of().formatHex(record.getSpanId().toByteArray()));

            List<KeyValue> body = record.getBody().getKvlistValue().getValuesList();
            assertEquals(INCIDENT.value(), attribute(body, "incident_id").getStringValue());
            assertEquals(event.eventId().toString(), attribute(body, "event_id").getStringValue());
            assertEquals("H1-usernet", attribute(body, "hypothesis_id").getStringValue());
            assertEquals("usernet-only", attribute(body, "recovery_mode").getStringValue());
            assertEquals(event.hash(), attribute(body, "hash").getStringValue());
            List<KeyValue> metadata = attribute(body, "metadata").getKvlistValue().getValuesList();
            assertEquals(5120, attribute(metadata, "usernet_pids").getArrayValue().getValues(1).getIntValue());
            assertEquals(0.5, attribute(metadata, "ratio").getDoubleValue());

            List<KeyValue> resource = received.resource().getResource().getAttributesList();
            assertEquals("colima-proof", attribute(resource, "service.name").getStringValue());
            assertEquals("1.2.3", attribute(resource, "service.version").getStringValue());
            assertEquals("panda.local", attribute(resource, "host.name").getStringValue(),
                    "OTEL_RESOURCE_ATTRIBUTES wins over the detected host");
            assertEquals("home-lab", attribute(resource, "deployment.environment").getStringValue());
            assertEquals("colima-proof", received.scope().getScope().getName());
        }
    }

    @Test
    void anOutageOf500EventsDelaysThemAndLosesOrRepeatsNone() throws Exception {
        int port;
        try (ServerSocket probe = new ServerSocket(0)) {
            port = probe.getLocalPort(); // nothing listens there once closed: the collector is down
        }
        try (Ledger ledger = ledger(); Telemetry telemetry = telemetry("http://127.0.0.1:" + port)) {
            Delivery delivery = delivery(home);
            for (int i = 0; i < 500; i++) {
                ledger.append(EventDraft.builder(INCIDENT, Action.NOTE).metadata("n", i).build());
                if (i % 100 == 0) {
                    long start = System.nanoTime();
                    Delivery.Report inline = delivery.deliver(ledger, telemetry, Duration.ofMillis(800),
                            Delivery.Mode.INLINE);
                    assertTrue(System.nanoTime() - start < Duration.ofSeconds(3).toNanos(), "inline stays quick");
                    assertEquals(0, inline.sent());
                }
            }
            DeliveryState down = delivery.state();
            assertNotNull(down.lastError());
            assertTrue(down.consecutiveFailures() >= 1);
            assertEquals(500, delivery.pending(ledger));

            try (OtlpReceiver receiver = OtlpReceiver.start(port)) {
                Delivery.Report flushed = delivery.deliver(ledger, telemetry, Duration.ofSeconds(20),
                        Delivery.Mode.FLUSH);
                assertEquals(500, flushed.sent());
                assertEquals(0, flushed.pending());
                List<String> ids = receiver.received().stream()
                        .map(r -> attribute(r.record().getBody().getKvlistValue().getValuesList(), "event_id")
                                .getStringValue()).toList();
                assertEquals(500, ids.size());
                assertEquals(500, Set.copyOf(ids).size(), "none twice");

                Delivery.Report again = delivery.deliver(ledger, telemetry, Duration.ofSeconds(5), Delivery.Mode.FLUSH);
                assertEquals(0, again.sent());
                assertEquals(500, receiver.received().size(), "delivered events are not sent again");
                assertNull(delivery.state().lastError() == null ? null : delivery.state().nextAttemptAt());
                assertEquals(500, delivery.state().deliveredTotal());
            }
        }
    }

    @Test
    void aFailingOrHangingReceiverLeavesEventsPendingAndTheCallerQuick() throws Exception {
        try (OtlpReceiver receiver = OtlpReceiver.start(); Ledger ledger = ledger();
             Telemetry telemetry = telemetry(receiver.endpoint())) {
            Delivery delivery = delivery(home);
            ledger.append(EventDraft.builder(INCIDENT, Action.NOTE).build());

            receiver.behave(OtlpReceiver.Behaviour.FAIL_500);
            Delivery.Report failed = delivery.deliver(ledger, telemetry, Duration.ofSeconds(2), Delivery.Mode.INLINE);
            assertEquals(0, failed.sent());
            assertEquals(1, failed.pending());
            assertTrue(failed.error().contains("500"), failed.error());
            assertNotNull(delivery.state().nextAttemptAt());

            Delivery.Report backingOff = delivery.deliver(ledger, telemetry, Duration.ofSeconds(2), Delivery.Mode.INLINE);
            assertTrue(backingOff.skipped().startsWith("backing off"), backingOff.toString());

            receiver.behave(OtlpReceiver.Behaviour.HANG);
            long start = System.nanoTime();
            Delivery.Report hung = delivery.deliver(ledger, telemetry, Duration.ofMillis(700), Delivery.Mode.FLUSH);
            long took = System.nanoTime() - start;
            assertTrue(took < Duration.ofSeconds(3).toNanos(), "bounded by the budget: " + took / 1_000_000 + " ms");
            assertEquals(1, hung.pending());
            assertNotNull(hung.error());

            receiver.behave(OtlpReceiver.Behaviour.ACCEPT);
            assertEquals(1, delivery.deliver(ledger, telemetry, Duration.ofSeconds(10), Delivery.Mode.FLUSH).sent());
        }
    }

    @Test
    void grpcDeliversTheSameRecordsAndKeepsThemPendingWhileUnavailable() throws Exception {
        try (GrpcOtlpReceiver receiver = GrpcOtlpReceiver.start(); Ledger ledger = ledger();
             Telemetry telemetry = telemetry(receiver.endpoint(), "OTEL_EXPORTER_OTLP_PROTOCOL", "grpc")) {
            Delivery delivery = delivery(home);
            Event first = ledger.append(EventDraft.builder(INCIDENT, Action.FAILURE_DETECTED).level(Level.ERROR)
                    .success(false).build()).event();

            receiver.unavailable(true);
            Delivery.Report refused = delivery.deliver(ledger, telemetry, Duration.ofSeconds(5), Delivery.Mode.INLINE);
            assertEquals(0, refused.sent());
            assertTrue(refused.error().contains("UNAVAILABLE"), refused.error());
            assertEquals(1, refused.pending());

            receiver.unavailable(false);
            ledger.append(EventDraft.builder(INCIDENT, Action.NOTE).build());
            Delivery.Report flushed = delivery.deliver(ledger, telemetry, Duration.ofSeconds(10), Delivery.Mode.FLUSH);
            assertEquals(2, flushed.sent());
            LogRecord record = receiver.received().get(0);
            assertEquals("infra.colima.failure.detected", record.getEventName());
            assertEquals(SeverityNumber.SEVERITY_NUMBER_ERROR, record.getSeverityNumber());
            assertEquals(EventLogRecords.traceId(INCIDENT), HexFormat.of().formatHex(record.getTraceId().toByteArray()));
            assertEquals(first.eventId().toString(), attribute(record.getBody().getKvlistValue().getValuesList(),
                    "event_id").getStringValue());
            assertEquals(2, receiver.received().size());
        }
    }

    @Test
    void aMalformedEndpointIsRefusedClearly() {
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> telemetry("not a url"));
        assertTrue(e.getMessage().startsWith("invalid OpenTelemetry configuration"), e.getMessage());
        assertThrows(InvalidInputException.class, () -> telemetry("http://127.0.0.1:4318",
                "OTEL_EXPORTER_OTLP_PROTOCOL", "carrier-pigeon"));
    }

    @Test
    void withoutAnEndpointThereIsNoExporterButPayloadFilesStillWork() throws Exception {
        try (Ledger ledger = ledger(); Telemetry telemetry = telemetry(null)) {
            assertTrue(telemetry.exporter().isEmpty());
            Event event = ledger.append(EventDraft.builder(INCIDENT, Action.SNAPSHOT).phase("failure-detected")
                    .build()).event();
            byte[] json = telemetry.otlpJson(telemetry.logRecords(List.of(event)));
            String text = new String(json, StandardCharsets.UTF_8);
            assertEquals(1, text.lines().count(), text);
            JsonNode root = new ObjectMapper().readTree(text);
            JsonNode record = root.get("resourceLogs").get(0).get("scopeLogs").get(0).get("logRecords").get(0);
            assertEquals("infra.colima.snapshot", record.get("eventName").asText());
            assertEquals(EventLogRecords.traceId(INCIDENT), record.get("traceId").asText());
            assertThrows(InvalidInputException.class,
                    () -> delivery(home).deliver(ledger, telemetry, Duration.ofSeconds(1), Delivery.Mode.FLUSH));
        }
    }

    private static AnyValue attribute(List<KeyValue> values, String key) {
        return values.stream().filter(kv -> kv.getKey().equals(key)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + key + " in " + values)).getValue();
    }
}
