package dev.colimaproof.probes.snapshot;

import dev.colimaproof.probes.Substrate;
import dev.colimaproof.probes.run.CommandRunner;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The probes against what a broken machine really leaves: Lima's {@code "errors":[{}]} with the text only on stderr,
 * non-JSON and truncated lines, very long lines, binary garbage, missing and unreadable files, a socket path that
 * is a regular file, a symlink loop. The snapshot completes and records each as it is.
 */
class EdgeCaseTest {

    @TempDir
    Path dir;

    private Substrate substrate;
    private Map<String, String> env;

    @BeforeEach
    void brokenMachine() throws Exception {
        Path colimaHome = dir.resolve("colima");
        substrate = new Substrate(colimaHome, colimaHome.resolve("_lima"), "default", dir.resolve("heal.env"),
                List.of(), List.of(dir.resolve("no-such.log")));
        Files.createDirectories(substrate.instanceDir());
        Files.createDirectories(substrate.networkDir());
        Files.createDirectories(colimaHome.resolve("default"));
        Path bin = Files.createDirectories(dir.resolve("bin"));
        String inst = substrate.instanceDir().toString();
        script(bin.resolve("limactl"), "echo '{\"name\":\"colima\",\"status\":\"Broken\",\"dir\":\"" + inst
                + "\",\"vmType\":\"vz\",\"errors\":[{}]}'\n"
                + "echo 'this line is not JSON'\n"
                + "echo '{\"name\":\"trunc'\n"
                + "echo 'time=\"2025-10-15T08:01:22+02:00\" level=warning msg=\"instance \\\"colima\\\" has errors\" "
                + "errors=\"[failed to get Info from \\\"" + inst + "/ha.sock\\\": connect: connection refused]\"' >&2\n");
        script(bin.resolve("colima"), "echo 'time=\"2025-10-14T16:02:14+02:00\" level=fatal msg=\"error retrieving "
                + "current runtime: empty value\"' >&2\nexit 1\n");
        env = Map.of("PATH", bin + ":" + System.getenv("PATH"));

        // hostagent log: valid logrus, a truncated line, a 100 kB line, binary garbage, a secret
        StringBuilder log = new StringBuilder();
        log.append("x".repeat(100_000)).append('\n');
        log.append("{\"level\":\"info\",\"msg\":\"hostagent socket created at ").append(inst).append("/ha.sock\","
                + "\"time\":\"2025-10-14T09:12:04+02:00\"}\n");
        log.append("{\"level\":\"debug\",\"msg\":\"not ready to start persistent ssh session\",\"time\":\"2025-10-14T09:22:14+02:00\"}\n");
        log.append("{\"level\":\"debug\",\"msg\":\"not ready to start persistent ssh session\",\"time\":\"2025-10-14T09:22:24+02:00\"}\n");
        log.append("{\"level\":\"info\",\"msg\":\"trunc\n");
        Files.writeString(substrate.instanceDir().resolve("ha.stderr.log"), log);
        Files.write(substrate.instanceDir().resolve("ha.stderr.log"), new byte[] {(byte) 0xff, 0x00, (byte) 0x9c, '\n'},
                java.nio.file.StandardOpenOption.APPEND);
        Files.writeString(substrate.instanceDir().resolve("ha.stderr.log"),
                "{\"level\":\"info\",\"msg\":\"Authorization: Bearer abcdefghijklmnop1234\",\"time\":\"2025-10-14T09:23:00+02:00\"}\n",
                java.nio.file.StandardOpenOption.APPEND);
        // ha.stdout.log: booting only, no running event
        Files.writeString(substrate.instanceDir().resolve("ha.stdout.log"),
                "{\"time\":\"2025-10-14T09:12:05.217613+02:00\",\"status\":{\"sshLocalPort\":51873}}\nnot json\n");
        // ha.pid naming a dead pid; ha.sock is a regular file; the usernet pid file is garbage
        Files.writeString(substrate.instanceDir().resolve("ha.pid"), "999999999\n");
        Files.writeString(substrate.instanceDir().resolve("ha.sock"), "i am not a socket");
        Files.writeString(substrate.usernetPidFile(), "not-a-pid");
        // a symlink loop where the usernet log should be, and a serial log that is a folder
        Files.createSymbolicLink(substrate.networkDir().resolve("usernet.user-v2.stderr.log"),
                substrate.networkDir().resolve("usernet.user-v2.stderr.log"));
        Files.createDirectories(substrate.instanceDir().resolve("serialv.log"));
        Files.writeString(dir.resolve("heal.env"), "LAST_COLIMA_FORCE_CYCLE_EPOCH=" + (java.time.Instant.now()
                .getEpochSecond() - 120) + "\nGARBAGE LINE\nEVIL=$(rm -rf /)\n");
    }

    private static void script(Path file, String body) throws Exception {
        Files.writeString(file, "#!/usr/bin/env bash\n" + body, StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    @Test
    void aBrokenMachineIsASuccessfulSnapshotThatSaysWhatItSaw() {
        Snapshot snapshot = new Snapshotter(Snapshotter.defaultProbes()).take(substrate,
                new CommandRunner(env, CommandRunner.DEFAULT_OUTPUT_CAP), Duration.ofSeconds(10));
        Map<String, Object> s = snapshot.signals();

        assertEquals("Broken", s.get("lima.instance.status"));
        assertEquals(1, s.get("lima.list.errors"), "the error text is taken from stderr");
        Map<?, ?> lima = snapshot.probes().get("lima_list").data();
        assertEquals(List.of("this line is not JSON", "{\"name\":\"trunc"), lima.get("unparsed_lines"));
        Map<?, ?> warning = (Map<?, ?>) ((List<?>) lima.get("warnings")).get(0);
        assertTrue(String.valueOf(warning.get("errors")).contains("connect: connection refused"), warning.toString());

        assertEquals(false, s.get("colima.status.ok"));
        assertEquals("error retrieving current runtime: empty value", s.get("colima.status.error"));

        assertEquals(true, s.get("hostagent.readiness_stalled"), "two not-ready lines and no running event");
        assertEquals(false, s.get("hostagent.pidfile_alive"));
        assertEquals(false, s.get("hostagent.api_ok"));
        Map<?, ?> ha = (Map<?, ?>) snapshot.probes().get("sockets").data().get("ha");
        assertEquals(false, ha.get("is_socket"));
        assertEquals("not a socket", ha.get("error"));
        assertEquals(false, s.get("usernet.pidfile_alive"));
        assertEquals("not a pid", ((Map<?, ?>) snapshot.probes().get("pid_files").data().get("usernet")).get("error"));

        Map<?, ?> logs = snapshot.probes().get("logs").data();
        Map<?, ?> haStderr = (Map<?, ?>) logs.get("ha_stderr");
        List<?> lines = (List<?>) haStderr.get("lines");
        assertTrue(lines.contains("\\xff\u0000\\x9c"), "binary garbage kept visible: " + lines);
        assertTrue(lines.stream().anyMatch(l -> String.valueOf(l).contains("Bearer <masked>")), lines.toString());
        assertTrue(lines.stream().noneMatch(l -> String.valueOf(l).contains("abcdefghijklmnop1234")));
        assertEquals(1, s.get("secrets.masked"));
        assertEquals(2, haStderr.get("unparsed_lines"), "the truncated line and the garbage");
        assertEquals(64 * 1024, ((Number) haStderr.get("read_bytes")).intValue(), "the long line is bounded");
        assertEquals(true, haStderr.get("cut"));
        assertTrue(String.valueOf(((Map<?, ?>) logs.get("usernet_stderr")).get("error")).contains("symbolic link"));
        assertEquals("not a regular file", ((Map<?, ?>) logs.get("serialv.log")).get("error"));
        assertEquals(false, ((Map<?, ?>) logs.get("extra_0")).get("exists"));

        Map<?, ?> healer = snapshot.probes().get("healer_state").data();
        assertEquals(2, healer.get("ignored_lines"), "non-numeric lines are ignored, never evaluated");
        assertTrue(((Number) s.get("healer.last_force_cycle_age_s")).longValue() >= 120);
        assertEquals(List.of(), s.get("snapshot.timed_out_probes"));
    }
}
