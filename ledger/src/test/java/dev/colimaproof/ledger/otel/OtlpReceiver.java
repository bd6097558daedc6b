package dev.colimaproof.ledger.otel;

import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceResponse;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An OTLP/HTTP receiver on loopback, as a Collector's otlp receiver is: POST /v1/logs with a protobuf
 * ExportLogsServiceRequest. It decodes what arrives with the official classes and can be told to fail or hang.
 */
public final class OtlpReceiver implements AutoCloseable {

    public enum Behaviour { ACCEPT, FAIL_500, HANG }

    public record Received(ResourceLogs resource, ScopeLogs scope, LogRecord record) {
    }

    private final HttpServer server;
    private final List<Received> received = new ArrayList<>();
    private final AtomicInteger requests = new AtomicInteger();
    private volatile Behaviour behaviour = Behaviour.ACCEPT;

    private OtlpReceiver(HttpServer server) {
        this.server = server;
    }

    public static OtlpReceiver start() throws IOException {
        return start(0);
    }

    public static OtlpReceiver start(int port) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
        OtlpReceiver receiver = new OtlpReceiver(server);
        server.createContext("/v1/logs", exchange -> {
            receiver.requests.incrementAndGet();
            try (InputStream body = exchange.getRequestBody()) {
                byte[] bytes = body.readAllBytes();
                switch (receiver.behaviour) {
                    case FAIL_500 -> {
                        exchange.sendResponseHeaders(500, -1);
                        return;
                    }
                    case HANG -> {
                        try {
                            Thread.sleep(30_000);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                        exchange.sendResponseHeaders(503, -1);
                        return;
                    }
                    default -> {
                    }
                }
                ExportLogsServiceRequest request = ExportLogsServiceRequest.parseFrom(bytes);
                synchronized (receiver.received) {
                    for (ResourceLogs resource : request.getResourceLogsList()) {
                        for (ScopeLogs scope : resource.getScopeLogsList()) {
                            for (LogRecord record : scope.getLogRecordsList()) {
                                receiver.received.add(new Received(resource, scope, record));
                            }
                        }
                    }
                }
                byte[] response = ExportLogsServiceResponse.getDefaultInstance().toByteArray();
                exchange.getResponseHeaders().add("Content-Type", "application/x-protobuf");
                exchange.sendResponseHeaders(200, response.length == 0 ? -1 : response.length);
                if (response.length > 0) {
                    exchange.getResponseBody().write(response);
                }
            } finally {
                exchange.close();
            }
        });
        server.setExecutor(Executors.newCachedThreadPool(r -> {
            Thread thread = new Thread(r, "otlp-receiver");
            thread.setDaemon(true);
            return thread;
        }));
        server.start();
        return receiver;
    }

    public String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public void behave(Behaviour newBehaviour) {
        this.behaviour = newBehaviour;
    }

    public int requests() {
        return requests.get();
    }

    public List<Received> received() {
        synchronized (received) {
            return List.copyOf(received);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
