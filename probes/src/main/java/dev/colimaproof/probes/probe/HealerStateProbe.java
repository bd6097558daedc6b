package dev.colimaproof.probes.probe;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The healer's state file ({@code KEY=value} lines, numbers only, e.g. {@code LAST_COLIMA_FORCE_CYCLE_EPOCH}):
 * the values, and for each {@code *_EPOCH} its age in seconds now.
 */
public final class HealerStateProbe implements Probe {

    private static final Pattern LINE = Pattern.compile("\\s*([A-Z][A-Z0-9_]{0,63})=\"?(-?\\d{1,19})\"?\\s*");

    @Override
    public String name() {
        return "healer_state";
    }

    @Override
    public Duration timeout() {
        return Duration.ofSeconds(1);
    }

    @Override
    public Map<String, Object> collect(ProbeContext context, Duration budget) throws IOException {
        Map<String, Object> data = new LinkedHashMap<>();
        Path file = context.substrate().healerStateFile();
        if (file == null) {
            data.put("configured", false);
            return data;
        }
        data.put("path", file.toString());
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            data.put("exists", false);
            return data;
        }
        data.put("exists", true);
        Map<String, Long> values = new LinkedHashMap<>();
        Map<String, Long> ages = new LinkedHashMap<>();
        int ignored = 0;
        long now = Instant.now().getEpochSecond();
        for (String line : Files.readAllLines(file)) {
            Matcher matcher = LINE.matcher(line);
            if (matcher.matches()) {
                long value = Long.parseLong(matcher.group(2));
                values.put(matcher.group(1), value);
                if (matcher.group(1).endsWith("_EPOCH") && value > 0) {
                    ages.put(matcher.group(1), now - value);
                }
            } else if (!line.isBlank() && !line.startsWith("#")) {
                ignored++;
            }
        }
        data.put("values", values);
        data.put("ages_s", ages);
        data.put("ignored_lines", ignored);
        return data;
    }
}
