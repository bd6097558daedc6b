package dev.colimaproof.probes.lab;

import dev.colimaproof.probes.Substrate;
import dev.colimaproof.probes.probe.PidFilesProbe;
import dev.colimaproof.probes.probe.ProcessKind;

import java.io.File;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * What the fake {@code colima start}, {@code colima stop [--force]} and {@code limactl stop --force} do to the lab,
 * for real: start the hostagent (which starts usernet), kill processes, remove pid and socket files.
 */
public final class LabControl {

    private LabControl() {
    }

    /** Entry point for the fake executables: {@code colima start|stop [--force]}, {@code limactl stop ...}. */
    public static void main(String[] args) {
        LabFiles lab = new LabFiles(Path.of(System.getenv("COLIMA_PROOF_LAB_ROOT")));
        List<String> argv = List.of(args);
        try {
            if (argv.size() >= 2 && argv.get(1).equals("start")) {
                System.err.println(LabFiles.logrusText("info", "starting colima"));
                start(lab);
                System.err.println(LabFiles.logrusText("info", "done"));
            } else if (argv.size() >= 2 && argv.get(1).equals("stop")) {
                boolean force = argv.contains("--force") || argv.contains("-f");
                System.err.println(LabFiles.logrusText("info", "stopping colima"));
                stop(lab, force, System.out);
                System.err.println(LabFiles.logrusText("info", "done"));
            } else {
                System.err.println(LabFiles.logrusText("fatal", "unsupported in the lab: " + String.join(" ", argv)));
                System.exit(1);
            }
            System.exit(0);
        } catch (LabException e) {
            System.err.println(LabFiles.logrusText("fatal", e.getMessage()));
            System.exit(1);
        }
    }

    /** {@code colima start}: the hostagent, in the mode the scenario gives a fresh start. */
    public static void start(LabFiles lab) {
        Substrate substrate = lab.substrate();
        if (hostagent(lab).isPresent()) {
            System.err.println(LabFiles.logrusText("warning", "already running"));
            return;
        }
        // a start clears the faults of a stalled or broken VM; the healer-induced scenario relapses into a boot
        LabFiles.deleteQuietly(lab.hangStatusFlag());
        LabFiles.deleteQuietly(lab.hangListFlag());
        boolean healerInduced = lab.read(lab.scenarioFile(), "").equals("healer-induced");
        lab.write(lab.modeFile(), healerInduced ? "booting:" + Lab.HEALER_INDUCED_SETTLE.toMillis() : "healthy");
        Path instance = substrate.instanceDir();
        spawn(lab, List.of(lab.bin().resolve("limactl").toString(), "hostagent", "--pidfile",
                instance.resolve("ha.pid").toString(), "--socket", instance.resolve("ha.sock").toString(),
                "--guestagent", lab.control().resolve("lima-guestagent.Linux-aarch64.gz").toString(),
                substrate.instance()), false, lab.control().resolve("hostagent.out"));
        waitFor(() -> hostagent(lab).isPresent() && Files.exists(instance.resolve("ha.sock")), 15_000,
                "the hostagent did not start");
    }

    /** {@code colima stop [--force]}: kills the hostagent and this LIMA_HOME's usernet daemons, removes their files. */
    public static void stop(LabFiles lab, boolean force, java.io.PrintStream out) {
        Substrate substrate = lab.substrate();
        Path instance = substrate.instanceDir();
        hostagent(lab).ifPresent(process -> {
            out.println(LabFiles.logrusText("info", "Sending SIGKILL to the host agent process " + process.pid()));
            kill(process, force);
        });
        for (ProcessHandle usernet : usernetDaemons(lab)) {
            kill(usernet, true);
        }
        LabFiles.appendLine(instance.resolve("ha.stdout.log"), "{\"time\":\"" + LabFiles.now()
                + "\",\"status\":{\"exiting\":true}}");
        out.println(LabFiles.logrusText("info", "Removing *.pid *.sock *.tmp under \"" + instance + "\""));
        removeMatching(instance, "*.{pid,sock,tmp}", out);
        removeMatching(substrate.networkDir(), "*.{pid,sock}", out);
        LabFiles.deleteQuietly(substrate.dockerSocket());
        LabFiles.deleteQuietly(lab.hangStatusFlag());
        LabFiles.deleteQuietly(lab.hangListFlag());
        lab.write(lab.modeFile(), "healthy");
    }

    /** The live hostagent of the lab's instance, found by its pid file and verified by its arguments. */
    public static Optional<ProcessHandle> hostagent(LabFiles lab) {
        Path pidFile = lab.substrate().instanceDir().resolve("ha.pid");
        try {
            long pid = Long.parseLong(Files.readString(pidFile).trim());
            return ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
                    .filter(p -> ProcessKind.of(PidFilesProbe.argv(p), lab.substrate()) == ProcessKind.HOSTAGENT);
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** Every live usernet daemon of this LIMA_HOME's user-v2 network (argv verified). */
    public static List<ProcessHandle> usernetDaemons(LabFiles lab) {
        Substrate substrate = lab.substrate();
        return ProcessHandle.allProcesses().filter(ProcessHandle::isAlive)
                .filter(p -> ProcessKind.of(PidFilesProbe.argv(p), substrate) == ProcessKind.USERNET).toList();
    }

    /** Starts {@code limactl usernet ...} as Lima does; {@code leaked} makes the second daemon of the leak. */
    public static void startUsernet(LabFiles lab, boolean leaked) {
        Substrate substrate = lab.substrate();
        Path network = substrate.networkDir();
        try {
            Files.createDirectories(network);
        } catch (IOException e) {
            throw new LabException("cannot create " + network, e);
        }
        spawn(lab, List.of(lab.bin().resolve("limactl").toString(), "usernet", "-p",
                substrate.usernetPidFile().toString(), "-e", substrate.usernetSockets().get("ep").toString(),
                "--listen-qemu", substrate.usernetSockets().get("qemu").toString(), "--listen",
                substrate.usernetSockets().get("fd").toString(), "--subnet", "192.168.5.0/24"), leaked,
                network.resolve("usernet.user-v2.stdout.log"));
    }

    private static void spawn(LabFiles lab, List<String> argv, boolean leakedUsernet, Path output) {
        ProcessBuilder builder = new ProcessBuilder(argv);
        builder.environment().putAll(lab.environment());
        if (leakedUsernet) {
            builder.environment().put("LAB_USERNET_LEAKED", "1");
        }
        builder.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        builder.redirectOutput(ProcessBuilder.Redirect.appendTo(output.toFile()));
        builder.redirectError(ProcessBuilder.Redirect.appendTo(output.toFile()));
        try {
            builder.start();
        } catch (IOException e) {
            throw new LabException("cannot start " + String.join(" ", argv.subList(0, 2)) + ": " + e.getMessage(), e);
        }
    }

    static void kill(ProcessHandle process, boolean force) {
        if (force) {
            process.destroyForcibly();
        } else {
            process.destroy();
        }
        try {
            process.onExit().get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            process.destroyForcibly();
        }
    }

    private static void removeMatching(Path dir, String glob, java.io.PrintStream out) {
        List<Path> matches = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir, glob)) {
            stream.forEach(matches::add);
        } catch (IOException e) {
            return;
        }
        for (Path file : matches) {
            out.println(LabFiles.logrusText("info", "Removing \"" + file + "\""));
            LabFiles.deleteQuietly(file);
        }
    }

    static void waitFor(java.util.function.BooleanSupplier condition, long timeoutMs, String failure) {
        long deadline = System.currentTimeMillis() + timeoutMs;
        while (!condition.getAsBoolean()) {
            if (System.currentTimeMillis() > deadline) {
                throw new LabException(failure + " within " + timeoutMs + " ms");
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new LabException("interrupted");
            }
        }
    }
}
