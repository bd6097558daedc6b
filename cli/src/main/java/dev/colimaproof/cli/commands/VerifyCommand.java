package dev.colimaproof.cli.commands;

import dev.colimaproof.cli.ExitCode;
import dev.colimaproof.ledger.Ledger;
import dev.colimaproof.ledger.VerificationReport;
import picocli.CommandLine.Command;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** {@code verify}: the whole hash chain and every artifact; exit 1 naming the first bad entry. */
@Command(name = "verify", description = "Check the hash chain, the sequences and every artifact.")
public final class VerifyCommand extends LedgerCommand {

    @Override
    public Integer call() {
        VerificationReport report;
        try (Ledger ledger = openForReading()) {
            report = ledger.verify();
        }
        if (json()) {
            List<Map<String, Object>> findings = new ArrayList<>();
            for (VerificationReport.Finding finding : report.findings()) {
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("journal_index", finding.journalIndex());
                row.put("event_id", finding.eventId());
                row.put("incident_id", finding.incidentId());
                row.put("seq", finding.seq());
                row.put("problem", finding.problem().name().toLowerCase(Locale.ROOT));
                row.put("detail", finding.detail());
                findings.add(row);
            }
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("ok", report.ok());
            result.put("entries", report.entries());
            result.put("artifacts", report.artifacts());
            result.put("findings", findings);
            Output.json(out(), result);
        } else if (report.ok()) {
            out().printf("ok: %d entries, %d artifacts, hash chain intact%n", report.entries(), report.artifacts());
        } else {
            VerificationReport.Finding first = report.findings().get(0);
            out().printf("FAILED: first bad entry: %s%n", describe(first));
            for (VerificationReport.Finding finding : report.findings().subList(1, report.findings().size())) {
                out().printf("also: %s%n", describe(finding));
            }
            out().printf("%d problems in %d entries, %d artifacts%n", report.findings().size(), report.entries(),
                    report.artifacts());
        }
        return report.ok() ? ExitCode.OK : ExitCode.CHECK_FAILED;
    }

    private static String describe(VerificationReport.Finding finding) {
        String where = finding.eventId() == null ? "journal index " + finding.journalIndex()
                : "event " + finding.eventId() + " (incident " + finding.incidentId() + " #" + finding.seq()
                + ", journal index " + finding.journalIndex() + ")";
        return where + ": " + finding.problem().name().toLowerCase(Locale.ROOT) + ": " + finding.detail();
    }
}
