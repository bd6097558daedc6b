package dev.colimaproof.verdicts.rules;

import dev.colimaproof.ledger.event.RecoveryMode;
import dev.colimaproof.verdicts.catalog.Hypothesis;

import java.util.Map;

/**
 * What an intervention says about one hypothesis, and why: the word, the rule that fired, and the facts it used.
 *
 * @param presentAfter null when the rule did not need it
 */
public record Verdict(String hypothesisId, RecoveryMode mode, String word, String rule, boolean presentBefore,
                      Boolean presentAfter, boolean windowPassed) {

    public static final String BROADER = "inconclusive_broader_recovery";
    public static final String MISSING_PRECONDITION = "missing_precondition";
    public static final String PARTIAL = "inconclusive_partial_improvement";

    public static String supports(Hypothesis h) {
        return "supports_" + h.token();
    }

    public static String doesNotSupport(Hypothesis h) {
        return "does_not_support_" + h.token();
    }

    /**
     * The verdict rules of docs/verdicts.md, generalising ADR-0242's usernet verdict. {@code before} and
     * {@code after} are the signals of the snapshots taken around the intervention (plus the ledger's context
     * signals at the failure edge); {@code windowPassed} is the post-invariant window's outcome.
     */
    public static Verdict decide(Hypothesis h, RecoveryMode mode, Map<String, Object> before,
                                 Map<String, Object> after, boolean windowPassed) {
        boolean present = h.presentWhen().holds(before);
        if (mode == RecoveryMode.FORCE_CYCLE) {
            return new Verdict(h.id(), mode, BROADER, "force-cycle restarts the whole VM, broader than the "
                    + h.layer() + " layer", present, null, windowPassed);
        }
        if (!h.selectiveModes().contains(mode)) {
            throw new IllegalArgumentException(mode.word() + " is not a selective mode of " + h.id());
        }
        if (!present) {
            return new Verdict(h.id(), mode, MISSING_PRECONDITION, h.id() + " was not present before", false, null,
                    windowPassed);
        }
        if (h.test() == Hypothesis.Test.RESTRAINT) {
            return windowPassed
                    ? new Verdict(h.id(), mode, supports(h), "restraint: the window passed with nothing done", true,
                    null, true)
                    : new Verdict(h.id(), mode, doesNotSupport(h), "restraint: the window failed with nothing done",
                    true, null, false);
        }
        boolean faultAfter = h.presentWhen().holds(after);
        if (!faultAfter && windowPassed) {
            return new Verdict(h.id(), mode, supports(h), "state: the fault is gone and the window passed", true,
                    false, true);
        }
        if (faultAfter && !windowPassed) {
            return new Verdict(h.id(), mode, doesNotSupport(h), "state: the fault is still there and the window "
                    + "failed", true, true, false);
        }
        return new Verdict(h.id(), mode, PARTIAL, faultAfter ? "state: service returned but the fault is still there"
                : "state: the fault cleared but service did not return", true, faultAfter, windowPassed);
    }
}
