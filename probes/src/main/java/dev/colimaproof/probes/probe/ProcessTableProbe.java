package dev.colimaproof.probes.probe;

import dev.colimaproof.probes.Substrate;
import dev.colimaproof.probes.run.CommandResult;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The process table from {@code ps} (the same BSD-style options work on macOS and Linux), kept raw as evidence and
 * classified for this substrate: usernet daemons of this LIMA_HOME's user-v2 network, hostagents of this instance,
 * colima daemons, ssh control masters, vz/qemu. Matching is on argv words, never a substring search, and the probe
 * cannot match itself (it looks for argument lists, not for a pattern it passes to a tool).
 */
public final class ProcessTableProbe implements Probe {

    @Override
    public String name() {
        return "processes";
    }

    @Override
    public Duration timeout() {
        return Duration.ofSeconds(4);
    }

    @Override
    public Map<String, Object> collect(ProbeContext context, Duration budget) {
        CommandResult result = context.runner().run(
                List.of("ps", "axww", "-o", "pid=,ppid=,lstart=,command="), budget);
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("argv", result.argv());
        data.put("exit_code", result.exitCode());
        data.put("timed_out", result.timedOut());
        data.put("raw", context.mask(result.stdout()));
        List<ProcessEntry> entries = parse(result.stdout());
        Substrate substrate = context.substrate();
        Map<String, List<Map<String, Object>>> classified = new LinkedHashMap<>();
        for (ProcessKind kind : ProcessKind.values()) {
            classified.put(kind.key(), new ArrayList<>());
        }
        for (ProcessEntry entry : entries) {
            ProcessKind kind = ProcessKind.of(entry.argv(), substrate);
            if (kind != null) {
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("pid", entry.pid());
                row.put("ppid", entry.ppid());
                row.put("started", entry.started());
                row.put("command", context.mask(entry.command()));
                classified.get(kind.key()).add(row);
            }
        }
        data.put("count", entries.size());
        data.put("classified", classified);
        return data;
    }

    /** One row of {@code ps -o pid=,ppid=,lstart=,command=}. */
    public record ProcessEntry(long pid, long ppid, String started, String command, List<String> argv) {
    }

    public static List<ProcessEntry> parse(String psOutput) {
        List<ProcessEntry> entries = new ArrayList<>();
        for (String line : psOutput.split("\n")) {
            String[] words = line.trim().split("\\s+", 8);
            if (words.length < 8) {
                continue;
            }
            try {
                long pid = Long.parseLong(words[0]);
                long ppid = Long.parseLong(words[1]);
                String started = String.join(" ", words[2], words[3], words[4], words[5], words[6]);
                String command = words[7];
                entries.add(new ProcessEntry(pid, ppid, started, command, List.of(command.split("\\s+"))));
            } catch (NumberFormatException e) {
                // a header or a line ps wrapped: not a process row
            }
        }
        return entries;
    }
}
