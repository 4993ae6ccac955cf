package dev.statusstream.e2e;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A plain TCP proxy on 127.0.0.1 in front of a server that records each HTTP request head byte for byte as
 * the browser sent it, when it arrived, and the status line the server answered: what the server saw,
 * captured on the wire. It asks the server to close each connection after its response
 * ({@code Connection: close}) so that every request arrives on a connection of its own and is recorded.
 * It can also stand in for a stream endpoint that refuses ({@link #refuseStreams}), as a node over its
 * stream limit does. Test use only.
 */
final class RecordingProxy implements AutoCloseable {
    /** One request: its request line, its headers (names lowercased, in order) and the server's status line. */
    static final class Exchange {
        final String requestLine;
        final Map<String, String> headers;
        /** When the request head had arrived ({@link System#nanoTime()}). */
        final long arrivedNanos;
        volatile String statusLine;

        Exchange(String requestLine, Map<String, String> headers) {
            this.requestLine = requestLine;
            this.headers = headers;
            this.arrivedNanos = System.nanoTime();
        }

        String path() {
            return requestLine.split(" ")[1];
        }

        @Override
        public String toString() {
            var out = new StringBuilder(requestLine).append('\n');
            headers.forEach((name, value) -> out.append(name).append(": ").append(value).append('\n'));
            return out.append("-> ").append(statusLine).toString();
        }
    }

    private static final String STREAM = "/api/status/stream";

    private final ServerSocket listener;
    private final int target;
    private final List<Exchange> exchanges = new CopyOnWriteArrayList<>();
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final List<Socket> streams = new CopyOnWriteArrayList<>();
    private volatile boolean refuseStreams;

    private RecordingProxy(ServerSocket listener, int target) {
        this.listener = listener;
        this.target = target;
    }

    static RecordingProxy to(int targetPort) {
        try {
            var proxy = new RecordingProxy(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()), targetPort);
            Thread.ofVirtual().name("recording-proxy").start(proxy::accept);
            return proxy;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    int port() {
        return listener.getLocalPort();
    }

    List<Exchange> exchanges() {
        return List.copyOf(exchanges);
    }

    /**
     * While {@code refuse}, requests for {@code /api/status/stream} get {@code 503} from the proxy itself (the
     * server never sees them), and streams open now are cut, as when a node goes over its stream limit.
     */
    void refuseStreams(boolean refuse) {
        refuseStreams = refuse;
        if (refuse) {
            for (Socket stream : streams) {
                closeQuietly(stream);
            }
        }
    }

    private static boolean isStream(String path) {
        return path.equals(STREAM) || path.startsWith(STREAM + "?");
    }

    private void accept() {
        while (!listener.isClosed()) {
            try {
                Socket client = listener.accept();
                sockets.add(client);
                Thread.ofVirtual().start(() -> relay(client));
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private void relay(Socket client) {
        try (client; Socket server = new Socket(InetAddress.getLoopbackAddress(), target)) {
            sockets.add(server);
            InputStream fromClient = client.getInputStream();
            String head = readHead(fromClient);
            if (head == null) {
                return;
            }
            String[] lines = head.split("\r\n");
            Map<String, String> headers = new LinkedHashMap<>();
            var forwarded = new StringBuilder(lines[0]).append("\r\n");
            for (int i = 1; i < lines.length; i++) {
                int colon = lines[i].indexOf(':');
                String name = lines[i].substring(0, colon).strip();
                headers.put(name.toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).strip());
                if (!name.equalsIgnoreCase("Connection")) {
                    forwarded.append(lines[i]).append("\r\n");
                }
            }
            forwarded.append("Connection: close\r\n\r\n");
            var exchange = new Exchange(lines[0], headers);
            exchanges.add(exchange);
            if (isStream(exchange.path())) {
                if (refuseStreams) {
                    refuse(client, exchange);
                    return;
                }
                streams.add(client);
            }
            server.getOutputStream().write(forwarded.toString().getBytes(StandardCharsets.ISO_8859_1));
            server.getOutputStream().flush();
            Thread.ofVirtual().start(() -> copy(fromClient, outputOf(server)));
            copyResponse(server.getInputStream(), client.getOutputStream(), exchange);
        } catch (IOException e) {
            // a connection ended: nothing to record
        }
    }

    private static void refuse(Socket client, Exchange exchange) throws IOException {
        byte[] body = "this server is at its stream limit; retry later\n".getBytes(StandardCharsets.US_ASCII);
        exchange.statusLine = "HTTP/1.1 503 Service Unavailable";
        String head = exchange.statusLine + "\r\nContent-Type: text/plain\r\nContent-Length: " + body.length
                + "\r\nConnection: close\r\n\r\n";
        OutputStream out = client.getOutputStream();
        out.write(head.getBytes(StandardCharsets.US_ASCII));
        out.write(body);
        out.flush();
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // already closed
        }
    }

    private static OutputStream outputOf(Socket socket) {
        try {
            return socket.getOutputStream();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String readHead(InputStream in) throws IOException {
        var head = new ByteArrayOutputStream();
        int matched = 0;
        int b;
        while ((b = in.read()) != -1) {
            head.write(b);
            matched = (b == '\r' || b == '\n') ? matched + 1 : 0;
            if (matched == 4) {
                String text = head.toString(StandardCharsets.ISO_8859_1);
                return text.substring(0, text.length() - 4);
            }
        }
        return null;
    }

    private static void copyResponse(InputStream in, OutputStream out, Exchange exchange) throws IOException {
        var firstLine = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        int n;
        while ((n = in.read(buffer)) != -1) {
            if (exchange.statusLine == null) {
                for (int i = 0; i < n && exchange.statusLine == null; i++) {
                    if (buffer[i] == '\r') {
                        exchange.statusLine = firstLine.toString(StandardCharsets.ISO_8859_1);
                    } else {
                        firstLine.write(buffer[i]);
                    }
                }
            }
            out.write(buffer, 0, n);
            out.flush();
        }
    }

    private static void copy(InputStream in, OutputStream out) {
        try {
            in.transferTo(out);
        } catch (IOException e) {
            // either side closed
        }
    }

    @Override
    public void close() {
        try {
            listener.close();
        } catch (IOException e) {
            // already closed
        }
        for (Socket socket : new ArrayList<>(sockets)) {
            try {
                socket.close();
            } catch (IOException e) {
                // already closed
            }
        }
    }
}
