package dev.colimaproof.cli.experiment;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.colimaproof.ledger.Ledger;
import dev.colimaproof.ledger.StorageException;
import dev.colimaproof.ledger.event.Action;
import dev.colimaproof.ledger.event.Attachment;
import dev.colimaproof.ledger.event.Event;
import dev.colimaproof.ledger.event.EventDraft;
import dev.colimaproof.ledger.event.Level;
import dev.colimaproof.probes.Substrate;
import dev.colimaproof.probes.run.CommandRunner;
import dev.colimaproof.probes.snapshot.Snapshot;
import dev.colimaproof.probes.snapshot.Snapshotter;
import dev.colimaproof.verdicts.rules.ContextSignals;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Takes a snapshot and records it: the artifact, the event (its signals with the journal's context signals added),
 * and, when the hostagent changed since the incident's previous snapshot with no recovery recorded in between, a
 * note of the restart that no event explains (it counts toward H3-healer).
 */
public final class SnapshotRecorder {

    /** The snapshot as recorded. */
    public record Taken(Event event, Snapshot snapshot, Map<String, Object> signals, List<Event> recorded) {
    }

    private final Ledger ledger;
    private final Substrate substrate;
    private final CommandRunner runner;

    public SnapshotRecorder(Ledger ledger, Substrate substrate, CommandRunner runner) {
        this.ledger = ledger;
        this.substrate = substrate;
        this.runner = runner;
    }

    /**
     * @param experiment the intervention this snapshot belongs to, whose own events are not context (or null)
     */
    public Taken take(EventDraft.Builder draft, String phase, Duration deadline, Map<String, Object> extra,
                      java.util.UUID experiment) {
        Instant edge = Instant.now();
        Snapshot snapshot = new Snapshotter(Snapshotter.defaultProbes()).take(substrate, runner, deadline);
        Map<String, Object> signals = new LinkedHashMap<>(snapshot.signals());
        List<Event> recent = ledger.eventsSince(edge.minus(ContextSignals.DEFAULT_LOOKBACK)).stream()
                .filter(e -> experiment == null || !(experiment.equals(e.eventId())
                        || experiment.equals(e.causationId()))).toList();
        signals.putAll(ContextSignals.at(recent, edge, ContextSignals.DEFAULT_LOOKBACK));
        byte[] json;
        try {
            json = ledger.codec().mapper().writeValueAsBytes(snapshot);
        } catch (JsonProcessingException e) {
            throw new StorageException("cannot encode the snapshot: " + e.getOriginalMessage(), e);
        }
        Map<String, Object> metadata = new LinkedHashMap<>(extra);
        metadata.put("signals", signals);
        metadata.put("snapshot_duration_ms", snapshot.durationMs());
        metadata.put("deadline_ms", snapshot.deadlineMs());
        EventDraft built = draft.phase(phase).metadata(metadata)
                .attach(new Attachment.Content("snapshot", phase + ".snapshot.json", json)).build();
        List<Event> before = ledger.incidentEvents(built.incidentId());
        Event event = ledger.append(built).event();
        List<Event> recorded = new ArrayList<>(List.of(event));
        unexplainedRestart(before, signals, event).ifPresent(note -> recorded.add(ledger.append(note).event()));
        return new Taken(event, snapshot, signals, recorded);
    }

    /** A note when the hostagent's pid or start time changed since the last snapshot with no recovery between. */
    private static java.util.Optional<EventDraft> unexplainedRestart(List<Event> before, Map<String, Object> now,
                                                                   Event current) {
        Map<?, ?> previous = null;
        Event previousEvent = null;
        boolean recovery = false;
        for (Event event : before) {
            if (event.metadata().get("signals") instanceof Map<?, ?> signals) {
                previous = signals;
                previousEvent = event;
                recovery = false;
            } else if (event.action().name().startsWith("infra.colima.recovery.")) {
                recovery = true;
            }
        }
        if (previous == null || recovery) {
            return java.util.Optional.empty();
        }
        Object oldPid = previous.get("hostagent.pid");
        Object newPid = now.get("hostagent.pid");
        Object oldStart = previous.get("hostagent.started");
        Object newStart = now.get("hostagent.started");
        boolean pidChanged = oldPid != null && newPid != null && !Objects.equals(String.valueOf(oldPid),
                String.valueOf(newPid));
        boolean restarted = oldStart != null && newStart != null && !oldStart.equals(newStart);
        if (!pidChanged && !restarted) {
            return java.util.Optional.empty();
        }
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("kind", ContextSignals.UNEXPLAINED_RESTART);
        metadata.put("reason", "the hostagent restarted between snapshots #" + previousEvent.seq() + " and #"
                + current.seq() + " with no recovery recorded");
        metadata.put("previous_pid", oldPid);
        metadata.put("pid", newPid);
        metadata.put("previous_started", oldStart);
        metadata.put("started", newStart);
        return java.util.Optional.of(EventDraft.builder(current.incidentId(), Action.NOTE).level(Level.WARN)
                .causationId(current.eventId()).metadata(metadata).build());
    }
}
