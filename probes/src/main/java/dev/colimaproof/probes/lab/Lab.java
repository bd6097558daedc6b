package dev.colimaproof.probes.lab;

import dev.colimaproof.probes.Substrate;
import dev.colimaproof.probes.probe.PidFilesProbe;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A simulated Colima/Lima substrate under one folder, that the probes cannot tell from a real one at the level they
 * look: the folder layout, fake {@code colima} and {@code limactl}, daemons whose argument lists read like Lima's,
 * real unix sockets and loopback TCP listeners. Faults are injected for real, and each is cured only by the
 * interventions that cure it on a real machine (docs/lab.md). It never touches a real ~/.colima.
 */
public final class Lab {

    /** The faults (and {@code healthy}); each is also a scenario for {@code lab up}. */
    public static final List<String> FAULTS = List.of("healthy", "usernet-leak", "usernet-stale-socket",
            "hostagent-stall", "guest-runtime", "healer-induced");

    /** How long the healer-induced restart takes to settle by itself. */
    public static final Duration HEALER_INDUCED_SETTLE = Duration.ofSeconds(5);

    private final LabFiles files;
    private final String javaExecutable;
    private final String classpath;

    /**
     * @param java      the java executable the lab daemons run on
     * @param classpath a class path holding this module (and Jackson)
     */
    public Lab(Path root, String java, String classpath) {
        this.files = new LabFiles(root);
        this.javaExecutable = java;
        this.classpath = classpath;
    }

    public LabFiles files() {
        return files;
    }

    /** Builds the lab, starts it healthy, then injects the scenario's fault. Returns the export lines. */
    public List<String> up(String scenario) {
        requireFault(scenario);
        if (files.exists() && LabControl.hostagent(files).isPresent()) {
            throw LabException.refused("a lab is already up in " + files.root() + " (lab down first)");
        }
        layout();
        files.write(files.scenarioFile(), scenario);
        LabControl.start(files);
        waitUntilHealthy();
        inject(scenario);
        return exports();
    }

    /** Injects a fault into the running lab ({@code healthy}: a force-cycle that clears every fault). */
    public void inject(String fault) {
        requireFault(fault);
        if (!files.exists()) {
            throw LabException.refused("no lab in " + files.root() + " (lab up first)");
        }
        switch (fault) {
            case "healthy" -> {
                files.write(files.scenarioFile(), "healthy");
                LabControl.stop(files, true, devNull());
                LabControl.start(files);
                waitUntilHealthy();
            }
            case "usernet-leak" -> {
                long primary = usernetPrimary();
                LabControl.startUsernet(files, true);
                files.write(files.dropListenersFile(), String.valueOf(primary));
                LabControl.waitFor(() -> LabControl.usernetDaemons(files).size() >= 2
                        && !accepts(files.substrate().usernetSockets().get("fd")), 15_000,
                        "the usernet leak did not take hold");
            }
            case "usernet-stale-socket" -> {
                long primary = usernetPrimary();
                ProcessHandle.of(primary).ifPresent(process -> LabControl.kill(process, true));
            }
            case "hostagent-stall" -> {
                files.write(files.modeFile(), "stall");
                touch(files.hangStatusFlag());
                touch(files.hangListFlag());
                Path log = files.substrate().instanceDir().resolve("ha.stderr.log");
                long before = notReadyLines(log);
                LabControl.waitFor(() -> LabControl.usernetDaemons(files).size() >= 2
                                && notReadyLines(log) >= before + 2, 15_000,
                        "the stalled hostagent did not keep a second usernet daemon");
            }
            case "guest-runtime" -> files.write(files.modeFile(), "guest-down");
            case "healer-induced" -> {
                files.write(files.scenarioFile(), "healer-induced");
                long now = Instant.now().getEpochSecond();
                files.write(files.healerState(), "COLIMA_START_EPOCH=" + now + "\nRECOVERY_START_EPOCH=" + now
                        + "\nLAST_COLIMA_FORCE_CYCLE_EPOCH=" + now + "\nCOLIMA_UNHEALTHY_STREAK=0\n");
                LabControl.stop(files, true, devNull());
                LabControl.start(files);
            }
            default -> throw new IllegalStateException(fault);
        }
        if (!fault.equals("healthy")) {
            LabFiles.appendLine(files.control().resolve("injected.log"), Instant.now() + " " + fault);
        }
    }

    /** Stops every lab process and removes every socket and pid file; logs stay for reading. */
    public void down() {
        if (!Files.isDirectory(files.control())) {
            throw LabException.refused("no lab in " + files.root());
        }
        LabControl.stop(files, true, devNull());
        String root = files.root().toString();
        ProcessHandle.allProcesses().filter(ProcessHandle::isAlive)
                .filter(p -> PidFilesProbe.argv(p).stream().anyMatch(arg -> arg.startsWith(root)))
                .filter(p -> p.pid() != ProcessHandle.current().pid())
                .forEach(p -> LabControl.kill(p, true));
        LabFiles.deleteQuietly(files.substrate().dockerSocket());
    }

    /** The {@code export} lines that make every other command look at the lab. */
    public List<String> exports() {
        List<String> lines = new ArrayList<>();
        lines.add("export COLIMA_HOME=" + files.colimaHome());
        lines.add("export LIMA_HOME=" + files.limaHome());
        lines.add("export PATH=" + files.bin() + ":$PATH");
        lines.add("export COLIMA_PROOF_HOME=" + files.ledgerHome());
        lines.add("export COLIMA_PROOF_PORTS=" + String.join(",", files.ports().stream().map(String::valueOf).toList()));
        lines.add("export COLIMA_PROOF_HEALER_STATE=" + files.healerState());
        lines.add("export COLIMA_PROOF_LAB_ROOT=" + files.root());
        return lines;
    }

    /** The same, as a map, for running commands against the lab. */
    public Map<String, String> environment() {
        Map<String, String> env = new LinkedHashMap<>();
        for (String line : exports()) {
            String assignment = line.substring("export ".length());
            int eq = assignment.indexOf('=');
            String value = assignment.substring(eq + 1).replace("$PATH", System.getenv().getOrDefault("PATH", ""));
            env.put(assignment.substring(0, eq), value);
        }
        return env;
    }

    private void layout() {
        try {
            Substrate substrate = files.substrate();
            for (Path dir : List.of(files.bin(), files.control(), substrate.instanceDir(), substrate.networkDir(),
                    files.colimaHome().resolve(LabFiles.PROFILE), files.ledgerHome())) {
                Files.createDirectories(dir);
            }
            files.write(files.control().resolve("java.env"), "JAVA='" + javaExecutable + "'\nLAB_CLASSPATH='" + classpath
                    + "'\nLAB_JAVA_OPTS='-Xmx48m -Xss512k -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xshare:auto'\n");
            script("colima.sh", files.bin().resolve("colima"));
            script("limactl.sh", files.bin().resolve("limactl"));
            for (String template : List.of("colima-status.json", "limactl-list-running.json",
                    "limactl-list-broken.json", "limactl-list-stopped.json")) {
                files.write(files.control().resolve(template), fill(resource(template)));
            }
            files.write(files.portsFile(), freePort() + "," + freePort());
            files.write(files.modeFile(), "healthy");
            if (!Files.exists(files.healerState())) {
                files.write(files.healerState(), "COLIMA_UNHEALTHY_STREAK=0\n");
            }
            files.write(substrate.instanceDir().resolve("lima-version"), "1.2.1");
            files.write(substrate.instanceDir().resolve("ssh.config"), "Host lima-colima\n  Hostname 127.0.0.1\n"
                    + "  Port 51873\n  ControlPath \"" + substrate.instanceDir().resolve("ssh.sock") + "\"\n");
            files.write(substrate.networkDir().resolve("leases.json"),
                    "{\"192.168.5.15\":\"52:55:55:3a:8b:1c\"}");
            LabFiles.appendLine(substrate.instanceDir().resolve("serialv.log"), "[    0.000000] Booting Linux on "
                    + "physical CPU 0x0000000000 [0x610f0000] (colima-proof lab)");
        } catch (IOException e) {
            throw new LabException("cannot build the lab in " + files.root() + ": " + e.getMessage(), e);
        }
    }

    private void script(String resource, Path target) throws IOException {
        files.write(target, resource(resource).replace("@ROOT@", files.root().toString()));
        Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    private String fill(String template) {
        Substrate substrate = files.substrate();
        return template.replace("@COLIMA_HOME@", files.colimaHome().toString())
                .replace("@LIMA_HOME@", files.limaHome().toString())
                .replace("@INSTANCE@", substrate.instanceDir().toString());
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = Lab.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IOException("missing lab resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private long usernetPrimary() {
        try {
            return Long.parseLong(Files.readString(files.substrate().usernetPidFile()).trim());
        } catch (IOException | NumberFormatException e) {
            throw LabException.refused("the lab has no usernet daemon to break (lab inject healthy first)");
        }
    }

    private void waitUntilHealthy() {
        Substrate substrate = files.substrate();
        LabControl.waitFor(() -> Files.exists(substrate.usernetPidFile())
                        && Files.exists(substrate.usernetSockets().get("fd"))
                        && LabControl.usernetDaemons(files).size() == 1
                        && Files.exists(substrate.dockerSocket())
                        && files.ports().stream().allMatch(Lab::listening), 20_000,
                "the lab did not come up healthy");
    }

    private static long notReadyLines(Path log) {
        try (java.util.stream.Stream<String> lines = Files.lines(log)) {
            return lines.filter(line -> line.contains("not ready to start persistent ssh session")).count();
        } catch (IOException | java.io.UncheckedIOException e) {
            return 0;
        }
    }

    private static boolean accepts(Path unixSocket) {
        try (java.nio.channels.SocketChannel channel =
                     java.nio.channels.SocketChannel.open(java.net.StandardProtocolFamily.UNIX)) {
            channel.connect(java.net.UnixDomainSocketAddress.of(unixSocket));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean listening(int port) {
        try (java.net.Socket socket = new java.net.Socket()) {
            socket.connect(new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static void requireFault(String fault) {
        if (!FAULTS.contains(fault)) {
            throw LabException.refused("unknown scenario '" + fault + "': use " + String.join(", ", FAULTS));
        }
    }

    private static void touch(Path file) {
        try {
            Files.writeString(file, "");
        } catch (IOException e) {
            throw new LabException("cannot write " + file, e);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static java.io.PrintStream devNull() {
        return new PrintStream(OutputStream.nullOutputStream());
    }
}
