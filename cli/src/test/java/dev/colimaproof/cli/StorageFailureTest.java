package dev.colimaproof.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Failures of the storage under the ledger, each in a real colima-proof process: exit 3 with one line, the process
 * never killed by a signal, and nothing recorded earlier lost.
 */
class StorageFailureTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void aHomeBehindARegularFileCannotBeWritten() throws Exception {
        Path file = dir.resolve("a-file");
        Files.writeString(file, "x");
        Cli.Result result = new Cli(file.resolve("home")).runProcess("record", "infra.colima.note", "--incident", "i");
        assertEquals(3, result.code(), result.err());
        assertEquals(1, result.errLines().size(), result.err());
        assertTrue(result.err().startsWith("colima-proof: evidence not recorded: cannot create folder"), result.err());
        assertEquals("x", Files.readString(file));
    }

    @Test
    void aJournalFolderHoldingGarbageIsRefusedAndTheGarbageKept() throws Exception {
        Path home = dir.resolve("home");
        Cli cli = new Cli(home);
        assertEquals(0, cli.run("record", "infra.colima.note", "--incident", "i").code());
        Path journal = home.resolve("journal");
        Files.writeString(journal.resolve("notes.txt"), "an operator's stray file");
        assertEquals(0, cli.run("record", "infra.colima.note", "--incident", "i").code(), "other names are ignored");
        byte[] garbage = new byte[4096];
        new java.util.Random(7).nextBytes(garbage);
        Path bogus = journal.resolve("20991231F.cq4");
        Files.write(bogus, garbage);

        Cli.Result result = cli.runProcess("record", "infra.colima.note", "--incident", "i");
        assertEquals(3, result.code(), result.err());
        assertEquals(1, result.errLines().size(), result.err());
        assertTrue(result.err().contains("20991231F.cq4, which is not a Chronicle Queue file"), result.err());
        assertTrue(java.util.Arrays.equals(garbage, Files.readAllBytes(bogus)), "the file is left for inspection");

        Files.delete(bogus);
        Cli.Result verify = cli.run("verify");
        assertEquals(0, verify.code(), verify.out());
        assertTrue(verify.out().startsWith("ok: 2 entries"), verify.out());
    }

    @Test
    void oneChangedByteInTheJournalIsFoundAndNamed() throws Exception {
        Path home = dir.resolve("home");
        Cli cli = new Cli(home);
        List<String> ids = new ArrayList<>();
        for (String reason : List.of("first-reason", "second-reason", "third-reason")) {
            Cli.Result result = cli.run("record", "infra.colima.note", "--incident", "i", "--reason", reason,
                    "--json");
            ids.add(JSON.readTree(result.out()).get("event").get("event_id").asText());
        }
        Path segment;
        try (Stream<Path> files = Files.list(home.resolve("journal"))) {
            segment = files.filter(p -> p.toString().endsWith(".cq4")).findFirst().orElseThrow();
        }
        flipFirst(segment, "second-reason", 's', 'S');

        Cli.Result verify = cli.runProcess("verify");
        assertEquals(1, verify.code(), verify.out() + verify.err());
        assertTrue(verify.out().startsWith("FAILED: first bad entry: event " + ids.get(1)), verify.out());
        assertTrue(verify.out().contains("hash_mismatch"), verify.out());

        JsonNode json = JSON.readTree(cli.run("verify", "--json").out());
        assertEquals(1, json.get("findings").size(), "only the changed entry: the chain after it is intact");
        assertEquals(ids.get(1), json.get("findings").get(0).get("event_id").asText());
    }

    @Test
    void aChangedOrDeletedArtifactFailsVerifyNamingItsEvent() throws Exception {
        Path home = dir.resolve("home");
        Cli cli = new Cli(home);
        Path evidence = dir.resolve("evidence.log");
        Files.writeString(evidence, "usernet daemon 4807 alive\n");
        String changed = JSON.readTree(cli.run("record", "infra.colima.snapshot", "--incident", "i", "--attach",
                evidence.toString(), "--json").out()).get("event").get("event_id").asText();
        String deleted = JSON.readTree(cli.run("record", "infra.colima.snapshot", "--incident", "i", "--attach",
                evidence.toString(), "--json").out()).get("event").get("event_id").asText();
        Path first = home.resolve("incidents/i/0001-evidence.log");
        first.toFile().setWritable(true);
        flipFirst(first, "4807", '4', '5');
        Files.delete(home.resolve("incidents/i/0002-evidence.log"));

        Cli.Result verify = cli.runProcess("verify");
        assertEquals(1, verify.code(), verify.out());
        assertTrue(verify.out().startsWith("FAILED: first bad entry: event " + changed), verify.out());
        assertTrue(verify.out().contains("artifact_changed"), verify.out());
        assertTrue(verify.out().contains("also: event " + deleted) && verify.out().contains("artifact_missing"),
                verify.out());
        Cli.Result timeline = cli.run("timeline", "i");
        assertTrue(timeline.out().contains("changed incidents/i/0001-evidence.log"), timeline.out());
        assertTrue(timeline.out().contains("missing incidents/i/0002-evidence.log"), timeline.out());
    }

    @Test
    void libraryOutputNeverReachesStdout() throws Exception {
        Cli cli = new Cli(dir.resolve("home"));
        Cli.Result opened = cli.runProcess("incident", "open", "--json");
        assertEquals(0, opened.code(), opened.err());
        assertEquals(1, opened.out().lines().count(), opened.out());
        String id = JSON.readTree(opened.out()).get("incident_id").asText();
        Cli.Result recorded = cli.runProcess("record", "infra.colima.note", "--incident", id, "--json");
        assertEquals(1, recorded.out().lines().count(), recorded.out());
        assertEquals(2, JSON.readTree(recorded.out()).get("event").get("seq").asInt());
    }

    @Test
    void concurrentIncidentOpensInSeparateProcessesGetOneIncident() throws Exception {
        Cli cli = new Cli(dir.resolve("home"));
        List<Process> processes = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            processes.add(cli.start("incident", "open"));
        }
        List<String> ids = new ArrayList<>();
        for (Process process : processes) {
            ids.add(new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim());
            assertEquals(0, process.waitFor());
        }
        assertEquals(1, ids.stream().distinct().count(), ids.toString());
        assertEquals(1, cli.run("export", "--format", "jsonl").out().lines().count(), "opened once");
    }

    @Test
    void aReadOnlyFileSystemRefusesNewEvidenceAndKeepsTheOld() throws Exception {
        assumeTrue(Mounts.available(), "needs root to mount a file system");
        Path mount = Files.createDirectory(dir.resolve("ro"));
        Mounts.tmpfs(mount, "size=32m");
        try {
            Cli cli = new Cli(mount.resolve("home"));
            assertEquals(0, cli.run("record", "infra.colima.note", "--incident", "i", "--reason", "kept").code());
            Mounts.remount(mount, "ro");
            Cli.Result result = cli.runProcess("record", "infra.colima.note", "--incident", "i");
            assertEquals(3, result.code(), result.err());
            assertEquals(1, result.errLines().size(), result.err());
            assertTrue(result.err().startsWith("colima-proof: evidence not recorded:"), result.err());
            Mounts.remount(mount, "rw");
            Cli.Result verify = cli.run("verify");
            assertEquals(0, verify.code(), verify.out());
            assertTrue(verify.out().startsWith("ok: 1 entries"), verify.out());
        } finally {
            Mounts.unmount(mount);
        }
    }

    @Test
    void aFullDiskRefusesNewEvidenceWithoutKillingTheProcess() throws Exception {
        assumeTrue(Mounts.available(), "needs root to mount a small file system");
        Path mount = Files.createDirectory(dir.resolve("small"));
        Mounts.tmpfs(mount, "size=24m");
        try {
            Cli cli = new Cli(mount.resolve("home"));
            for (int i = 0; i < 3; i++) {
                assertEquals(0, cli.run("record", "infra.colima.note", "--incident", "i", "--reason", "r" + i).code());
            }
            List<String> before = cli.run("export", "--format", "jsonl").out().lines().toList();
            Path filler = mount.resolve("filler");
            try (RandomAccessFile file = new RandomAccessFile(filler.toFile(), "rw")) {
                byte[] block = new byte[1 << 20];
                try {
                    while (true) {
                        file.write(block);
                    }
                } catch (java.io.IOException full) {
                    // the file system is full now
                }
            }
            Path attachment = dir.resolve("big.log");
            Files.write(attachment, new byte[256 * 1024]);
            for (String[] args : List.of(new String[] {"record", "infra.colima.note", "--incident", "i"},
                    new String[] {"record", "infra.colima.note", "--incident", "i", "--attach", attachment.toString()},
                    new String[] {"record", "infra.colima.note", "--incident", "new-incident"},
                    new String[] {"incident", "open"})) {
                Cli.Result result = cli.runProcess(args);
                assertEquals(3, result.code(), "not a signal death (134/135/137): " + result.err());
                assertEquals(1, result.errLines().size(), result.err());
                assertTrue(result.err().startsWith("colima-proof: evidence not recorded:"), result.err());
            }
            Files.delete(filler);
            assertEquals(before, cli.run("export", "--format", "jsonl").out().lines().toList());
            assertEquals(0, cli.run("verify").code());
            assertEquals(0, cli.run("record", "infra.colima.note", "--incident", "i").code(), "recovers");
        } finally {
            Mounts.unmount(mount);
        }
    }

    /** Replaces the first occurrence of {@code marker}'s character {@code from} with {@code to}, in place. */
    private static void flipFirst(Path file, String marker, char from, char to) throws Exception {
        byte[] needle = marker.getBytes(StandardCharsets.UTF_8);
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            int window = (int) Math.min(raf.length(), 8 << 20);
            byte[] data = new byte[window];
            raf.readFully(data);
            outer:
            for (int i = 0; i + needle.length <= data.length; i++) {
                for (int j = 0; j < needle.length; j++) {
                    if (data[i + j] != needle[j]) {
                        continue outer;
                    }
                }
                int at = i + marker.indexOf(from);
                raf.seek(at);
                raf.write((byte) to);
                return;
            }
        }
        throw new AssertionError(marker + " not found in " + file);
    }
}
