package dev.colimaproof.cli.commands;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.colimaproof.ledger.event.EventCodec;

import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;

/** How commands print: JSON objects through Jackson, and the few formats human output shares. */
final class Output {

    // the event codec's conventions: sorted keys, RFC 3339 microsecond timestamps
    private static final ObjectMapper JSON = new EventCodec().mapper();

    private Output() {
    }

    static void json(PrintWriter out, Object value) {
        try {
            out.println(JSON.writeValueAsString(value));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON output", e);
        }
        out.flush();
    }

    static String time(Instant at) {
        return EventCodec.formatInstant(at);
    }

    /** {@code +1.234s}, {@code +2m03s}, {@code +1h02m} */
    static String delta(Duration d) {
        long millis = d.toMillis();
        String sign = millis < 0 ? "-" : "+";
        millis = Math.abs(millis);
        if (millis < 60_000) {
            return String.format("%s%d.%03ds", sign, millis / 1000, millis % 1000);
        }
        long seconds = millis / 1000;
        if (seconds < 3600) {
            return String.format("%s%dm%02ds", sign, seconds / 60, seconds % 60);
        }
        return String.format("%s%dh%02dm", sign, seconds / 3600, seconds / 60 % 60);
    }
}
