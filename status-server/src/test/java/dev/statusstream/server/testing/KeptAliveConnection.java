package dev.statusstream.server.testing;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Several HTTP/1.1 requests on one kept-alive connection, which {@link java.net.http.HttpClient} does
 * not promise: what a proxy's pooled upstream connection looks like to the server.
 */
public final class KeptAliveConnection implements AutoCloseable {
    private final Socket socket;
    private final InputStream in;
    private final int port;

    public KeptAliveConnection(int port) throws IOException {
        this.port = port;
        this.socket = new Socket();
        socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
        socket.setSoTimeout(10_000);
        this.in = new BufferedInputStream(socket.getInputStream());
    }

    /** A reply: status, headers (lower-case names) and body. */
    public record Reply(int status, Map<String, String> headers, String body) {
    }

    /** Sends one request without a body and reads its whole reply; the connection stays open. */
    public Reply send(String method, String path, String... headers) throws IOException {
        StringBuilder request = new StringBuilder(method + " " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\n");
        for (int i = 0; i < headers.length; i += 2) {
            request.append(headers[i]).append(": ").append(headers[i + 1]).append("\r\n");
        }
        socket.getOutputStream().write(request.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1));
        socket.getOutputStream().flush();
        int status = Integer.parseInt(line().split(" ")[1]);
        Map<String, String> replyHeaders = new LinkedHashMap<>();
        for (String line; !(line = line()).isEmpty(); ) {
            int colon = line.indexOf(':');
            replyHeaders.put(line.substring(0, colon).strip().toLowerCase(Locale.ROOT), line.substring(colon + 1).strip());
        }
        if ("close".equalsIgnoreCase(replyHeaders.get("connection"))) {
            throw new IOException("the server closed the connection after " + method + " " + path);
        }
        var body = new ByteArrayOutputStream();
        if ("chunked".equalsIgnoreCase(replyHeaders.get("transfer-encoding"))) {
            for (int size; (size = Integer.parseInt(line().split(";")[0].strip(), 16)) > 0; ) {
                body.write(in.readNBytes(size));
                line();
            }
            line();
        } else {
            body.write(in.readNBytes(Integer.parseInt(replyHeaders.getOrDefault("content-length", "0"))));
        }
        return new Reply(status, replyHeaders, body.toString(StandardCharsets.UTF_8));
    }

    private String line() throws IOException {
        var line = new ByteArrayOutputStream();
        for (int b; (b = in.read()) != '\n'; ) {
            if (b == -1) {
                throw new IOException("the connection ended");
            }
            if (b != '\r') {
                line.write(b);
            }
        }
        return line.toString(StandardCharsets.ISO_8859_1);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
