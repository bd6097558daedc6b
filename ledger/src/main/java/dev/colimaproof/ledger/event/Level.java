package dev.colimaproof.ledger.event;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import dev.colimaproof.ledger.InvalidInputException;

import java.util.Locale;

/** Severity of an event, in the words of the healer's telemetry (debug, info, warn, error, fatal). */
public enum Level {
    DEBUG, INFO, WARN, ERROR, FATAL;

    @JsonValue
    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static Level parse(String word) {
        if (word != null) {
            for (Level level : values()) {
                if (level.word().equals(word.toLowerCase(Locale.ROOT))) {
                    return level;
                }
            }
        }
        throw new InvalidInputException("invalid level " + Printable.quote(word)
                + ": use debug, info, warn, error or fatal");
    }
}
