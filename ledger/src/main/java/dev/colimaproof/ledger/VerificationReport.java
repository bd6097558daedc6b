package dev.colimaproof.ledger;

import java.util.List;

/** What {@code verify} found: the entries and artifacts it checked, and every problem in journal order. */
public record VerificationReport(long entries, long artifacts, List<Finding> findings) {

    public VerificationReport {
        findings = List.copyOf(findings);
    }

    public boolean ok() {
        return findings.isEmpty();
    }

    public enum Problem {
        /** the entry cannot be decoded as an event */
        UNREADABLE,
        /** the entry's bytes no longer give the hash it carries */
        HASH_MISMATCH,
        /** the entry does not name the hash of the entry before it */
        CHAIN_BROKEN,
        /** an event id seen before */
        DUPLICATE_EVENT,
        /** the incident's sequence numbers are not 1, 2, 3, ... */
        SEQUENCE_GAP,
        /** an artifact's content no longer has the recorded hash */
        ARTIFACT_CHANGED,
        /** an artifact named by an event is gone */
        ARTIFACT_MISSING
    }

    /**
     * One problem, located by journal index and, when the entry can be read, by event id, incident and sequence.
     */
    public record Finding(long journalIndex, String eventId, String incidentId, long seq, Problem problem,
                          String detail) {
    }
}
