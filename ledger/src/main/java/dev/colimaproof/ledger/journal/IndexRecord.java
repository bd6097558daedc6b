package dev.colimaproof.ledger.journal;

import dev.colimaproof.ledger.Sha256;
import dev.colimaproof.ledger.event.Action;
import dev.colimaproof.ledger.event.Event;
import dev.colimaproof.ledger.event.IncidentId;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.UUID;

/**
 * What the derived index keeps of one journal entry: enough to find an incident's entries, to refuse a repeated
 * event id, and to continue the hash chain, without reading the journal. Fixed size on disk.
 */
record IndexRecord(long journalIndex, IncidentKey incident, UUID eventId, String hash, long occurredMicros,
                   int seq, Kind kind) {

    static final int SIZE = 96;

    enum Kind { EVENT, OPENED, CLOSED, UNREADABLE }

    /** The incident id reduced to 128 bits (its SHA-256 prefix): fixed size, and collisions are checked on read. */
    record IncidentKey(long high, long low) {
        static final IncidentKey NONE = new IncidentKey(0, 0);

        static IncidentKey of(IncidentId id) {
            ByteBuffer digest = ByteBuffer.wrap(Sha256.digest().digest(id.value().getBytes(StandardCharsets.UTF_8)));
            return new IncidentKey(digest.getLong(), digest.getLong());
        }
    }

    static IndexRecord of(long journalIndex, Event event) {
        Kind kind = event.action().equals(Action.INCIDENT_OPENED) ? Kind.OPENED
                : event.action().equals(Action.INCIDENT_CLOSED) ? Kind.CLOSED : Kind.EVENT;
        return new IndexRecord(journalIndex, IncidentKey.of(event.incidentId()), event.eventId(), event.hash(),
                ChronoUnit.MICROS.between(java.time.Instant.EPOCH, event.occurredAt()), Math.toIntExact(event.seq()),
                kind);
    }

    /** An entry that cannot be decoded still holds its place in the chain, under the hash of its raw bytes. */
    static IndexRecord unreadable(long journalIndex, byte[] raw) {
        return new IndexRecord(journalIndex, IncidentKey.NONE, new UUID(0, 0), Sha256.hex(raw), 0, 0,
                Kind.UNREADABLE);
    }

    void writeTo(ByteBuffer out) {
        int start = out.position();
        out.order(ByteOrder.LITTLE_ENDIAN);
        out.putLong(journalIndex);
        out.putLong(incident.high()).putLong(incident.low());
        out.putLong(eventId.getMostSignificantBits()).putLong(eventId.getLeastSignificantBits());
        out.put(HexFormat.of().parseHex(hash));
        out.putLong(occurredMicros);
        out.putInt(seq);
        out.put((byte) kind.ordinal());
        out.position(start + SIZE);
    }

    static IndexRecord readFrom(ByteBuffer in) {
        int start = in.position();
        in.order(ByteOrder.LITTLE_ENDIAN);
        long journalIndex = in.getLong();
        IncidentKey incident = new IncidentKey(in.getLong(), in.getLong());
        UUID eventId = new UUID(in.getLong(), in.getLong());
        byte[] hash = new byte[32];
        in.get(hash);
        long occurred = in.getLong();
        int seq = in.getInt();
        int kind = in.get();
        in.position(start + SIZE);
        if (kind < 0 || kind >= Kind.values().length) {
            throw new IllegalArgumentException("unknown kind " + kind);
        }
        return new IndexRecord(journalIndex, incident, eventId, HexFormat.of().formatHex(hash), occurred, seq,
                Kind.values()[kind]);
    }
}
