package io.promptly.exposition.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** A minimal HTTP/1.1 client over one raw socket (keep-alive), for tests that need control over the bytes. */
final class RawHttp implements AutoCloseable {
    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    RawHttp(int port) throws IOException {
        socket = new Socket();
        socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
        socket.setSoTimeout(10_000);
        socket.setTcpNoDelay(true);
        in = socket.getInputStream();
        out = socket.getOutputStream();
    }

    void timeoutMillis(int millis) throws IOException {
        socket.setSoTimeout(millis);
    }

    void sendRaw(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    /** Sends a GET for {@code target} on the kept-alive connection and reads the whole response. */
    Response get(String target) throws IOException {
        sendRaw(("GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: */*\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        return read();
    }

    /**
     * Reads one response: a {@code Content-Length} body (none when absent) or a chunked one, decoded strictly
     * after RFC 9112 section 7.1 ({@code chunk-size [; ext] CRLF data CRLF}, ..., {@code 0 CRLF}, trailers,
     * {@code CRLF}). A connection that ends before the last chunk or the announced length is an
     * {@link IOException}: a truncated body never passes for a complete one.
     */
    Response read() throws IOException {
        String statusLine = line();
        if (statusLine == null) {
            return null;
        }
        Map<String, String> headers = new TreeMap<>();
        for (String h = line(); h != null && !h.isEmpty(); h = line()) {
            int colon = h.indexOf(':');
            headers.put(h.substring(0, colon).trim().toLowerCase(Locale.ROOT), h.substring(colon + 1).trim());
        }
        int status = Integer.parseInt(statusLine.split(" ")[1]);
        if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
            if (headers.containsKey("content-length")) {
                throw new IOException("both Transfer-Encoding: chunked and Content-Length");
            }
            return new Response(status, headers, chunkedBody());
        }
        int length = Integer.parseInt(headers.getOrDefault("content-length", "0"));
        byte[] body = in.readNBytes(length);
        if (body.length != length) {
            throw new IOException("connection closed after " + body.length + " of " + length + " body bytes");
        }
        return new Response(status, headers, body);
    }

    private byte[] chunkedBody() throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        while (true) {
            String sizeLine = line();
            if (sizeLine == null) {
                throw new IOException("connection closed before the last chunk, after " + body.size() + " bytes");
            }
            int semicolon = sizeLine.indexOf(';');
            String hex = (semicolon < 0 ? sizeLine : sizeLine.substring(0, semicolon)).trim();
            if (hex.isEmpty() || !hex.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
                throw new IOException("bad chunk size line \"" + sizeLine + "\"");
            }
            long size = Long.parseLong(hex, 16);
            if (size == 0) {
                for (String trailer = line(); ; trailer = line()) {
                    if (trailer == null) {
                        throw new IOException("connection closed inside the trailer section");
                    }
                    if (trailer.isEmpty()) {
                        return body.toByteArray();
                    }
                }
            }
            byte[] data = in.readNBytes((int) size);
            if (data.length != size) {
                throw new IOException("connection closed inside a chunk of " + size + " bytes");
            }
            body.write(data);
            if (in.read() != '\r' || in.read() != '\n') {
                throw new IOException("chunk data not followed by CRLF");
            }
        }
    }

    /** Reads until the peer closes the connection; returns what arrived. */
    byte[] readToEnd() throws IOException {
        return in.readAllBytes();
    }

    private String line() throws IOException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) >= 0) {
            if (c == '\n') {
                String s = buf.toString(StandardCharsets.ISO_8859_1);
                return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
            }
            buf.write(c);
        }
        return buf.size() == 0 ? null : buf.toString(StandardCharsets.ISO_8859_1);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    static final class Response {
        final int status;
        final Map<String, String> headers;
        final byte[] body;

        Response(int status, Map<String, String> headers, byte[] body) {
            this.status = status;
            this.headers = headers;
            this.body = body;
        }

        String bodyText() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }
}
