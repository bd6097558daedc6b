package dev.colimaproof.cli.commands;

import dev.colimaproof.cli.ExitCode;
import dev.colimaproof.ledger.IncidentSummary;
import dev.colimaproof.ledger.Ledger;
import picocli.CommandLine.Command;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code incidents}: every incident with its state, profile, size and time span. */
@Command(name = "incidents", description = "List the incidents.")
public final class IncidentsCommand extends LedgerCommand {

    @Override
    public Integer call() {
        List<IncidentSummary> incidents = Ledger.exists(settings().home()) ? list() : List.of();
        if (json()) {
            List<Map<String, Object>> rows = new ArrayList<>();
            for (IncidentSummary incident : incidents) {
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("incident_id", incident.id().value());
                row.put("state", incident.state().name().toLowerCase(java.util.Locale.ROOT));
                row.put("profile", incident.profile());
                row.put("outcome", incident.outcome());
                row.put("events", incident.events());
                row.put("first_at", Output.time(incident.firstAt()));
                row.put("last_at", Output.time(incident.lastAt()));
                rows.add(row);
            }
            Output.json(out(), Map.of("incidents", rows));
            return ExitCode.OK;
        }
        if (incidents.isEmpty()) {
            out().println("no incidents recorded in " + settings().home());
            return ExitCode.OK;
        }
        String format = "%-34s %-8s %-10s %-10s %6s  %-27s %s%n";
        out().printf(format, "INCIDENT", "STATE", "PROFILE", "OUTCOME", "EVENTS", "FIRST", "LAST");
        for (IncidentSummary incident : incidents) {
            out().printf(format, incident.id(), incident.state().name().toLowerCase(java.util.Locale.ROOT),
                    dash(incident.profile()), dash(incident.outcome()), incident.events(),
                    Output.time(incident.firstAt()), Output.time(incident.lastAt()));
        }
        return ExitCode.OK;
    }

    private List<IncidentSummary> list() {
        try (Ledger ledger = openForReading()) {
            return ledger.incidents();
        }
    }

    private static String dash(String value) {
        return value == null ? "-" : value;
    }
}
