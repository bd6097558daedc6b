package dev.colimaproof.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.colimaproof.ledger.otel.OtlpReceiver;
import io.opentelemetry.proto.common.v1.KeyValue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The command line's OpenTelemetry side against a real OTLP/HTTP receiver on loopback. */
class OtelCommandTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static List<String> eventIds(OtlpReceiver receiver) {
        return receiver.received().stream().map(r -> r.record().getBody().getKvlistValue().getValuesList().stream()
                .filter(kv -> kv.getKey().equals("event_id")).map(KeyValue::getValue).findFirst().orElseThrow()
                .getStringValue()).toList();
    }

    @Test
    void eachRecordedEventGoesOutAtOnceAndGetsAPayloadFile() throws Exception {
        try (OtlpReceiver receiver = OtlpReceiver.start()) {
            Cli cli = new Cli(dir.resolve("home")).env("OTEL_EXPORTER_OTLP_ENDPOINT", receiver.endpoint());
            String id = cli.run("incident", "open").out().trim();
            Cli.Result recorded = cli.run("record", "infra.colima.snapshot", "--incident", id, "--phase",
                    "failure-detected", "--level", "warn", "--json");
            assertEquals(0, recorded.code(), recorded.err());
            assertEquals("", recorded.err());
            assertEquals(2, receiver.received().size());
            assertEquals("infra.colima.snapshot", receiver.received().get(1).record().getEventName());

            Path payload = dir.resolve("home/incidents/" + id + "/0002-failure-detected.otel.json");
            JsonNode request = JSON.readTree(Files.readString(payload));
            JsonNode record = request.get("resourceLogs").get(0).get("scopeLogs").get(0).get("logRecords").get(0);
            assertEquals("infra.colima.snapshot", record.get("eventName").asText());
            assertEquals(13, record.get("severityNumber").asInt());

            JsonNode status = JSON.readTree(cli.run("otel", "status", "--json").out());
            assertEquals(0, status.get("pending").asInt());
            assertEquals(2, status.get("delivered_total").asInt());

            List<String> lines = cli.run("export", "--format", "otlp-json").out().lines().toList();
            assertEquals(2, lines.size());
            for (String line : lines) {
                assertTrue(JSON.readTree(line).get("resourceLogs").isArray(), line);
            }
        }
    }

    @Test
    void aCollectorOutageDelaysEventsUntilFlushAndNoneArriveTwice() throws Exception {
        int port = freePort();
        Cli cli = new Cli(dir.resolve("home")).env("OTEL_EXPORTER_OTLP_ENDPOINT", "http://127.0.0.1:" + port);
        long slowest = 0;
        for (int i = 0; i < 40; i++) {
            long start = System.nanoTime();
            Cli.Result result = cli.run("record", "infra.colima.note", "--incident", "outage", "--meta", "n=" + i);
            slowest = Math.max(slowest, System.nanoTime() - start);
            assertEquals(0, result.code(), result.err());
        }
        assertTrue(slowest < 3_000_000_000L, "recording stays quick while the collector is down: " + slowest / 1e6);
        JsonNode status = JSON.readTree(cli.run("otel", "status", "--json").out());
        assertEquals(40, status.get("pending").asInt());
        assertTrue(status.get("last_error").asText().contains("Failed to connect"), status.toString());

        try (OtlpReceiver receiver = OtlpReceiver.start(port)) {
            // three processes flush at once: the delivery lock lets one send, the others find nothing left
            List<Process> flushes = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                flushes.add(cli.start("otel", "flush", "--timeout", "20s"));
            }
            for (Process flush : flushes) {
                flush.getInputStream().readAllBytes();
                flush.waitFor();
            }
            Cli.Result last = cli.run("otel", "flush");
            assertEquals(0, last.code(), last.out());
            assertTrue(last.out().startsWith("sent 0, pending 0"), last.out());
            List<String> ids = eventIds(receiver);
            assertEquals(40, ids.size());
            assertEquals(40, Set.copyOf(ids).size(), "none twice");
        }
    }

    @Test
    void aHangingCollectorDoesNotHoldTheHealer() throws Exception {
        try (OtlpReceiver receiver = OtlpReceiver.start()) {
            receiver.behave(OtlpReceiver.Behaviour.HANG);
            Cli cli = new Cli(dir.resolve("home")).env("OTEL_EXPORTER_OTLP_ENDPOINT", receiver.endpoint());
            long start = System.nanoTime();
            Cli.Result result = cli.runProcess("record", "infra.colima.note", "--incident", "hang");
            double seconds = (System.nanoTime() - start) / 1e9;
            assertEquals(0, result.code(), result.err());
            assertTrue(seconds < 6, "a real process, JVM start included: " + seconds + " s");
            assertTrue(result.err().contains("telemetry pending (1 events)"), result.err());
            assertEquals(1, result.errLines().size(), result.err());
        }
    }

    @Test
    void aMalformedEndpointIsAClearErrorButNeverCostsEvidence() {
        Cli cli = new Cli(dir.resolve("home")).env("OTEL_EXPORTER_OTLP_ENDPOINT", "htp:/nowhere");
        Cli.Result recorded = cli.run("record", "infra.colima.note", "--incident", "i");
        assertEquals(0, recorded.code());
        assertEquals(1, recorded.errLines().size(), recorded.err());
        assertTrue(recorded.err().contains("invalid OpenTelemetry configuration"), recorded.err());
        assertEquals(1, cli.run("export", "--format", "jsonl").out().lines().count(), "the event is recorded");

        Cli.Result flush = cli.run("otel", "flush");
        assertEquals(2, flush.code());
        assertEquals(1, flush.errLines().size(), flush.err());
        assertTrue(flush.err().startsWith("colima-proof: invalid OpenTelemetry configuration"), flush.err());
    }

    @Test
    void flushWithoutAnEndpointSaysWhatIsMissing() {
        Cli cli = new Cli(dir.resolve("home"));
        cli.run("record", "infra.colima.note", "--incident", "i");
        Cli.Result flush = cli.run("otel", "flush");
        assertEquals(2, flush.code());
        assertTrue(flush.err().contains("OTEL_EXPORTER_OTLP_ENDPOINT"), flush.err());
        try (Stream<Path> files = Files.list(dir.resolve("home/incidents/i"))) {
            assertEquals(List.of("0001-note.otel.json"), files.map(p -> p.getFileName().toString()).toList(),
                    "payload files are written with or without a receiver");
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }
}
