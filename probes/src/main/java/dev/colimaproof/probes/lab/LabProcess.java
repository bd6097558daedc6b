package dev.colimaproof.probes.lab;

import dev.colimaproof.probes.Substrate;
import dev.colimaproof.probes.probe.ProcessKind;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A lab daemon, started by the fake {@code limactl} as {@code java ... LabProcess <path>/limactl usernet ...} or
 * {@code ... limactl hostagent ...}, so that its argument list reads like the real one's. It holds real sockets,
 * writes logs the way the real daemon does, and, killed, leaves its files behind as the real one does.
 */
public final class LabProcess {

    private LabProcess() {
    }

    public static void main(String[] args) throws Exception {
        List<String> argv = Arrays.asList(args);
        LabFiles lab = new LabFiles(Path.of(System.getenv("COLIMA_PROOF_LAB_ROOT")));
        if (argv.size() > 1 && argv.get(1).equals("usernet")) {
            usernet(lab, argv);
        } else if (argv.size() > 1 && argv.get(1).equals("hostagent")) {
            new Hostagent(lab).run();
        } else {
            System.err.println("LabProcess: expected limactl usernet|hostagent ...");
            System.exit(2);
        }
    }

    /**
     * {@code limactl usernet -p PID -e EP --listen-qemu QEMU --listen FD --subnet ...}. A daemon started with
     * {@code LAB_USERNET_LEAKED=1} is the leaked second one: it holds no pid file and no socket, it just lives.
     */
    private static void usernet(LabFiles lab, List<String> argv) throws Exception {
        Path log = lab.substrate().networkDir().resolve("usernet.user-v2.stderr.log");
        long pid = ProcessHandle.current().pid();
        if ("1".equals(System.getenv("LAB_USERNET_LEAKED"))) {
            LabFiles.appendLine(log, LabFiles.logrusText("info", "gvproxy " + pid + " listening (leaked copy)"));
            Thread.sleep(Long.MAX_VALUE);
        }
        Path pidFile = Path.of(ProcessKind.optionValue(argv, "-p"));
        List<SocketServer> listeners = new ArrayList<>();
        listeners.add(SocketServer.unix(Path.of(ProcessKind.optionValue(argv, "-e")),
                path -> new SocketServer.Answer(200, "{\"services\":[\"forwarder\"]}")));
        SocketServer qemu = SocketServer.unix(Path.of(ProcessKind.optionValue(argv, "--listen-qemu")), null);
        SocketServer fd = SocketServer.unix(Path.of(ProcessKind.optionValue(argv, "--listen")), null);
        lab.write(pidFile, String.valueOf(pid));
        LabFiles.appendLine(log, LabFiles.logrusText("info", "listening on " + ProcessKind.optionValue(argv, "--listen")));
        boolean dropped = false;
        while (true) {
            if (!dropped && lab.read(lab.dropListenersFile(), "").equals(String.valueOf(pid))) {
                // the leak: this daemon loses its fd and qemu listeners; their files stay, refusing connections
                qemu.close();
                fd.close();
                dropped = true;
                LabFiles.appendLine(log, LabFiles.logrusText("error",
                        "write unixgram ->: write: no buffer space available"));
            }
            Thread.sleep(200);
        }
    }

    /**
     * {@code limactl hostagent --pidfile <inst>/ha.pid --socket <inst>/ha.sock ... colima}: serves the hostagent
     * API, the docker socket and the forwarded ports as its mode (lab/hostagent.mode) says, logs like Lima's
     * hostagent, and, like Lima's reconcile, starts a usernet daemon when there is no pid file.
     */
    private static final class Hostagent {
        private final LabFiles lab;
        private final Substrate substrate;
        private final Path stderrLog;
        private final Path stdoutLog;
        private final long started = System.currentTimeMillis();
        private final Map<Integer, SocketServer> ports = new HashMap<>();
        private String announced = "";

        Hostagent(LabFiles lab) {
            this.lab = lab;
            this.substrate = lab.substrate();
            this.stderrLog = substrate.instanceDir().resolve("ha.stderr.log");
            this.stdoutLog = substrate.instanceDir().resolve("ha.stdout.log");
        }

        void run() throws Exception {
            long pid = ProcessHandle.current().pid();
            Path instance = substrate.instanceDir();
            lab.write(instance.resolve("ha.pid"), String.valueOf(pid));
            lab.write(instance.resolve("vz.pid"), String.valueOf(pid)); // VZ runs inside the hostagent
            SocketServer.unix(instance.resolve("ha.sock"), this::info);
            SocketServer.unix(substrate.dockerSocket(), this::ping);
            LabFiles.appendLine(stderrLog, LabFiles.logrusJson("info", "hostagent socket created at "
                    + instance.resolve("ha.sock")));
            LabFiles.appendLine(stderrLog, LabFiles.logrusJson("info", "[VZ] - vm state change: running"));
            LabFiles.appendLine(stdoutLog, "{\"time\":\"" + LabFiles.now() + "\",\"status\":{\"sshLocalPort\":"
                    + sshPort() + "}}");
            while (true) {
                tick();
                Thread.sleep(250);
            }
        }

        private String mode() {
            String mode = lab.read(lab.modeFile(), "healthy");
            if (mode.startsWith("booting:")) {
                long readyAfter = Long.parseLong(mode.substring("booting:".length()));
                return System.currentTimeMillis() - started >= readyAfter ? "healthy" : "booting";
            }
            return mode;
        }

        private void tick() throws IOException {
            String mode = mode();
            reconcileUsernet(mode);
            if (!mode.equals(announced)) {
                announce(mode);
                announced = mode;
            }
            if (mode.equals("stall")) {
                LabFiles.appendLine(stderrLog, LabFiles.logrusJson("debug", "stdout=\"\", stderr=\"+ echo 'not "
                        + "ready to start persistent ssh session'\\nnot ready to start persistent ssh session\\n\", "
                        + "err=failed to execute script \"user session is ready for ssh\": exit status 1"));
            }
            boolean forwarding = (mode.equals("healthy") || mode.equals("guest-down")) && networkUp();
            for (int port : lab.ports()) {
                if (forwarding && !ports.containsKey(port)) {
                    ports.put(port, SocketServer.tcp(port, null));
                } else if (!forwarding && ports.containsKey(port)) {
                    ports.remove(port).close();
                }
            }
        }

        private void announce(String mode) {
            switch (mode) {
                case "healthy", "guest-down" -> {
                    LabFiles.appendLine(stderrLog, LabFiles.logrusJson("info",
                            "Waiting for the final requirement 1 of 1: \"boot scripts must have finished\""));
                    LabFiles.appendLine(stdoutLog, "{\"time\":\"" + LabFiles.now()
                            + "\",\"status\":{\"running\":true,\"sshLocalPort\":" + sshPort() + "}}");
                }
                case "booting" -> LabFiles.appendLine(stderrLog, LabFiles.logrusJson("info",
                        "Waiting for the essential requirement 1 of 2: \"ssh\""));
                case "stall" -> LabFiles.appendLine(stderrLog, LabFiles.logrusJson("info",
                        "Waiting for the essential requirement 2 of 2: \"user session is ready for ssh\""));
                default -> {
                }
            }
        }

        private SocketServer.Answer info(String path) {
            String mode = mode();
            if (mode.equals("stall")) {
                return null;
            }
            return new SocketServer.Answer(200, "{\"sshLocalPort\":" + sshPort() + "}");
        }

        private SocketServer.Answer ping(String path) {
            String mode = mode();
            if (mode.equals("stall")) {
                return null;
            }
            if (!mode.equals("healthy") || !networkUp()) {
                return new SocketServer.Answer(500, "Cannot connect to the Docker daemon");
            }
            return new SocketServer.Answer(200, "OK");
        }

        /** The guest's network works when the usernet daemon accepts on its fd socket. */
        private boolean networkUp() {
            try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
                channel.connect(UnixDomainSocketAddress.of(substrate.usernetSockets().get("fd")));
                return true;
            } catch (IOException e) {
                return false;
            }
        }

        /**
         * Starts a usernet daemon when its pid file is missing (a stale pid file stops it, as in Lima). A stalled
         * hostagent also keeps a second, leaked daemon alive.
         */
        private void reconcileUsernet(String mode) throws IOException {
            if (!Files.exists(substrate.usernetPidFile()) && !starting(false)) {
                LabControl.startUsernet(lab, false);
                markStarting(false);
            }
            if (mode.equals("stall") && LabControl.usernetDaemons(lab).size() < 2 && !starting(true)) {
                LabControl.startUsernet(lab, true);
                markStarting(true);
            }
        }

        private final long[] lastStart = new long[2];

        private boolean starting(boolean leaked) {
            return System.currentTimeMillis() - lastStart[leaked ? 1 : 0] < 3000;
        }

        private void markStarting(boolean leaked) {
            lastStart[leaked ? 1 : 0] = System.currentTimeMillis();
        }

        private int sshPort() {
            return 51873;
        }
    }
}
