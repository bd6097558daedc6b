package dev.colimaproof.probes.probe;

import dev.colimaproof.probes.Substrate;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The substrate's unix sockets: exists, is a socket, connects, answers (an HTTP request where the socket serves
 * HTTP: the hostagent's {@code GET /v1/info}, docker's {@code GET /_ping}), latency, error. A socket file that
 * refuses connections is stale; one that accepts and never answers is a stall. Both are evidence.
 */
public final class SocketsProbe implements Probe {

    private static final Duration PER_SOCKET = Duration.ofSeconds(3);
    private static final int MAX_ANSWER = 16 * 1024;

    @Override
    public String name() {
        return "sockets";
    }

    @Override
    public Duration timeout() {
        return Duration.ofSeconds(4);
    }

    @Override
    public Map<String, Object> collect(ProbeContext context, Duration budget) throws InterruptedException {
        Substrate substrate = context.substrate();
        Map<String, Target> targets = new LinkedHashMap<>();
        targets.put("ha", new Target(substrate.instanceDir().resolve("ha.sock"), "/v1/info", "lima-hostagent"));
        targets.put("docker", new Target(substrate.dockerSocket(), "/_ping", "docker"));
        substrate.usernetSockets().entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(entry ->
                targets.put("usernet_" + entry.getKey(), new Target(entry.getValue(), null, null)));
        targets.put("ssh", new Target(substrate.instanceDir().resolve("ssh.sock"), null, null));

        Duration each = budget.compareTo(PER_SOCKET) < 0 ? budget : PER_SOCKET;
        ExecutorService pool = Executors.newFixedThreadPool(targets.size(), runnable -> {
            Thread thread = new Thread(runnable, "socket-probe");
            thread.setDaemon(true);
            return thread;
        });
        try {
            Map<String, Future<Map<String, Object>>> running = new LinkedHashMap<>();
            Map<String, Probing> probing = new LinkedHashMap<>();
            targets.forEach((name, target) -> {
                Probing attempt = new Probing(target);
                probing.put(name, attempt);
                running.put(name, pool.submit(attempt::run));
            });
            Map<String, Object> data = new LinkedHashMap<>();
            long deadline = System.nanoTime() + each.toNanos();
            for (Map.Entry<String, Future<Map<String, Object>>> entry : running.entrySet()) {
                Probing attempt = probing.get(entry.getKey());
                try {
                    data.put(entry.getKey(), entry.getValue().get(Math.max(0, deadline - System.nanoTime()),
                            TimeUnit.NANOSECONDS));
                } catch (TimeoutException e) {
                    attempt.abandon();
                    data.put(entry.getKey(), attempt.timedOut(each));
                } catch (java.util.concurrent.ExecutionException e) {
                    data.put(entry.getKey(), Map.of("path", attempt.target.path().toString(),
                            "error", String.valueOf(e.getCause())));
                }
            }
            return data;
        } finally {
            pool.shutdownNow();
        }
    }

    private record Target(Path path, String httpPath, String host) {
    }

    /** One socket's check; {@link #abandon} closes the channel so a stalled read ends. */
    private static final class Probing {
        private final Target target;
        private final Map<String, Object> data = new LinkedHashMap<>();
        private volatile SocketChannel channel;
        private final long start = System.nanoTime();

        Probing(Target target) {
            this.target = target;
        }

        Map<String, Object> run() {
            Path path = target.path();
            synchronized (data) {
                data.put("path", path.toString());
                data.put("exists", Files.exists(path, LinkOption.NOFOLLOW_LINKS));
                data.put("is_socket", isSocket(path));
            }
            if (!Boolean.TRUE.equals(data.get("exists"))) {
                return snapshot();
            }
            if (!Boolean.TRUE.equals(data.get("is_socket"))) {
                put("error", "not a socket");
                return snapshot();
            }
            try (SocketChannel opened = SocketChannel.open(StandardProtocolFamily.UNIX)) {
                channel = opened;
                opened.connect(UnixDomainSocketAddress.of(path));
                put("connects", true);
                put("connect_ms", millisSince(start));
                if (target.httpPath() != null) {
                    ask(opened);
                }
            } catch (IOException | RuntimeException e) {
                if (!data.containsKey("connects")) {
                    put("connects", false);
                }
                put("error", describe(e));
            }
            return snapshot();
        }

        private void ask(SocketChannel opened) throws IOException {
            String request = "GET " + target.httpPath() + " HTTP/1.1\r\nHost: " + target.host()
                    + "\r\nConnection: close\r\n\r\n";
            opened.write(ByteBuffer.wrap(request.getBytes(StandardCharsets.US_ASCII)));
            ByteBuffer buffer = ByteBuffer.allocate(MAX_ANSWER);
            while (buffer.hasRemaining() && opened.read(buffer) >= 0) {
                if (headerComplete(buffer)) {
                    break;
                }
            }
            String answer = new String(buffer.array(), 0, buffer.position(), StandardCharsets.ISO_8859_1);
            put("answer_ms", millisSince(start));
            String statusLine = answer.lines().findFirst().orElse("");
            put("status_line", statusLine);
            String[] words = statusLine.split(" ");
            Integer status = words.length > 1 && words[1].matches("\\d{3}") ? Integer.parseInt(words[1]) : null;
            put("http_status", status);
            put("answers", status != null && status >= 200 && status < 300);
            int body = answer.indexOf("\r\n\r\n");
            if (body >= 0) {
                String text = answer.substring(body + 4);
                put("body", text.length() > 512 ? text.substring(0, 512) : text);
            }
        }

        private static boolean headerComplete(ByteBuffer buffer) {
            String seen = new String(buffer.array(), 0, buffer.position(), StandardCharsets.ISO_8859_1);
            int end = seen.indexOf("\r\n\r\n");
            if (end < 0) {
                return false;
            }
            // small bodies (/_ping's "OK", /v1/info's JSON) come with the headers or right after
            return seen.length() > end + 4;
        }

        void abandon() {
            SocketChannel open = channel;
            if (open != null) {
                try {
                    open.close();
                } catch (IOException ignored) {
                    // closing to end the read
                }
            }
        }

        Map<String, Object> timedOut(Duration after) {
            put("timed_out", true);
            put("answers", false);
            put("error", "no answer within " + after.toMillis() + " ms");
            return snapshot();
        }

        private void put(String key, Object value) {
            synchronized (data) {
                data.put(key, value);
            }
        }

        private Map<String, Object> snapshot() {
            synchronized (data) {
                return new LinkedHashMap<>(data);
            }
        }
    }

    static boolean isSocket(Path path) {
        try {
            Object mode = Files.getAttribute(path, "unix:mode", LinkOption.NOFOLLOW_LINKS);
            return mode instanceof Integer bits && (bits & 0170000) == 0140000;
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return false;
        }
    }

    private static long millisSince(long start) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    }

    private static String describe(Exception e) {
        String message = e.getMessage();
        return message == null ? e.getClass().getSimpleName() : message;
    }
}
