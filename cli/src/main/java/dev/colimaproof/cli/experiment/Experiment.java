package dev.colimaproof.cli.experiment;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.colimaproof.ledger.Ledger;
import dev.colimaproof.ledger.StorageException;
import dev.colimaproof.ledger.event.Action;
import dev.colimaproof.ledger.event.ArtifactRef;
import dev.colimaproof.ledger.event.Attachment;
import dev.colimaproof.ledger.event.Event;
import dev.colimaproof.ledger.event.EventDraft;
import dev.colimaproof.ledger.event.IncidentId;
import dev.colimaproof.ledger.event.Level;
import dev.colimaproof.ledger.event.RecoveryMode;
import dev.colimaproof.probes.Substrate;
import dev.colimaproof.probes.intervention.ColimaActions;
import dev.colimaproof.probes.intervention.InterventionException;
import dev.colimaproof.probes.intervention.InvariantWindow;
import dev.colimaproof.probes.intervention.UsernetReset;
import dev.colimaproof.probes.probe.ProbeContext;
import dev.colimaproof.probes.run.CommandResult;
import dev.colimaproof.probes.run.CommandRunner;
import dev.colimaproof.verdicts.catalog.Catalog;
import dev.colimaproof.verdicts.catalog.Hypothesis;
import dev.colimaproof.verdicts.rules.Verdict;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One recovery experiment: started, a snapshot before, the intervention, completed or failed, a snapshot after,
 * the post-invariant window (one event per pass), then a verdict for each hypothesis under test (an artifact and
 * an event naming the intervention as its cause). Every step is recorded before the next one runs, so an
 * experiment cut short by the healer's own timeout still leaves its trail.
 */
public final class Experiment {

    /** How to run it. */
    public record Plan(RecoveryMode mode, List<Hypothesis> hypotheses, Duration holdFor, String restartMode,
                       Duration verifyWait, int passes, Duration interval, Duration deadline, String reason) {
    }

    /** What came of it. */
    public record Outcome(Event started, boolean acted, InvariantWindow.Result window, List<Map<String, Object>> verdicts,
                          List<Event> recorded) {
    }

    private final Ledger ledger;
    private final Catalog catalog;
    private final Substrate substrate;
    private final CommandRunner runner;

    public Experiment(Ledger ledger, Catalog catalog, Substrate substrate, CommandRunner runner) {
        this.ledger = ledger;
        this.catalog = catalog;
        this.substrate = substrate;
        this.runner = runner;
    }

    public Outcome run(IncidentId incident, Plan plan) throws InterruptedException {
        List<Event> recorded = new ArrayList<>();
        RecoveryMode mode = plan.mode();
        Map<String, Object> startMeta = new LinkedHashMap<>();
        startMeta.put("hypotheses", plan.hypotheses().stream().map(Hypothesis::id).toList());
        if (plan.reason() != null) {
            startMeta.put("reason", plan.reason());
        }
        if (plan.restartMode() != null) {
            startMeta.put("restart_mode", plan.restartMode());
        }
        Event started = append(recorded, EventDraft.builder(incident, Action.recovery(mode, Action.RecoveryStage.STARTED))
                .level(mode == RecoveryMode.FORCE_CYCLE ? Level.WARN : Level.INFO).recoveryMode(mode)
                .metadata(startMeta).build());

        SnapshotRecorder snapshots = new SnapshotRecorder(ledger, substrate, runner);
        SnapshotRecorder.Taken before = snapshots.take(EventDraft.builder(incident, Action.SNAPSHOT)
                .recoveryMode(mode).causationId(started.eventId()), "pre-" + mode.word(), plan.deadline(), Map.of(),
                started.eventId());
        recorded.addAll(before.recorded());

        Map<String, Object> done = new LinkedHashMap<>();
        List<Attachment> attachments = new ArrayList<>();
        String failure = act(incident, plan, started, done, attachments, recorded);
        EventDraft.Builder end = EventDraft.builder(incident, Action.recovery(mode,
                        failure == null ? Action.RecoveryStage.COMPLETED : Action.RecoveryStage.FAILED))
                .level(failure == null ? Level.INFO : Level.ERROR).success(failure == null).recoveryMode(mode)
                .causationId(started.eventId()).metadata(done);
        if (failure != null) {
            end.metadata("reason", failure);
        }
        attachments.forEach(end::attach);
        append(recorded, end.build());

        if (!plan.verifyWait().isZero()) {
            Thread.sleep(plan.verifyWait().toMillis());
        }
        SnapshotRecorder.Taken after = snapshots.take(EventDraft.builder(incident, Action.SNAPSHOT)
                .recoveryMode(mode).causationId(started.eventId()), "post-" + mode.word(), plan.deadline(), Map.of(),
                started.eventId());
        recorded.addAll(after.recorded());

        InvariantWindow.Result window = InvariantWindow.run(new ProbeContext(substrate, runner), plan.passes(),
                plan.interval(), pass -> append(recorded, EventDraft.builder(incident, Action.POST_INVARIANT)
                        .level(pass.passed() ? Level.INFO : Level.WARN).success(pass.passed()).recoveryMode(mode)
                        .causationId(started.eventId()).metadata(Map.of("pass", pass.number(), "required",
                                plan.passes(), "checks", pass.checks())).build()));

        List<Map<String, Object>> verdicts = new ArrayList<>();
        for (Hypothesis h : plan.hypotheses()) {
            Verdict verdict = Verdict.decide(h, mode, before.signals(), after.signals(), window.passed());
            Map<String, Object> record = VerdictRecord.of(verdict, h, catalog.version(), before, after, window);
            EventDraft draft = EventDraft.builder(incident, Action.recovery(mode, Action.RecoveryStage.VERDICT))
                    .level(verdict.word().startsWith("supports_") ? Level.INFO : Level.WARN)
                    .success(verdict.word().startsWith("supports_")).hypothesisId(h.id()).recoveryMode(mode)
                    .causationId(started.eventId()).metadata(record)
                    .attach(new Attachment.Content("verdict", "verdict-" + mode.word() + ".json", json(record)))
                    .build();
            Event event = append(recorded, draft);
            Map<String, Object> printed = new LinkedHashMap<>(record);
            ArtifactRef artifact = event.artifacts().get(0);
            printed.put("incident_id", incident.value());
            printed.put("verdict_file", ledger.artifactFile(artifact).toString());
            printed.put("verdict_sha256", artifact.sha256());
            verdicts.add(printed);
        }
        return new Outcome(started, failure == null, window, verdicts, recorded);
    }

    /** Performs the intervention; returns why it failed, or null. */
    private String act(IncidentId incident, Plan plan, Event started, Map<String, Object> done,
                       List<Attachment> attachments, List<Event> recorded) throws InterruptedException {
        try {
            switch (plan.mode()) {
                case OBSERVE -> done.put("action", "none");
                case HOLD -> {
                    append(recorded, EventDraft.builder(incident, Action.HOLD_ENTERED).recoveryMode(plan.mode())
                            .causationId(started.eventId()).metadata("hold_for_s", plan.holdFor().toSeconds()).build());
                    Thread.sleep(plan.holdFor().toMillis());
                    append(recorded, EventDraft.builder(incident, Action.HOLD_RELEASED).recoveryMode(plan.mode())
                            .causationId(started.eventId()).build());
                    done.put("action", "held " + plan.holdFor().toSeconds() + " s");
                }
                case USERNET_ONLY -> {
                    UsernetReset.Result reset = UsernetReset.run(substrate, Duration.ofSeconds(3));
                    done.put("terminated_pids", reset.terminated());
                    done.put("killed_pids", reset.killed());
                    done.put("removed", reset.removed());
                    reset.logs().forEach((name, bytes) -> attachments.add(new Attachment.Content("log", name, bytes)));
                    String restart = plan.restartMode() == null ? "none" : plan.restartMode();
                    if (restart.equals("start")) {
                        return commands(done, ColimaActions.start(runner, substrate));
                    }
                    if (restart.equals("force-cycle")) {
                        return commands(done, ColimaActions.forceCycle(runner, substrate));
                    }
                }
                case GUEST_RESTART -> {
                    return commands(done, ColimaActions.guestRestart(runner, substrate));
                }
                case FORCE_CYCLE -> {
                    return commands(done, ColimaActions.forceCycle(runner, substrate));
                }
                default -> throw new IllegalStateException(plan.mode().word());
            }
            return null;
        } catch (InterventionException e) {
            return e.getMessage();
        }
    }

    private static String commands(Map<String, Object> done, List<CommandResult> results) {
        List<Map<String, Object>> ran = new ArrayList<>();
        String failure = null;
        for (CommandResult result : results) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("argv", result.argv());
            row.put("exit_code", result.exitCode());
            row.put("timed_out", result.timedOut());
            row.put("duration_ms", result.durationMs());
            ran.add(row);
            if (!result.succeeded() && failure == null) {
                failure = String.join(" ", result.argv()) + (result.timedOut() ? " timed out"
                        : result.error() != null ? ": " + result.error() : " exited " + result.exitCode());
            }
        }
        done.put("commands", ran);
        return failure;
    }

    private Event append(List<Event> recorded, EventDraft draft) {
        Event event = ledger.append(draft).event();
        recorded.add(event);
        return event;
    }

    private byte[] json(Map<String, Object> value) {
        try {
            return ledger.codec().mapper().writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new StorageException("cannot encode the verdict: " + e.getOriginalMessage(), e);
        }
    }
}
