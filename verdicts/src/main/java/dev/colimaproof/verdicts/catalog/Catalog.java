package dev.colimaproof.verdicts.catalog;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.colimaproof.ledger.InvalidInputException;
import dev.colimaproof.ledger.Sha256;
import dev.colimaproof.ledger.event.RecoveryMode;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The hypotheses, as data: a default built in (default-catalog.json), which a user file replaces
 * ({@code "mode": "replace"}) or extends ({@code "mode": "extend"}: same ids override). A bad file is refused with
 * its name, the line and the reason. The version (a hash of the catalog files) is recorded with every verdict.
 */
public record Catalog(String version, Map<String, Hypothesis> hypotheses) {

    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .build();

    public Catalog {
        hypotheses = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(hypotheses));
    }

    public static Catalog defaults() {
        byte[] bytes = defaultBytes();
        return new Catalog(version(bytes), index(parse(bytes, "default-catalog.json").hypotheses()));
    }

    /** The default catalog, replaced or extended by {@code userFile} when given. */
    public static Catalog load(Path userFile) {
        if (userFile == null) {
            return defaults();
        }
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(userFile);
        } catch (IOException e) {
            throw new InvalidInputException("cannot read catalog " + userFile + ": " + e.getMessage());
        }
        CatalogFile file = parse(bytes, userFile.toString());
        Map<String, Hypothesis> merged = new LinkedHashMap<>();
        if (file.extend()) {
            merged.putAll(defaults().hypotheses());
        }
        merged.putAll(index(file.hypotheses()));
        byte[] both = new byte[defaultBytes().length + bytes.length];
        System.arraycopy(defaultBytes(), 0, both, 0, defaultBytes().length);
        System.arraycopy(bytes, 0, both, defaultBytes().length, bytes.length);
        return new Catalog(version(both), merged);
    }

    public Optional<Hypothesis> get(String id) {
        return Optional.ofNullable(hypotheses.get(id));
    }

    public Collection<Hypothesis> all() {
        return hypotheses.values();
    }

    private static Map<String, Hypothesis> index(List<Hypothesis> list) {
        Map<String, Hypothesis> byId = new LinkedHashMap<>();
        list.forEach(h -> byId.put(h.id(), h));
        return byId;
    }

    private static String version(byte[] bytes) {
        return Sha256.hex(bytes).substring(0, 12);
    }

    private static byte[] defaultBytes() {
        try (InputStream in = Catalog.class.getResourceAsStream("default-catalog.json")) {
            if (in == null) {
                throw new IllegalStateException("default-catalog.json is missing from the build");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the default catalog", e);
        }
    }

    private static CatalogFile parse(byte[] bytes, String name) {
        try {
            return JSON.readValue(bytes, CatalogFile.class);
        } catch (JsonProcessingException e) {
            String line = e.getLocation() == null ? "?" : String.valueOf(e.getLocation().getLineNr());
            Throwable cause = e.getCause() instanceof IllegalArgumentException invalid ? invalid : e;
            String reason = cause == e ? e.getOriginalMessage() : cause.getMessage();
            throw new InvalidInputException("catalog " + name + " line " + line + ": "
                    + reason.lines().findFirst().orElse(reason));
        } catch (IOException e) {
            throw new InvalidInputException("cannot read catalog " + name + ": " + e.getMessage());
        }
    }

    /** The file form. */
    private record CatalogFile(boolean extend, List<Hypothesis> hypotheses) {
        @JsonCreator
        static CatalogFile of(@JsonProperty("mode") String mode,
                              @JsonProperty(value = "hypotheses", required = true) List<HypothesisSpec> specs) {
            if (mode != null && !mode.equals("replace") && !mode.equals("extend")) {
                throw new IllegalArgumentException("mode must be replace or extend, not '" + mode + "'");
            }
            List<Hypothesis> hypotheses = new ArrayList<>();
            for (HypothesisSpec spec : specs) {
                if (hypotheses.stream().anyMatch(h -> h.id().equals(spec.hypothesis().id()))) {
                    throw new IllegalArgumentException("hypothesis " + spec.hypothesis().id() + " appears twice");
                }
                hypotheses.add(spec.hypothesis());
            }
            return new CatalogFile("extend".equals(mode), hypotheses);
        }
    }

    private record HypothesisSpec(Hypothesis hypothesis) {
        @JsonCreator
        static HypothesisSpec of(@JsonProperty(value = "id", required = true) String id,
                                 @JsonProperty(value = "layer", required = true) String layer,
                                 @JsonProperty(value = "test", required = true) String test,
                                 @JsonProperty("description") String description,
                                 @JsonProperty(value = "present_when", required = true) ConditionSpec presentWhen,
                                 @JsonProperty(value = "selective_modes", required = true) List<String> modes) {
            Hypothesis.Test kind;
            try {
                kind = Hypothesis.Test.valueOf(test.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("test must be state or restraint, not '" + test + "'");
            }
            List<RecoveryMode> selective = new ArrayList<>();
            for (String mode : modes) {
                try {
                    selective.add(RecoveryMode.parse(mode));
                } catch (InvalidInputException e) {
                    throw new IllegalArgumentException(e.getMessage());
                }
            }
            return new HypothesisSpec(new Hypothesis(id, layer, kind, description == null ? "" : description,
                    presentWhen.condition(), selective));
        }
    }

    private record ConditionSpec(Condition condition) {
        @JsonCreator
        static ConditionSpec of(@JsonProperty("signal") String signal, @JsonProperty("op") String op,
                                @JsonProperty("value") Object value, @JsonProperty("any") List<ConditionSpec> any,
                                @JsonProperty("all") List<ConditionSpec> all) {
            int forms = (signal != null ? 1 : 0) + (any != null ? 1 : 0) + (all != null ? 1 : 0);
            if (forms != 1) {
                throw new IllegalArgumentException("a condition is one of {signal, op, value}, {any: [...]} or "
                        + "{all: [...]}");
            }
            if (any != null || all != null) {
                List<ConditionSpec> parts = any != null ? any : all;
                return new ConditionSpec(new Condition.Group(all != null,
                        parts.stream().map(ConditionSpec::condition).toList()));
            }
            if (op == null) {
                throw new IllegalArgumentException("condition on " + signal + " has no op");
            }
            return new ConditionSpec(new Condition.Compare(signal, Condition.Op.parse(op), value));
        }
    }
}
