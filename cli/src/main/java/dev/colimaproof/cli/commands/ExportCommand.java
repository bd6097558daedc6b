package dev.colimaproof.cli.commands;

import dev.colimaproof.cli.ExitCode;
import dev.colimaproof.ledger.InvalidInputException;
import dev.colimaproof.ledger.Ledger;
import dev.colimaproof.ledger.event.IncidentId;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;

/** {@code export --format jsonl}: the stored entries, byte for byte, one per line. */
@Command(name = "export", description = "Write the journal (or one incident) to stdout.")
public final class ExportCommand extends LedgerCommand {

    @Option(names = "--format", required = true, description = "jsonl: the stored entries, one per line.")
    String format;

    @Option(names = {"--incident", "--incident-id"}, paramLabel = "ID", description = "Only this incident.")
    String incident;

    @Override
    public Integer call() {
        if (!format.equals("jsonl")) {
            throw new InvalidInputException("unknown export format '" + format + "': use jsonl");
        }
        IncidentId only = incident == null ? null : IncidentId.of(incident);
        PrintWriter out = out();
        try (Ledger ledger = openForReading()) {
            if (only == null) {
                ledger.forEachEntry((index, bytes) -> {
                    out.println(new String(bytes, StandardCharsets.UTF_8));
                    return true;
                });
            } else {
                for (byte[] entry : ledger.incidentEntries(only)) {
                    out.println(new String(entry, StandardCharsets.UTF_8));
                }
            }
        }
        out.flush();
        return ExitCode.OK;
    }
}
