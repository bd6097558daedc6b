package dev.colimaproof.ledger.event;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import dev.colimaproof.ledger.InvalidInputException;
import dev.colimaproof.ledger.Sha256;

import java.io.IOException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.TreeMap;

/**
 * Turns events into the bytes the journal stores and back. The stored form is canonical JSON: UTF-8, no
 * whitespace, object keys sorted at every depth, timestamps as RFC 3339 UTC with microseconds. An entry's hash is
 * the SHA-256 of the canonical form of the entry without its {@code hash} field, so it can be re-derived from the
 * stored bytes alone, whatever version of this code wrote them.
 */
public final class EventCodec {

    /** The {@code prev_hash} of the journal's first entry. */
    public static final String GENESIS = "0".repeat(64);

    private static final TypeReference<TreeMap<String, Object>> TREE = new TypeReference<>() {
    };
    private static final DateTimeFormatter MICROS =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);

    private final ObjectMapper mapper;

    public EventCodec() {
        SimpleModule time = new SimpleModule("colima-proof-time");
        time.addSerializer(Instant.class, new InstantSerializer());
        time.addDeserializer(Instant.class, new InstantDeserializer());
        this.mapper = JsonMapper.builder()
                .addModule(time)
                .enable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
                .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .build();
    }

    /** The mapper with this codec's conventions, for other JSON the ledger writes (reports, artifacts). */
    public ObjectMapper mapper() {
        return mapper;
    }

    /** A sealed entry: the canonical bytes to store and the hash they carry. */
    public record Sealed(Event event, byte[] bytes) {
    }

    /**
     * Computes the hash of an entry that has everything but its hash, and returns the bytes to store. The entry is
     * decoded back from those bytes, so the caller holds exactly what a reader will see.
     */
    public Sealed seal(Event unsealed) {
        try {
            TreeMap<String, Object> tree = mapper.readValue(mapper.writeValueAsBytes(unsealed.withHash(null)), TREE);
            String hash = Sha256.hex(mapper.writeValueAsBytes(tree));
            tree.put("hash", hash);
            byte[] stored = mapper.writeValueAsBytes(tree);
            return new Sealed(decode(stored), stored);
        } catch (IOException e) {
            throw new InvalidInputException("event cannot be encoded: " + e.getMessage(), e);
        }
    }

    /** The hash an entry's stored bytes should carry: re-derived, not read from the {@code hash} field. */
    public String rederiveHash(byte[] stored) {
        try {
            TreeMap<String, Object> tree = mapper.readValue(stored, TREE);
            tree.remove("hash");
            return Sha256.hex(mapper.writeValueAsBytes(tree));
        } catch (IOException e) {
            throw new InvalidInputException("entry is not JSON: " + firstLine(e), e);
        }
    }

    public Event decode(byte[] stored) {
        Event event;
        try {
            // one pass straight into the record; fields a later version added are ignored here and stay hashed
            event = mapper.readValue(stored, Event.class);
        } catch (com.fasterxml.jackson.databind.exc.ValueInstantiationException e) {
            Throwable cause = e.getCause() instanceof InvalidInputException invalid ? invalid : e;
            throw new InvalidInputException("entry is not a valid event: " + firstLine(cause), e);
        } catch (IOException e) {
            throw new InvalidInputException("entry is not a valid event: " + firstLine(e), e);
        }
        if (event.schema() < 1) {
            throw new InvalidInputException("entry has no valid schema version");
        }
        if (event.schema() > Event.SCHEMA) {
            throw new InvalidInputException("entry has schema " + event.schema() + ", newer than this colima-proof ("
                    + Event.SCHEMA + "): upgrade to read it");
        }
        return event;
    }

    public static String formatInstant(Instant at) {
        return MICROS.format(at);
    }

    /** Parses RFC 3339 with any offset; the ledger keeps microseconds. */
    public static Instant parseInstant(String text) {
        try {
            return OffsetDateTime.parse(text).toInstant().truncatedTo(ChronoUnit.MICROS);
        } catch (DateTimeParseException | NullPointerException e) {
            throw new InvalidInputException("invalid time " + Printable.quote(text)
                    + ": use RFC 3339, e.g. 2026-12-03T16:15:00Z");
        }
    }

    private static String firstLine(Throwable e) {
        String message = String.valueOf(e.getMessage());
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }

    private static final class InstantSerializer extends JsonSerializer<Instant> {
        @Override
        public void serialize(Instant value, JsonGenerator gen, SerializerProvider serializers) throws IOException {
            gen.writeString(formatInstant(value));
        }
    }

    private static final class InstantDeserializer extends JsonDeserializer<Instant> {
        @Override
        public Instant deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            return parseInstant(p.getValueAsString());
        }
    }
}
