package dev.colimaproof.cli.commands;

import dev.colimaproof.cli.Durations;
import dev.colimaproof.cli.ExitCode;
import dev.colimaproof.ledger.Ledger;
import dev.colimaproof.ledger.event.EventCodec;
import dev.colimaproof.ledger.otel.Delivery;
import dev.colimaproof.ledger.otel.DeliveryState;
import dev.colimaproof.ledger.otel.Telemetry;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** {@code otel flush} and {@code otel status}: the store-and-forward delivery of events to an OTLP receiver. */
@Command(name = "otel", description = "Deliver pending events to the OTLP receiver, or show delivery status.",
        subcommands = {OtelCommand.Flush.class, OtelCommand.Status.class})
public final class OtelCommand {

    @Command(name = "flush", description = {"Send every pending event, retrying with backoff until done or the "
            + "timeout.", "Exit 0 when nothing is pending afterwards, 1 when events are still pending."})
    static final class Flush extends LedgerCommand {

        @Option(names = "--timeout", defaultValue = "30s", description = "Give up after this long (default 30s).")
        String timeout;

        @Override
        public Integer call() {
            Delivery.Report report;
            try (Ledger ledger = openForReading(); Telemetry telemetry = telemetry()) {
                report = delivery(ledger).deliver(ledger, telemetry, Durations.parse(timeout), Delivery.Mode.FLUSH);
            }
            if (json()) {
                Map<String, Object> result = new LinkedHashMap<>();
                result.put("sent", report.sent());
                result.put("pending", report.pending());
                result.put("error", report.error());
                result.put("skipped", report.skipped());
                Output.json(out(), result);
            } else {
                out().printf("sent %d, pending %d%n", report.sent(), report.pending());
                if (report.skipped() != null) {
                    out().println("not tried: " + report.skipped());
                }
                if (report.error() != null) {
                    out().println("last error: " + report.error());
                }
            }
            return report.pending() == 0 ? ExitCode.OK : ExitCode.CHECK_FAILED;
        }
    }

    @Command(name = "status", description = "Show the receiver, the pending count and the last error.")
    static final class Status extends LedgerCommand {

        @Override
        public Integer call() {
            Map<String, Object> status = new LinkedHashMap<>();
            try (Ledger ledger = openForReading(); Telemetry telemetry = telemetry()) {
                Delivery delivery = delivery(ledger);
                DeliveryState state = delivery.state();
                status.put("endpoint", telemetry.endpoint().orElse(null));
                status.put("pending", delivery.pending(ledger));
                status.put("delivered_total", state.deliveredTotal());
                status.put("cursor", state.cursor());
                status.put("last_success_at", time(state.lastSuccessAt()));
                status.put("last_error", state.lastError());
                status.put("last_error_at", time(state.lastErrorAt()));
                status.put("consecutive_failures", state.consecutiveFailures());
                status.put("next_attempt_at", time(state.nextAttemptAt()));
                status.put("skipped_unreadable", state.skippedUnreadable());
            }
            if (json()) {
                Output.json(out(), status);
            } else {
                status.forEach((key, value) -> out().printf("%-21s %s%n", key,
                        value == null ? "-" : value));
                if (status.get("endpoint") == null) {
                    out().println("no OTLP endpoint configured: events are kept, payload files written, nothing sent");
                }
            }
            return ExitCode.OK;
        }

        private static String time(Instant at) {
            return at == null ? null : EventCodec.formatInstant(at);
        }
    }
}
