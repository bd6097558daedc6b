package dev.colimaproof.cli.commands;

import dev.colimaproof.cli.ExitCode;
import dev.colimaproof.ledger.InvalidInputException;
import dev.colimaproof.ledger.Ledger;
import dev.colimaproof.ledger.event.IncidentId;
import dev.colimaproof.verdicts.scoreboard.Comparison;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.LinkedHashMap;
import java.util.Map;

/** {@code compare ID1 ID2 [--phase P]}: two incidents' snapshot signals side by side, differences marked. */
@Command(name = "compare", description = "Compare two incidents' snapshots (a phase, or each one's first).")
public final class CompareCommand extends LedgerCommand {

    @Parameters(index = "0", paramLabel = "ID1")
    String first;

    @Parameters(index = "1", paramLabel = "ID2")
    String second;

    @Option(names = "--phase")
    String phase;

    @Override
    public Integer call() {
        IncidentId a = IncidentId.of(first);
        IncidentId b = IncidentId.of(second);
        Comparison comparison;
        try (Ledger ledger = openForReading()) {
            comparison = Comparison.of(ledger.incidentEvents(a), ledger.incidentEvents(b), phase);
        }
        if (comparison == null) {
            throw new InvalidInputException("no snapshot" + (phase == null ? "" : " of phase " + phase)
                    + " in both " + a + " and " + b);
        }
        if (json()) {
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("left", comparison.left());
            result.put("right", comparison.right());
            result.put("signals", comparison.rows());
            result.put("differences", comparison.rows().stream().filter(Comparison.Row::differs).count());
            Output.json(out(), result);
            return ExitCode.OK;
        }
        for (Comparison.Side side : new Comparison.Side[] {comparison.left(), comparison.right()}) {
            out().printf("%s #%d phase=%s  %s  sha256:%s%n", side.incidentId(), side.seq(), side.phase(),
                    side.artifactPath(), side.artifactSha256() == null ? "-" : side.artifactSha256().substring(0, 16));
        }
        String format = "%s %-34s %-28s %s%n";
        out().printf(format, " ", "SIGNAL", comparison.left().incidentId(), comparison.right().incidentId());
        for (Comparison.Row row : comparison.rows()) {
            out().printf(format, row.differs() ? "*" : " ", row.signal(), text(row.left()), text(row.right()));
        }
        out().printf("%d of %d signals differ%n", comparison.rows().stream().filter(Comparison.Row::differs).count(),
                comparison.rows().size());
        return ExitCode.OK;
    }

    private static String text(Object value) {
        String s = String.valueOf(value);
        return s.length() > 28 ? s.substring(0, 25) + "..." : s;
    }
}
