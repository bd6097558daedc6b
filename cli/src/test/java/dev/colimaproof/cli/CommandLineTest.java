package dev.colimaproof.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The healer's and the operator's commands, end to end on a real home. */
class CommandLineTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void healerRecordsAnIncidentAndTheOperatorReadsItBack() throws Exception {
        Cli cli = new Cli(dir.resolve("home"));
        Cli.Result opened = cli.run("incident", "open");
        assertEquals(0, opened.code(), opened.err());
        String id = opened.out().trim();
        assertTrue(id.matches("\\d{8}T\\d{6}Z-[0-9a-f]{12}"), "id alone on stdout: " + opened.out());
        assertEquals(id, cli.run("incident", "open").out().trim(), "reused while open and recent");

        Path log = dir.resolve("ha.stderr.log");
        Files.writeString(log, "{\"level\":\"info\",\"msg\":\"not ready to start persistent ssh session\"}\n");
        Cli.Result recorded = cli.run("record", "infra.colima.failure.detected", "--incident-id", id,
                "--level", "warn", "--success", "false", "--reason", "docker _ping failed",
                "--meta", "streak=2", "--meta", "pids=4807,4811", "--attach", log.toString(), "--json");
        assertEquals(0, recorded.code(), recorded.err());
        JsonNode event = JSON.readTree(recorded.out()).get("event");
        assertEquals(2, event.get("seq").asInt());
        assertEquals("warn", event.get("level").asText());
        assertFalse(event.get("success").asBoolean());
        assertEquals("docker _ping failed", event.get("metadata").get("reason").asText());
        assertEquals("4807,4811", event.get("metadata").get("pids").asText());
        assertEquals("incidents/" + id + "/0002-ha.stderr.log", event.get("artifacts").get(0).get("path").asText());

        assertEquals(0, cli.run("record", "x.healer.tick", "--incident", id).code());
        assertEquals(0, cli.run("incident", "close", id, "--outcome", "recovered").code());

        Cli.Result timeline = cli.run("timeline", id);
        assertEquals(0, timeline.code(), timeline.err());
        List<String> lines = timeline.out().lines().toList();
        assertTrue(lines.get(1).contains("infra.colima.incident.opened"), timeline.out());
        assertTrue(lines.get(2).contains("warn  FAIL  infra.colima.failure.detected reason=docker _ping failed"),
                timeline.out());
        assertTrue(lines.get(3).trim().startsWith("ok      incidents/" + id + "/0002-ha.stderr.log"), timeline.out());
        assertTrue(lines.get(5).contains("infra.colima.incident.closed"), timeline.out());

        JsonNode timelineJson = JSON.readTree(cli.run("timeline", id, "--json").out());
        assertTrue(timelineJson.get("artifacts_intact").asBoolean());
        assertEquals(4, timelineJson.get("entries").size());
        assertEquals("ok", timelineJson.get("entries").get(1).get("artifacts").get(0).get("status").asText());

        JsonNode incidents = JSON.readTree(cli.run("incidents", "--json").out()).get("incidents");
        assertEquals(1, incidents.size());
        assertEquals("closed", incidents.get(0).get("state").asText());
        assertEquals("recovered", incidents.get(0).get("outcome").asText());

        Cli.Result verify = cli.run("verify");
        assertEquals(0, verify.code(), verify.out());
        assertEquals("ok: 4 entries, 1 artifacts, hash chain intact", verify.out().trim());

        List<String> exported = cli.run("export", "--format", "jsonl").out().lines().toList();
        assertEquals(4, exported.size());
        for (String line : exported) {
            assertEquals(id, JSON.readTree(line).get("incident_id").asText());
        }
        assertEquals(exported, cli.run("export", "--format", "jsonl", "--incident", id).out().lines().toList());

        assertEquals(0, cli.run("incident", "open").code());
        assertFalse(cli.run("incident", "open").out().trim().equals(id), "a closed incident is not reused");
    }

    @Test
    void aRetriedRecordWithTheSameEventIdIsStoredOnce() {
        Cli cli = new Cli(dir.resolve("home"));
        String eventId = "7d4f2c36-51f3-4c8a-9f0e-0a3b8d6e5c21";
        Cli.Result first = cli.run("record", "infra.colima.note", "--incident", "i1", "--event-id", eventId);
        Cli.Result retry = cli.run("record", "infra.colima.note", "--incident", "i1", "--event-id", eventId);
        assertEquals(0, first.code());
        assertEquals(0, retry.code());
        assertTrue(retry.out().startsWith("already recorded i1 #1"), retry.out());
        assertEquals(1, cli.run("export", "--format", "jsonl").out().lines().count());
    }

    @Test
    void closingTwiceIsHarmlessButAContradictoryOutcomeIsRefused() {
        Cli cli = new Cli(dir.resolve("home"));
        String id = cli.run("incident", "open").out().trim();
        assertEquals(0, cli.run("incident", "close", id, "--outcome", "abandoned").code());
        Cli.Result again = cli.run("incident", "close", id, "--outcome", "abandoned");
        assertEquals(0, again.code());
        Cli.Result contradiction = cli.run("incident", "close", id, "--outcome", "recovered");
        assertEquals(2, contradiction.code());
        assertEquals(List.of("colima-proof: incident " + id + " is already closed as abandoned"),
                contradiction.errLines());
        assertEquals(2, cli.run("export", "--format", "jsonl").out().lines().count());
    }

    @Test
    void readCommandsOnAHomeWithNothingRecordedSaySo() {
        Cli cli = new Cli(dir.resolve("never-used"));
        Cli.Result verify = cli.run("verify");
        assertEquals(2, verify.code());
        assertEquals(1, verify.errLines().size());
        assertTrue(verify.err().contains("no ledger at"), verify.err());
        assertEquals(0, cli.run("incidents").code());
        assertFalse(Files.exists(dir.resolve("never-used")), "a query creates nothing");
    }
}
