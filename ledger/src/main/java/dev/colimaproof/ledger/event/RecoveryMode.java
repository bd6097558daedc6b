package dev.colimaproof.ledger.event;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import dev.colimaproof.ledger.InvalidInputException;

/**
 * The recovery experiments. The command line and the envelope use the dashed word ({@code usernet-only}, as in
 * ADR-0242); action names use the underscored token ({@code infra.colima.recovery.usernet_only.started}).
 */
public enum RecoveryMode {
    OBSERVE("observe"),
    HOLD("hold"),
    USERNET_ONLY("usernet-only"),
    GUEST_RESTART("guest-restart"),
    FORCE_CYCLE("force-cycle");

    private final String word;

    RecoveryMode(String word) {
        this.word = word;
    }

    @JsonValue
    public String word() {
        return word;
    }

    /** The token used inside action names. */
    public String actionToken() {
        return word.replace('-', '_');
    }

    @JsonCreator
    public static RecoveryMode parse(String text) {
        for (RecoveryMode mode : values()) {
            if (mode.word.equals(text) || mode.actionToken().equals(text)) {
                return mode;
            }
        }
        throw new InvalidInputException("invalid recovery mode " + Printable.quote(text)
                + ": use observe, hold, usernet-only, guest-restart or force-cycle");
    }
}
