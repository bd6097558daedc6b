package dev.colimaproof.probes.text;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Lima and Colima log through logrus: the hostagent's ha.stderr.log in its JSON form ({"level","msg","time",...}),
 * limactl's and colima's stderr and the usernet log in its text form ({@code time="..." level=warning msg="..."
 * key="..."}). Lines that are neither are kept as they are by callers, never dropped.
 */
public final class Logrus {

    private static final ObjectMapper JSON = new ObjectMapper();
    // key=value or key="quoted \"value\""
    private static final Pattern FIELD = Pattern.compile("([A-Za-z_][A-Za-z0-9_.-]*)=(\"((?:[^\"\\\\]|\\\\.)*)\"|(\\S*))");

    /** One entry: level, message, time, and the other fields. */
    public record Entry(String level, String msg, String time, Map<String, String> fields) {
    }

    private Logrus() {
    }

    public static Optional<Entry> parseJson(String line) {
        if (!line.startsWith("{")) {
            return Optional.empty();
        }
        try {
            JsonNode node = JSON.readTree(line);
            if (node == null || !node.isObject() || !node.has("msg")) {
                return Optional.empty();
            }
            Map<String, String> fields = new LinkedHashMap<>();
            node.fields().forEachRemaining(field -> {
                if (!field.getKey().equals("level") && !field.getKey().equals("msg") && !field.getKey().equals("time")) {
                    fields.put(field.getKey(), field.getValue().isTextual() ? field.getValue().asText()
                            : field.getValue().toString());
                }
            });
            return Optional.of(new Entry(node.path("level").asText(""), node.path("msg").asText(""),
                    node.path("time").asText(""), fields));
        } catch (java.io.IOException e) {
            return Optional.empty(); // truncated or not JSON
        }
    }

    public static Optional<Entry> parseText(String line) {
        Matcher matcher = FIELD.matcher(line);
        Map<String, String> fields = new LinkedHashMap<>();
        while (matcher.find()) {
            String value = matcher.group(3) != null ? unescape(matcher.group(3)) : matcher.group(4);
            fields.put(matcher.group(1), value);
        }
        if (!fields.containsKey("level") || !fields.containsKey("msg")) {
            return Optional.empty();
        }
        String level = fields.remove("level");
        String msg = fields.remove("msg");
        String time = fields.remove("time");
        return Optional.of(new Entry(level, msg, time == null ? "" : time, fields));
    }

    private static String unescape(String quoted) {
        StringBuilder out = new StringBuilder(quoted.length());
        for (int i = 0; i < quoted.length(); i++) {
            char c = quoted.charAt(i);
            if (c == '\\' && i + 1 < quoted.length()) {
                char next = quoted.charAt(++i);
                out.append(next == 'n' ? '\n' : next == 't' ? '\t' : next);
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
