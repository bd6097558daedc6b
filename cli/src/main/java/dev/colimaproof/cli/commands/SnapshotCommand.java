package dev.colimaproof.cli.commands;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.colimaproof.cli.Durations;
import dev.colimaproof.cli.ExitCode;
import dev.colimaproof.cli.Settings;
import dev.colimaproof.ledger.InvalidInputException;
import dev.colimaproof.ledger.Ledger;
import dev.colimaproof.ledger.event.Action;
import dev.colimaproof.ledger.event.ArtifactRef;
import dev.colimaproof.ledger.event.Attachment;
import dev.colimaproof.ledger.event.Event;
import dev.colimaproof.ledger.event.EventDraft;
import dev.colimaproof.ledger.event.IncidentId;
import dev.colimaproof.ledger.event.Level;
import dev.colimaproof.ledger.event.RecoveryMode;
import dev.colimaproof.probes.Substrate;
import dev.colimaproof.probes.run.CommandRunner;
import dev.colimaproof.probes.snapshot.Snapshot;
import dev.colimaproof.probes.snapshot.Snapshotter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code snapshot --incident ID --phase P}: every probe at once under one deadline, the snapshot stored as an
 * artifact, an event naming it, and one JSON line on stdout. A broken substrate is a successful snapshot.
 */
@Command(name = "snapshot", description = {"Capture the substrate's state into the incident (docs/probes.md).",
        "Prints one JSON line: incident_id, phase, snapshot_file, artifact_sha256, signals."})
public final class SnapshotCommand extends LedgerCommand {

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
    public Integer call() throws JsonProcessingException {
        Settings settings = settings();
        Duration limit = deadline != null ? Durations.parse(deadline) : settings.snapshotDeadline();
        if (limit.compareTo(Duration.ofMillis(500)) < 0 || limit.compareTo(Duration.ofMinutes(10)) > 0) {
            throw new InvalidInputException("--deadline must be between 500ms and 10m");
        }
        String chosenProfile = profile != null ? profile : settings.profile();
        EventDraft.Builder draft = EventDraft.builder(IncidentId.of(incident), Action.of(action))
                .level(Level.parse(level)).success(success).phase(phase).hypothesisId(hypothesis);
        if (recoveryMode != null) {
            draft.recoveryMode(RecoveryMode.parse(recoveryMode));
        }
        Substrate substrate;
        try {
            substrate = Substrate.fromEnvironment(settings.env(), chosenProfile, settings.healerStateFile(),
                    settings.ports(), settings.extraFiles());
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(e.getMessage());
        }
        // validate everything before the probes run: a bad flag must not cost the healer a whole deadline
        draft.build();

        Snapshot snapshot = new Snapshotter(Snapshotter.defaultProbes())
                .take(substrate, new CommandRunner(settings.env(), CommandRunner.DEFAULT_OUTPUT_CAP), limit);
        try (Ledger ledger = openForWriting()) {
            byte[] json = ledger.codec().mapper().writeValueAsBytes(snapshot);
            Map<String, Object> metadata = new LinkedHashMap<>();
            metadata.put("signals", snapshot.signals());
            metadata.put("snapshot_duration_ms", snapshot.durationMs());
            metadata.put("deadline_ms", snapshot.deadlineMs());
            if (reason != null) {
                metadata.put("reason", reason);
            }
            Event event = ledger.append(draft.metadata(metadata)
                    .attach(new Attachment.Content("snapshot", phase + ".snapshot.json", json)).build()).event();
            ArtifactRef artifact = event.artifacts().get(0);
            publish(ledger, List.of(event));
            Map<String, Object> line = new LinkedHashMap<>();
            line.put("incident_id", event.incidentId().value());
            line.put("phase", phase);
            line.put("seq", event.seq());
            line.put("event_id", event.eventId().toString());
            line.put("snapshot_file", ledger.artifactFile(artifact).toString());
            line.put("artifact_sha256", artifact.sha256());
            line.put("duration_ms", snapshot.durationMs());
            line.put("signals", snapshot.signals());
            Output.json(out(), line);
        }
        return ExitCode.OK;
    }
}
