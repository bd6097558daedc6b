package dev.colimaproof.ledger.event;

import dev.colimaproof.ledger.InvalidInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EventCodecTest {

    private final EventCodec codec = new EventCodec();

    private Event sample(Map<String, Object> metadata) {
        return new Event(Event.SCHEMA, UUID.fromString("00000000-0000-0000-0000-000000000001"),
                IncidentId.of("20261203T161500Z-0123456789ab"), 7, Action.recovery(RecoveryMode.USERNET_ONLY,
                Action.RecoveryStage.STARTED), Level.WARN, false, Instant.parse("2026-12-03T16:15:00.123456789Z"),
                Event.SOURCE, Event.COMPONENT, "panda", "s1", "sys", "pre-usernet", "H1-usernet",
                RecoveryMode.USERNET_ONLY, metadata,
                List.of(new ArtifactRef("snapshot", "incidents/x/0007-pre.snapshot.json", "ab".repeat(32), 10)),
                null, EventCodec.GENESIS, null);
    }

    @Test
    void sealedEntryIsCanonicalAndItsHashCanBeRederivedFromTheBytes() throws Exception {
        Map<String, Object> metadata = Map.of("zeta", 1, "alpha", Map.of("y", List.of(1.5, "ü", true), "b", -3L),
                "pids", List.of(4807, 4811));
        EventCodec.Sealed sealed = codec.seal(sample(metadata));
        String json = new String(sealed.bytes(), StandardCharsets.UTF_8);

        assertTrue(json.startsWith("{\"action\":\"infra.colima.recovery.usernet_only.started\",\"artifacts\""), json);
        assertTrue(json.contains("\"metadata\":{\"alpha\":{\"b\":-3,\"y\":[1.5,\"ü\",true]},\"pids\":[4807,4811],"
                + "\"zeta\":1}"), json);
        assertTrue(json.contains("\"occurred_at\":\"2026-12-03T16:15:00.123456Z\""), json);
        assertTrue(json.contains("\"recovery_mode\":\"usernet-only\""), json);
        assertEquals(sealed.event().hash(), codec.rederiveHash(sealed.bytes()));
        assertEquals(64, sealed.event().hash().length());
        assertArrayEquals(sealed.bytes(), codec.mapper().writeValueAsBytes(codec.decode(sealed.bytes())),
                "a decoded entry encodes back to the same bytes");
    }

    @Test
    void anyChangedValueChangesTheHash() {
        EventCodec.Sealed sealed = codec.seal(sample(Map.of("reason", "docker ping failed")));
        byte[] tampered = new String(sealed.bytes(), StandardCharsets.UTF_8)
                .replace("docker ping failed", "docker ping fajled").getBytes(StandardCharsets.UTF_8);
        assertNotEquals(sealed.event().hash(), codec.rederiveHash(tampered));
        assertEquals(sealed.event().hash(), codec.decode(tampered).hash(), "the stored claim is unchanged");
    }

    @Test
    void newerSchemaIsRefusedWithAReadableReason() {
        byte[] future = new String(codec.seal(sample(Map.of())).bytes(), StandardCharsets.UTF_8)
                .replace("\"schema\":1", "\"schema\":2").getBytes(StandardCharsets.UTF_8);
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> codec.decode(future));
        assertTrue(e.getMessage().contains("schema 2"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "{", "[]", "{\"schema\":1}", "\u0000\u0001garbage",
            "{\"schema\":1,\"event_id\":\"x\"}"})
    void malformedEntriesAreRefused(String text) {
        assertThrows(InvalidInputException.class, () -> codec.decode(text.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void unknownFieldsOfLaterWritersStayCoveredByTheHash() {
        byte[] withExtra = new String(codec.seal(sample(Map.of())).bytes(), StandardCharsets.UTF_8)
                .replace("{\"action\"", "{\"a_new_field\":\"x\",\"action\"").getBytes(StandardCharsets.UTF_8);
        Event decoded = codec.decode(withExtra);
        assertNotEquals(decoded.hash(), codec.rederiveHash(withExtra));
    }
}
