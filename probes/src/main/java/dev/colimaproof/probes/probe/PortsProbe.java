package dev.colimaproof.probes.probe;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/** TCP ports from configuration (forwarded by the VM to the host's loopback): open or closed, and how fast. */
public final class PortsProbe implements Probe {

    @Override
    public String name() {
        return "ports";
    }

    @Override
    public Duration timeout() {
        return Duration.ofSeconds(3);
    }

    @Override
    public Map<String, Object> collect(ProbeContext context, Duration budget) {
        int each = (int) Math.max(100, Math.min(budget.toMillis(), 2000));
        List<CompletableFuture<Map<String, Object>>> checks = new ArrayList<>();
        for (int port : context.substrate().ports()) {
            checks.add(CompletableFuture.supplyAsync(() -> check(port, each)));
        }
        Map<String, Object> data = new LinkedHashMap<>();
        for (int i = 0; i < checks.size(); i++) {
            data.put(String.valueOf(context.substrate().ports().get(i)), checks.get(i).join());
        }
        return data;
    }

    private static Map<String, Object> check(int port, int timeoutMs) {
        Map<String, Object> result = new LinkedHashMap<>();
        long start = System.nanoTime();
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), timeoutMs);
            result.put("open", true);
        } catch (IOException e) {
            result.put("open", false);
            result.put("error", e.getMessage());
        }
        result.put("ms", (System.nanoTime() - start) / 1_000_000);
        return result;
    }
}
