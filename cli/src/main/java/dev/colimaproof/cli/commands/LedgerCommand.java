package dev.colimaproof.cli.commands;

import dev.colimaproof.cli.Main;
import dev.colimaproof.cli.Settings;
import dev.colimaproof.ledger.Ledger;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import dev.colimaproof.ledger.InvalidInputException;
import dev.colimaproof.ledger.LedgerException;
import dev.colimaproof.probes.Substrate;
import dev.colimaproof.probes.run.CommandRunner;
import dev.colimaproof.verdicts.catalog.Catalog;
import dev.colimaproof.ledger.event.Event;
import dev.colimaproof.ledger.otel.Delivery;
import dev.colimaproof.ledger.otel.Telemetry;

import java.io.PrintWriter;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.Callable;

/** What every command shares: the global options, the output streams, and opening the ledger. */
abstract class LedgerCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    Main main() {
        return (Main) spec.root().userObject();
    }

    Settings settings() {
        return main().settings();
    }

    boolean json() {
        return main().json();
    }

    PrintWriter out() {
        return spec.commandLine().getOut();
    }

    PrintWriter err() {
        return spec.commandLine().getErr();
    }

    /** For commands that record: creates the home when needed. */
    Ledger openForWriting() {
        return Ledger.open(settings().ledgerOptions());
    }

    /** The OpenTelemetry side, configured from the environment and the config file. The caller closes it. */
    Telemetry telemetry() {
        return Telemetry.create(settings().env(), settings().otelConfig(), settings().origin(), Main.version());
    }

    Delivery delivery(Ledger ledger) {
        return new Delivery(ledger.home(), ledger.codec().mapper(), Clock.systemUTC());
    }

    /**
     * After events were recorded: their OTLP payload files, then one delivery attempt within the inline budget.
     * The evidence is recorded whatever happens here, so a failure is one line on stderr, never a failed command.
     */
    void publish(Ledger ledger, List<Event> events) {
        try (Telemetry telemetry = telemetry()) {
            for (Event event : events) {
                ledger.writeDerivedFile(event, Telemetry.payloadName(event),
                        telemetry.otlpJson(telemetry.logRecords(List.of(event))));
            }
            if (telemetry.exporter().isPresent()) {
                Delivery.Report report = delivery(ledger).deliver(ledger, telemetry, settings().telemetryBudget(),
                        Delivery.Mode.INLINE);
                if (report.error() != null) {
                    err().println("colima-proof: recorded; telemetry pending (" + report.pending() + " events): "
                            + report.error());
                }
            }
        } catch (LedgerException e) {
            err().println("colima-proof: recorded; telemetry not sent: " + e.getMessage());
        }
    }

    /** The substrate of this profile, from the environment and the config file. */
    Substrate substrate(String profile) {
        try {
            return Substrate.fromEnvironment(settings().env(), profile != null ? profile : settings().profile(),
                    settings().healerStateFile(), settings().ports(), settings().extraFiles());
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(e.getMessage());
        }
    }

    CommandRunner runner() {
        return new CommandRunner(settings().env(), CommandRunner.DEFAULT_OUTPUT_CAP);
    }

    /** The hypotheses catalog: the default, or the config's {@code catalog.file} / $COLIMA_PROOF_CATALOG. */
    Catalog catalog() {
        return Catalog.load(settings().catalogFile());
    }

    /** For commands that only read: a missing home is the caller's mistake, not an empty ledger. */
    Ledger openForReading() {
        return Ledger.openExisting(settings().ledgerOptions());
    }
}
