package dev.colimaproof.probes.probe;

import dev.colimaproof.probes.Substrate;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The pid files Lima decides status from: {@code ha.pid}, {@code vz.pid} or {@code qemu.pid}, and
 * {@code usernet_user-v2.pid}. For each: the pid, whether it is alive, and whether it is the process it should be
 * (a pid file naming a dead or reused pid is the classic stale-state failure).
 */
public final class PidFilesProbe implements Probe {

    @Override
    public String name() {
        return "pid_files";
    }

    @Override
    public Duration timeout() {
        return Duration.ofSeconds(2);
    }

    @Override
    public Map<String, Object> collect(ProbeContext context, Duration budget) {
        Substrate substrate = context.substrate();
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("ha", describe(substrate.instanceDir().resolve("ha.pid"), ProcessKind.HOSTAGENT, substrate));
        data.put("vz", describe(substrate.instanceDir().resolve("vz.pid"), ProcessKind.HOSTAGENT, substrate));
        data.put("qemu", describe(substrate.instanceDir().resolve("qemu.pid"), ProcessKind.VM, substrate));
        data.put("usernet", describe(substrate.usernetPidFile(), ProcessKind.USERNET, substrate));
        return data;
    }

    private static Map<String, Object> describe(Path file, ProcessKind expected, Substrate substrate) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("path", file.toString());
        boolean exists = Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS);
        data.put("exists", exists);
        if (!exists) {
            return data;
        }
        Long pid = null;
        try {
            String text = Files.readString(file).trim();
            pid = Long.parseLong(text.length() > 20 ? "x" : text);
        } catch (java.io.IOException | NumberFormatException e) {
            data.put("error", "not a pid");
        }
        data.put("pid", pid);
        if (pid == null) {
            return data;
        }
        Optional<ProcessHandle> process = ProcessHandle.of(pid);
        boolean alive = process.isPresent() && process.get().isAlive();
        data.put("alive", alive);
        if (alive) {
            List<String> argv = argv(process.get());
            data.put("matches", !argv.isEmpty() && ProcessKind.of(argv, substrate) == expected);
        } else {
            data.put("matches", false);
        }
        return data;
    }

    /** The process's argument list; on Linux read exactly from /proc (arguments may hold spaces). */
    public static List<String> argv(ProcessHandle process) {
        Path cmdline = Path.of("/proc", String.valueOf(process.pid()), "cmdline");
        try {
            if (Files.isReadable(cmdline)) {
                String raw = Files.readString(cmdline);
                return Arrays.stream(raw.split("\u0000")).filter(s -> !s.isEmpty()).toList();
            }
        } catch (java.io.IOException | RuntimeException e) {
            // fall back to what the JDK knows
        }
        return process.info().commandLine().map(line -> List.of(line.split("\\s+"))).orElse(List.of());
    }
}
