package dev.colimaproof.cli.commands;

import dev.colimaproof.cli.Durations;
import dev.colimaproof.cli.ExitCode;
import dev.colimaproof.ledger.InvalidInputException;
import dev.colimaproof.ledger.Ledger;
import dev.colimaproof.ledger.event.Action;
import dev.colimaproof.ledger.event.Event;
import dev.colimaproof.ledger.event.EventDraft;
import dev.colimaproof.ledger.event.IncidentId;
import dev.colimaproof.ledger.event.Level;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code gate force-cycle --incident ID [--max-age D]}: a force-cycle destroys the evidence, so it is allowed only
 * when the incident holds a failure-edge snapshot young enough. The decision is recorded either way.
 */
@Command(name = "gate", description = {"Allow a force-cycle only after a recent failure-edge snapshot "
        + "(phase failure-detected, failure-edge or pre-force-cycle).", "Exit 0 allowed, 1 refused."})
public final class GateCommand extends LedgerCommand {

    static final Set<String> FAILURE_EDGE_PHASES = Set.of("failure-detected", "failure-edge", "pre-force-cycle");

    @Parameters(index = "0", paramLabel = "force-cycle")
    String gate;

    @Option(names = {"--incident", "--incident-id"}, required = true, paramLabel = "ID")
    String incident;

    @Option(names = "--max-age", defaultValue = "10m", description = "Youngest acceptable age (default 10m).")
    String maxAge;

    @Override
    public Integer call() {
        if (!gate.equals("force-cycle")) {
            throw new InvalidInputException("unknown gate '" + gate + "': the only gate is force-cycle");
        }
        IncidentId id = IncidentId.of(incident);
        Duration limit = Durations.parse(maxAge);
        Event edge = null;
        boolean allowed;
        String reason;
        try (Ledger ledger = openForWriting()) {
            List<Event> events = ledger.incidentEvents(id);
            for (Event event : events) {
                if (event.phase() != null && FAILURE_EDGE_PHASES.contains(event.phase())
                        && event.artifacts().stream().anyMatch(a -> a.role().equals("snapshot"))) {
                    edge = event;
                }
            }
            Instant now = Instant.now();
            if (edge == null) {
                allowed = false;
                reason = "no failure-edge snapshot in incident " + id;
            } else {
                Duration age = Duration.between(edge.occurredAt(), now);
                allowed = age.compareTo(limit) <= 0;
                reason = "failure-edge snapshot #" + edge.seq() + " is " + age.toSeconds() + " s old (max "
                        + limit.toSeconds() + " s)";
            }
            Map<String, Object> metadata = new LinkedHashMap<>();
            metadata.put("reason", reason);
            metadata.put("max_age_s", limit.toSeconds());
            if (edge != null) {
                metadata.put("snapshot_seq", edge.seq());
                metadata.put("snapshot_event_id", edge.eventId().toString());
            }
            Event recorded = ledger.append(EventDraft.builder(id, Action.GATE_FORCE_CYCLE)
                    .level(allowed ? Level.INFO : Level.WARN).success(allowed).metadata(metadata)
                    .causationId(edge == null ? null : edge.eventId()).build()).event();
            publish(ledger, List.of(recorded));
        }
        if (json()) {
            Output.json(out(), Map.of("incident_id", id.value(), "allowed", allowed, "reason", reason));
        } else {
            out().println((allowed ? "allowed: " : "refused: ") + reason);
        }
        return allowed ? ExitCode.OK : ExitCode.CHECK_FAILED;
    }
}
