package dev.colimaproof.cli;

import dev.colimaproof.ledger.InvalidInputException;
import dev.colimaproof.ledger.event.Printable;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations as operators write them: {@code 500ms}, {@code 10s}, {@code 15m}, {@code 2h}, or ISO-8601 {@code PT15M}. */
public final class Durations {

    private static final Pattern SHORT = Pattern.compile("(\\d{1,9})(ms|s|m|h|d)");

    private Durations() {
    }

    public static Duration parse(String text) {
        if (text != null) {
            Matcher m = SHORT.matcher(text.trim());
            if (m.matches()) {
                long n = Long.parseLong(m.group(1));
                return switch (m.group(2)) {
                    case "ms" -> Duration.ofMillis(n);
                    case "s" -> Duration.ofSeconds(n);
                    case "m" -> Duration.ofMinutes(n);
                    case "h" -> Duration.ofHours(n);
                    default -> Duration.ofDays(n);
                };
            }
            try {
                Duration parsed = Duration.parse(text.trim());
                if (!parsed.isNegative()) {
                    return parsed;
                }
            } catch (DateTimeParseException ignored) {
                // fall through to the error below
            }
        }
        throw new InvalidInputException("invalid duration " + Printable.quote(text)
                + ": use e.g. 500ms, 10s, 15m, 2h or PT15M");
    }
}
