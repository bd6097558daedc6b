package dev.colimaproof.probes.snapshot;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.Map;

/**
 * One probe's part of a snapshot: ok, error (it failed and says why) or timed_out (it did not finish in its time;
 * whatever it had is in {@code data}).
 */
public record ProbeOutcome(String status, @JsonProperty("duration_ms") long durationMs, Map<String, Object> data,
                           String error) {

    public static final String OK = "ok";
    public static final String ERROR = "error";
    public static final String TIMED_OUT = "timed_out";
}
