package dev.colimaproof.cli.commands;

import dev.colimaproof.cli.Durations;
import dev.colimaproof.cli.ExitCode;
import dev.colimaproof.cli.Settings;
import dev.colimaproof.ledger.InvalidInputException;
import dev.colimaproof.ledger.Ledger;
import dev.colimaproof.ledger.event.Action;
import dev.colimaproof.ledger.event.ArtifactRef;
import dev.colimaproof.ledger.event.Event;
import dev.colimaproof.ledger.event.EventDraft;
import dev.colimaproof.ledger.event.IncidentId;
import dev.colimaproof.ledger.event.Level;
import dev.colimaproof.ledger.event.RecoveryMode;
import dev.colimaproof.probes.Substrate;
import dev.colimaproof.cli.experiment.SnapshotRecorder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code snapshot --incident ID --phase P}: every probe at once under one deadline, the snapshot stored as an
 * artifact, an event naming it, and one JSON line on stdout. A broken substrate is a successful snapshot.
 */
@Command(name = "snapshot", description = {"Capture the substrate's state into the incident (docs/probes.md).",
        "Prints one JSON line: incident_id, phase, snapshot_file, artifact_sha256, signals."})
public final class SnapshotCommand extends LedgerCommand {

    /** Kept back from the deadline for writing the artifact and the event. */
    private static final Duration RECORDING = Duration.ofMillis(400);
    private static final Duration MIN_PROBING = Duration.ofMillis(500);

    @Option(names = {"--incident", "--incident-id"}, required = true, paramLabel = "ID")
    String incident;

    @Option(names = "--phase", required = true, description = "e.g. failure-detected, pre-force-cycle.")
    String phase;

    @Option(names = "--action", defaultValue = "infra.colima.snapshot",
            description = "The event's action (default infra.colima.snapshot).")
    String action;

    @Option(names = "--level", defaultValue = "info")
    String level;

    @Option(names = "--success", arity = "1", defaultValue = "true", paramLabel = "true|false")
    boolean success;

    @Option(names = {"--hypothesis", "--hypothesis-id"}, paramLabel = "H")
    String hypothesis;

    @Option(names = "--recovery-mode", paramLabel = "MODE")
    String recoveryMode;

    @Option(names = "--reason")
    String reason;

    @Option(names = "--deadline", description = "For the whole snapshot (default 10s; config probe.deadline).")
    String deadline;

    @Option(names = "--profile", description = "Colima profile (default: $COLIMA_PROFILE or 'default').")
    String profile;

    @Override
    public Integer call() {
        Settings settings = settings();
        Duration limit = deadline != null ? Durations.parse(deadline) : settings.snapshotDeadline();
        if (limit.compareTo(Duration.ofMillis(500)) < 0 || limit.compareTo(Duration.ofMinutes(10)) > 0) {
            throw new InvalidInputException("--deadline must be between 500ms and 10m");
        }
        // the deadline is the whole command's: JVM start-up and recording come out of it, not on top of it
        Duration spent = Duration.between(main().startedAt(), java.time.Instant.now());
        Duration probing = limit.minus(spent).minus(RECORDING);
        if (probing.compareTo(MIN_PROBING) < 0) {
            probing = MIN_PROBING;
        }
        String chosenProfile = profile != null ? profile : settings.profile();
        EventDraft.Builder draft = EventDraft.builder(IncidentId.of(incident), Action.of(action))
                .level(Level.parse(level)).success(success).phase(phase).hypothesisId(hypothesis);
        if (recoveryMode != null) {
            draft.recoveryMode(RecoveryMode.parse(recoveryMode));
        }
        Substrate substrate = substrate(chosenProfile);
        // validate everything before the probes run: a bad flag must not cost the healer a whole deadline
        draft.phase(phase).build();

        try (Ledger ledger = openForWriting()) {
            Map<String, Object> extra = new LinkedHashMap<>();
            if (reason != null) {
                extra.put("reason", reason);
            }
            SnapshotRecorder.Taken taken = new SnapshotRecorder(ledger, substrate, runner()).take(draft, phase,
                    probing, extra, null);
            Event event = taken.event();
            ArtifactRef artifact = event.artifacts().get(0);
            publish(ledger, taken.recorded());
            Map<String, Object> line = new LinkedHashMap<>();
            line.put("incident_id", event.incidentId().value());
            line.put("phase", phase);
            line.put("seq", event.seq());
            line.put("event_id", event.eventId().toString());
            line.put("snapshot_file", ledger.artifactFile(artifact).toString());
            line.put("artifact_sha256", artifact.sha256());
            line.put("duration_ms", taken.snapshot().durationMs());
            line.put("signals", taken.signals());
            Output.json(out(), line);
        }
        return ExitCode.OK;
    }
}
