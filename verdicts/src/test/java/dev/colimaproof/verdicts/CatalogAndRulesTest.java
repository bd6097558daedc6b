package dev.colimaproof.verdicts;

import dev.colimaproof.ledger.InvalidInputException;
import dev.colimaproof.ledger.event.RecoveryMode;
import dev.colimaproof.verdicts.catalog.Catalog;
import dev.colimaproof.verdicts.catalog.Hypothesis;
import dev.colimaproof.verdicts.rules.Verdict;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CatalogAndRulesTest {

    @TempDir
    Path dir;

    private final Catalog catalog = Catalog.defaults();
    private final Hypothesis h1 = catalog.get("H1-usernet").orElseThrow();
    private final Hypothesis h3 = catalog.get("H3-healer").orElseThrow();

    private static final Map<String, Object> LEAK = Map.of("usernet.process_count", 2, "usernet.sockets.stale", 2,
            "usernet.pidfile_exists", true, "usernet.pidfile_matches", true);
    private static final Map<String, Object> CLEAN = Map.of("usernet.process_count", 1, "usernet.sockets.stale", 0,
            "usernet.pidfile_exists", true, "usernet.pidfile_matches", true);

    @Test
    void theDefaultCatalogHoldsTheFourHypotheses() {
        assertEquals(List.of("H1-usernet", "H2-hostagent", "H3-healer", "H4-guest-runtime"),
                List.copyOf(catalog.hypotheses().keySet()));
        assertFalse(catalog.get("H2-hostagent").orElseThrow().testable());
        assertEquals(Hypothesis.Test.RESTRAINT, h3.test());
        assertEquals("h1_usernet", h1.token());
        assertEquals(12, catalog.version().length());
    }

    @Test
    void stateVerdictsFollowTheFaultAndTheWindow() {
        assertEquals("supports_h1_usernet", Verdict.decide(h1, RecoveryMode.USERNET_ONLY, LEAK, CLEAN, true).word());
        assertEquals("does_not_support_h1_usernet",
                Verdict.decide(h1, RecoveryMode.USERNET_ONLY, LEAK, LEAK, false).word());
        assertEquals(Verdict.PARTIAL, Verdict.decide(h1, RecoveryMode.USERNET_ONLY, LEAK, CLEAN, false).word());
        assertEquals(Verdict.PARTIAL, Verdict.decide(h1, RecoveryMode.USERNET_ONLY, LEAK, LEAK, true).word());
        assertEquals(Verdict.MISSING_PRECONDITION,
                Verdict.decide(h1, RecoveryMode.USERNET_ONLY, CLEAN, CLEAN, true).word());
        assertEquals(Verdict.BROADER, Verdict.decide(h1, RecoveryMode.FORCE_CYCLE, LEAK, CLEAN, true).word());
        assertThrows(IllegalArgumentException.class,
                () -> Verdict.decide(h1, RecoveryMode.GUEST_RESTART, LEAK, CLEAN, true));
    }

    @Test
    void restraintVerdictsFollowTheWindowAlone() {
        Map<String, Object> recent = Map.of("healer.last_force_cycle_age_s", 30);
        assertEquals("supports_h3_healer", Verdict.decide(h3, RecoveryMode.HOLD, recent, recent, true).word());
        assertEquals("does_not_support_h3_healer", Verdict.decide(h3, RecoveryMode.HOLD, recent, recent, false).word());
        assertEquals(Verdict.MISSING_PRECONDITION, Verdict.decide(h3, RecoveryMode.HOLD,
                Map.of("healer.last_force_cycle_age_s", 3600), Map.of(), true).word());
        assertFalse(h3.presentWhen().holds(Map.of()), "an absent signal makes nothing present");
    }

    @Test
    void aUserCatalogExtendsOrReplacesAndChangesTheVersion() throws Exception {
        Path extend = dir.resolve("extend.json");
        Files.writeString(extend, "{\"mode\":\"extend\",\"hypotheses\":[{\"id\":\"H5-disk\",\"layer\":\"host\","
                + "\"test\":\"state\",\"present_when\":{\"signal\":\"disk.free_bytes\",\"op\":\"<\",\"value\":1e9},"
                + "\"selective_modes\":[]}]}");
        Catalog extended = Catalog.load(extend);
        assertEquals(5, extended.hypotheses().size());
        assertNotEquals(catalog.version(), extended.version());
        Files.writeString(extend, Files.readString(extend).replace("extend", "replace"));
        assertEquals(List.of("H5-disk"), List.copyOf(Catalog.load(extend).hypotheses().keySet()));
    }

    @Test
    void aCatalogWithAnErrorIsRefusedWithItsLine() throws Exception {
        Map<String, String> broken = Map.of(
                "{\n  \"hypotheses\": [\n    {\"id\": \"H1-usernet\", \"layer\": \"usernet\", \"test\": \"state\",\n"
                        + "     \"present_when\": {\"signal\": \"usernet.process_count\", \"op\": \"=>\", \"value\": 1},\n"
                        + "     \"selective_modes\": []}\n  ]\n}\n", "line 4",
                "{\n  \"hypotheses\": [\n    {\"id\": \"H1\", \"layer\": \"u\", \"test\": \"guess\",\n"
                        + "     \"present_when\": {\"signal\": \"a\", \"op\": \"==\", \"value\": 1},\n"
                        + "     \"selective_modes\": [\"reboot\"]}\n  ]\n}\n", "line ",
                "{\n  \"hypotheses\": [\n    {\"id\": \"H1\", \"layer\": \"u\", \"test\": \"state\",\n"
                        + "     \"present_when\": {\"signal\": \"a\", \"op\": \"==\", \"value\": 1},\n"
                        + "     \"selective_modes\": [\"force-cycle\"]}\n  ]\n}\n", "broader",
                "{\n  \"hypotheses\": [\n    {\"id\": \"H1\",, }\n  ]\n}\n", "line 3",
                "{\"hypotheses\": [], \"colour\": \"blue\"}", "colour");
        int n = 0;
        for (Map.Entry<String, String> entry : broken.entrySet()) {
            Path file = dir.resolve("bad-" + (n++) + ".json");
            Files.writeString(file, entry.getKey());
            InvalidInputException e = assertThrows(InvalidInputException.class, () -> Catalog.load(file));
            assertTrue(e.getMessage().startsWith("catalog " + file + " line "), e.getMessage());
            assertTrue(e.getMessage().contains(entry.getValue()), e.getMessage());
            assertEquals(1, e.getMessage().lines().count(), e.getMessage());
        }
    }
}
