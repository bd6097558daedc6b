package dev.colimaproof.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.colimaproof.ledger.Sha256;
import dev.colimaproof.probes.lab.LabFixture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code lab up}, then {@code snapshot} in a real process against the lab, as an operator would run them. */
class LabSnapshotTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private Cli cli;

    private Cli labUp(String scenario) {
        Path root = dir.resolve("lab");
        Cli lab = new Cli(dir.resolve("unused")).env("COLIMA_PROOF_LAB_CLASSPATH", LabFixture.classpath());
        Cli.Result up = lab.run("lab", "up", "--scenario", scenario, "--root", root.toString());
        assertEquals(0, up.code(), up.err());
        List<String> exports = up.out().lines().toList();
        assertTrue(exports.contains("export COLIMA_HOME=" + root.resolve("colima")), up.out());
        cli = new Cli(root.resolve("ledger"));
        for (String line : exports) {
            String assignment = line.substring("export ".length());
            String key = assignment.substring(0, assignment.indexOf('='));
            String value = assignment.substring(assignment.indexOf('=') + 1)
                    .replace("$PATH", System.getenv("PATH"));
            cli.env(key, value);
        }
        return cli;
    }

    @AfterEach
    void down() {
        if (cli != null) {
            Cli.Result down = cli.run("lab", "down");
            assertEquals(0, down.code(), down.err());
        }
    }

    @Test
    void aSnapshotOfAUsernetLeakShowsTheLeakAndIsRecorded() throws Exception {
        Cli lab = labUp("usernet-leak");
        String id = lab.run("incident", "open").out().trim();
        Cli.Result snapshot = lab.runProcess("snapshot", "--incident-id", id, "--phase", "failure-detected",
                "--action", "infra.colima.failure.detected", "--level", "warn", "--success", "false",
                "--hypothesis-id", "H1-usernet", "--reason", "docker _ping failed");
        assertEquals(0, snapshot.code(), snapshot.err());
        assertEquals(1, snapshot.out().lines().count(), snapshot.out());
        JsonNode line = JSON.readTree(snapshot.out());
        assertEquals(id, line.get("incident_id").asText());
        assertEquals("failure-detected", line.get("phase").asText());
        assertEquals(2, line.get("signals").get("usernet.process_count").asInt());
        assertEquals(2, line.get("signals").get("usernet.sockets.stale").asInt());
        Path file = Path.of(line.get("snapshot_file").asText());
        assertTrue(file.endsWith("0002-failure-detected.snapshot.json"), file.toString());
        assertEquals(line.get("artifact_sha256").asText(), Sha256.hex(Files.readAllBytes(file)));
        JsonNode stored = JSON.readTree(file.toFile());
        assertEquals(2, stored.get("signals").get("usernet.process_count").asInt());
        assertTrue(stored.get("probes").get("processes").get("data").get("raw").asText().contains("limactl usernet"));

        Cli.Result timeline = lab.run("timeline", id);
        assertTrue(timeline.out().contains("warn  FAIL  infra.colima.failure.detected phase=failure-detected "
                + "hypothesis=H1-usernet reason=docker _ping failed"), timeline.out());
        assertTrue(timeline.out().contains("ok      incidents/" + id + "/0002-failure-detected.snapshot.json"),
                timeline.out());
        assertEquals(0, lab.run("verify").code());
        assertTrue(Files.exists(file.resolveSibling("0002-failure-detected.otel.json")));
    }

    @Test
    void aHungHostagentCostsTheSnapshotItsDeadlineAndNoMore() throws Exception {
        Cli lab = labUp("hostagent-stall");
        long start = System.nanoTime();
        Cli.Result snapshot = lab.runProcess("snapshot", "--incident", "stall", "--phase", "failure-detected",
                "--deadline", "5s");
        double seconds = (System.nanoTime() - start) / 1e9;
        assertEquals(0, snapshot.code(), "a broken substrate is a successful snapshot: " + snapshot.err());
        assertTrue(seconds < 7.0, "deadline 5 s plus 2 s, JVM start included: " + seconds);
        JsonNode signals = JSON.readTree(snapshot.out()).get("signals");
        assertEquals(true, signals.get("colima.status.timed_out").asBoolean());
        assertEquals(true, signals.get("lima.list.timed_out").asBoolean());
        assertEquals(true, signals.get("hostagent.api_timed_out").asBoolean());
    }

    @Test
    void badSnapshotAndLabRequestsAreRefusedClearly() {
        Cli plain = new Cli(dir.resolve("home"));
        for (List<String> args : List.of(
                List.of("snapshot", "--incident", "i", "--phase", "p", "--deadline", "0s"),
                List.of("snapshot", "--incident", "i", "--phase", "../x"),
                List.of("snapshot", "--incident", "i", "--phase", "p", "--profile", "../../etc"),
                List.of("snapshot", "--incident", "a/b", "--phase", "p"),
                List.of("lab", "up", "--scenario", "meltdown", "--root", dir.resolve("lab").toString()),
                List.of("lab", "inject", "usernet-leak"),
                List.of("lab", "inject", "usernet-leak", "--root", dir.resolve("nothing-here").toString()),
                List.of("lab", "down", "--root", dir.resolve("nothing-here").toString()))) {
            Cli.Result result = plain.run(args.toArray(String[]::new));
            assertEquals(2, result.code(), args + ": " + result.err());
            assertEquals(1, result.errLines().size(), args + ": " + result.err());
        }
        assertTrue(!Files.exists(dir.resolve("home/journal")) || plain.run("export", "--format", "jsonl").out()
                .isEmpty(), "nothing recorded by a refused snapshot");
    }
}
