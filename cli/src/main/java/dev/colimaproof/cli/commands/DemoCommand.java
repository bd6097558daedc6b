package dev.colimaproof.cli.commands;

import dev.colimaproof.cli.ExitCode;
import dev.colimaproof.cli.Main;
import dev.colimaproof.ledger.Ledger;
import dev.colimaproof.ledger.LedgerOptions;
import dev.colimaproof.ledger.event.Action;
import dev.colimaproof.ledger.event.Attachment;
import dev.colimaproof.ledger.event.EventDraft;
import dev.colimaproof.ledger.event.IncidentId;
import dev.colimaproof.ledger.event.Level;
import dev.colimaproof.ledger.event.RecoveryMode;
import picocli.CommandLine.Command;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * {@code demo}: records one small incident the way a healer would, then shows its timeline and verifies the
 * ledger. It uses a fresh folder unless {@code --home} is given, and leaves it for exploring.
 */
@Command(name = "demo", description = "Record a small incident as a healer would, then show and verify it.")
public final class DemoCommand extends LedgerCommand {

    @Override
    public Integer call() throws IOException {
        Path home = main().homeOption() != null ? settings().home()
                : Files.createTempDirectory("colima-proof-demo-");
        LedgerOptions options = LedgerOptions.defaults(home, settings().origin());
        IncidentId incident;
        try (Ledger ledger = Ledger.open(options)) {
            incident = ledger.openIncident("default", settings().reuseWindow(), Map.of("reason", "demo")).id();
            ledger.append(EventDraft.builder(incident, Action.FAILURE_DETECTED).level(Level.WARN).success(false)
                    .phase("failure-detected")
                    .metadata(Map.of("reason", "docker _ping timed out", "unhealthy_streak", 2))
                    .attach(new Attachment.Content("attachment", "ha.stderr.log", sampleLog()))
                    .build());
            EventDraft hold = EventDraft.builder(incident, Action.HOLD_ENTERED).level(Level.WARN)
                    .recoveryMode(RecoveryMode.HOLD).metadata("hold_for_s", 60).build();
            ledger.append(hold);
            ledger.append(EventDraft.builder(incident, Action.HOLD_RELEASED).causationId(hold.eventId())
                    .recoveryMode(RecoveryMode.HOLD).metadata("reason", "docker _ping answers again").build());
            ledger.append(EventDraft.builder(incident, Action.INCIDENT_CLOSED).metadata("outcome", "recovered")
                    .build());
        }
        err().println("demo ledger: " + home + "   (explore it: export COLIMA_PROOF_HOME=" + home + ")");
        int timeline = run("--home", home.toString(), "timeline", incident.value());
        int verify = run("--home", home.toString(), "verify");
        return timeline == ExitCode.OK && verify == ExitCode.OK ? ExitCode.OK : ExitCode.CHECK_FAILED;
    }

    private int run(String... args) {
        return Main.execute(args, main().env(), out(), err());
    }

    private static byte[] sampleLog() throws IOException {
        try (InputStream in = DemoCommand.class.getResourceAsStream("/demo/ha.stderr.log")) {
            return in == null ? new byte[0] : in.readAllBytes();
        }
    }
}
