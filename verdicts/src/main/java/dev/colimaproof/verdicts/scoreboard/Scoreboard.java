package dev.colimaproof.verdicts.scoreboard;

import dev.colimaproof.ledger.event.Action;
import dev.colimaproof.ledger.event.Event;
import dev.colimaproof.ledger.event.IncidentId;
import dev.colimaproof.verdicts.catalog.Catalog;
import dev.colimaproof.verdicts.catalog.Hypothesis;
import dev.colimaproof.verdicts.rules.Verdict;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Where each hypothesis stands over all incidents, as a pure fold over the journal's events: present (its fault at
 * an incident's failure edge), selective (a selective intervention was applied while it was present), restored
 * (that intervention's verdict supported it), contradicted, repeated, and its status. The same events always give
 * the same scoreboard; {@code asOf} gives the one that held at a past moment.
 */
public record Scoreboard(String catalogVersion, int minRepeats, Instant asOf, List<Row> rows) {

    public enum Status { PROMOTED, CONTESTED, REFUTED, CANDIDATE, UNTESTABLE, UNOBSERVED }

    /** One hypothesis; every count is the set of incidents behind it. */
    public record Row(String hypothesisId, Status status, Set<String> present, Set<String> selective,
                      Set<String> restored, Set<String> contradicted, boolean repeated) {
    }

    public static Scoreboard fold(List<Event> events, Catalog catalog, int minRepeats, Instant asOf) {
        Map<IncidentId, Map<String, Object>> edge = new LinkedHashMap<>();
        Map<String, Row> rows = new LinkedHashMap<>();
        Map<String, Set<String>[]> sets = new LinkedHashMap<>();
        for (Hypothesis h : catalog.all()) {
            @SuppressWarnings("unchecked")
            Set<String>[] s = new Set[] {new TreeSet<>(), new TreeSet<>(), new TreeSet<>(), new TreeSet<>()};
            sets.put(h.id(), s);
        }
        for (Event event : events) {
            if (asOf != null && event.occurredAt().isAfter(asOf)) {
                continue;
            }
            Object signals = event.metadata().get("signals");
            if (signals instanceof Map<?, ?> map && !edge.containsKey(event.incidentId())) {
                @SuppressWarnings("unchecked")
                Map<String, Object> first = (Map<String, Object>) map;
                edge.put(event.incidentId(), first);
                for (Hypothesis h : catalog.all()) {
                    if (h.presentWhen().holds(first)) {
                        sets.get(h.id())[0].add(event.incidentId().value());
                    }
                }
            }
            if (isVerdictAction(event.action()) && event.hypothesisId() != null && sets.containsKey(event.hypothesisId())) {
                Hypothesis h = catalog.get(event.hypothesisId()).orElseThrow();
                String word = String.valueOf(event.metadata().get("verdict"));
                String incident = event.incidentId().value();
                if (event.recoveryMode() != null && h.selectiveModes().contains(event.recoveryMode())
                        && !word.equals(Verdict.MISSING_PRECONDITION)) {
                    sets.get(h.id())[1].add(incident);
                }
                if (word.equals(Verdict.supports(h))) {
                    sets.get(h.id())[2].add(incident);
                } else if (word.equals(Verdict.doesNotSupport(h))) {
                    sets.get(h.id())[3].add(incident);
                }
            }
        }
        for (Hypothesis h : catalog.all()) {
            Set<String>[] s = sets.get(h.id());
            boolean repeated = s[2].size() >= minRepeats;
            rows.put(h.id(), new Row(h.id(), status(h, s, repeated, minRepeats), s[0], s[1], s[2], s[3], repeated));
        }
        return new Scoreboard(catalog.version(), minRepeats, asOf, new ArrayList<>(rows.values()));
    }

    private static Status status(Hypothesis h, Set<String>[] s, boolean repeated, int minRepeats) {
        if (!h.testable()) {
            return Status.UNTESTABLE;
        }
        if (!s[2].isEmpty() && !s[3].isEmpty()) {
            return Status.CONTESTED;
        }
        if (repeated) {
            return Status.PROMOTED;
        }
        if (s[3].size() >= minRepeats) {
            return Status.REFUTED;
        }
        if (s[0].isEmpty() && s[1].isEmpty() && s[3].isEmpty()) {
            return Status.UNOBSERVED;
        }
        return Status.CANDIDATE;
    }

    /** The verdict action of any mode. */
    public static boolean isVerdictAction(Action action) {
        return action.name().startsWith("infra.colima.recovery.") && action.name().endsWith(".verdict");
    }
}
