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
 * An SSE stream over a plain socket, for what {@link SseClient} cannot do: see the exact bytes of
 * the body (dechunked), stop reading altogether, or vanish abruptly.
 */
public final class RawStream implements AutoCloseable {
    private final Socket socket;
    private final InputStream in;
    private int status = -1;
    private final Map<String, String> headers = new LinkedHashMap<>();
    private boolean chunked;
    private long chunkLeft;
    private boolean ended;
    private boolean endedCleanly;

    private RawStream(Socket socket) throws IOException {
        this.socket = socket;
        this.in = new BufferedInputStream(socket.getInputStream(), 64 * 1024);
    }

    /**
     * Connects and sends the request; reads nothing yet. {@code receiveBuffer} > 0 shrinks the socket's
     * receive buffer (before connecting, so the TCP window stays small).
     */
    public static RawStream connect(int port, String path, int receiveBuffer, String... headers) throws IOException {
        return connectFrom("127.0.0.1", port, path, receiveBuffer, headers);
    }

    /** As {@link #connect}, from the local address {@code source} (e.g. 127.0.0.2: another client address). */
    public static RawStream connectFrom(String source, int port, String path, int receiveBuffer, String... headers)
            throws IOException {
        Socket socket = new Socket();
        socket.bind(new InetSocketAddress(source, 0));
        if (receiveBuffer > 0) {
            socket.setReceiveBufferSize(receiveBuffer);
        }
        socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
        socket.setSoTimeout(10_000);
        StringBuilder request = new StringBuilder("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port
                + "\r\nAccept: text/event-stream\r\n");
        for (int i = 0; i < headers.length; i += 2) {
            request.append(headers[i]).append(": ").append(headers[i + 1]).append("\r\n");
        }
        socket.getOutputStream().write(request.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1));
        socket.getOutputStream().flush();
        return new RawStream(socket);
    }

    /** Reads the status line and headers. */
    public RawStream readHead() throws IOException {
        String statusLine = line();
        status = Integer.parseInt(statusLine.split(" ")[1]);
        for (String line; !(line = line()).isEmpty(); ) {
            int colon = line.indexOf(':');
            headers.put(line.substring(0, colon).strip().toLowerCase(Locale.ROOT), line.substring(colon + 1).strip());
        }
        chunked = "chunked".equalsIgnoreCase(headers.get("transfer-encoding"));
        chunkLeft = chunked ? 0 : headers.containsKey("content-length") ? Long.parseLong(headers.get("content-length")) : -1;
        return this;
    }

    public int status() {
        return status;
    }

    public String header(String name) {
        return headers.get(name.toLowerCase(Locale.ROOT));
    }

    /**
     * The next SSE frame: the bytes up to a blank line, without it (UTF-8 decoded), or null when the
     * body ended first.
     */
    public String nextFrame() throws IOException {
        var frame = new ByteArrayOutputStream();
        byte[] one = new byte[1];
        int previous = -1;
        while (readBody(one) > 0) {
            if (one[0] == '\n' && previous == '\n') {
                byte[] bytes = frame.toByteArray();
                return new String(bytes, 0, bytes.length - 1, StandardCharsets.UTF_8);
            }
            frame.write(one[0]);
            previous = one[0];
        }
        return null;
    }

    /** One byte of the dechunked body; -1 at its end (last chunk, or the connection closed). */
    public int readBody(byte[] one) throws IOException {
        if (ended) {
            return -1;
        }
        if (chunked && chunkLeft == 0) {
            String size = line();
            if (size.isEmpty()) {
                size = line(); // the CRLF that ends the previous chunk
            }
            int semicolon = size.indexOf(';');
            chunkLeft = Long.parseLong((semicolon < 0 ? size : size.substring(0, semicolon)).strip(), 16);
            if (chunkLeft == 0) {
                ended = true;
                endedCleanly = true;
                return -1;
            }
        }
        if (!chunked && chunkLeft == 0) {
            ended = true;
            endedCleanly = true;
            return -1;
        }
        int b = in.read();
        if (b < 0) {
            ended = true;
            endedCleanly = !chunked && chunkLeft < 0; // a body without length or chunks ends with the connection
            return -1;
        }
        one[0] = (byte) b;
        chunkLeft--;
        return 1;
    }

    /** True once the body ended with its last chunk or the connection closed. */
    public boolean ended() {
        return ended;
    }

    /**
     * True when the server ended the body properly (its last chunk, or closing a body that has no
     * length), not by cutting the connection.
     */
    public boolean endedCleanly() {
        return endedCleanly;
    }

    /** The whole body that is left, as text (UTF-8). */
    public String readRest() throws IOException {
        var rest = new ByteArrayOutputStream();
        byte[] one = new byte[1];
        while (readBody(one) > 0) {
            rest.write(one[0]);
        }
        return rest.toString(StandardCharsets.UTF_8);
    }

    private String line() throws IOException {
        StringBuilder line = new StringBuilder();
        for (int b; (b = in.read()) >= 0; ) {
            if (b == '\n') {
                return line.toString();
            }
            if (b != '\r') {
                line.append((char) b);
            }
        }
        ended = true;
        throw new IOException("connection closed");
    }

    /** Closes with a RST instead of a FIN: the peer learns of it only by writing. */
    public void reset() throws IOException {
        socket.setSoLinger(true, 0);
        socket.close();
    }

    public Socket socket() {
        return socket;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
