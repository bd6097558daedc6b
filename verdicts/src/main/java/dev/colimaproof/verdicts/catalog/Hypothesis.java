package dev.colimaproof.verdicts.catalog;

import dev.colimaproof.ledger.event.RecoveryMode;

import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A root-cause hypothesis: where it lives, how it is tested, when its fault is present, and which interventions
 * target only its layer. A state hypothesis blames a fault the selective intervention removes; a restraint
 * hypothesis blames an action, and its selective intervention withholds it.
 */
public record Hypothesis(String id, String layer, Test test, String description, Condition presentWhen,
                         List<RecoveryMode> selectiveModes) {

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    public enum Test { STATE, RESTRAINT }

    public Hypothesis {
        if (id == null || !ID.matcher(id).matches()) {
            throw new IllegalArgumentException("invalid hypothesis id '" + id + "'");
        }
        Objects.requireNonNull(layer, "layer");
        Objects.requireNonNull(test, "test");
        Objects.requireNonNull(presentWhen, "present_when");
        selectiveModes = List.copyOf(selectiveModes);
        if (selectiveModes.contains(RecoveryMode.FORCE_CYCLE)) {
            throw new IllegalArgumentException("force-cycle is broader than any layer: it cannot be selective");
        }
    }

    /** The id as a verdict word: lower case, {@code -} as {@code _} ({@code h1_usernet}). */
    public String token() {
        return id.toLowerCase(java.util.Locale.ROOT).replace('-', '_').replace('.', '_');
    }

    public boolean testable() {
        return !selectiveModes.isEmpty();
    }
}
