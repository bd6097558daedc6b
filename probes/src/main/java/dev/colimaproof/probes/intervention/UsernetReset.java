package dev.colimaproof.probes.intervention;

import dev.colimaproof.probes.Substrate;
import dev.colimaproof.probes.probe.PidFilesProbe;
import dev.colimaproof.probes.probe.ProcessKind;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The usernet-only intervention: stop exactly the usernet daemons of this LIMA_HOME whose argument list was
 * verified (TERM, then KILL after a grace period), then remove the user-v2 control state (its pid file and three
 * sockets) after copying its logs. It never touches an instance's disks or any path outside
 * {@code $LIMA_HOME/_networks/user-v2}, and refuses a network folder (or control file) reached through a symbolic
 * link, which could lead anywhere.
 */
public final class UsernetReset {

    /** What was done: pids stopped (and how), files removed, and the logs copied before removal. */
    public record Result(List<Long> terminated, List<Long> killed, List<String> removed,
                         Map<String, byte[]> logs) {
    }

    private UsernetReset() {
    }

    public static Result run(Substrate substrate, Duration grace) {
        Path network = checkedNetworkDir(substrate);
        List<ProcessHandle> daemons = ProcessHandle.allProcesses().filter(ProcessHandle::isAlive)
                .filter(p -> ProcessKind.of(PidFilesProbe.argv(p), substrate) == ProcessKind.USERNET).toList();
        List<Long> terminated = new ArrayList<>();
        List<Long> killed = new ArrayList<>();
        for (ProcessHandle daemon : daemons) {
            daemon.destroy();
            terminated.add(daemon.pid());
        }
        long deadline = System.nanoTime() + grace.toNanos();
        for (ProcessHandle daemon : daemons) {
            try {
                daemon.onExit().get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (Exception e) {
                daemon.destroyForcibly();
                killed.add(daemon.pid());
            }
        }
        Map<String, byte[]> logs = new LinkedHashMap<>();
        for (String log : List.of("usernet." + Substrate.NETWORK + ".stderr.log",
                "usernet." + Substrate.NETWORK + ".stdout.log")) {
            Path file = network.resolve(log);
            if (Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
                try {
                    logs.put(log, tail(file));
                } catch (IOException e) {
                    // a log that cannot be copied is not a reason to leave the stale state in place
                }
            }
        }
        List<String> removed = new ArrayList<>();
        List<Path> control = new ArrayList<>(substrate.usernetSockets().values());
        control.add(substrate.usernetPidFile());
        control.sort(null);
        for (Path file : control) {
            if (Files.isSymbolicLink(file)) {
                throw new InterventionException("refusing " + file + ": a symbolic link in the user-v2 folder");
            }
            try {
                if (Files.deleteIfExists(file)) {
                    removed.add(file.toString());
                }
            } catch (IOException e) {
                throw new InterventionException("cannot remove " + file + ": " + e.getMessage());
            }
        }
        return new Result(terminated, killed, removed, logs);
    }

    /** The user-v2 folder, verified to be a real folder inside this LIMA_HOME. */
    static Path checkedNetworkDir(Substrate substrate) {
        Path lima = substrate.limaHome();
        Path networks = lima.resolve("_networks");
        Path network = substrate.networkDir();
        for (Path step : List.of(networks, network)) {
            if (Files.isSymbolicLink(step)) {
                throw new InterventionException("refusing " + step + ": a symbolic link (it may lead outside "
                        + lima + ")");
            }
        }
        if (!Files.isDirectory(network, LinkOption.NOFOLLOW_LINKS)) {
            throw new InterventionException("no user-v2 network folder at " + network);
        }
        try {
            if (!network.toRealPath().startsWith(lima.toRealPath())) {
                throw new InterventionException("refusing " + network + ": it resolves outside " + lima);
            }
        } catch (IOException e) {
            throw new InterventionException("cannot resolve " + network + ": " + e.getMessage());
        }
        return network;
    }

    private static byte[] tail(Path file) throws IOException {
        long size = Files.size(file);
        int keep = (int) Math.min(size, 1 << 20);
        try (var channel = java.nio.channels.FileChannel.open(file)) {
            java.nio.ByteBuffer buffer = java.nio.ByteBuffer.allocate(keep);
            channel.read(buffer, size - keep);
            return buffer.array();
        }
    }
}
