package dev.colimaproof.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.colimaproof.probes.lab.LabFixture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Recovery experiments end to end on a real lab: verdicts, the scoreboard, the gate, replay. */
class ExperimentTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String[] FAST_WINDOW = {"--passes", "2", "--interval", "1s"};

    @TempDir
    Path dir;

    private Cli cli;

    @BeforeEach
    void labUp() {
        Path root = dir.resolve("lab");
        Cli boot = new Cli(dir.resolve("unused")).env("COLIMA_PROOF_LAB_CLASSPATH", LabFixture.classpath());
        Cli.Result up = boot.run("lab", "up", "--scenario", "healthy", "--root", root.toString());
        assertEquals(0, up.code(), up.err());
        cli = new Cli(root.resolve("ledger"));
        for (String line : up.out().lines().toList()) {
            String assignment = line.substring("export ".length());
            cli.env(assignment.substring(0, assignment.indexOf('=')),
                    assignment.substring(assignment.indexOf('=') + 1).replace("$PATH", System.getenv("PATH")));
        }
    }

    @AfterEach
    void labDown() {
        assertEquals(0, cli.run("lab", "down").code());
    }

    /** A fault, an incident with its failure-edge snapshot; returns the incident id. */
    private String incidentWith(String fault) {
        assertEquals(0, cli.run("lab", "inject", fault).code());
        String id = cli.run("incident", "open").out().trim();
        Cli.Result snapshot = cli.run("snapshot", "--incident", id, "--phase", "failure-detected", "--deadline", "3s");
        assertEquals(0, snapshot.code(), snapshot.err());
        return id;
    }

    private static List<String> verdicts(Cli.Result result) throws Exception {
        JsonNode verdicts = JSON.readTree(result.out()).get("verdicts");
        return java.util.stream.StreamSupport.stream(verdicts.spliterator(), false)
                .map(v -> v.get("hypothesis_id").asText() + "=" + v.get("verdict").asText()).toList();
    }

    private String status(String hypothesis, String... more) throws Exception {
        String[] args = new String[more.length + 2];
        args[0] = "scoreboard";
        args[1] = "--json";
        System.arraycopy(more, 0, args, 2, more.length);
        for (JsonNode row : JSON.readTree(cli.run(args).out()).get("hypotheses")) {
            if (row.get("hypothesis_id").asText().equals(hypothesis)) {
                return row.get("status").asText();
            }
        }
        throw new AssertionError(hypothesis);
    }

    @Test
    void twoCuredUsernetLeaksPromoteH1AndTheAsOfScoreboardRemembers() throws Exception {
        String first = incidentWith("usernet-leak");
        Cli.Result cured = cli.run(concat("recover-usernet", "--incident-id", first, "--restart-mode", "none",
                "--verify-wait-secs", "2"));
        assertEquals(0, cured.code(), cured.err() + cured.out());
        assertEquals(List.of("H1-usernet=supports_h1_usernet"), verdicts(cured));
        assertEquals("candidate", status("H1-usernet"));
        assertEquals(0, cli.run("incident", "close", first, "--outcome", "recovered").code());
        String between = cli.run("timeline", first, "--json").out();
        String betweenTime = JSON.readTree(between).get("entries").get(JSON.readTree(between).get("entries").size() - 1)
                .get("event").get("occurred_at").asText();
        Thread.sleep(50);

        String second = incidentWith("usernet-leak");
        Cli.Result again = cli.run(concat("recover-usernet", "--incident-id", second, "--restart-mode", "none",
                "--verify-wait-secs", "2"));
        assertEquals(List.of("H1-usernet=supports_h1_usernet"), verdicts(again));
        assertEquals("promoted", status("H1-usernet"));
        assertEquals("candidate", status("H1-usernet", "--as-of", betweenTime));
        assertEquals("untestable", status("H2-hostagent"));

        Cli.Result replay = cli.run("replay");
        assertEquals(0, replay.code(), replay.out());
        assertTrue(replay.out().contains("2 verdicts, 2 agree, 0 drift"), replay.out());

        // today's catalog demands three stale sockets for H1: the recorded verdicts no longer follow
        Path catalog = dir.resolve("catalog.json");
        Files.writeString(catalog, "{\"mode\": \"extend\", \"hypotheses\": [{\"id\": \"H1-usernet\", \"layer\": "
                + "\"usernet\", \"test\": \"state\", \"present_when\": {\"signal\": \"usernet.sockets.stale\", "
                + "\"op\": \">=\", \"value\": 3}, \"selective_modes\": [\"usernet-only\"]}]}");
        Cli.Result drift = cli.env("COLIMA_PROOF_CATALOG", catalog.toString()).run("replay", "--json");
        assertEquals(1, drift.code(), drift.out());
        JsonNode replayed = JSON.readTree(drift.out());
        assertEquals(2, replayed.get("drift").asInt());
        assertEquals("missing_precondition", replayed.get("verdicts").get(0).get("rederived").asText());
    }

    @Test
    void aStalledHostagentRefutesTheUsernetCureAndAForceCycleIsInconclusive() throws Exception {
        String id = incidentWith("hostagent-stall");
        Cli.Result usernet = cli.run(concat("recover-usernet", "--incident", id, "--restart-mode", "none",
                "--verify-wait-secs", "2", "--deadline", "3s"));
        assertEquals(1, usernet.code(), "the window fails: " + usernet.err());
        assertEquals(List.of("H1-usernet=does_not_support_h1_usernet"), verdicts(usernet));

        Cli.Result cycle = cli.run(concat("intervene", "--incident", id, "--mode", "force-cycle", "--hypothesis",
                "H1-usernet", "--verify-wait", "3s", "--json"));
        assertEquals(0, cycle.code(), cycle.err() + cycle.out());
        assertEquals(List.of("H1-usernet=inconclusive_broader_recovery"), verdicts(cycle));
        assertEquals("untestable", status("H2-hostagent"));
        JsonNode h2 = null;
        for (JsonNode row : JSON.readTree(cli.run("scoreboard", "--json").out()).get("hypotheses")) {
            if (row.get("hypothesis_id").asText().equals("H2-hostagent")) {
                h2 = row;
            }
        }
        assertEquals(id, h2.get("present").get(0).asText(), "present, never promoted");
    }

    @Test
    void guestRestartSupportsH4AndHoldSupportsH3() throws Exception {
        String guest = incidentWith("guest-runtime");
        Cli.Result restart = cli.run(concat("intervene", "--incident", guest, "--mode", "guest-restart", "--json"));
        assertEquals(0, restart.code(), restart.out());
        assertEquals(List.of("H4-guest-runtime=supports_h4_guest_runtime"), verdicts(restart));
        cli.run("incident", "close", guest, "--outcome", "recovered");

        String healer = incidentWith("healer-induced");
        Cli.Result hold = cli.run(concat("intervene", "--incident", healer, "--mode", "hold", "--hold-for", "6s",
                "--json"));
        assertEquals(0, hold.code(), hold.out());
        assertEquals(List.of("H3-healer=supports_h3_healer"), verdicts(hold));
        String timeline = cli.run("timeline", healer).out();
        assertTrue(timeline.contains("infra.colima.hold.entered") && timeline.contains("infra.colima.hold.released"),
                timeline);
        assertTrue(timeline.contains("verdict-hold.json"), timeline);

        Cli.Result compare = cli.run("compare", guest, healer, "--phase", "failure-detected");
        assertEquals(0, compare.code(), compare.err());
        assertTrue(compare.out().contains("* healer.last_force_cycle_age_s"), compare.out());
        assertTrue(compare.out().contains("incidents/" + guest + "/0002-failure-detected.snapshot.json"),
                compare.out());
    }

    @Test
    void theGateRefusesWithoutAFailureEdgeSnapshotAndAllowsWithOne() throws Exception {
        String id = cli.run("incident", "open").out().trim();
        Cli.Result refused = cli.run("gate", "force-cycle", "--incident", id);
        assertEquals(1, refused.code());
        assertTrue(refused.out().startsWith("refused: no failure-edge snapshot"), refused.out());
        cli.run("snapshot", "--incident", id, "--phase", "failure-detected");
        Cli.Result allowed = cli.run("gate", "force-cycle", "--incident", id, "--max-age", "5m");
        assertEquals(0, allowed.code(), allowed.out());
        Thread.sleep(1200);
        assertEquals(1, cli.run("gate", "force-cycle", "--incident", id, "--max-age", "1s").code(), "too old");
        String timeline = cli.run("timeline", id).out();
        assertEquals(3, timeline.lines().filter(l -> l.contains("infra.colima.gate.force_cycle")).count(), timeline);
    }

    private static String[] concat(String... args) {
        String[] all = new String[args.length + FAST_WINDOW.length];
        System.arraycopy(args, 0, all, 0, args.length);
        System.arraycopy(FAST_WINDOW, 0, all, args.length, FAST_WINDOW.length);
        return all;
    }
}
