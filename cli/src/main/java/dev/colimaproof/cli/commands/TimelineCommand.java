package dev.colimaproof.cli.commands;

import dev.colimaproof.cli.ExitCode;
import dev.colimaproof.ledger.InvalidInputException;
import dev.colimaproof.ledger.Ledger;
import dev.colimaproof.ledger.artifact.ArtifactStore;
import dev.colimaproof.ledger.event.ArtifactRef;
import dev.colimaproof.ledger.event.Event;
import dev.colimaproof.ledger.event.IncidentId;
import dev.colimaproof.ledger.otel.EventLogRecords;
import dev.colimaproof.verdicts.timeline.Timeline;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** {@code timeline ID}: an incident's events in order, with time deltas and every artifact re-hashed. */
@Command(name = "timeline", description = "Show an incident's events in order; re-hash every artifact.")
public final class TimelineCommand extends LedgerCommand {

    @Parameters(index = "0", paramLabel = "ID")
    String id;

    @Override
    public Integer call() {
        IncidentId incident = IncidentId.of(id);
        Timeline timeline;
        try (Ledger ledger = openForReading()) {
            List<Event> events = ledger.incidentEvents(incident);
            if (events.isEmpty()) {
                throw new InvalidInputException("no incident " + incident + " in " + ledger.home());
            }
            Map<String, ArtifactStore.Check> checks = new HashMap<>();
            for (Event event : events) {
                for (ArtifactRef artifact : event.artifacts()) {
                    checks.put(artifact.path(), ledger.checkArtifact(artifact));
                }
            }
            timeline = Timeline.of(events, checks);
        }
        if (json()) {
            printJson(incident, timeline);
        } else {
            printText(incident, timeline);
        }
        return ExitCode.OK;
    }

    private void printText(IncidentId incident, Timeline timeline) {
        out().println("incident " + incident + " (" + timeline.entries().size() + " events, OpenTelemetry trace id "
                + EventLogRecords.traceId(incident) + ")");
        for (Timeline.Entry entry : timeline.entries()) {
            Event event = entry.event();
            StringBuilder line = new StringBuilder(String.format("%4d  %s  %-10s %-5s %-5s %s",
                    event.seq(), Output.time(event.occurredAt()), Output.delta(entry.sincePrevious()),
                    event.level().word(), event.success() ? "ok" : "FAIL", event.action()));
            if (event.phase() != null) {
                line.append(" phase=").append(event.phase());
            }
            if (event.hypothesisId() != null) {
                line.append(" hypothesis=").append(event.hypothesisId());
            }
            if (event.recoveryMode() != null) {
                line.append(" mode=").append(event.recoveryMode().word());
            }
            Object reason = event.metadata().get("reason");
            if (reason != null) {
                line.append(" reason=").append(reason);
            }
            out().println(line);
            for (ArtifactStore.Check check : entry.artifacts()) {
                out().printf("        %-7s %s  sha256:%s  %d bytes%n", check.status().name().toLowerCase(Locale.ROOT),
                        check.artifact().path(), check.artifact().sha256().substring(0, 16),
                        check.artifact().bytes());
            }
        }
        if (!timeline.artifactsIntact()) {
            out().println("some artifacts changed or are missing: run verify");
        }
    }

    private void printJson(IncidentId incident, Timeline timeline) {
        List<Map<String, Object>> entries = new ArrayList<>();
        for (Timeline.Entry entry : timeline.entries()) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("event", entry.event());
            row.put("since_previous_ms", entry.sincePrevious().toMillis());
            row.put("since_start_ms", entry.sinceStart().toMillis());
            List<Map<String, Object>> artifacts = new ArrayList<>();
            for (ArtifactStore.Check check : entry.artifacts()) {
                Map<String, Object> artifact = new LinkedHashMap<>();
                artifact.put("path", check.artifact().path());
                artifact.put("sha256", check.artifact().sha256());
                artifact.put("status", check.status().name().toLowerCase(Locale.ROOT));
                artifact.put("actual_sha256", check.actualSha256());
                artifacts.add(artifact);
            }
            row.put("artifacts", artifacts);
            entries.add(row);
        }
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("incident_id", incident.value());
        result.put("trace_id", EventLogRecords.traceId(incident));
        result.put("artifacts_intact", timeline.artifactsIntact());
        result.put("entries", entries);
        Output.json(out(), result);
    }
}
