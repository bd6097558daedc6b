package dev.colimaproof.ledger.event;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import dev.colimaproof.ledger.InvalidInputException;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The stable event name. Only the vocabulary below is accepted, plus user names under {@code x.}: a typo must
 * not create a new kind of event that no projection knows.
 */
public record Action(@JsonValue String name) {

    private static final String PREFIX = "infra.colima.";
    private static final Pattern USER = Pattern.compile("x\\.[A-Za-z0-9][A-Za-z0-9._-]{0,127}");
    // initialised before the constants below, whose construction checks it
    private static final Set<String> VOCABULARY = vocabulary();

    public static final Action INCIDENT_OPENED = new Action(PREFIX + "incident.opened");
    public static final Action INCIDENT_CLOSED = new Action(PREFIX + "incident.closed");
    public static final Action FAILURE_DETECTED = new Action(PREFIX + "failure.detected");
    public static final Action SNAPSHOT = new Action(PREFIX + "snapshot");
    public static final Action HOLD_ENTERED = new Action(PREFIX + "hold.entered");
    public static final Action HOLD_RELEASED = new Action(PREFIX + "hold.released");
    public static final Action POST_INVARIANT = new Action(PREFIX + "post_invariant");
    public static final Action GATE_FORCE_CYCLE = new Action(PREFIX + "gate.force_cycle");
    public static final Action NOTE = new Action(PREFIX + "note");

    /** The stages of a recovery, each an action per mode. */
    public enum RecoveryStage { STARTED, COMPLETED, FAILED, VERDICT }

    public Action {
        if (name == null || !(VOCABULARY.contains(name) || USER.matcher(name).matches())) {
            throw new InvalidInputException("unknown action " + Printable.quote(name)
                    + ": use one of the infra.colima.* actions (see docs/events.md) or a user name under x.");
        }
    }

    @JsonCreator
    public static Action of(String name) {
        return new Action(name);
    }

    public static Action recovery(RecoveryMode mode, RecoveryStage stage) {
        return new Action(recoveryName(mode, stage));
    }

    /** Every built-in action name, in a stable order (for documentation and completion). */
    public static List<String> vocabularyNames() {
        return List.copyOf(VOCABULARY);
    }

    private static String recoveryName(RecoveryMode mode, RecoveryStage stage) {
        return PREFIX + "recovery." + mode.actionToken() + "." + stage.name().toLowerCase(java.util.Locale.ROOT);
    }

    private static Set<String> vocabulary() {
        List<String> names = new ArrayList<>(List.of(
                PREFIX + "incident.opened", PREFIX + "incident.closed", PREFIX + "failure.detected",
                PREFIX + "snapshot", PREFIX + "hold.entered", PREFIX + "hold.released",
                PREFIX + "post_invariant", PREFIX + "gate.force_cycle", PREFIX + "note"));
        for (RecoveryMode mode : RecoveryMode.values()) {
            for (RecoveryStage stage : RecoveryStage.values()) {
                names.add(recoveryName(mode, stage));
            }
        }
        return Collections.unmodifiableSet(new LinkedHashSet<>(names));
    }

    @Override
    public String toString() {
        return name;
    }
}
