package dev.colimaproof.probes.intervention;

import dev.colimaproof.probes.Substrate;
import dev.colimaproof.probes.lab.Lab;
import dev.colimaproof.probes.lab.LabFixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** usernet-only touches exactly this LIMA_HOME's user-v2 daemons and control files, and nothing reached by a link. */
class UsernetResetTest {

    @TempDir
    Path dir;

    @Test
    void itStopsOnlyThisLimaHomesDaemonsAndRemovesOnlyTheirControlFiles() throws Exception {
        Lab lab = LabFixture.lab(dir.resolve("ours"));
        Path other = dir.resolve("other");
        Path otherNetwork = Files.createDirectories(other.resolve("colima/_lima/_networks/user-v2"));
        Process decoy = null;
        try {
            lab.up("usernet-leak");
            // a usernet daemon of another LIMA_HOME: same program, same words, other paths
            ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java")
                    .toString(), "-cp", LabFixture.classpath(), "dev.colimaproof.probes.lab.LabProcess",
                    "/opt/homebrew/bin/limactl", "usernet", "-p", otherNetwork.resolve("usernet_user-v2.pid").toString(),
                    "-e", otherNetwork.resolve("user-v2_ep.sock").toString(), "--listen-qemu",
                    otherNetwork.resolve("user-v2_qemu.sock").toString(), "--listen",
                    otherNetwork.resolve("user-v2_fd.sock").toString());
            builder.environment().put("COLIMA_PROOF_LAB_ROOT", other.toString());
            decoy = builder.redirectErrorStream(true).redirectOutput(dir.resolve("decoy.log").toFile()).start();
            long deadline = System.currentTimeMillis() + 15_000;
            while (!Files.exists(otherNetwork.resolve("usernet_user-v2.pid")) && System.currentTimeMillis() < deadline) {
                Thread.sleep(50);
            }
            assertTrue(Files.exists(otherNetwork.resolve("user-v2_fd.sock")), "the decoy is up");

            Substrate ours = lab.files().substrate();
            long[] ourDaemons = dev.colimaproof.probes.lab.LabControl.usernetDaemons(lab.files()).stream()
                    .mapToLong(ProcessHandle::pid).sorted().toArray();
            assertEquals(2, ourDaemons.length);
            UsernetReset.Result result = UsernetReset.run(ours, Duration.ofSeconds(3));

            assertEquals(List.of(ourDaemons[0], ourDaemons[1]), result.terminated().stream().sorted().toList());
            assertTrue(decoy.isAlive(), "another LIMA_HOME's daemon is never stopped");
            assertEquals(4, result.removed().size(), result.removed().toString());
            assertTrue(result.removed().stream().allMatch(p -> p.startsWith(ours.networkDir().toString())));
            assertTrue(Files.exists(otherNetwork.resolve("usernet_user-v2.pid")));
            assertTrue(Files.exists(otherNetwork.resolve("user-v2_fd.sock")));
            assertTrue(Files.exists(ours.networkDir().resolve("leases.json")), "only control files go");
            assertTrue(Files.exists(ours.instanceDir().resolve("ha.stderr.log")), "never the instance");
            assertTrue(result.logs().containsKey("usernet.user-v2.stderr.log"), "logs copied before removal");
        } finally {
            if (decoy != null) {
                decoy.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
            lab.down();
        }
    }

    @Test
    void aNetworkFolderReachedThroughASymlinkIsRefusedAndNothingIsRemoved() throws Exception {
        Path outside = Files.createDirectories(dir.resolve("precious"));
        Files.writeString(outside.resolve("usernet_user-v2.pid"), "1");
        Files.writeString(outside.resolve("user-v2_fd.sock"), "not ours");
        Path lima = Files.createDirectories(dir.resolve("colima/_lima/_networks"));
        Files.createSymbolicLink(lima.resolve("user-v2"), outside);
        Substrate substrate = new Substrate(dir.resolve("colima"), dir.resolve("colima/_lima"), "default", null,
                List.of(), List.of());

        InterventionException e = assertThrows(InterventionException.class,
                () -> UsernetReset.run(substrate, Duration.ofSeconds(1)));
        assertTrue(e.getMessage().contains("symbolic link"), e.getMessage());
        assertTrue(Files.exists(outside.resolve("usernet_user-v2.pid")));
        assertTrue(Files.exists(outside.resolve("user-v2_fd.sock")));

        Files.delete(lima.resolve("user-v2"));
        Files.delete(lima);
        Files.createSymbolicLink(dir.resolve("colima/_lima/_networks"), Files.createDirectories(dir.resolve("x")));
        assertThrows(InterventionException.class, () -> UsernetReset.run(substrate, Duration.ofSeconds(1)));

        Files.delete(dir.resolve("colima/_lima/_networks"));
        Path network = Files.createDirectories(dir.resolve("colima/_lima/_networks/user-v2"));
        Files.createSymbolicLink(network.resolve("usernet_user-v2.pid"), outside.resolve("usernet_user-v2.pid"));
        assertThrows(InterventionException.class, () -> UsernetReset.run(substrate, Duration.ofSeconds(1)));
        assertTrue(Files.exists(outside.resolve("usernet_user-v2.pid")), "a linked control file is not followed");
    }
}
