package dev.colimaproof.ledger.event;

import dev.colimaproof.ledger.InvalidInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Instant;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ValidationTest {

    @ParameterizedTest
    @ValueSource(strings = {"../../etc", "a/b", "", ".hidden", "..", "-x", "a b", "inc\u00e9", "x\ny", "a\\b",
            "é", "a:b"})
    void incidentIdsThatCouldEscapeOrConfuseAreRefused(String id) {
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> IncidentId.of(id));
        assertTrue(e.getMessage().startsWith("invalid incident id"), e.getMessage());
        assertTrue(e.getMessage().lines().count() == 1, "one line: " + e.getMessage());
    }

    @Test
    void incidentIdLengthIsCapped() {
        assertEquals(128, IncidentId.of("a".repeat(128)).value().length());
        assertThrows(InvalidInputException.class, () -> IncidentId.of("a".repeat(129)));
        assertThrows(InvalidInputException.class, () -> IncidentId.of("a".repeat(300)));
    }

    @Test
    void generatedIdsHaveTheDocumentedForm() {
        IncidentId id = IncidentId.generate(Instant.parse("2026-12-03T16:15:09Z"), new SplittableRandom(1));
        assertTrue(id.value().matches("20261203T161509Z-[0-9a-f]{12}"), id.value());
    }

    @Test
    void vocabularyAndUserActionsAreAcceptedAndTyposAreNot() {
        assertEquals("infra.colima.recovery.force_cycle.verdict",
                Action.recovery(RecoveryMode.FORCE_CYCLE, Action.RecoveryStage.VERDICT).name());
        Action.of("infra.colima.post_invariant");
        Action.of("x.my-team.restart");
        for (String bad : new String[] {"infra.colima.snapshots", "infra.colima.recovery.usernet-only.started",
                "x.", "custom.action", "", "x./etc"}) {
            assertThrows(InvalidInputException.class, () -> Action.of(bad), bad);
        }
        assertEquals(9 + 5 * 4, Action.vocabularyNames().size());
    }

    @Test
    void levelsAndModesParseTheirWords() {
        assertEquals(Level.FATAL, Level.parse("fatal"));
        assertEquals(Level.WARN, Level.parse("WARN"));
        assertThrows(InvalidInputException.class, () -> Level.parse("warning"));
        assertEquals(RecoveryMode.USERNET_ONLY, RecoveryMode.parse("usernet-only"));
        assertEquals(RecoveryMode.USERNET_ONLY, RecoveryMode.parse("usernet_only"));
        assertThrows(InvalidInputException.class, () -> RecoveryMode.parse("reboot"));
    }

    @Test
    void phaseAndHypothesisBecomeFileNamesSoTheyAreRestricted() {
        IncidentId incident = IncidentId.of("i1");
        assertThrows(InvalidInputException.class,
                () -> EventDraft.builder(incident, Action.SNAPSHOT).phase("../x").build());
        assertThrows(InvalidInputException.class,
                () -> EventDraft.builder(incident, Action.SNAPSHOT).hypothesisId("H1 usernet").build());
        assertEquals("failure-detected",
                EventDraft.builder(incident, Action.SNAPSHOT).phase("failure-detected").build().phase());
    }
}
