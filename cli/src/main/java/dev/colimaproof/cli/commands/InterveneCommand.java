package dev.colimaproof.cli.commands;

import dev.colimaproof.cli.Durations;
import dev.colimaproof.cli.ExitCode;
import dev.colimaproof.cli.experiment.Experiment;
import dev.colimaproof.ledger.InvalidInputException;
import dev.colimaproof.ledger.Ledger;
import dev.colimaproof.ledger.event.IncidentId;
import dev.colimaproof.ledger.event.RecoveryMode;
import dev.colimaproof.probes.intervention.InvariantWindow;
import dev.colimaproof.verdicts.catalog.Catalog;
import dev.colimaproof.verdicts.catalog.Hypothesis;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code intervene --incident ID --mode M}: one recovery experiment (docs/verdicts.md). Exit 0 when the
 * post-invariant window passed, 1 when it failed; the trail is recorded either way.
 */
@Command(name = "intervene", description = {"Run a recovery experiment: snapshot, intervene, snapshot, the "
        + "post-invariant window, verdicts.", "Exit 0 when the window passed, 1 when it failed."})
public class InterveneCommand extends LedgerCommand {

    @Option(names = {"--incident", "--incident-id"}, required = true, paramLabel = "ID")
    String incident;

    @Option(names = "--mode", description = "observe, hold, usernet-only, guest-restart or force-cycle.")
    String mode;

    @Option(names = {"--hypothesis", "--hypothesis-id"}, paramLabel = "H",
            description = "Test only this hypothesis (default: every one the mode is selective for; force-cycle: "
                    + "every one present before).")
    String hypothesis;

    @Option(names = "--hold-for", defaultValue = "60s", description = "How long hold does nothing (default 60s).")
    String holdFor;

    @Option(names = "--restart-mode", description = "usernet-only, afterwards: none (default), start or force-cycle.")
    String restartMode;

    @Option(names = "--passes", description = "Post-invariant passes (default 6).")
    Integer passes;

    @Option(names = "--interval", description = "Between passes (default 10s).")
    String interval;

    @Option(names = "--verify-wait", description = "Wait before the post snapshot (default 0s).")
    String verifyWait;

    @Option(names = "--reason")
    String reason;

    @Option(names = "--deadline", description = "Of each snapshot (default: config probe.deadline, 10s).")
    String deadline;

    @Option(names = "--profile")
    String profile;

    RecoveryMode mode() {
        if (mode == null) {
            throw new InvalidInputException("--mode is required: observe, hold, usernet-only, guest-restart or "
                    + "force-cycle");
        }
        return RecoveryMode.parse(mode);
    }

    Duration verifyWait() {
        return verifyWait == null ? Duration.ZERO : Durations.parse(verifyWait);
    }

    @Override
    public Integer call() throws InterruptedException {
        IncidentId id = IncidentId.of(incident);
        RecoveryMode chosen = mode();
        if (restartMode != null && chosen != RecoveryMode.USERNET_ONLY) {
            throw new InvalidInputException("--restart-mode applies to usernet-only only");
        }
        if (restartMode != null && !List.of("none", "start", "force-cycle").contains(restartMode)) {
            throw new InvalidInputException("invalid --restart-mode '" + restartMode + "': use none, start or "
                    + "force-cycle");
        }
        int windowPasses = passes == null ? InvariantWindow.DEFAULT_PASSES : passes;
        if (windowPasses < 1 || windowPasses > 100) {
            throw new InvalidInputException("--passes must be 1 to 100");
        }
        Duration windowInterval = interval == null ? InvariantWindow.DEFAULT_INTERVAL : Durations.parse(interval);
        Duration hold = Durations.parse(holdFor);
        Duration wait = verifyWait();
        Catalog catalog = catalog();
        Experiment.Plan plan;
        Experiment.Outcome outcome;
        try (Ledger ledger = openForWriting()) {
            List<Hypothesis> tested = tested(catalog, chosen, ledger, id);
            plan = new Experiment.Plan(chosen, tested, hold, restartMode, wait, windowPasses, windowInterval,
                    deadline == null ? settings().snapshotDeadline() : Durations.parse(deadline), reason);
            outcome = new Experiment(ledger, catalog, substrate(profile), runner()).run(id, plan);
            publish(ledger, outcome.recorded());
        }
        print(outcome);
        return outcome.window().passed() ? ExitCode.OK : ExitCode.CHECK_FAILED;
    }

    /** The hypotheses this experiment can speak to. */
    private List<Hypothesis> tested(Catalog catalog, RecoveryMode chosen, Ledger ledger, IncidentId id) {
        if (hypothesis != null) {
            Hypothesis h = catalog.get(hypothesis).orElseThrow(() -> new InvalidInputException("unknown hypothesis '"
                    + hypothesis + "' (catalog " + catalog.version() + ": " + String.join(", ",
                    catalog.hypotheses().keySet()) + ")"));
            if (chosen != RecoveryMode.FORCE_CYCLE && !h.selectiveModes().contains(chosen)) {
                throw new InvalidInputException(chosen.word() + " is not a selective mode of " + h.id()
                        + (h.testable() ? " (selective: " + String.join(", ", h.selectiveModes().stream()
                        .map(RecoveryMode::word).toList()) + ")" : " (it has none: it can be present, never tested)"));
            }
            return List.of(h);
        }
        if (chosen == RecoveryMode.FORCE_CYCLE) {
            return catalog.all().stream().toList();
        }
        return catalog.all().stream().filter(h -> h.selectiveModes().contains(chosen)).toList();
    }

    void print(Experiment.Outcome outcome) {
        if (json()) {
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("incident_id", outcome.started().incidentId().value());
            result.put("mode", outcome.started().recoveryMode().word());
            result.put("intervention_event_id", outcome.started().eventId().toString());
            result.put("acted", outcome.acted());
            result.put("window_passed", outcome.window().passed());
            result.put("window_passes", outcome.window().passes().size());
            result.put("verdicts", outcome.verdicts());
            Output.json(out(), result);
            return;
        }
        out().printf("%s %s: intervention %s, post-invariant window %s (%d of %d passes)%n",
                outcome.started().incidentId(), outcome.started().recoveryMode().word(),
                outcome.acted() ? "completed" : "FAILED", outcome.window().passed() ? "passed" : "FAILED",
                outcome.window().passes().stream().filter(InvariantWindow.Pass::passed).count(),
                outcome.window().required());
        for (Map<String, Object> verdict : outcome.verdicts()) {
            out().printf("  %-18s %-34s %s%n", verdict.get("hypothesis_id"), verdict.get("verdict"),
                    verdict.get("rule"));
        }
    }
}
