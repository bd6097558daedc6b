package dev.colimaproof.verdicts.scoreboard;

import dev.colimaproof.ledger.event.ArtifactRef;
import dev.colimaproof.ledger.event.Event;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

/** Two incidents side by side: the signals of one snapshot of each (a phase, or the first), differences marked. */
public record Comparison(Side left, Side right, List<Row> rows) {

    /** The snapshot chosen in one incident. */
    public record Side(String incidentId, long seq, String phase, String artifactPath, String artifactSha256) {
    }

    public record Row(String signal, Object left, Object right, boolean differs) {
    }

    /** @return null when an incident has no snapshot (of that phase) */
    public static Comparison of(List<Event> first, List<Event> second, String phase) {
        Event a = snapshot(first, phase);
        Event b = snapshot(second, phase);
        if (a == null || b == null) {
            return null;
        }
        Map<?, ?> left = (Map<?, ?>) a.metadata().get("signals");
        Map<?, ?> right = (Map<?, ?>) b.metadata().get("signals");
        TreeSet<String> names = new TreeSet<>();
        left.keySet().forEach(k -> names.add(String.valueOf(k)));
        right.keySet().forEach(k -> names.add(String.valueOf(k)));
        List<Row> rows = new ArrayList<>();
        for (String name : names) {
            Object l = left.get(name);
            Object r = right.get(name);
            rows.add(new Row(name, l, r, !Objects.equals(normal(l), normal(r))));
        }
        return new Comparison(side(a), side(b), rows);
    }

    private static Object normal(Object value) {
        return value instanceof Number n ? (Object) n.doubleValue() : value;
    }

    static Event snapshot(List<Event> events, String phase) {
        for (Event event : events) {
            if (event.metadata().get("signals") instanceof Map<?, ?>
                    && (phase == null || phase.equals(event.phase()))) {
                return event;
            }
        }
        return null;
    }

    private static Side side(Event event) {
        ArtifactRef artifact = event.artifacts().stream().filter(a -> a.role().equals("snapshot")).findFirst()
                .orElse(null);
        return new Side(event.incidentId().value(), event.seq(), event.phase(),
                artifact == null ? null : artifact.path(), artifact == null ? null : artifact.sha256());
    }
}
