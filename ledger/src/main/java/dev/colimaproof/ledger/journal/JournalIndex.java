package dev.colimaproof.ledger.journal;

import dev.colimaproof.ledger.InvalidInputException;
import dev.colimaproof.ledger.event.Event;
import dev.colimaproof.ledger.event.EventCodec;
import dev.colimaproof.ledger.event.IncidentId;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The derived view of the journal that appends and incident queries need: per incident, its entries in order;
 * per event id, its entry; the head of the hash chain. It is loaded from the index file, then brought up to date
 * by reading only the journal entries after the last one indexed, so it stays right while other processes append
 * (including one that died between appending an entry and indexing it). A file that disagrees with the journal
 * is rebuilt from the journal.
 */
public final class JournalIndex {

    /** What the index knows of one incident. */
    public record IncidentEntries(IncidentId id, List<Long> journalIndexes, long openedJournalIndex, boolean closed,
                                  long firstMicros, long lastMicros, long lastSeq) {
    }

    private final IndexFile file;
    private final Journal journal;
    private final Journal.Follower follower;
    private final EventCodec codec;

    private final List<IndexRecord> records = new ArrayList<>();
    private final Map<UUID, IndexRecord> byEventId = new HashMap<>();
    private final Map<IndexRecord.IncidentKey, List<IndexRecord>> byIncident = new LinkedHashMap<>();
    private int persistedCount;
    private boolean loaded;
    private boolean fileTrusted;

    public JournalIndex(Path indexFile, Journal journal, EventCodec codec) {
        this.file = new IndexFile(indexFile);
        this.journal = journal;
        this.follower = journal.follower();
        this.codec = codec;
    }

    /**
     * Catches up with the journal. With {@code persist} (only while holding the journal lock) whatever the file
     * lacks is written to it.
     */
    public synchronized void refresh(boolean persist) {
        if (!loaded) {
            load(persist);
        } else if (fileTrusted) {
            readFileTail(persist);
        } else if (persist) {
            // a reader found the file unusable earlier; now that this process holds the lock, replace it
            file.rewrite(records);
            persistedCount = records.size();
            fileTrusted = true;
        }
        long after = records.isEmpty() ? -1 : records.get(records.size() - 1).journalIndex();
        follower.readAfter(after, (index, bytes) -> {
            add(recordOf(index, bytes));
            return true;
        });
        if (persist) {
            persist();
        }
    }

    public synchronized String headHash() {
        return records.isEmpty() ? EventCodec.GENESIS : records.get(records.size() - 1).hash();
    }

    public synchronized int size() {
        return records.size();
    }

    public synchronized Optional<Long> journalIndexOf(UUID eventId) {
        IndexRecord record = byEventId.get(eventId);
        return record == null ? Optional.empty() : Optional.of(record.journalIndex());
    }

    public synchronized long nextSeq(IncidentId incident) {
        List<IndexRecord> entries = byIncident.get(IndexRecord.IncidentKey.of(incident));
        return entries == null ? 1 : entries.get(entries.size() - 1).seq() + 1L;
    }

    /** The journal indexes of an incident's entries, in order (empty when the incident has none). */
    public synchronized List<Long> entriesOf(IncidentId incident) {
        List<IndexRecord> entries = byIncident.get(IndexRecord.IncidentKey.of(incident));
        return entries == null ? List.of() : entries.stream().map(IndexRecord::journalIndex).toList();
    }

    /** The journal indexes of entries that occurred at or after {@code micros} since the epoch, in journal order. */
    public synchronized List<Long> entriesSince(long micros) {
        List<Long> out = new ArrayList<>();
        for (IndexRecord record : records) {
            if (record.kind() != IndexRecord.Kind.UNREADABLE && record.occurredMicros() >= micros) {
                out.add(record.journalIndex());
            }
        }
        return out;
    }

    /** Every incident, in the order of its first entry. The id is read from that entry. */
    public synchronized List<IncidentEntries> incidents() {
        List<IncidentEntries> out = new ArrayList<>(byIncident.size());
        for (List<IndexRecord> entries : byIncident.values()) {
            IndexRecord first = entries.get(0);
            if (first.kind() == IndexRecord.Kind.UNREADABLE) {
                continue;
            }
            byte[] bytes = journal.read(first.journalIndex());
            if (bytes == null) {
                continue;
            }
            IncidentId id;
            try {
                id = codec.decode(bytes).incidentId();
            } catch (InvalidInputException e) {
                continue; // verify reports it; a listing shows what can be read
            }
            long opened = -1;
            boolean closed = false;
            for (IndexRecord record : entries) {
                if (record.kind() == IndexRecord.Kind.OPENED && opened < 0) {
                    opened = record.journalIndex();
                } else if (record.kind() == IndexRecord.Kind.CLOSED) {
                    closed = true;
                }
            }
            IndexRecord last = entries.get(entries.size() - 1);
            out.add(new IncidentEntries(id, entries.stream().map(IndexRecord::journalIndex).toList(), opened, closed,
                    first.occurredMicros(), last.occurredMicros(), last.seq()));
        }
        return Collections.unmodifiableList(out);
    }

    /** Called by the lock holder right after it appended {@code event} at {@code journalIndex}. */
    public synchronized void appended(long journalIndex, Event event) {
        add(IndexRecord.of(journalIndex, event));
        persist();
    }

    private void load(boolean persist) {
        loaded = true;
        IndexFile.Chunk chunk = file.readFrom(0);
        if (chunk != null && consistent(chunk.records()) && tailMatchesJournal(chunk.records())) {
            chunk.records().forEach(this::add);
            persistedCount = records.size();
            fileTrusted = true;
            return;
        }
        // missing, foreign or stale: start from the journal alone; the refresh that follows reads all of it
        fileTrusted = persist;
        if (persist) {
            file.rewrite(List.of());
            persistedCount = 0;
        }
    }

    private void readFileTail(boolean persist) {
        IndexFile.Chunk chunk = file.readFrom(IndexFile.HEADER + (long) persistedCount * IndexRecord.SIZE);
        if (chunk == null) {
            reset(persist);
            return;
        }
        for (IndexRecord record : chunk.records()) {
            if (persistedCount < records.size()) {
                // this process already read that entry from the journal before another one indexed it
                if (records.get(persistedCount).journalIndex() != record.journalIndex()) {
                    reset(persist);
                    return;
                }
            } else {
                add(record);
            }
            persistedCount++;
        }
    }

    private void reset(boolean persist) {
        records.clear();
        byEventId.clear();
        byIncident.clear();
        persistedCount = 0;
        loaded = false;
        load(persist);
    }

    private void persist() {
        if (!fileTrusted || persistedCount == records.size()) {
            return;
        }
        file.append(IndexFile.HEADER + (long) persistedCount * IndexRecord.SIZE,
                records.subList(persistedCount, records.size()));
        persistedCount = records.size();
    }

    private static boolean consistent(List<IndexRecord> loadedRecords) {
        for (int i = 1; i < loadedRecords.size(); i++) {
            if (loadedRecords.get(i).journalIndex() <= loadedRecords.get(i - 1).journalIndex()) {
                return false;
            }
        }
        return true;
    }

    private boolean tailMatchesJournal(List<IndexRecord> loadedRecords) {
        if (loadedRecords.isEmpty()) {
            return true;
        }
        IndexRecord last = loadedRecords.get(loadedRecords.size() - 1);
        byte[] bytes = journal.read(last.journalIndex());
        return bytes != null && recordOf(last.journalIndex(), bytes).equals(last);
    }

    private IndexRecord recordOf(long index, byte[] bytes) {
        try {
            return IndexRecord.of(index, codec.decode(bytes));
        } catch (InvalidInputException e) {
            return IndexRecord.unreadable(index, bytes);
        }
    }

    public synchronized void close() {
        follower.close();
        file.close();
    }

    private void add(IndexRecord record) {
        records.add(record);
        if (record.kind() != IndexRecord.Kind.UNREADABLE) {
            byEventId.putIfAbsent(record.eventId(), record);
        }
        byIncident.computeIfAbsent(record.incident(), k -> new ArrayList<>()).add(record);
    }
}
