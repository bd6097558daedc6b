package dev.colimaproof.probes.probe;

import dev.colimaproof.probes.run.CommandResult;

import java.util.LinkedHashMap;
import java.util.Map;

/** How a command's run appears in a snapshot: argv, exit code, timing, and its output with secrets masked. */
final class CommandData {

    private CommandData() {
    }

    static Map<String, Object> describe(ProbeContext context, CommandResult result) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("argv", result.argv());
        data.put("exit_code", result.exitCode());
        data.put("timed_out", result.timedOut());
        data.put("duration_ms", result.durationMs());
        data.put("stdout", context.mask(result.stdout()));
        data.put("stderr", context.mask(result.stderr()));
        data.put("truncated", result.truncated());
        data.put("error", result.error());
        return data;
    }
}
