package io.promptly.exposition.push;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 20: a kept-alive connection the gateway closes while idle. The fake gateway is a raw HTTP/1.1 socket
 * server that keeps connections alive and follows a script per request it reads (the n-th request over all
 * connections): answer and keep the connection, close it without a byte of answer, or send a partial answer and
 * close. What it answered is recorded, so "seen exactly once" is judged by the server, not by the client.
 *
 * <p>Closing without answering a request that arrived on a kept connection is exactly what the client sees when
 * the gateway's idle close races its next request, made deterministic.
 */
class PushGatewayStaleConnectionTest {
    private static final Duration NEVER_HANG = Duration.ofSeconds(30);
    private static final String OK = "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n";

    private final Registry registry = new Registry();
    private ScriptedGateway gateway;

    @BeforeEach
    void metrics() {
        Counter.builder("jobs").help("Jobs run.").register(registry).inc(3);
    }

    @AfterEach
    void stop() throws IOException {
        if (gateway != null) {
            gateway.close();
        }
    }

    @Test
    void aPushOverAConnectionClosedWhileIdleIsRetriedOnceAndSeenOnce() throws Exception {
        for (String method : new String[] {"PUT", "POST", "DELETE"}) {
            // request 0 answered on a kept connection; request 1 arrives on it and is dropped unanswered (the
            // idle close); request 2, the retry, comes on a new connection and is answered
            gateway = new ScriptedGateway(n -> n == 1 ? Step.CLOSE_SILENTLY : Step.answer(OK));
            PushGateway client = client();
            assertTimeoutPreemptively(NEVER_HANG, () -> send(client, method));
            assertTimeoutPreemptively(NEVER_HANG, () -> send(client, method));
            assertEquals(2, gateway.answered().size(), method + ": each push answered exactly once");
            assertEquals(3, gateway.requestsRead(), method + ": the dropped request and its one retry");
            assertEquals(2, gateway.connectionsAccepted(), method + ": the retry took a new connection");
            for (String request : gateway.answered()) {
                assertTrue(request.startsWith(method + " /metrics/job/"), request);
            }
            gateway.close();
        }
    }

    @Test
    void aGatewayThatClosesEveryIdleConnectionRightAfterAnsweringLosesNoPush() throws Exception {
        gateway = new ScriptedGateway(n -> Step.answerAndClose(OK));
        PushGateway client = client();
        for (int i = 0; i < 20; i++) {
            assertTimeoutPreemptively(NEVER_HANG, () -> client.push(registry, "job"));
        }
        assertEquals(20, gateway.answered().size());
    }

    @Test
    void anAnswerCutAfterItsStatusLineIsNeverRetried() throws Exception {
        String[] cutAnswers = {
            "HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nab", // body cut short
            "HTTP/1.1 200 OK\r\nContent-Len", // headers cut short
            "HTTP/1.1 2", // status line cut short: already an answer byte
        };
        for (String cut : cutAnswers) {
            gateway = new ScriptedGateway(n -> Step.partialAndClose(cut));
            PushGateway client = client();
            PushGatewayException e = assertTimeoutPreemptively(NEVER_HANG,
                    () -> assertThrows(PushGatewayException.class, () -> client.push(registry, "job")));
            assertEquals(1, gateway.requestsRead(), cut + ": not repeated once an answer began");
            assertFalse(e.answered(), e.getMessage());
            assertEquals(PushGatewayException.NO_ANSWER, e.statusCode());
            assertTrue(e.getMessage().contains("PUT http://127.0.0.1:" + gateway.port() + "/metrics/job/job"),
                    e.getMessage());
            assertTrue(e.getCause() instanceof IOException, String.valueOf(e.getCause()));
            gateway.close();
        }
    }

    @Test
    void aGatewayThatNeverAnswersIsTriedTwiceThenFailsNamingTheUrlWithoutCredentials() throws Exception {
        List<String> authorizations = Collections.synchronizedList(new ArrayList<>());
        gateway = new ScriptedGateway(n -> Step.CLOSE_SILENTLY);
        gateway.onRequest = request -> authorizations.add(header(request, "authorization"));
        PushGateway client = PushGateway.builder("http://al%20ice:s3cr%3At@127.0.0.1:" + gateway.port())
                .requestTimeout(Duration.ofSeconds(10)).build();
        PushGatewayException e = assertTimeoutPreemptively(NEVER_HANG,
                () -> assertThrows(PushGatewayException.class, () -> client.delete("job", Map.of("instance", "i"))));
        assertEquals(2, gateway.requestsRead(), "one retry, no more");
        assertEquals(0, gateway.answered().size());
        assertFalse(e.answered());
        assertTrue(e.getMessage().startsWith("DELETE http://127.0.0.1:" + gateway.port()
                + "/metrics/job/job/instance/i "), e.getMessage());
        assertFalse(e.getMessage().contains("s3cr") || e.getMessage().contains("al%20ice"), e.getMessage());
        assertFalse(client.url("job", Map.of()).toString().contains("s3cr"));
        String expected = "Basic " + Base64.getEncoder().encodeToString("al ice:s3cr:t".getBytes(StandardCharsets.UTF_8));
        assertEquals(List.of(expected, expected), authorizations, "credentials of the URL sent as basic auth");
    }

    @Test
    void aRefusedConnectionIsAPushGatewayExceptionAndIsNotRetried() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        PushGateway client = PushGateway.builder("http://127.0.0.1:" + port).build();
        PushGatewayException e = assertTimeoutPreemptively(NEVER_HANG,
                () -> assertThrows(PushGatewayException.class, () -> client.pushAdd(registry, "job")));
        assertFalse(e.answered());
        assertTrue(e.getMessage().startsWith("POST http://127.0.0.1:" + port + "/metrics/job/job failed: "),
                e.getMessage());
        assertEquals(0, e.getCause().getSuppressed().length, "no second attempt");
    }

    @Test
    void staleConnectionSignaturesAreTheClosedBeforeAnswerOnesOnly() {
        assertTrue(PushGateway.closedBeforeAnyAnswerByte(
                new IOException("HTTP/1.1 header parser received no bytes")));
        assertTrue(PushGateway.closedBeforeAnyAnswerByte(
                new IOException("wrapped", new java.net.SocketException("Connection reset"))));
        assertTrue(PushGateway.closedBeforeAnyAnswerByte(new IOException("Broken pipe")));
        assertFalse(PushGateway.closedBeforeAnyAnswerByte(new java.net.http.HttpTimeoutException("request timed out")));
        assertFalse(PushGateway.closedBeforeAnyAnswerByte(new java.net.ConnectException("Connection refused")));
        assertFalse(PushGateway.closedBeforeAnyAnswerByte(new java.io.EOFException("EOF reached while reading")));
    }

    // ---- helpers ----

    private PushGateway client() {
        return PushGateway.builder("http://127.0.0.1:" + gateway.port()).requestTimeout(Duration.ofSeconds(10)).build();
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

    private static String header(String request, String name) {
        for (String line : request.split("\r\n")) {
            if (line.toLowerCase(Locale.ROOT).startsWith(name + ":")) {
                return line.substring(name.length() + 1).trim();
            }
        }
        return null;
    }

    /** What the scripted gateway does with one request. */
    private static final class Step {
        static final Step CLOSE_SILENTLY = new Step(null, true, false);

        final String bytes;
        final boolean close;
        final boolean counts;

        private Step(String bytes, boolean close, boolean counts) {
            this.bytes = bytes;
            this.close = close;
            this.counts = counts;
        }

        static Step answer(String answer) {
            return new Step(answer, false, true);
        }

        static Step answerAndClose(String answer) {
            return new Step(answer, true, true);
        }

        static Step partialAndClose(String partial) {
            return new Step(partial, true, false);
        }
    }

    /** An HTTP/1.1 server on 127.0.0.1 keeping connections alive and following a script per request. */
    private static final class ScriptedGateway implements AutoCloseable {
        private final ServerSocket socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        private final List<String> answered = Collections.synchronizedList(new ArrayList<>());
        private final List<Socket> open = Collections.synchronizedList(new ArrayList<>());
        private final AtomicInteger requests = new AtomicInteger();
        private final AtomicInteger connections = new AtomicInteger();
        private final IntFunction<Step> script;
        volatile java.util.function.Consumer<String> onRequest = r -> { };

        ScriptedGateway(IntFunction<Step> script) throws IOException {
            this.script = script;
            Thread acceptor = new Thread(this::accept, "scripted-pushgateway");
            acceptor.setDaemon(true);
            acceptor.start();
        }

        private void accept() {
            while (!socket.isClosed()) {
                try {
                    Socket client = socket.accept();
                    connections.incrementAndGet();
                    open.add(client);
                    Thread serve = new Thread(() -> serve(client), "scripted-pushgateway-connection");
                    serve.setDaemon(true);
                    serve.start();
                } catch (IOException closed) {
                    return;
                }
            }
        }

        private void serve(Socket client) {
            try (Socket c = client) {
                c.setSoTimeout(20_000);
                InputStream in = c.getInputStream();
                OutputStream out = c.getOutputStream();
                while (true) {
                    String request = readRequest(in);
                    if (request == null) {
                        return; // the client closed its end
                    }
                    onRequest.accept(request);
                    Step step = script.apply(requests.getAndIncrement());
                    if (step.counts) {
                        answered.add(request); // before answering: the client may check as soon as it has the answer
                    }
                    if (step.bytes != null) {
                        out.write(step.bytes.getBytes(StandardCharsets.ISO_8859_1));
                        out.flush();
                    }
                    if (step.close) {
                        return;
                    }
                }
            } catch (IOException gone) {
                // the client went away
            }
        }

        int port() {
            return socket.getLocalPort();
        }

        List<String> answered() {
            return new ArrayList<>(answered);
        }

        int requestsRead() {
            return requests.get();
        }

        int connectionsAccepted() {
            return connections.get();
        }

        /** Reads one request (headers and a Content-Length body), or null at a clean end of stream. */
        private static String readRequest(InputStream in) throws IOException {
            ByteArrayOutputStream head = new ByteArrayOutputStream();
            int matched = 0;
            while (matched < 4) {
                int c = in.read();
                if (c < 0) {
                    if (head.size() == 0) {
                        return null;
                    }
                    throw new IOException("client closed inside its headers");
                }
                head.write(c);
                matched = (c == '\r' && matched % 2 == 0) || (c == '\n' && matched % 2 == 1) ? matched + 1 : 0;
            }
            String headers = head.toString(StandardCharsets.ISO_8859_1);
            String length = header(headers, "content-length");
            byte[] body = in.readNBytes(length == null ? 0 : Integer.parseInt(length));
            return headers + new String(body, StandardCharsets.ISO_8859_1);
        }

        @Override
        public void close() throws IOException {
            socket.close();
            synchronized (open) {
                for (Socket s : open) {
                    s.close();
                }
            }
        }
    }
}
