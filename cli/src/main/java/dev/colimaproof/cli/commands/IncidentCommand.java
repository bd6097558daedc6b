package dev.colimaproof.cli.commands;

import dev.colimaproof.cli.Durations;
import dev.colimaproof.cli.ExitCode;
import dev.colimaproof.ledger.IncidentSummary;
import dev.colimaproof.ledger.InvalidInputException;
import dev.colimaproof.ledger.Ledger;
import dev.colimaproof.ledger.event.Action;
import dev.colimaproof.ledger.event.EventDraft;
import dev.colimaproof.ledger.event.IncidentId;
import dev.colimaproof.ledger.event.Level;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code incident open} and {@code incident close}: the healer's handle on one collapse across many ticks. */
@Command(name = "incident", description = "Open or close an incident.",
        subcommands = {IncidentCommand.Open.class, IncidentCommand.Close.class})
public final class IncidentCommand {

    @Command(name = "open", description = {
            "Print the open incident of this profile, or open one.",
            "An open incident is reused while its last event is within the reuse window; callers in separate "
                    + "processes at the same moment get the same id. The id is alone on the first line."})
    static final class Open extends LedgerCommand {

        @Option(names = "--profile", description = "Colima profile (default: $COLIMA_PROFILE or 'default').")
        String profile;

        @Option(names = "--reuse-window", description = "Reuse an open incident whose last event is this recent "
                + "(default 30m; config incident.reuse-window).")
        String reuseWindow;

        @Option(names = "--reason", description = "Why it is opened (stored in the opening event).")
        String reason;

        @Override
        public Integer call() {
            String chosenProfile = profile != null ? profile : settings().profile();
            Duration window = reuseWindow != null ? Durations.parse(reuseWindow) : settings().reuseWindow();
            Map<String, Object> metadata = new LinkedHashMap<>();
            if (reason != null) {
                metadata.put("reason", reason);
            }
            try (Ledger ledger = openForWriting()) {
                Ledger.Opening opening = ledger.openIncident(chosenProfile, window, metadata);
                if (opening.created()) {
                    publish(ledger, ledger.incidentEvents(opening.id()));
                }
                if (json()) {
                    Output.json(out(), Map.of("incident_id", opening.id().value(), "created", opening.created(),
                            "profile", chosenProfile));
                } else {
                    // stdout holds the id alone, so that id=$(colima-proof incident open) works
                    out().println(opening.id().value());
                    err().println(opening.created() ? "opened incident " + opening.id() + " (profile " + chosenProfile + ")"
                            : "reusing open incident " + opening.id() + " (profile " + chosenProfile + ")");
                }
            }
            return ExitCode.OK;
        }
    }

    @Command(name = "close", description = "Close an incident with its outcome.")
    static final class Close extends LedgerCommand {

        @Parameters(index = "0", paramLabel = "ID", description = "The incident.")
        String id;

        @Option(names = "--outcome", required = true, description = "recovered or abandoned.")
        String outcome;

        @Option(names = "--reason", description = "Why (stored in the closing event).")
        String reason;

        @Override
        public Integer call() {
            IncidentId incident = IncidentId.of(id);
            if (!outcome.equals("recovered") && !outcome.equals("abandoned")) {
                throw new InvalidInputException("invalid outcome '" + outcome + "': use recovered or abandoned");
            }
            try (Ledger ledger = openForReading()) {
                IncidentSummary summary = ledger.incidents().stream().filter(s -> s.id().equals(incident))
                        .findFirst()
                        .orElseThrow(() -> new InvalidInputException("no incident " + incident + " in " + ledger.home()));
                if (summary.state() == IncidentSummary.State.CLOSED) {
                    if (!outcome.equals(summary.outcome())) {
                        throw new InvalidInputException("incident " + incident + " is already closed as "
                                + summary.outcome());
                    }
                    err().println("incident " + incident + " was already closed as " + outcome);
                    return ExitCode.OK;
                }
                EventDraft.Builder closing = EventDraft.builder(incident, Action.INCIDENT_CLOSED)
                        .level(Level.INFO)
                        .success(outcome.equals("recovered"))
                        .metadata("outcome", outcome);
                if (reason != null) {
                    closing.metadata("reason", reason);
                }
                Ledger.Recorded recorded = ledger.append(closing.build());
                publish(ledger, List.of(recorded.event()));
                if (json()) {
                    Output.json(out(), Map.of("incident_id", incident.value(), "outcome", outcome,
                            "seq", recorded.event().seq()));
                } else {
                    out().println("closed " + incident + " (" + outcome + ")");
                }
            }
            return ExitCode.OK;
        }
    }
}
