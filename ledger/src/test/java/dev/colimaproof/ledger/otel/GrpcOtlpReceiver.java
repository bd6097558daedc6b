package dev.colimaproof.ledger.otel;

import io.grpc.Server;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceResponse;
import io.opentelemetry.proto.collector.logs.v1.LogsServiceGrpc;
import io.opentelemetry.proto.logs.v1.LogRecord;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** An OTLP/gRPC receiver on loopback (the Collector's default port protocol), answering OK or UNAVAILABLE. */
public final class GrpcOtlpReceiver implements AutoCloseable {

    private final Server server;
    private final List<LogRecord> received = new ArrayList<>();
    private volatile boolean unavailable;

    private GrpcOtlpReceiver() throws IOException {
        this.server = NettyServerBuilder.forAddress(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
                .addService(new LogsServiceGrpc.LogsServiceImplBase() {
                    @Override
                    public void export(ExportLogsServiceRequest request,
                                       StreamObserver<ExportLogsServiceResponse> response) {
                        if (unavailable) {
                            response.onError(Status.UNAVAILABLE.withDescription("collector restarting")
                                    .asRuntimeException());
                            return;
                        }
                        synchronized (received) {
                            request.getResourceLogsList().forEach(resource -> resource.getScopeLogsList()
                                    .forEach(scope -> received.addAll(scope.getLogRecordsList())));
                        }
                        response.onNext(ExportLogsServiceResponse.getDefaultInstance());
                        response.onCompleted();
                    }
                })
                .build()
                .start();
    }

    public static GrpcOtlpReceiver start() throws IOException {
        return new GrpcOtlpReceiver();
    }

    public String endpoint() {
        return "http://127.0.0.1:" + server.getPort();
    }

    public void unavailable(boolean value) {
        this.unavailable = value;
    }

    public List<LogRecord> received() {
        synchronized (received) {
            return List.copyOf(received);
        }
    }

    @Override
    public void close() throws InterruptedException {
        server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
}
