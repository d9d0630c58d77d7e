package io.promptly.exposition.push;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.promptly.core.Counter;
import io.promptly.core.Registry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Pushgateway faults: nobody listening, a server slower than the request timeout, one that accepts and never
 * answers, and 4xx/5xx answers with bodies. Every push must end within its timeouts (bounded here by a
 * preemptive limit far above them, never a timing assertion), each as a {@link PushGatewayException}: a non-2xx
 * answer carrying status and body, the rest carrying the cause.
 *
 * <p>The fake gateway is a raw socket on 127.0.0.1 (not the JDK {@code HttpServer}, whose configuration the
 * first creation in the JVM freezes for {@code MetricsServer}'s tests).
 */
class PushGatewayFaultsTest {
    private static final Duration SHORT = Duration.ofMillis(400);
    private static final Duration NEVER_HANG = Duration.ofSeconds(20);
    private static int faultsTried;

    private final Registry registry = new Registry();
    private FakeGateway gateway;

    @AfterAll
    static void report() {
        System.out.println("[PushGatewayFaultsTest] faults tried: " + faultsTried);
    }

    @BeforeEach
    void metrics() {
        Counter.builder("jobs").help("Jobs run.").register(registry).inc(3);
    }

    @AfterEach
    void stopGateway() throws IOException {
        if (gateway != null) {
            gateway.close();
        }
    }

    @Test
    void unreachablePortFailsWithIoExceptionNotAHang() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        PushGateway client = client(port);
        for (String method : new String[] {"PUT", "POST", "DELETE"}) {
            faultsTried++;
            PushGatewayException e = assertTimeoutPreemptively(NEVER_HANG,
                    () -> assertThrows(PushGatewayException.class, () -> send(client, method)));
            assertFalse(e.answered(), "no answer is not a status: " + e);
            assertInstanceOf(java.net.ConnectException.class, e.getCause(), method + ": " + e);
        }
    }

    @Test
    void serverSlowerThanTheRequestTimeoutFailsWithTimeout() throws IOException {
        CountDownLatch release = new CountDownLatch(1);
        gateway = new FakeGateway(request -> {
            try {
                release.await(); // answers only when the test is over
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n";
        });
        try {
            PushGateway client = client(gateway.port());
            for (String method : new String[] {"PUT", "POST", "DELETE"}) {
                faultsTried++;
                PushGatewayException e = assertTimeoutPreemptively(NEVER_HANG,
                        () -> assertThrows(PushGatewayException.class, () -> send(client, method)));
                assertInstanceOf(HttpTimeoutException.class, e.getCause(), method + ": " + e);
            }
        } finally {
            release.countDown();
        }
    }

    @Test
    void serverThatAcceptsAndNeverReadsFailsWithTimeout() throws IOException {
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            List<Socket> accepted = new ArrayList<>();
            Thread acceptor = new Thread(() -> {
                try {
                    while (true) {
                        accepted.add(silent.accept()); // and never read or answer
                    }
                } catch (IOException closed) {
                    // test over
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
            faultsTried++;
            PushGatewayException e = assertTimeoutPreemptively(NEVER_HANG,
                    () -> assertThrows(PushGatewayException.class, () -> client(silent.getLocalPort()).push(registry,
                            "job")));
            assertInstanceOf(HttpTimeoutException.class, e.getCause());
            for (Socket s : new ArrayList<>(accepted)) {
                s.close();
            }
        }
    }

    @Test
    void errorAnswersCarryStatusAndBody() throws IOException {
        String[][] answers = {
            {"400", "Bad Request", "text format parsing error in line 3: expected float as value\n"},
            {"401", "Unauthorized", "Unauthorized\n"},
            {"404", "Not Found", ""},
            {"409", "Conflict", "pushed metrics are inconsistent with existing metrics"},
            {"500", "Internal Server Error", "oops: über-error ✓"},
            {"503", "Service Unavailable", "x".repeat(100_000)},
            {"302", "Found", "moved"},
        };
        for (String[] answer : answers) {
            int status = Integer.parseInt(answer[0]);
            byte[] body = answer[2].getBytes(StandardCharsets.UTF_8);
            gateway = new FakeGateway(request -> "HTTP/1.1 " + answer[0] + " " + answer[1] + "\r\n"
                    // the fake closes after answering: say so, or the client may reuse the closed connection
                    // (issue 20) and this test would judge pooled-connection timing, not the error answers
                    + "Connection: close\r\n"
                    + "Content-Type: text/plain; charset=utf-8\r\nLocation: /elsewhere\r\nContent-Length: "
                    + body.length + "\r\n\r\n" + answer[2]);
            // generous timeout: this test is about the answers, and a loaded machine may take > 400 ms for 100 KB
            PushGateway client = client(gateway.port(), Duration.ofSeconds(5));
            for (String method : new String[] {"PUT", "POST", "DELETE"}) {
                faultsTried++;
                PushGatewayException e = assertTimeoutPreemptively(NEVER_HANG, () ->
                        assertThrows(PushGatewayException.class, () -> send(client, method)));
                assertEquals(status, e.statusCode(), method);
                assertEquals(answer[2], e.body(), method);
                assertTrue(e.getMessage().contains(method) && e.getMessage().contains(answer[0]), e.getMessage());
                assertTrue(e.getMessage().length() < 1_000, "message abbreviates a huge body");
                if (answer[2].length() < 100) {
                    assertTrue(e.getMessage().contains(answer[2].strip()), e.getMessage());
                }
            }
            gateway.close();
            gateway = null;
        }
    }

    @Test
    void aSuccessfulPushAfterFaultsStillWorks() throws IOException {
        List<String> seen = new ArrayList<>();
        gateway = new FakeGateway(request -> {
            seen.add(request);
            return "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n";
        });
        PushGateway client = client(gateway.port());
        client.push(registry, "job", Map.of("instance", "a/b"));
        assertEquals(1, seen.size());
        assertTrue(seen.get(0).startsWith("PUT /metrics/job/job/instance@base64/YS9i HTTP/1.1"), seen.get(0));
    }

    // ---- helpers ----

    private PushGateway client(int port) {
        return client(port, SHORT);
    }

    /** A client with both timeouts at {@code timeout}. */
    private static PushGateway client(int port, Duration timeout) {
        return PushGateway.builder("http://127.0.0.1:" + port).connectTimeout(timeout).requestTimeout(timeout).build();
    }

    private void send(PushGateway client, String method) throws IOException {
        switch (method) {
            case "PUT":
                client.push(registry, "job");
                break;
            case "POST":
                client.pushAdd(registry, "job", Map.of("instance", "i1"));
                break;
            default:
                client.delete("job");
        }
    }

    /** A one-connection-at-a-time HTTP/1.1 server on 127.0.0.1 answering each request with {@code answer}. */
    private static final class FakeGateway implements AutoCloseable {
        private final ServerSocket socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        private final Thread thread;

        FakeGateway(Function<String, String> answer) throws IOException {
            thread = new Thread(() -> {
                while (!socket.isClosed()) {
                    try (Socket client = socket.accept()) {
                        client.setSoTimeout(10_000);
                        String request = readRequest(client.getInputStream());
                        OutputStream out = client.getOutputStream();
                        out.write(answer.apply(request).getBytes(StandardCharsets.UTF_8));
                        out.flush();
                    } catch (IOException closedOrGone) {
                        // next connection, or the end
                    }
                }
            }, "fake-pushgateway");
            thread.setDaemon(true);
            thread.start();
        }

        int port() {
            return socket.getLocalPort();
        }

        /** Reads the request line, headers and a Content-Length body; returns them as text. */
        private static String readRequest(InputStream in) throws IOException {
            ByteArrayOutputStream head = new ByteArrayOutputStream();
            int matched = 0;
            while (matched < 4) {
                int c = in.read();
                if (c < 0) {
                    throw new IOException("client closed before the end of its headers");
                }
                head.write(c);
                matched = (c == '\r' && matched % 2 == 0) || (c == '\n' && matched % 2 == 1) ? matched + 1 : 0;
            }
            String headers = head.toString(StandardCharsets.ISO_8859_1);
            int length = 0;
            for (String line : headers.split("\r\n")) {
                if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                    length = Integer.parseInt(line.substring("content-length:".length()).trim());
                }
            }
            byte[] body = in.readNBytes(length);
            return headers + new String(body, StandardCharsets.ISO_8859_1);
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
