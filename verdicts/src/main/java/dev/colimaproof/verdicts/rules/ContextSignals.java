package dev.colimaproof.verdicts.rules;

import dev.colimaproof.ledger.event.Event;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Signals the journal adds to a snapshot's own: whether a recovery was recorded (in any incident) or a restart
 * that no event explains was seen, within the lookback window before the failure edge. They feed H3-healer.
 */
public final class ContextSignals {

    public static final Duration DEFAULT_LOOKBACK = Duration.ofMinutes(15);
    public static final String UNEXPLAINED_RESTART = "unexplained_restart";

    private ContextSignals() {
    }

    /** @param events the journal's events in order (any incidents); only those before {@code edge} count */
    public static Map<String, Object> at(List<Event> events, Instant edge, Duration lookback) {
        Instant from = edge.minus(lookback);
        boolean recovery = false;
        boolean restart = false;
        for (Event event : events) {
            if (event.occurredAt().isBefore(from) || !event.occurredAt().isBefore(edge)) {
                continue;
            }
            String action = event.action().name();
            if (action.startsWith("infra.colima.recovery.") && action.endsWith(".started")
                    && !action.contains(".observe.") && !action.contains(".hold.")) {
                recovery = true;
            }
            if (UNEXPLAINED_RESTART.equals(event.metadata().get("kind"))) {
                restart = true;
            }
        }
        Map<String, Object> signals = new LinkedHashMap<>();
        signals.put("ledger.recent_recovery", recovery);
        signals.put("ledger.unexplained_restart", restart);
        return signals;
    }
}
