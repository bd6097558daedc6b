package dev.colimaproof.probes.intervention;

import dev.colimaproof.probes.probe.PortsProbe;
import dev.colimaproof.probes.probe.ProbeContext;
import dev.colimaproof.probes.probe.SocketsProbe;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Post-invariants as a stability window, not one check: the configured checks (docker {@code _ping}, the hostagent
 * API, the usernet sockets, the TCP ports) must all pass {@code passes} times, {@code interval} apart. "A restart is
 * not recovery": a failure inside the window fails it.
 */
public final class InvariantWindow {

    public static final int DEFAULT_PASSES = 6;
    public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(10);
    public static final List<String> CHECKS = List.of("docker_ping", "hostagent_api", "usernet_sockets", "tcp_ports");

    /** One pass: each check's outcome, and whether all passed. */
    public record Pass(int number, Map<String, Boolean> checks, boolean passed) {
    }

    public record Result(int required, List<Pass> passes, boolean passed) {
    }

    private InvariantWindow() {
    }

    /** Runs the window, handing each pass to {@code onPass} as it ends (to be recorded); stops at a failure. */
    public static Result run(ProbeContext context, int passes, Duration interval, Consumer<Pass> onPass)
            throws InterruptedException {
        List<Pass> done = new java.util.ArrayList<>();
        for (int n = 1; n <= passes; n++) {
            if (n > 1) {
                Thread.sleep(interval.toMillis());
            }
            Pass pass = check(context, n);
            done.add(pass);
            onPass.accept(pass);
            if (!pass.passed()) {
                return new Result(passes, done, false);
            }
        }
        return new Result(passes, done, true);
    }

    static Pass check(ProbeContext context, int number) throws InterruptedException {
        Map<String, Object> sockets = new SocketsProbe().collect(context, Duration.ofSeconds(3));
        Map<String, Boolean> checks = new LinkedHashMap<>();
        checks.put("docker_ping", answers(sockets.get("docker")));
        checks.put("hostagent_api", answers(sockets.get("ha")));
        boolean usernet = true;
        for (String name : List.of("usernet_ep", "usernet_fd", "usernet_qemu")) {
            Map<?, ?> socket = (Map<?, ?>) sockets.get(name);
            usernet &= Boolean.TRUE.equals(socket.get("connects"));
        }
        checks.put("usernet_sockets", usernet);
        Map<String, Object> ports = new PortsProbe().collect(context, Duration.ofSeconds(2));
        checks.put("tcp_ports", ports.values().stream().allMatch(p -> Boolean.TRUE.equals(((Map<?, ?>) p).get("open"))));
        return new Pass(number, checks, checks.values().stream().allMatch(Boolean::booleanValue));
    }

    private static boolean answers(Object socket) {
        return socket instanceof Map<?, ?> map && Boolean.TRUE.equals(map.get("answers"));
    }
}
