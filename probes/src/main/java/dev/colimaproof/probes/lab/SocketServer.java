package dev.colimaproof.probes.lab;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Function;

/**
 * A real listening socket for the lab: a unix socket or a loopback TCP port that answers HTTP requests through a
 * handler, or only accepts. A handler that returns null never answers (a stalled hostagent). Closing stops
 * listening but leaves a unix socket's file on disk, as a daemon killed without cleanup does: that is what makes a
 * socket stale.
 */
final class SocketServer implements AutoCloseable {

    /** An HTTP answer. */
    record Answer(int status, String body) {
    }

    private final ServerSocketChannel channel;
    private final String name;

    private SocketServer(ServerSocketChannel channel, String name, Function<String, Answer> handler) {
        this.channel = channel;
        this.name = name;
        Thread acceptor = new Thread(() -> acceptLoop(handler), "lab-" + name);
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** Listens on a unix socket (removing a stale file of that name first, as daemons do). */
    static SocketServer unix(Path path, Function<String, Answer> handler) throws IOException {
        Files.deleteIfExists(path);
        Files.createDirectories(path.getParent());
        ServerSocketChannel channel = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        channel.bind(UnixDomainSocketAddress.of(path));
        return new SocketServer(channel, path.getFileName().toString(), handler);
    }

    static SocketServer tcp(int port, Function<String, Answer> handler) throws IOException {
        ServerSocketChannel channel = ServerSocketChannel.open();
        channel.setOption(java.net.StandardSocketOptions.SO_REUSEADDR, true);
        SocketAddress address = new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
        channel.bind(address);
        return new SocketServer(channel, "tcp-" + port, handler);
    }

    private void acceptLoop(Function<String, Answer> handler) {
        while (channel.isOpen()) {
            try {
                SocketChannel connection = channel.accept();
                Thread serve = new Thread(() -> serve(connection, handler), "lab-" + name + "-conn");
                serve.setDaemon(true);
                serve.start();
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private static void serve(SocketChannel connection, Function<String, Answer> handler) {
        try (connection) {
            if (handler == null) {
                return; // accept and close, like a plain port forward with nothing behind it
            }
            ByteBuffer buffer = ByteBuffer.allocate(8192);
            String request = "";
            while (buffer.hasRemaining() && connection.read(buffer) > 0) {
                request = new String(buffer.array(), 0, buffer.position(), StandardCharsets.ISO_8859_1);
                if (request.contains("\r\n\r\n")) {
                    break;
                }
            }
            String path = request.split(" ").length > 1 ? request.split(" ")[1] : "/";
            Answer answer = handler.apply(path);
            if (answer == null) {
                Thread.sleep(Long.MAX_VALUE); // a stall: hold the connection, say nothing
            }
            byte[] body = answer.body().getBytes(StandardCharsets.UTF_8);
            String head = "HTTP/1.1 " + answer.status() + (answer.status() < 300 ? " OK" : " Error")
                    + "\r\nContent-Type: " + (answer.body().startsWith("{") ? "application/json" : "text/plain")
                    + "\r\nContent-Length: " + body.length + "\r\nConnection: close\r\n\r\n";
            connection.write(ByteBuffer.wrap(head.getBytes(StandardCharsets.US_ASCII)));
            connection.write(ByteBuffer.wrap(body));
        } catch (IOException | InterruptedException e) {
            // the client went away, or the lab process is stopping
        }
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException ignored) {
            // already closed
        }
    }
}
