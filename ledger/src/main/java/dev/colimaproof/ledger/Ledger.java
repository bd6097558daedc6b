package dev.colimaproof.ledger;

import dev.colimaproof.ledger.artifact.ArtifactStore;
import dev.colimaproof.ledger.artifact.Private;
import dev.colimaproof.ledger.event.Action;
import dev.colimaproof.ledger.event.ArtifactRef;
import dev.colimaproof.ledger.event.Attachment;
import dev.colimaproof.ledger.event.Event;
import dev.colimaproof.ledger.event.EventCodec;
import dev.colimaproof.ledger.event.EventDraft;
import dev.colimaproof.ledger.event.IncidentId;
import dev.colimaproof.ledger.journal.Journal;
import dev.colimaproof.ledger.journal.JournalIndex;
import dev.colimaproof.ledger.journal.LockFile;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.BiConsumer;

/**
 * The proof ledger of one home: the journal of hash-chained events, the artifacts they name, and the derived
 * index. Appends from any number of processes are serialised by a lock file; reads need no lock.
 */
public final class Ledger implements AutoCloseable {

    public static final String JOURNAL = "journal";
    public static final String INDEX = "index";
    private static final String LOCK = "ledger.lock";

    private final LedgerOptions options;
    private final EventCodec codec = new EventCodec();
    private final Journal journal;
    private final LockFile lock;
    private final JournalIndex index;
    private final ArtifactStore artifacts;
    private final FileStore journalStore;

    private Ledger(LedgerOptions options, Journal journal, LockFile lock) {
        this.options = options;
        this.journal = journal;
        this.lock = lock;
        try {
            // looked up once: on Linux each lookup re-reads the mount table
            this.journalStore = Files.getFileStore(journal.dir());
        } catch (IOException e) {
            throw new StorageException("cannot find the file system of " + journal.dir() + ": " + e.getMessage(), e);
        }
        this.index = new JournalIndex(options.home().resolve(INDEX).resolve("events.idx"), journal, codec);
        this.artifacts = new ArtifactStore(options.home());
    }

    /** Opens the ledger, creating its home (0700) when there is none. */
    public static Ledger open(LedgerOptions options) {
        Path home = options.home();
        Private.createDirectories(home);
        Private.createDirectories(home.resolve(JOURNAL));
        Private.createDirectories(home.resolve(INDEX));
        LockFile lock = LockFile.open(home.resolve(LOCK));
        try {
            return new Ledger(options, Journal.open(home.resolve(JOURNAL), options.chronicleTimeout()), lock);
        } catch (RuntimeException e) {
            lock.close();
            throw e;
        }
    }

    /** Opens an existing ledger for queries; refuses a home where nothing was ever recorded. */
    public static Ledger openExisting(LedgerOptions options) {
        if (!exists(options.home())) {
            throw new InvalidInputException("no ledger at " + options.home() + " (nothing recorded there yet)");
        }
        return open(options);
    }

    public static boolean exists(Path home) {
        return Files.isDirectory(home.resolve(JOURNAL));
    }

    public Path home() {
        return options.home();
    }

    public EventCodec codec() {
        return codec;
    }

    /** The result of an append: the event as stored, and whether it was already there (a retried event id). */
    public record Recorded(Event event, boolean duplicate) {
    }

    /**
     * Records one event and its attachments. Attachments are staged before the lock is taken; under the lock the
     * event gets its sequence number, its artifacts their final names, and its place in the hash chain.
     */
    public Recorded append(EventDraft draft) {
        List<ArtifactStore.Staged> staged = stageAll(draft);
        try (LockFile.Held held = lock.acquire(options.lockTimeout())) {
            return appendLocked(draft, staged);
        } catch (RuntimeException e) {
            staged.forEach(artifacts::discard);
            throw e;
        }
    }

    /** The outcome of {@link #openIncident}: the incident to use, and whether this call opened it. */
    public record Opening(IncidentId id, boolean created) {
    }

    /**
     * Returns the open incident of {@code profile} whose last event is within {@code reuseWindow}, or opens one.
     * Runs under the journal lock, so callers in separate processes at the same moment get the same incident.
     */
    public Opening openIncident(String profile, Duration reuseWindow, Map<String, Object> metadata) {
        try (LockFile.Held held = lock.acquire(options.lockTimeout())) {
            index.refresh(true);
            Instant now = options.clock().instant();
            Optional<IncidentId> reusable = index.incidents().stream()
                    .filter(entries -> entries.openedJournalIndex() >= 0 && !entries.closed())
                    .filter(entries -> !toInstant(entries.lastMicros()).isBefore(now.minus(reuseWindow)))
                    .filter(entries -> profile.equals(event(entries.openedJournalIndex()).metadata().get("profile")))
                    .reduce((first, second) -> second.lastMicros() >= first.lastMicros() ? second : first)
                    .map(JournalIndex.IncidentEntries::id);
            if (reusable.isPresent()) {
                return new Opening(reusable.get(), false);
            }
            IncidentId id = IncidentId.generate(now, new SecureRandom());
            EventDraft opened = EventDraft.builder(id, Action.INCIDENT_OPENED)
                    .occurredAt(now)
                    .metadata(metadata)
                    .metadata("profile", profile)
                    .build();
            appendLocked(opened, List.of());
            return new Opening(id, true);
        }
    }

    /** An incident's events in sequence order, read through the index (no journal scan). */
    public List<Event> incidentEvents(IncidentId incident) {
        List<Event> events = new ArrayList<>();
        forEachIncidentEntry(incident, (bytes, event) -> events.add(event));
        return events;
    }

    /** An incident's entries exactly as stored, in sequence order. */
    public List<byte[]> incidentEntries(IncidentId incident) {
        List<byte[]> entries = new ArrayList<>();
        forEachIncidentEntry(incident, (bytes, event) -> entries.add(bytes));
        return entries;
    }

    /** Events of any incident that occurred at or after {@code since}, in journal order (through the index). */
    public List<Event> eventsSince(Instant since) {
        index.refresh(false);
        List<Event> events = new ArrayList<>();
        for (long journalIndex : index.entriesSince(ChronoUnit.MICROS.between(Instant.EPOCH, since))) {
            events.add(event(journalIndex));
        }
        return events;
    }

    /** Every event of the journal, in order (for projections that fold over all of it). */
    public List<Event> allEvents() {
        List<Event> events = new ArrayList<>();
        journal.forEachAfter(-1, (index, bytes) -> {
            events.add(decodeStored(index, bytes));
            return true;
        });
        return events;
    }

    private void forEachIncidentEntry(IncidentId incident, BiConsumer<byte[], Event> visitor) {
        index.refresh(false);
        for (long journalIndex : index.entriesOf(incident)) {
            byte[] bytes = journal.read(journalIndex);
            if (bytes == null) {
                throw new StorageException("journal entry " + journalIndex + " is gone (run verify)");
            }
            Event event = decodeStored(journalIndex, bytes);
            // the index keys incidents by a hash prefix: keep only entries that really belong to this incident
            if (event.incidentId().equals(incident)) {
                visitor.accept(bytes, event);
            }
        }
    }

    public List<IncidentSummary> incidents() {
        index.refresh(false);
        List<IncidentSummary> out = new ArrayList<>();
        for (JournalIndex.IncidentEntries entries : index.incidents()) {
            String profile = null;
            if (entries.openedJournalIndex() >= 0) {
                profile = stringOrNull(event(entries.openedJournalIndex()).metadata().get("profile"));
            }
            String outcome = null;
            if (entries.closed()) {
                List<Long> indexes = entries.journalIndexes();
                for (int i = indexes.size() - 1; i >= 0 && outcome == null; i--) {
                    Event candidate = event(indexes.get(i));
                    if (candidate.action().equals(Action.INCIDENT_CLOSED)) {
                        outcome = stringOrNull(candidate.metadata().get("outcome"));
                    }
                }
            }
            IncidentSummary.State state = entries.closed() ? IncidentSummary.State.CLOSED
                    : entries.openedJournalIndex() >= 0 ? IncidentSummary.State.OPEN : IncidentSummary.State.UNOPENED;
            out.add(new IncidentSummary(entries.id(), state, profile, outcome, entries.journalIndexes().size(),
                    toInstant(entries.firstMicros()), toInstant(entries.lastMicros())));
        }
        return out;
    }

    /** Visits every entry's stored bytes in journal order (for export and verification). */
    public void forEachEntry(Journal.EntryVisitor visitor) {
        journal.forEachAfter(-1, visitor);
    }

    /** Visits the entries after the one at {@code journalIndex} ({@code -1}: all), in journal order. */
    public void forEachEntryAfter(long journalIndex, Journal.EntryVisitor visitor) {
        journal.forEachAfter(journalIndex, visitor);
    }

    /**
     * Stores a file derived from a recorded event (its OTLP payload) beside that event's artifacts, as
     * {@code NNNN-<name>}, atomically and read-only. It is not named by the event, which it was derived from.
     */
    public Path writeDerivedFile(Event event, String name, byte[] content) {
        ArtifactStore.Staged staged = artifacts.stage(event.incidentId(),
                new Attachment.Content("derived", name, content));
        ArtifactRef stored = artifacts.commit(event.incidentId(), event.seq(), staged);
        return artifacts.resolve(stored);
    }

    public ArtifactStore.Check checkArtifact(ArtifactRef artifact) {
        return artifacts.check(artifact);
    }

    public Path artifactFile(ArtifactRef artifact) {
        return artifacts.resolve(artifact);
    }

    /** Checks the whole hash chain, every event's sequence and every artifact's hash. */
    public VerificationReport verify() {
        List<VerificationReport.Finding> findings = new ArrayList<>();
        Set<UUID> seen = new HashSet<>();
        Map<IncidentId, Long> lastSeq = new HashMap<>();
        String[] previous = {EventCodec.GENESIS};
        long[] counts = new long[2];
        journal.forEachAfter(-1, (journalIndex, bytes) -> {
            counts[0]++;
            Event event;
            try {
                event = codec.decode(bytes);
            } catch (InvalidInputException e) {
                findings.add(new VerificationReport.Finding(journalIndex, null, null, 0,
                        VerificationReport.Problem.UNREADABLE, e.getMessage()));
                previous[0] = Sha256.hex(bytes);
                return true;
            }
            String rederived = codec.rederiveHash(bytes);
            if (!rederived.equals(event.hash())) {
                findings.add(finding(journalIndex, event, VerificationReport.Problem.HASH_MISMATCH,
                        "content gives " + rederived + ", entry says " + event.hash()));
            }
            if (!previous[0].equals(event.prevHash())) {
                findings.add(finding(journalIndex, event, VerificationReport.Problem.CHAIN_BROKEN,
                        "prev_hash " + event.prevHash() + " but the entry before has " + previous[0]));
            }
            if (!seen.add(event.eventId())) {
                findings.add(finding(journalIndex, event, VerificationReport.Problem.DUPLICATE_EVENT,
                        "event id recorded before"));
            }
            long expected = lastSeq.getOrDefault(event.incidentId(), 0L) + 1;
            if (event.seq() != expected) {
                findings.add(finding(journalIndex, event, VerificationReport.Problem.SEQUENCE_GAP,
                        "seq " + event.seq() + ", expected " + expected));
            }
            lastSeq.put(event.incidentId(), event.seq());
            for (ArtifactRef artifact : event.artifacts()) {
                counts[1]++;
                ArtifactStore.Check check = artifacts.check(artifact);
                if (check.status() == ArtifactStore.Status.CHANGED) {
                    findings.add(finding(journalIndex, event, VerificationReport.Problem.ARTIFACT_CHANGED,
                            artifact.path() + " now has sha256 " + check.actualSha256()));
                } else if (check.status() == ArtifactStore.Status.MISSING) {
                    findings.add(finding(journalIndex, event, VerificationReport.Problem.ARTIFACT_MISSING,
                            artifact.path() + " is missing"));
                }
            }
            previous[0] = event.hash();
            return true;
        });
        return new VerificationReport(counts[0], counts[1], findings);
    }

    private static VerificationReport.Finding finding(long journalIndex, Event event,
                                                      VerificationReport.Problem problem, String detail) {
        return new VerificationReport.Finding(journalIndex, event.eventId().toString(), event.incidentId().value(),
                event.seq(), problem, detail);
    }

    private Recorded appendLocked(EventDraft draft, List<ArtifactStore.Staged> staged) {
        index.refresh(true);
        Optional<Long> existing = index.journalIndexOf(draft.eventId());
        if (existing.isPresent()) {
            staged.forEach(artifacts::discard);
            return new Recorded(event(existing.get()), true);
        }
        ensureFreeSpace();
        long seq = index.nextSeq(draft.incidentId());
        List<ArtifactRef> committed = new ArrayList<>(staged.size());
        long journalIndex;
        Event event;
        try {
            for (ArtifactStore.Staged file : staged) {
                committed.add(artifacts.commit(draft.incidentId(), seq, file));
            }
            if (!committed.isEmpty()) {
                artifacts.sync(draft.incidentId());
            }
            EventCodec.Sealed sealed = codec.seal(new Event(Event.SCHEMA, draft.eventId(), draft.incidentId(), seq,
                    draft.action(), draft.level(), draft.success(), draft.occurredAt().truncatedTo(ChronoUnit.MICROS),
                    Event.SOURCE, Event.COMPONENT, options.origin().host(), options.origin().sessionId(),
                    options.origin().systemId(), draft.phase(), draft.hypothesisId(), draft.recoveryMode(),
                    draft.metadata(), committed, draft.causationId(), index.headHash(), null));
            event = sealed.event();
            journalIndex = journal.append(sealed.bytes());
        } catch (RuntimeException e) {
            committed.forEach(artifacts::discard);
            throw e;
        }
        try {
            index.appended(journalIndex, event);
        } catch (StorageException e) {
            // the event is in the journal, which is the truth; the next refresh indexes it
        }
        return new Recorded(event, false);
    }

    private List<ArtifactStore.Staged> stageAll(EventDraft draft) {
        List<ArtifactStore.Staged> staged = new ArrayList<>();
        try {
            for (Attachment attachment : draft.attachments()) {
                staged.add(artifacts.stage(draft.incidentId(), attachment));
            }
            return staged;
        } catch (RuntimeException e) {
            staged.forEach(artifacts::discard);
            throw e;
        }
    }

    private void ensureFreeSpace() {
        long free;
        try {
            free = journalStore.getUsableSpace();
        } catch (IOException e) {
            throw new StorageException("cannot read the free space of " + journal.dir() + ": " + e.getMessage(), e);
        }
        if (free < options.minFreeBytes()) {
            throw new StorageException("only " + free + " bytes free on the file system of " + journal.dir()
                    + " (at least " + options.minFreeBytes() + " needed to append safely)");
        }
    }

    private Event event(long journalIndex) {
        byte[] bytes = journal.read(journalIndex);
        if (bytes == null) {
            throw new StorageException("journal entry " + journalIndex + " is gone (run verify)");
        }
        return decodeStored(journalIndex, bytes);
    }

    private Event decodeStored(long journalIndex, byte[] bytes) {
        try {
            return codec.decode(bytes);
        } catch (InvalidInputException e) {
            throw new StorageException("journal entry " + journalIndex + " is unreadable: " + e.getMessage()
                    + " (run verify)", e);
        }
    }

    private static Instant toInstant(long micros) {
        return Instant.EPOCH.plus(micros, ChronoUnit.MICROS);
    }

    private static String stringOrNull(Object value) {
        return value == null ? null : value.toString();
    }

    @Override
    public void close() {
        try {
            index.close();
            journal.close();
        } finally {
            lock.close();
        }
    }
}
