package dev.colimaproof.cli.commands;

import dev.colimaproof.cli.ExitCode;
import dev.colimaproof.ledger.InvalidInputException;
import dev.colimaproof.ledger.Ledger;
import dev.colimaproof.ledger.event.Action;
import dev.colimaproof.ledger.event.Attachment;
import dev.colimaproof.ledger.event.Event;
import dev.colimaproof.ledger.event.EventDraft;
import dev.colimaproof.ledger.event.IncidentId;
import dev.colimaproof.ledger.event.Level;
import dev.colimaproof.ledger.event.Printable;
import dev.colimaproof.ledger.event.RecoveryMode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

/** {@code record ACTION --incident ID ...}: append one event, with optional metadata and attached files. */
@Command(name = "record", description = "Append one event to an incident.")
public final class RecordCommand extends LedgerCommand {

    private static final Pattern META_KEY = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,63}");

    @Parameters(index = "0", paramLabel = "ACTION", description = "The action (infra.colima.* or x.*).")
    String action;

    @Option(names = {"--incident", "--incident-id"}, required = true, paramLabel = "ID")
    String incident;

    @Option(names = "--level", defaultValue = "info", description = "debug, info, warn, error or fatal.")
    String level;

    @Option(names = "--success", arity = "1", defaultValue = "true", paramLabel = "true|false")
    boolean success;

    @Option(names = "--reason", description = "Why (stored as metadata.reason).")
    String reason;

    @Option(names = "--meta", paramLabel = "KEY=VALUE", description = "Metadata, repeatable.")
    List<String> meta = new ArrayList<>();

    @Option(names = "--attach", paramLabel = "FILE", description = "A file to store as an artifact, repeatable.")
    List<Path> attach = new ArrayList<>();

    @Option(names = "--phase")
    String phase;

    @Option(names = {"--hypothesis", "--hypothesis-id"}, paramLabel = "H")
    String hypothesis;

    @Option(names = "--recovery-mode", paramLabel = "MODE")
    String recoveryMode;

    @Option(names = "--event-id", paramLabel = "UUID",
            description = "Choose the event id; a retry with the same id is recorded once.")
    String eventId;

    @Option(names = "--causation-id", paramLabel = "UUID", description = "The event this one answers.")
    String causationId;

    @Override
    public Integer call() {
        EventDraft.Builder draft = EventDraft.builder(IncidentId.of(incident), Action.of(action))
                .level(Level.parse(level))
                .success(success)
                .phase(phase)
                .hypothesisId(hypothesis)
                .metadata(metadata());
        if (recoveryMode != null) {
            draft.recoveryMode(RecoveryMode.parse(recoveryMode));
        }
        if (eventId != null) {
            draft.eventId(uuid("--event-id", eventId));
        }
        if (causationId != null) {
            draft.causationId(uuid("--causation-id", causationId));
        }
        for (Path file : attach) {
            draft.attach(new Attachment.CopyOf("attachment", Attachment.safeName(file), file));
        }
        EventDraft built = draft.build();
        try (Ledger ledger = openForWriting()) {
            Ledger.Recorded recorded = ledger.append(built);
            Event event = recorded.event();
            if (!recorded.duplicate()) {
                publish(ledger, List.of(event));
            }
            if (json()) {
                Map<String, Object> result = new LinkedHashMap<>();
                result.put("duplicate", recorded.duplicate());
                result.put("event", event);
                Output.json(out(), result);
            } else {
                out().printf("%s %s #%d %s%s%n", recorded.duplicate() ? "already recorded" : "recorded",
                        event.incidentId(), event.seq(), event.action(),
                        event.artifacts().isEmpty() ? "" : " (" + event.artifacts().size() + " artifacts)");
            }
        }
        return ExitCode.OK;
    }

    private Map<String, Object> metadata() {
        Map<String, Object> values = new LinkedHashMap<>();
        Set<String> seen = new HashSet<>();
        for (String pair : meta) {
            int eq = pair.indexOf('=');
            if (eq < 0) {
                throw new InvalidInputException("--meta " + Printable.quote(pair) + " has no '=': use KEY=VALUE");
            }
            String key = pair.substring(0, eq);
            if (!META_KEY.matcher(key).matches()) {
                throw new InvalidInputException("--meta key " + Printable.quote(key)
                        + " is invalid: use 1-64 of [A-Za-z0-9_.-]");
            }
            if (!seen.add(key) || (key.equals("reason") && reason != null)) {
                throw new InvalidInputException("--meta key '" + key + "' is given twice");
            }
            values.put(key, pair.substring(eq + 1));
        }
        if (reason != null) {
            values.put("reason", reason);
        }
        return values;
    }

    private static UUID uuid(String option, String text) {
        try {
            UUID parsed = UUID.fromString(text);
            if (parsed.toString().equalsIgnoreCase(text)) {
                return parsed;
            }
        } catch (IllegalArgumentException ignored) {
            // reported below
        }
        throw new InvalidInputException(option + " " + Printable.quote(text) + " is not a UUID");
    }
}
