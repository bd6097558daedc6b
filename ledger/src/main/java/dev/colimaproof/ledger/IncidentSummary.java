package dev.colimaproof.ledger;

import dev.colimaproof.ledger.event.IncidentId;

import java.time.Instant;

/**
 * One incident as the journal shows it.
 *
 * @param state   open (opened, not closed), closed, or unopened (events recorded without an opening)
 * @param profile the Colima profile named when it was opened, or null
 * @param outcome the outcome given when it was closed, or null
 */
public record IncidentSummary(IncidentId id, State state, String profile, String outcome, long events,
                              Instant firstAt, Instant lastAt) {

    public enum State { OPEN, CLOSED, UNOPENED }
}
