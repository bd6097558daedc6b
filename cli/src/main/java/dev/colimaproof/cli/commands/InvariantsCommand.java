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
import dev.colimaproof.probes.intervention.InvariantWindow;
import dev.colimaproof.probes.probe.ProbeContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** {@code invariants --incident ID}: the post-invariant window alone, each pass recorded. Exit 1 when it fails. */
@Command(name = "invariants", description = {"Run the post-invariant window (N passes, an interval apart), "
        + "recording each pass.", "Exit 0 when every pass passed, 1 otherwise."})
public final class InvariantsCommand extends LedgerCommand {

    @Option(names = {"--incident", "--incident-id"}, required = true, paramLabel = "ID")
    String incident;

    @Option(names = "--passes", defaultValue = "6")
    int passes;

    @Option(names = "--interval", defaultValue = "10s")
    String interval;

    @Option(names = "--profile")
    String profile;

    @Override
    public Integer call() throws InterruptedException {
        IncidentId id = IncidentId.of(incident);
        if (passes < 1 || passes > 100) {
            throw new InvalidInputException("--passes must be 1 to 100");
        }
        Duration gap = Durations.parse(interval);
        List<Event> recorded = new ArrayList<>();
        InvariantWindow.Result result;
        try (Ledger ledger = openForWriting()) {
            result = InvariantWindow.run(new ProbeContext(substrate(profile), runner()), passes, gap,
                    pass -> recorded.add(ledger.append(EventDraft.builder(id, Action.POST_INVARIANT)
                            .level(pass.passed() ? Level.INFO : Level.WARN).success(pass.passed())
                            .metadata(Map.of("pass", pass.number(), "required", passes, "checks", pass.checks()))
                            .build()).event()));
            publish(ledger, recorded);
        }
        if (json()) {
            Output.json(out(), Map.of("incident_id", id.value(), "passed", result.passed(), "required", passes,
                    "passes", result.passes()));
        } else {
            for (InvariantWindow.Pass pass : result.passes()) {
                out().printf("pass %d/%d %s %s%n", pass.number(), passes, pass.passed() ? "ok  " : "FAIL",
                        pass.checks());
            }
            out().println(result.passed() ? "window passed" : "window FAILED");
        }
        return result.passed() ? ExitCode.OK : ExitCode.CHECK_FAILED;
    }
}
