package dev.colimaproof.cli.experiment;

import dev.colimaproof.ledger.event.ArtifactRef;
import dev.colimaproof.ledger.event.Event;
import dev.colimaproof.probes.intervention.InvariantWindow;
import dev.colimaproof.verdicts.catalog.Hypothesis;
import dev.colimaproof.verdicts.rules.Verdict;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a verdict records, so that {@code replay} can re-derive it: the word and the rule that fired, the catalog
 * version, the signals the rule read before and after, the snapshots they came from (path and hash), and the
 * window's outcome.
 */
final class VerdictRecord {

    private VerdictRecord() {
    }

    static Map<String, Object> of(Verdict verdict, Hypothesis h, String catalogVersion, SnapshotRecorder.Taken before,
                                  SnapshotRecorder.Taken after, InvariantWindow.Result window) {
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("hypothesis_id", h.id());
        record.put("recovery_mode", verdict.mode().word());
        record.put("verdict", verdict.word());
        record.put("rule", verdict.rule());
        record.put("catalog_version", catalogVersion);
        record.put("present_before", verdict.presentBefore());
        record.put("present_after", verdict.presentAfter());
        record.put("window", Map.of("required", window.required(), "passes",
                window.passes().stream().filter(InvariantWindow.Pass::passed).count(), "passed", window.passed()));
        record.put("signals_before", pick(before.signals(), h));
        record.put("signals_after", pick(after.signals(), h));
        record.put("context_before", context(before.signals()));
        record.put("context_after", context(after.signals()));
        record.put("before_snapshot", snapshotRef(before.event()));
        record.put("after_snapshot", snapshotRef(after.event()));
        return record;
    }

    private static Map<String, Object> pick(Map<String, Object> signals, Hypothesis h) {
        Map<String, Object> picked = new LinkedHashMap<>();
        h.presentWhen().signals().forEach(name -> picked.put(name, signals.get(name)));
        return picked;
    }

    /** The journal's context signals: not in the snapshot artifact, so replay takes them from here. */
    private static Map<String, Object> context(Map<String, Object> signals) {
        Map<String, Object> context = new LinkedHashMap<>();
        signals.forEach((name, value) -> {
            if (name.startsWith("ledger.")) {
                context.put(name, value);
            }
        });
        return context;
    }

    private static Map<String, Object> snapshotRef(Event event) {
        ArtifactRef artifact = event.artifacts().get(0);
        return Map.of("seq", event.seq(), "path", artifact.path(), "sha256", artifact.sha256(), "bytes",
                artifact.bytes());
    }
}
