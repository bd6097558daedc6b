package dev.colimaproof.probes.probe;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.colimaproof.probes.run.CommandResult;
import dev.colimaproof.probes.text.Logrus;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** {@code colima status --json} (with {@code --profile} unless default): advisory, and it hangs when the VM does. */
public final class ColimaStatusProbe implements Probe {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    public String name() {
        return "colima_status";
    }

    @Override
    public Duration timeout() {
        return Duration.ofSeconds(8);
    }

    @Override
    public Map<String, Object> collect(ProbeContext context, Duration budget) {
        List<String> argv = new ArrayList<>(List.of("colima", "status", "--json"));
        if (!context.substrate().profile().equals("default")) {
            argv.addAll(List.of("--profile", context.substrate().profile()));
        }
        CommandResult result = context.runner().run(argv, budget);
        Map<String, Object> data = CommandData.describe(context, result);
        Object parsed = null;
        String out = result.stdout().strip();
        if (!out.isEmpty()) {
            try {
                parsed = JSON.readValue(out.lines().findFirst().orElse(""), Map.class);
            } catch (java.io.IOException e) {
                data.put("parse_error", "stdout is not JSON");
            }
        }
        data.put("status", parsed);
        String fatal = null;
        for (String line : result.stderr().split("\n")) {
            var entry = Logrus.parseText(line);
            if (entry.isPresent() && entry.get().level().equals("fatal")) {
                fatal = entry.get().msg();
            }
        }
        data.put("fatal", fatal);
        return data;
    }
}
