package dev.colimaproof.probes.snapshot;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.Map;

/**
 * One moment of the substrate: every probe's outcome, the signals derived from them, and how the snapshot went.
 * Stored as the JSON artifact {@code NNNN-<phase>.snapshot.json}.
 */
public record Snapshot(
        int schema,
        @JsonProperty("taken_at") String takenAt,
        @JsonProperty("deadline_ms") long deadlineMs,
        @JsonProperty("duration_ms") long durationMs,
        Map<String, Object> substrate,
        Map<String, ProbeOutcome> probes,
        Map<String, Object> signals,
        @JsonProperty("masked_count") int maskedCount) {

    public static final int SCHEMA = 1;
}
