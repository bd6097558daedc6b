package dev.colimaproof.cli.commands;

import dev.colimaproof.cli.ExitCode;
import dev.colimaproof.ledger.InvalidInputException;
import dev.colimaproof.ledger.Ledger;
import dev.colimaproof.ledger.event.IncidentId;
import dev.colimaproof.ledger.otel.Telemetry;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Function;

/**
 * {@code export --format jsonl|otlp-json}: the stored entries byte for byte, or each event as an OTLP JSON request
 * ({@code {"resourceLogs":[...]}}), one per line, for a Collector's otlpjsonfile receiver.
 */
@Command(name = "export", description = "Write the journal (or one incident) to stdout.")
public final class ExportCommand extends LedgerCommand {

    @Option(names = "--format", required = true, description = {"jsonl: the stored entries, one per line.",
            "otlp-json: one OTLP JSON request per event, one per line."})
    String format;

    @Option(names = {"--incident", "--incident-id"}, paramLabel = "ID", description = "Only this incident.")
    String incident;

    @Override
    public Integer call() {
        if (!format.equals("jsonl") && !format.equals("otlp-json")) {
            throw new InvalidInputException("unknown export format '" + format + "': use jsonl or otlp-json");
        }
        IncidentId only = incident == null ? null : IncidentId.of(incident);
        PrintWriter out = out();
        try (Ledger ledger = openForReading();
             Telemetry telemetry = format.equals("otlp-json") ? telemetry() : null) {
            Function<byte[], String> line = telemetry == null
                    ? bytes -> new String(bytes, StandardCharsets.UTF_8)
                    : bytes -> new String(telemetry.otlpJson(telemetry.logRecords(List.of(ledger.codec()
                            .decode(bytes)))), StandardCharsets.UTF_8).strip();
            if (only == null) {
                ledger.forEachEntry((index, bytes) -> {
                    out.println(line.apply(bytes));
                    return true;
                });
            } else {
                for (byte[] entry : ledger.incidentEntries(only)) {
                    out.println(line.apply(entry));
                }
            }
        }
        out.flush();
        return ExitCode.OK;
    }
}
