package dev.colimaproof.probes.lab;

import dev.colimaproof.probes.snapshot.ProbeOutcome;
import dev.colimaproof.probes.snapshot.Snapshot;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Each scenario of a real lab (real processes, sockets and listeners) shows the signals that identify it. */
class LabScenarioTest {

    private static final Duration DEADLINE = Duration.ofSeconds(10);

    @TempDir
    Path root;

    private Lab lab;

    private Map<String, Object> up(String scenario) {
        lab = LabFixture.lab(root);
        lab.up(scenario);
        return LabFixture.signals(lab, DEADLINE);
    }

    @AfterEach
    void down() throws Exception {
        if (lab != null) {
            lab.down();
            String dir = root.toString();
            Thread.sleep(200);
            long left = ProcessHandle.allProcesses().filter(ProcessHandle::isAlive)
                    .filter(p -> p.info().commandLine().orElse("").contains(dir)).count();
            assertEquals(0, left, "lab down leaves no process");
            try (var sockets = Files.walk(root)) {
                assertEquals(List.of(), sockets.filter(p -> p.toString().endsWith(".sock")).toList(),
                        "lab down leaves no socket");
            }
        }
    }

    @Test
    void healthyShowsNoFaultSignal() {
        Map<String, Object> s = up("healthy");
        assertEquals(true, s.get("colima.status.ok"));
        assertEquals("Running", s.get("lima.instance.status"));
        assertEquals(1, s.get("hostagent.process_count"));
        assertEquals(true, s.get("hostagent.api_ok"));
        assertEquals(false, s.get("hostagent.readiness_stalled"));
        assertEquals(1, s.get("usernet.process_count"));
        assertEquals(true, s.get("usernet.pidfile_matches"));
        assertEquals(3, s.get("usernet.sockets.present"));
        assertEquals(0, s.get("usernet.sockets.stale"));
        assertEquals(true, s.get("docker.ping_ok"));
        assertEquals(List.of(), s.get("ports.closed"));
        assertEquals(List.of(), s.get("snapshot.timed_out_probes"));
        assertEquals(null, s.get("healer.last_force_cycle_age_s"));
    }

    @Test
    void usernetLeakShowsTwoDaemonsAndStaleSockets() {
        lab = LabFixture.lab(root);
        lab.up("usernet-leak");
        Snapshot snapshot = LabFixture.snapshot(lab, DEADLINE);
        Map<String, Object> s = snapshot.signals();
        assertEquals(2, s.get("usernet.process_count"), () -> String.valueOf(snapshot.probes().get("processes")));
        assertEquals(2, s.get("usernet.sockets.stale"));
        assertEquals(true, s.get("hostagent.api_ok"), "the hostagent itself is fine");
        assertEquals(false, s.get("docker.ping_ok"));
    }

    @Test
    void usernetStaleSocketShowsADeadPidFileAndSocketsThatRefuse() {
        Map<String, Object> s = up("usernet-stale-socket");
        assertEquals(0, s.get("usernet.process_count"));
        assertEquals(true, s.get("usernet.pidfile_exists"));
        assertEquals(false, s.get("usernet.pidfile_alive"));
        assertEquals(3, s.get("usernet.sockets.stale"));
        assertEquals(false, s.get("docker.ping_ok"));
    }

    @Test
    void hostagentStallTimesOutItsCommandsWithinTheDeadline() {
        lab = LabFixture.lab(root);
        lab.up("hostagent-stall");
        long start = System.nanoTime();
        Snapshot snapshot = LabFixture.snapshot(lab, Duration.ofSeconds(5));
        long took = (System.nanoTime() - start) / 1_000_000;
        assertTrue(took < 7_000, "snapshot returned within its deadline plus 2 s: " + took + " ms");
        Map<String, Object> s = snapshot.signals();
        assertEquals(true, s.get("colima.status.timed_out"));
        assertEquals(true, s.get("lima.list.timed_out"));
        assertEquals(ProbeOutcome.TIMED_OUT, snapshot.probes().get("colima_status").status());
        assertEquals(List.of("colima", "status", "--json"),
                snapshot.probes().get("colima_status").data().get("argv"), "what it ran is kept");
        assertEquals(true, s.get("hostagent.api_timed_out"));
        assertEquals(false, s.get("hostagent.api_ok"));
        assertEquals(1, s.get("hostagent.process_count"), "the hostagent is alive, not answering");
        assertEquals(true, s.get("hostagent.readiness_stalled"));
        assertEquals(2, s.get("usernet.process_count"), "secondary damage: a second usernet daemon");
        assertFalse((Boolean) s.get("docker.ping_ok"));
    }

    @Test
    void guestRuntimeFailsOnlyDocker() {
        Map<String, Object> s = up("guest-runtime");
        assertEquals(false, s.get("docker.ping_ok"));
        assertEquals(true, s.get("hostagent.api_ok"));
        assertEquals(1, s.get("usernet.process_count"));
        assertEquals(0, s.get("usernet.sockets.stale"));
        assertEquals(true, s.get("colima.status.ok"));
    }

    @Test
    void healerInducedShowsARecentForceCycleAndSettlesByItself() throws Exception {
        Map<String, Object> s = up("healer-induced");
        assertTrue(((Number) s.get("healer.last_force_cycle_age_s")).longValue() < 60, s.toString());
        assertEquals(false, s.get("docker.ping_ok"), "mid-restart");
        Thread.sleep(Lab.HEALER_INDUCED_SETTLE.toMillis() + 1000);
        Map<String, Object> later = LabFixture.signals(lab, DEADLINE);
        assertEquals(true, later.get("docker.ping_ok"), "left alone, it heals");
        assertEquals(true, later.get("colima.status.ok"));
    }
}
