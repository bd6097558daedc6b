package dev.colimaproof.cli.commands;

import com.fasterxml.jackson.databind.JsonNode;
import dev.colimaproof.cli.ExitCode;
import dev.colimaproof.ledger.Ledger;
import dev.colimaproof.ledger.artifact.ArtifactStore;
import dev.colimaproof.ledger.event.ArtifactRef;
import dev.colimaproof.ledger.event.Event;
import dev.colimaproof.ledger.event.IncidentId;
import dev.colimaproof.verdicts.catalog.Catalog;
import dev.colimaproof.verdicts.catalog.Hypothesis;
import dev.colimaproof.verdicts.rules.Verdict;
import dev.colimaproof.verdicts.scoreboard.Scoreboard;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code replay [ID]}: re-derives every recorded verdict from its stored snapshot artifacts with today's catalog,
 * and reports agreement or drift for each. Exit 0 when all agree, 1 when any drifted or could not be re-derived.
 */
@Command(name = "replay", description = {"Re-derive recorded verdicts from their stored artifacts with today's "
        + "catalog.", "Exit 0 when every verdict agrees, 1 on any drift."})
public final class ReplayCommand extends LedgerCommand {

    @Parameters(index = "0", arity = "0..1", paramLabel = "ID")
    String incident;

    @Override
    public Integer call() {
        Catalog catalog = catalog();
        List<Map<String, Object>> results = new ArrayList<>();
        try (Ledger ledger = openForReading()) {
            List<Event> events = incident == null ? ledger.allEvents()
                    : ledger.incidentEvents(IncidentId.of(incident));
            for (Event event : events) {
                if (Scoreboard.isVerdictAction(event.action())) {
                    results.add(replay(ledger, catalog, event));
                }
            }
        }
        long drift = results.stream().filter(r -> !"agrees".equals(r.get("result"))).count();
        if (json()) {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("catalog_version", catalog.version());
            out.put("verdicts", results);
            out.put("drift", drift);
            Output.json(out(), out);
        } else {
            for (Map<String, Object> r : results) {
                out().printf("%-7s %s #%s %-16s recorded %-30s now %s%s%n", r.get("result"), r.get("incident_id"),
                        r.get("seq"), r.get("hypothesis_id"), r.get("recorded"), r.get("rederived"),
                        r.containsKey("why") ? "  (" + r.get("why") + ")" : "");
            }
            out().printf("%d verdicts, %d agree, %d drift (catalog %s)%n", results.size(), results.size() - drift,
                    drift, catalog.version());
        }
        return drift == 0 ? ExitCode.OK : ExitCode.CHECK_FAILED;
    }

    private Map<String, Object> replay(Ledger ledger, Catalog catalog, Event verdict) {
        Map<String, Object> result = new LinkedHashMap<>();
        Map<String, Object> meta = verdict.metadata();
        result.put("incident_id", verdict.incidentId().value());
        result.put("seq", verdict.seq());
        result.put("hypothesis_id", verdict.hypothesisId());
        result.put("recorded", meta.get("verdict"));
        result.put("recorded_catalog", meta.get("catalog_version"));
        Hypothesis h = catalog.get(String.valueOf(verdict.hypothesisId())).orElse(null);
        if (h == null) {
            return drifted(result, "hypothesis not in today's catalog");
        }
        Map<String, Object> before;
        Map<String, Object> after;
        try {
            before = signals(ledger, meta.get("before_snapshot"), meta.get("context_before"));
            after = signals(ledger, meta.get("after_snapshot"), meta.get("context_after"));
        } catch (IllegalStateException e) {
            return drifted(result, e.getMessage());
        }
        boolean windowPassed = meta.get("window") instanceof Map<?, ?> window
                && Boolean.TRUE.equals(window.get("passed"));
        String now;
        try {
            now = Verdict.decide(h, verdict.recoveryMode(), before, after, windowPassed).word();
        } catch (IllegalArgumentException e) {
            return drifted(result, e.getMessage());
        }
        result.put("rederived", now);
        result.put("result", now.equals(meta.get("verdict")) ? "agrees" : "DRIFT");
        return result;
    }

    private static Map<String, Object> drifted(Map<String, Object> result, String why) {
        result.put("rederived", null);
        result.put("result", "DRIFT");
        result.put("why", why);
        return result;
    }

    /** A snapshot artifact's signals, re-hashed first, plus the journal context recorded with the verdict. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> signals(Ledger ledger, Object ref, Object context) {
        if (!(ref instanceof Map<?, ?> snapshot)) {
            throw new IllegalStateException("the verdict names no snapshot");
        }
        ArtifactRef artifact = new ArtifactRef("snapshot", String.valueOf(snapshot.get("path")),
                String.valueOf(snapshot.get("sha256")), ((Number) snapshot.get("bytes")).longValue());
        ArtifactStore.Check check = ledger.checkArtifact(artifact);
        if (check.status() != ArtifactStore.Status.OK) {
            throw new IllegalStateException("snapshot " + artifact.path() + " is "
                    + check.status().name().toLowerCase(java.util.Locale.ROOT));
        }
        try {
            JsonNode tree = ledger.codec().mapper().readTree(ledger.artifactFile(artifact).toFile());
            Map<String, Object> signals = ledger.codec().mapper().convertValue(tree.get("signals"), Map.class);
            if (context instanceof Map<?, ?> extra) {
                signals.putAll((Map<String, Object>) extra);
            }
            return signals;
        } catch (IOException e) {
            throw new IllegalStateException("snapshot " + artifact.path() + " is unreadable");
        }
    }
}
