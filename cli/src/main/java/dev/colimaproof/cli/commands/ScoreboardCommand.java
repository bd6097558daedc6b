package dev.colimaproof.cli.commands;

import dev.colimaproof.cli.ExitCode;
import dev.colimaproof.ledger.InvalidInputException;
import dev.colimaproof.ledger.Ledger;
import dev.colimaproof.ledger.event.EventCodec;
import dev.colimaproof.verdicts.scoreboard.Scoreboard;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** {@code scoreboard [--min-repeats N] [--as-of T]}: where each hypothesis stands, with the incidents behind it. */
@Command(name = "scoreboard", description = "Each hypothesis: present, selective, restored, contradicted, status.")
public final class ScoreboardCommand extends LedgerCommand {

    @Option(names = "--min-repeats", defaultValue = "2", description = "Restorations needed to promote (default 2).")
    int minRepeats;

    @Option(names = "--as-of", paramLabel = "TIME", description = "The scoreboard that held then (RFC 3339).")
    String asOf;

    @Override
    public Integer call() {
        if (minRepeats < 1) {
            throw new InvalidInputException("--min-repeats must be at least 1");
        }
        Instant when = asOf == null ? null : EventCodec.parseInstant(asOf);
        Scoreboard board;
        try (Ledger ledger = openForReading()) {
            board = Scoreboard.fold(ledger.allEvents(), catalog(), minRepeats, when);
        }
        if (json()) {
            List<Map<String, Object>> rows = new ArrayList<>();
            for (Scoreboard.Row row : board.rows()) {
                Map<String, Object> item = new LinkedHashMap<>();
                item.put("hypothesis_id", row.hypothesisId());
                item.put("status", row.status().name().toLowerCase(Locale.ROOT));
                item.put("present", row.present());
                item.put("selective", row.selective());
                item.put("restored", row.restored());
                item.put("contradicted", row.contradicted());
                item.put("repeated", row.repeated());
                rows.add(item);
            }
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("catalog_version", board.catalogVersion());
            result.put("min_repeats", board.minRepeats());
            result.put("as_of", when == null ? null : EventCodec.formatInstant(when));
            result.put("hypotheses", rows);
            Output.json(out(), result);
            return ExitCode.OK;
        }
        out().printf("catalog %s, min repeats %d%s%n", board.catalogVersion(), minRepeats,
                when == null ? "" : ", as of " + EventCodec.formatInstant(when));
        String format = "%-18s %-11s %8s %10s %9s %13s  %s%n";
        out().printf(format, "HYPOTHESIS", "STATUS", "PRESENT", "SELECTIVE", "RESTORED", "CONTRADICTED", "REPEATED");
        for (Scoreboard.Row row : board.rows()) {
            out().printf(format, row.hypothesisId(), row.status().name().toLowerCase(Locale.ROOT),
                    row.present().size(), row.selective().size(), row.restored().size(), row.contradicted().size(),
                    row.repeated() ? "yes" : "no");
        }
        for (Scoreboard.Row row : board.rows()) {
            if (!row.restored().isEmpty() || !row.contradicted().isEmpty()) {
                out().printf("%s restored in %s; contradicted in %s%n", row.hypothesisId(), few(row.restored()),
                        few(row.contradicted()));
            }
        }
        return ExitCode.OK;
    }

    /** At most five incident ids for a terminal; --json lists them all. */
    private static String few(java.util.Set<String> incidents) {
        List<String> shown = incidents.stream().limit(5).toList();
        return shown + (incidents.size() > shown.size() ? " and " + (incidents.size() - shown.size())
                + " more (--json lists all)" : "");
    }
}
