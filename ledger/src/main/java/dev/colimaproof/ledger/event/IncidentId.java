package dev.colimaproof.ledger.event;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import dev.colimaproof.ledger.InvalidInputException;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.random.RandomGenerator;
import java.util.regex.Pattern;

/**
 * An incident's id. It names a folder under incidents/, so only a conservative set of characters is accepted:
 * no separators, no leading dot, at most 128 characters.
 */
public record IncidentId(@JsonValue String value) implements Comparable<IncidentId> {

    private static final Pattern ALLOWED = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");
    private static final DateTimeFormatter STAMP =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    public IncidentId {
        if (value == null || !ALLOWED.matcher(value).matches()) {
            throw new InvalidInputException("invalid incident id " + Printable.quote(value)
                    + ": use YYYYMMDDTHHMMSSZ-<12 hex> or 1-128 of [A-Za-z0-9._-], starting with a letter or digit");
        }
    }

    @JsonCreator
    public static IncidentId of(String value) {
        return new IncidentId(value);
    }

    /** A fresh id in the generated form {@code YYYYMMDDTHHMMSSZ-<12 hex>}. */
    public static IncidentId generate(Instant at, RandomGenerator random) {
        byte[] suffix = new byte[6];
        random.nextBytes(suffix);
        return new IncidentId(STAMP.format(at) + "-" + HexFormat.of().formatHex(suffix));
    }

    @Override
    public int compareTo(IncidentId other) {
        return value.compareTo(other.value);
    }

    @Override
    public String toString() {
        return value;
    }
}
