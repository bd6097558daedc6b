package dev.colimaproof.ledger.otel;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.time.Duration;
import java.time.Instant;

/**
 * What delivery remembers between processes, in {@code otel/state.json}: the journal index of the last entry the
 * receiver accepted (the cursor), counters, and the last failure with the time before which an appending command
 * does not try again (exponential backoff, so a dead collector does not slow every healer tick).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DeliveryState(
        @JsonProperty("cursor") long cursor,
        @JsonProperty("delivered_total") long deliveredTotal,
        @JsonProperty("skipped_unreadable") long skippedUnreadable,
        @JsonProperty("last_success_at") Instant lastSuccessAt,
        @JsonProperty("last_error") String lastError,
        @JsonProperty("last_error_at") Instant lastErrorAt,
        @JsonProperty("consecutive_failures") int consecutiveFailures,
        @JsonProperty("next_attempt_at") Instant nextAttemptAt) {

    static final Duration FIRST_BACKOFF = Duration.ofSeconds(1);
    static final Duration MAX_BACKOFF = Duration.ofMinutes(5);

    /** Nothing delivered yet: the cursor is before the journal's first entry. */
    public static final DeliveryState START = new DeliveryState(-1, 0, 0, null, null, null, 0, null);

    DeliveryState delivered(long newCursor, int count, int unreadable, Instant at) {
        return new DeliveryState(newCursor, deliveredTotal + count, skippedUnreadable + unreadable, at, lastError,
                lastErrorAt, 0, null);
    }

    DeliveryState failed(String error, Instant at) {
        int failures = consecutiveFailures + 1;
        return new DeliveryState(cursor, deliveredTotal, skippedUnreadable, lastSuccessAt, error, at, failures,
                at.plus(backoff(failures)));
    }

    static Duration backoff(int failures) {
        Duration delay = FIRST_BACKOFF.multipliedBy(1L << Math.min(failures - 1, 20));
        return delay.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : delay;
    }
}
