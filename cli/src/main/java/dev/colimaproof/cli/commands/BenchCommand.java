package dev.colimaproof.cli.commands;

import dev.colimaproof.cli.ExitCode;
import dev.colimaproof.ledger.Ledger;
import dev.colimaproof.ledger.LedgerOptions;
import dev.colimaproof.ledger.event.Action;
import dev.colimaproof.ledger.event.EventDraft;
import dev.colimaproof.ledger.event.IncidentId;
import dev.colimaproof.ledger.InvalidInputException;
import com.sun.net.httpserver.HttpServer;
import dev.colimaproof.ledger.otel.Delivery;
import dev.colimaproof.ledger.event.RecoveryMode;
import dev.colimaproof.ledger.otel.Telemetry;
import dev.colimaproof.verdicts.scoreboard.Scoreboard;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * {@code bench append} and {@code bench deliver}: measurements on a scratch home (deleted afterwards). The figures
 * in docs/benchmarks.md come from here.
 */
@Command(name = "bench", description = "Measure the ledger on a scratch home.",
        subcommands = {BenchCommand.Append.class, BenchCommand.Deliver.class, BenchCommand.Score.class})
public final class BenchCommand {

    /** A bench's figures: one JSON object, or one aligned line each. */
    static int report(LedgerCommand command, Map<String, Object> result) {
        if (command.json()) {
            Output.json(command.out(), result);
        } else {
            result.forEach((key, value) -> command.out().printf("%-24s %s%n", key, value));
        }
        return ExitCode.OK;
    }

    @Command(name = "scoreboard", description = {"Fill a journal with incidents (snapshots with signals, "
            + "interventions, verdicts), then time the scoreboard over it.",
            "--keep DIR keeps that journal, to time the scoreboard command itself from the shell."})
    static final class Score extends LedgerCommand {

        @Option(names = "--events", defaultValue = "100000")
        int events;

        @Option(names = "--keep", paramLabel = "DIR", description = "Build the journal here and keep it.")
        Path keep;

        @Override
        public Integer call() throws IOException {
            if (events < 10) {
                throw new InvalidInputException("--events must be at least 10");
            }
            Path home = keep != null ? keep : Files.createTempDirectory("colima-proof-bench-");
            if (keep != null && Ledger.exists(keep)) {
                throw new InvalidInputException(keep + " already holds a ledger");
            }
            Map<String, Object> result = new LinkedHashMap<>();
            try {
                try (Ledger ledger = Ledger.open(LedgerOptions.defaults(home, settings().origin()))) {
                    // ten events an incident: opened, a failure-edge snapshot, started, pre/post snapshots,
                    // two post-invariant passes, completed, verdict, closed
                    for (int i = 0; i < events / 10; i++) {
                        IncidentId incident = IncidentId.of("bench-" + i);
                        boolean leak = i % 3 != 0;
                        Map<String, Object> signals = Map.of("usernet.process_count", leak ? 2 : 1,
                                "usernet.sockets.stale", leak ? 2 : 0, "hostagent.api_ok", true, "docker.ping_ok",
                                false, "usernet.pidfile_exists", true, "usernet.pidfile_matches", true);
                        ledger.append(EventDraft.builder(incident, Action.INCIDENT_OPENED).build());
                        ledger.append(EventDraft.builder(incident, Action.SNAPSHOT).phase("failure-detected")
                                .metadata("signals", signals).build());
                        RecoveryMode mode = RecoveryMode.USERNET_ONLY;
                        ledger.append(EventDraft.builder(incident, Action.recovery(mode, Action.RecoveryStage.STARTED))
                                .recoveryMode(mode).build());
                        ledger.append(EventDraft.builder(incident, Action.SNAPSHOT).phase("pre-usernet-only")
                                .metadata("signals", signals).build());
                        ledger.append(EventDraft.builder(incident, Action.recovery(mode,
                                Action.RecoveryStage.COMPLETED)).recoveryMode(mode).build());
                        ledger.append(EventDraft.builder(incident, Action.SNAPSHOT).phase("post-usernet-only")
                                .metadata("signals", Map.of("usernet.process_count", 1)).build());
                        for (int pass = 1; pass <= 2; pass++) {
                            ledger.append(EventDraft.builder(incident, Action.POST_INVARIANT).metadata("pass", pass)
                                    .build());
                        }
                        ledger.append(EventDraft.builder(incident, Action.recovery(mode, Action.RecoveryStage.VERDICT))
                                .hypothesisId("H1-usernet").recoveryMode(mode)
                                .metadata("verdict", leak ? "supports_h1_usernet" : "missing_precondition").build());
                        ledger.append(EventDraft.builder(incident, Action.INCIDENT_CLOSED)
                                .metadata("outcome", "recovered").build());
                    }
                    long start = System.nanoTime();
                    List<dev.colimaproof.ledger.event.Event> all = ledger.allEvents();
                    long read = System.nanoTime();
                    Scoreboard board = Scoreboard.fold(all, catalog(), 2, null);
                    long folded = System.nanoTime();
                    result.put("events", all.size());
                    result.put("read_ms", Math.round((read - start) / 1e5) / 10.0);
                    result.put("fold_ms", Math.round((folded - read) / 1e5) / 10.0);
                    result.put("h1_status", board.rows().get(0).status().name().toLowerCase(java.util.Locale.ROOT));
                    result.put("h1_restored", board.rows().get(0).restored().size());
                    result.put("home", keep != null ? home.toString() : null);
                }
            } finally {
                if (keep == null) {
                    Append.deleteTree(home);
                }
            }
            return report(this, result);
        }
    }

    @Command(name = "deliver", description = {"Append events to a scratch home, then flush them over OTLP; report "
            + "events/s.", "Sends to OTEL_EXPORTER_OTLP_ENDPOINT when set, else to a loopback sink that accepts "
            + "every request (so the figure is the sender's, not a collector's)."})
    static final class Deliver extends LedgerCommand {

        @Option(names = "--events", defaultValue = "20000", description = "Events to deliver (default 20000).")
        int events;

        @Override
        public Integer call() throws IOException {
            if (events < 1) {
                throw new InvalidInputException("--events must be at least 1");
            }
            Path scratch = Files.createTempDirectory("colima-proof-bench-");
            HttpServer sink = null;
            Map<String, String> env = new java.util.HashMap<>(settings().env());
            if (!env.containsKey("OTEL_EXPORTER_OTLP_ENDPOINT")) {
                sink = acceptingSink();
                env.put("OTEL_EXPORTER_OTLP_ENDPOINT", "http://127.0.0.1:" + sink.getAddress().getPort());
            }
            Map<String, Object> result = new LinkedHashMap<>();
            try (Ledger ledger = Ledger.open(LedgerOptions.defaults(scratch, settings().origin()));
                 Telemetry telemetry = Telemetry.create(env, settings().otelConfig(), settings().origin(),
                         dev.colimaproof.cli.Main.version())) {
                for (int i = 0; i < events; i++) {
                    ledger.append(Append.draft(IncidentId.of("incident-" + (i % 100)), i));
                }
                Delivery delivery = new Delivery(scratch, ledger.codec().mapper(), java.time.Clock.systemUTC());
                long start = System.nanoTime();
                Delivery.Report report = delivery.deliver(ledger, telemetry, java.time.Duration.ofMinutes(10),
                        Delivery.Mode.FLUSH);
                double seconds = (System.nanoTime() - start) / 1e9;
                result.put("endpoint", telemetry.endpoint().orElse(null));
                result.put("events", report.sent());
                result.put("pending", report.pending());
                result.put("batch", Delivery.BATCH);
                result.put("seconds", Math.round(seconds * 1000) / 1000.0);
                result.put("events_per_second", Math.round(report.sent() / seconds));
                result.put("error", report.error());
            } finally {
                if (sink != null) {
                    sink.stop(0);
                }
                Append.deleteTree(scratch);
            }
            return report(this, result);
        }

        private static HttpServer acceptingSink() throws IOException {
            // like a real collector, answer without Nagle's delay (else each request waits ~40 ms for an ACK)
            System.setProperty("sun.net.httpserver.nodelay", "true");
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            server.createContext("/v1/logs", exchange -> {
                exchange.getRequestBody().transferTo(java.io.OutputStream.nullOutputStream());
                exchange.getResponseHeaders().add("Content-Type", "application/x-protobuf");
                exchange.sendResponseHeaders(200, -1);
                exchange.close();
            });
            server.start();
            return server;
        }
    }

    @Command(name = "append", description = "Append events in this process; report events/s and read-back time.")
    static final class Append extends LedgerCommand {

        @Option(names = "--events", defaultValue = "100000", description = "Events to append (default 100000).")
        int events;

        @Option(names = "--incidents", defaultValue = "100", description = "Spread over this many incidents.")
        int incidents;

        @Option(names = "--warmup", defaultValue = "5000", description = "Appends before timing starts.")
        int warmup;

        @Override
        public Integer call() throws IOException {
            if (events < 1 || incidents < 1 || warmup < 0) {
                throw new InvalidInputException("--events and --incidents must be at least 1, --warmup at least 0");
            }
            Path scratch = Files.createTempDirectory("colima-proof-bench-");
            try {
                return report(this, run(scratch));
            } finally {
                deleteTree(scratch);
            }
        }

        private Map<String, Object> run(Path scratch) throws IOException {
            LedgerOptions options = LedgerOptions.defaults(scratch, settings().origin());
            Map<String, Object> result = new LinkedHashMap<>();
            try (Ledger ledger = Ledger.open(options)) {
                for (int i = 0; i < warmup; i++) {
                    ledger.append(draft(IncidentId.of("warmup"), i));
                }
                long start = System.nanoTime();
                for (int i = 0; i < events; i++) {
                    ledger.append(draft(IncidentId.of("incident-" + (i % incidents)), i));
                }
                double seconds = (System.nanoTime() - start) / 1e9;
                result.put("events", events);
                result.put("seconds", Math.round(seconds * 1000) / 1000.0);
                result.put("events_per_second", Math.round(events / seconds));

                long readStart = System.nanoTime();
                int read = ledger.incidentEvents(IncidentId.of("incident-0")).size();
                result.put("incident_read_events", read);
                result.put("incident_read_ms", Math.round((System.nanoTime() - readStart) / 1e4) / 100.0);
            }
            return result;
        }

        static EventDraft draft(IncidentId incident, int n) {
            return EventDraft.builder(incident, Action.NOTE)
                    .metadata("n", n)
                    .metadata("reason", "benchmark event")
                    .metadata("pids", "4807,4811,4862")
                    .build();
        }

        static void deleteTree(Path root) {
            try (Stream<Path> paths = Files.walk(root)) {
                paths.sorted(Comparator.reverseOrder()).forEach(path -> {
                    try {
                        Files.delete(path);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
            } catch (IOException | UncheckedIOException e) {
                // a scratch folder in the temp dir; the OS cleans it eventually
            }
        }
    }
}
