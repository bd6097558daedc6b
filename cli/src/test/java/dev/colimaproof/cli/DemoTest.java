package dev.colimaproof.cli;

import dev.colimaproof.probes.lab.LabFixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The README's main command: simulated incidents end to end on a lab. */
class DemoTest {

    @TempDir
    Path dir;

    @Test
    void theDemoPromotesH1AndVerifies() {
        Cli cli = new Cli(dir.resolve("unused")).env("COLIMA_PROOF_LAB_CLASSPATH", LabFixture.classpath());
        Cli.Result demo = cli.run("--home", dir.resolve("home").toString(), "demo");
        assertEquals(0, demo.code(), demo.err() + demo.out());
        assertEquals(2, demo.out().lines().filter(l -> l.endsWith("H1-usernet: supports_h1_usernet")).count(),
                demo.out());
        assertTrue(demo.out().contains("H4-guest-runtime: supports_h4_guest_runtime"), demo.out());
        assertTrue(demo.out().lines().anyMatch(l -> l.startsWith("H1-usernet") && l.contains("promoted")), demo.out());
        assertTrue(demo.out().contains("ok: 30 entries, 16 artifacts, hash chain intact"), demo.out());
        assertEquals(0, new Cli(dir.resolve("home")).run("verify").code(), "the ledger stays where --home said");
    }
}
