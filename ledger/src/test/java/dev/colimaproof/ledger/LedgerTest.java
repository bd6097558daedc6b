package dev.colimaproof.ledger;

import dev.colimaproof.ledger.artifact.ArtifactStore;
import dev.colimaproof.ledger.event.Action;
import dev.colimaproof.ledger.event.ArtifactRef;
import dev.colimaproof.ledger.event.Attachment;
import dev.colimaproof.ledger.event.Event;
import dev.colimaproof.ledger.event.EventDraft;
import dev.colimaproof.ledger.event.IncidentId;
import dev.colimaproof.ledger.event.Level;
import dev.colimaproof.ledger.event.Origin;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LedgerTest {

    private static final Origin ORIGIN = new Origin("test-host", "session", "system");
    private static final IncidentId INCIDENT = IncidentId.of("20261203T161500Z-0123456789ab");

    @TempDir
    Path home;

    private Ledger open() {
        return Ledger.open(LedgerOptions.defaults(home, ORIGIN));
    }

    private static EventDraft note(IncidentId incident, String text) {
        return EventDraft.builder(incident, Action.NOTE).metadata("text", text).build();
    }

    @Test
    void appendsAreSequencedPerIncidentAndChained() {
        try (Ledger ledger = open()) {
            Event first = ledger.append(note(INCIDENT, "a")).event();
            Event other = ledger.append(note(IncidentId.of("other"), "b")).event();
            Event second = ledger.append(note(INCIDENT, "c")).event();

            assertEquals(1, first.seq());
            assertEquals(1, other.seq());
            assertEquals(2, second.seq());
            assertEquals("0".repeat(64), first.prevHash());
            assertEquals(first.hash(), other.prevHash());
            assertEquals(other.hash(), second.prevHash());
            assertEquals("test-host", second.host());
            assertEquals(List.of("a", "c"), ledger.incidentEvents(INCIDENT).stream()
                    .map(e -> e.metadata().get("text")).toList());
            assertTrue(ledger.verify().ok());
        }
    }

    @Test
    void aRetriedEventIdIsStoredOnce() throws Exception {
        try (Ledger ledger = open()) {
            UUID id = UUID.randomUUID();
            EventDraft draft = EventDraft.builder(INCIDENT, Action.NOTE).eventId(id)
                    .attach(new Attachment.Content("attachment", "log.txt", "x".getBytes(StandardCharsets.UTF_8)))
                    .build();
            Ledger.Recorded first = ledger.append(draft);
            Ledger.Recorded retry = ledger.append(draft);

            assertFalse(first.duplicate());
            assertTrue(retry.duplicate());
            assertEquals(first.event(), retry.event());
            assertEquals(1, ledger.incidentEvents(INCIDENT).size());
            assertEquals(1, countFiles(home.resolve("incidents").resolve(INCIDENT.value())),
                    "the retry's staged copy is discarded");
        }
    }

    @Test
    void artifactsAreHashedReadOnlyAndNeverOverwritten() throws Exception {
        try (Ledger ledger = open()) {
            ledger.append(EventDraft.builder(INCIDENT, Action.NOTE)
                    .attach(new Attachment.Content("attachment", "first.txt", new byte[1])).build());
            Path dir = home.resolve("incidents").resolve(INCIDENT.value());
            // an orphan left by a writer that died after naming its artifact, before recording its event
            Files.writeString(dir.resolve("0002-log.txt"), "orphan");
            byte[] content = "evidence\n".getBytes(StandardCharsets.UTF_8);
            Event event = ledger.append(EventDraft.builder(INCIDENT, Action.SNAPSHOT)
                    .attach(new Attachment.Content("attachment", "log.txt", content))
                    .attach(new Attachment.Content("attachment", "log.txt", content))
                    .build()).event();

            List<String> paths = event.artifacts().stream().map(ArtifactRef::path).toList();
            assertEquals(List.of("incidents/" + INCIDENT + "/0002-log-2.txt", "incidents/" + INCIDENT + "/0002-log-3.txt"),
                    paths);
            assertEquals("orphan", Files.readString(dir.resolve("0002-log.txt")));
            ArtifactRef artifact = event.artifacts().get(0);
            assertEquals(Sha256.hex(content), artifact.sha256());
            assertEquals(content.length, artifact.bytes());
            Path file = home.resolve(artifact.path());
            assertEquals("r--------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
            assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir)));
            assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(home.resolve("journal"))));
            assertEquals(ArtifactStore.Status.OK, ledger.checkArtifact(artifact).status());
            assertFalse(Files.list(dir).anyMatch(p -> p.getFileName().toString().startsWith(".staging")));
        }
    }

    @Test
    void anAttachmentThatCannotBeReadRecordsNothing() throws Exception {
        try (Ledger ledger = open()) {
            ledger.append(note(INCIDENT, "before"));
            for (Path bad : List.of(home.resolve("no-such-file"), home)) {
                EventDraft draft = EventDraft.builder(INCIDENT, Action.NOTE)
                        .attach(new Attachment.CopyOf("attachment", "x", bad)).build();
                InvalidInputException e = assertThrows(InvalidInputException.class, () -> ledger.append(draft));
                assertTrue(e.getMessage().startsWith("cannot attach"), e.getMessage());
            }
            assertEquals(1, ledger.incidentEvents(INCIDENT).size());
            assertEquals(0, countFiles(home.resolve("incidents").resolve(INCIDENT.value())));
        }
    }

    @Test
    void verifyNamesAChangedAndAMissingArtifact() throws Exception {
        Event changed;
        Event deleted;
        try (Ledger ledger = open()) {
            changed = ledger.append(EventDraft.builder(INCIDENT, Action.SNAPSHOT)
                    .attach(new Attachment.Content("snapshot", "a.json", "{\"ok\":true}".getBytes())).build()).event();
            deleted = ledger.append(EventDraft.builder(INCIDENT, Action.SNAPSHOT)
                    .attach(new Attachment.Content("snapshot", "b.json", "{}".getBytes())).build()).event();
        }
        Path a = home.resolve(changed.artifacts().get(0).path());
        byte[] bytes = Files.readAllBytes(a);
        bytes[3] ^= 0x01;
        Files.write(a, bytes);
        Files.delete(home.resolve(deleted.artifacts().get(0).path()));

        try (Ledger ledger = open()) {
            VerificationReport report = ledger.verify();
            assertEquals(2, report.findings().size(), report.toString());
            assertEquals(VerificationReport.Problem.ARTIFACT_CHANGED, report.findings().get(0).problem());
            assertEquals(changed.eventId().toString(), report.findings().get(0).eventId());
            assertEquals(VerificationReport.Problem.ARTIFACT_MISSING, report.findings().get(1).problem());
            assertEquals(deleted.eventId().toString(), report.findings().get(1).eventId());
        }
    }

    @Test
    void theIndexIsDerivedAndRebuiltWhenDeletedOrGarbage() throws Exception {
        try (Ledger ledger = open()) {
            for (int i = 0; i < 5; i++) {
                ledger.append(note(INCIDENT, "n" + i));
            }
        }
        Path index = home.resolve("index").resolve("events.idx");
        Files.delete(index);
        try (Ledger ledger = open()) {
            assertEquals(5, ledger.incidentEvents(INCIDENT).size());
            assertEquals(6, ledger.append(note(INCIDENT, "after rebuild")).event().seq());
        }
        Files.write(index, "not an index at all".getBytes());
        try (Ledger ledger = open()) {
            assertEquals(7, ledger.append(note(INCIDENT, "after garbage")).event().seq());
            assertEquals(7, ledger.incidentEvents(INCIDENT).size());
            assertTrue(ledger.verify().ok());
        }
        assertEquals(16 + 7 * 96, Files.size(index), "rewritten with one record per entry");
    }

    @Test
    void aStaleIndexFromAnotherJournalIsNotTrusted() throws Exception {
        try (Ledger ledger = open()) {
            ledger.append(note(INCIDENT, "a"));
            ledger.append(note(INCIDENT, "b"));
        }
        Path index = home.resolve("index").resolve("events.idx");
        byte[] bytes = Files.readAllBytes(index);
        bytes[16 + 96 + 40] ^= 0x7f; // the hash of the last record
        Files.write(index, bytes);
        try (Ledger ledger = open()) {
            Event third = ledger.append(note(INCIDENT, "c")).event();
            assertEquals(3, third.seq());
            assertTrue(ledger.verify().ok(), "the chain continues from the journal, not the bad index");
        }
    }

    @Test
    void openIncidentIsReusedWithinTheWindowAndPerProfile() {
        MutableClock clock = new MutableClock(Instant.parse("2026-12-03T10:00:00Z"));
        LedgerOptions options = LedgerOptions.defaults(home, ORIGIN).withClock(clock);
        try (Ledger ledger = Ledger.open(options)) {
            Ledger.Opening first = ledger.openIncident("default", Duration.ofMinutes(30), Map.of());
            assertTrue(first.created());
            assertTrue(first.id().value().startsWith("20261203T100000Z-"));

            clock.advance(Duration.ofMinutes(20));
            assertEquals(first.id(), ledger.openIncident("default", Duration.ofMinutes(30), Map.of()).id());
            Ledger.Opening otherProfile = ledger.openIncident("work", Duration.ofMinutes(30), Map.of());
            assertTrue(otherProfile.created());
            assertNotEquals(first.id(), otherProfile.id());

            clock.advance(Duration.ofMinutes(31));
            Ledger.Opening later = ledger.openIncident("default", Duration.ofMinutes(30), Map.of());
            assertTrue(later.created(), "the first incident went quiet for longer than the window");

            ledger.append(EventDraft.builder(later.id(), Action.INCIDENT_CLOSED).metadata("outcome", "recovered")
                    .build());
            assertTrue(ledger.openIncident("default", Duration.ofMinutes(30), Map.of()).created(),
                    "a closed incident is not reused");
            List<IncidentSummary> incidents = ledger.incidents();
            assertEquals(4, incidents.size());
            IncidentSummary closed = incidents.stream().filter(s -> s.id().equals(later.id())).findFirst().orElseThrow();
            assertEquals(IncidentSummary.State.CLOSED, closed.state());
            assertEquals("recovered", closed.outcome());
            assertEquals("default", closed.profile());
        }
    }

    @Test
    void appendsAreRefusedBeforeTheFileSystemIsFull() throws Exception {
        LedgerOptions options = LedgerOptions.defaults(home, ORIGIN).withMinFreeBytes(Long.MAX_VALUE);
        try (Ledger ledger = Ledger.open(options)) {
            StorageException e = assertThrows(StorageException.class, () -> ledger.append(EventDraft
                    .builder(INCIDENT, Action.NOTE).level(Level.WARN)
                    .attach(new Attachment.Content("attachment", "a.txt", new byte[100])).build()));
            assertTrue(e.getMessage().contains("bytes free"), e.getMessage());
            assertTrue(ledger.incidentEvents(INCIDENT).isEmpty());
            assertEquals(0, countFiles(home.resolve("incidents").resolve(INCIDENT.value())));
        }
    }

    private static long countFiles(Path dir) throws java.io.IOException {
        try (var files = Files.list(dir)) {
            return files.count();
        }
    }

    static final class MutableClock extends Clock {
        private Instant now;

        MutableClock(Instant start) {
            this.now = start;
        }

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
