package io.promptly.exposition.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.promptly.core.Counter;
import io.promptly.core.Registry;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Hostile clients against a {@link MetricsServer} on 127.0.0.1: malformed request lines, enormous headers,
 * slowloris connections that never finish their request, clients that vanish mid-response, and a burst of
 * concurrent scrapes. During and after each attack a healthy client must get a 200 within
 * {@value #HEALTHY_TIMEOUT_MILLIS} ms (a socket read timeout, not a clock assertion), and the server's threads
 * must not pile up. Every loop is bounded and stops by itself.
 */
@Tag("hostile")
class MetricsServerHostileClientsTest {
    private static final int HEALTHY_TIMEOUT_MILLIS = 5_000;
    private static final int SLOWLORIS_CONNECTIONS = 64;
    private static final int ENORMOUS_HEADER_BYTES = 1 << 20;
    private static final AtomicInteger REQUESTS_SURVIVED = new AtomicInteger();
    private static final AtomicInteger ATTACK_CONNECTIONS = new AtomicInteger();

    private Registry registry;
    private MetricsServer server;

    @AfterAll
    static void report() {
        System.out.println("[MetricsServerHostileClientsTest] hostile connections " + ATTACK_CONNECTIONS
                + ", healthy requests answered 200 during/after attacks " + REQUESTS_SURVIVED);
    }

    @BeforeEach
    void start() throws IOException {
        registry = new Registry();
        Counter.builder("requests").help("Requests.").labelNames("code").register(registry).labels("200").inc(5);
        server = MetricsServer.builder().registry(registry).host("127.0.0.1").start();
    }

    @AfterEach
    void stop() {
        server.stop();
    }

    @Test
    void malformedRequestLinesDoNotStopHealthyScrapes() throws IOException {
        String[] garbage = {
            "GARBAGE\r\n\r\n", "GET\r\n\r\n", "GET /metrics\r\n\r\n", "GET /metrics HTTP/9.9\r\n\r\n",
            "\r\n\r\n", "GET /metrics HTTP/1.1\r\nno colon here\r\n\r\n", "GET  HTTP/1.1\r\n\r\n",
            "GET /" + "a".repeat(100_000) + " HTTP/1.1\r\nHost: x\r\n\r\n", "\u0000\u0001\u0002\u00ff\r\n\r\n",
            "GET /metrics?name[]=%zz HTTP/1.1\r\nHost: x\r\n\r\n", "GET /metrics HTTP/1.1\r\nContent-Length: -5\r\n\r\n",
            "POST /metrics HTTP/1.1\r\nContent-Length: 99999999\r\n\r\nabc",
            "GET /metrics HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n",
            "GET /metrics HTTP/1.1\r\nAccept: \u00ff\u00fe;q=\r\n\r\n", "GET /metrics HTTP/1.1\n\n",
        };
        for (String request : garbage) {
            try (Socket s = connect()) {
                ATTACK_CONNECTIONS.incrementAndGet();
                s.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
                s.getOutputStream().flush();
                drainQuietly(s);
            }
            assertHealthy("after " + shorten(request));
        }
    }

    @Test
    void enormousHeadersAreRefusedWithoutStoppingHealthyScrapes() throws IOException {
        byte[] oneHeader = ("GET /metrics HTTP/1.1\r\nHost: x\r\nX-Big: " + "b".repeat(ENORMOUS_HEADER_BYTES)
                + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
        StringBuilder many = new StringBuilder("GET /metrics HTTP/1.1\r\nHost: x\r\n");
        for (int i = 0; i < 20_000; i++) {
            many.append("X-H").append(i).append(": v\r\n");
        }
        byte[] manyHeaders = many.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII);
        for (byte[] request : new byte[][] {oneHeader, manyHeaders}) {
            try (Socket s = connect()) {
                ATTACK_CONNECTIONS.incrementAndGet();
                writeQuietly(s, request);
                drainQuietly(s);
            }
            assertHealthy("after " + request.length + " bytes of headers");
        }
    }

    @Test
    void slowlorisConnectionsDoNotStarveHealthyScrapes() throws IOException, InterruptedException {
        int threadsBefore = serverThreads();
        List<Socket> held = new ArrayList<>();
        try {
            for (int i = 0; i < SLOWLORIS_CONNECTIONS; i++) {
                Socket s = connect();
                held.add(s);
                ATTACK_CONNECTIONS.incrementAndGet();
                // a request that never ends: the first header line and nothing more
                s.getOutputStream().write("GET /metrics HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: "
                        .getBytes(StandardCharsets.US_ASCII));
                s.getOutputStream().flush();
            }
            Thread.sleep(200); // let the server pick every one of them up
            for (int i = 0; i < 5; i++) {
                assertHealthy("while " + SLOWLORIS_CONNECTIONS + " slowloris connections are open");
            }
            // at most one thread per connection, and never past the server's cap
            int during = serverThreads();
            assertTrue(during <= threadsBefore + SLOWLORIS_CONNECTIONS + MetricsServer.DEFAULT_THREADS + 1
                    && during <= MetricsServer.MAX_CONNECTION_THREADS + 1,
                    "server threads grew from " + threadsBefore + " to " + during);
        } finally {
            for (Socket s : held) {
                s.close();
            }
        }
        assertHealthy("after the slowloris connections closed");
    }

    @Test
    void clientsVanishingMidResponseDoNotHurtTheServer() throws IOException {
        Counter big = Counter.builder("big").help("Many series.").labelNames("id").register(registry);
        for (int i = 0; i < 40_000; i++) {
            big.labels("series-with-a-fairly-long-label-value-" + i).inc(i);
        }
        int threadsBefore = serverThreads();
        for (int i = 0; i < 30; i++) {
            try (Socket s = connect()) {
                ATTACK_CONNECTIONS.incrementAndGet();
                s.setSoLinger(true, 0); // reset, not a polite FIN
                s.getOutputStream().write(("GET /metrics HTTP/1.1\r\nHost: x\r\nAccept-Encoding: "
                        + (i % 2 == 0 ? "gzip" : "identity") + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                s.getOutputStream().flush();
                s.getInputStream().readNBytes(64);
            }
        }
        for (int i = 0; i < 3; i++) {
            assertHealthy("after 30 clients vanished mid-response");
        }
        int after = serverThreads();
        assertTrue(after <= threadsBefore + 30 + MetricsServer.DEFAULT_THREADS
                && after <= MetricsServer.MAX_CONNECTION_THREADS + 1,
                "server threads grew from " + threadsBefore + " to " + after);
    }

    @Test
    void manyConcurrentScrapesAllSucceed() throws InterruptedException, IOException {
        int clients = 8;
        int scrapesEach = 40;
        AtomicInteger ok = new AtomicInteger();
        List<Throwable> failures = java.util.Collections.synchronizedList(new ArrayList<>());
        List<Thread> threads = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            Thread t = new Thread(() -> {
                try (RawHttp http = new RawHttp(server.port())) {
                    http.timeoutMillis(HEALTHY_TIMEOUT_MILLIS * 2);
                    for (int i = 0; i < scrapesEach; i++) {
                        RawHttp.Response r = http.get("/metrics");
                        if (r.status == 200 && r.bodyText().contains("requests_total{code=\"200\"} 5")) {
                            ok.incrementAndGet();
                        }
                    }
                } catch (IOException | RuntimeException e) {
                    failures.add(e);
                }
            });
            threads.add(t);
            t.start();
        }
        assertHealthy("during " + clients + " concurrent scrapers");
        for (Thread t : threads) {
            t.join(60_000);
        }
        assertTrue(failures.isEmpty(), "scrapers failed: " + failures);
        assertEquals(clients * scrapesEach, ok.get());
        REQUESTS_SURVIVED.addAndGet(ok.get());
        assertHealthy("after " + clients + " concurrent scrapers");
    }

    // ---- helpers ----

    /** A fresh connection must get a 200 from /metrics within the timeout. */
    private void assertHealthy(String when) throws IOException {
        try (RawHttp http = new RawHttp(server.port())) {
            http.timeoutMillis(HEALTHY_TIMEOUT_MILLIS);
            RawHttp.Response r;
            try {
                r = http.get("/metrics");
            } catch (SocketTimeoutException stalled) {
                throw new AssertionError("healthy scrape got no answer within " + HEALTHY_TIMEOUT_MILLIS + " ms "
                        + when, stalled);
            }
            assertEquals(200, r == null ? -1 : r.status, "healthy scrape " + when);
            assertTrue(r.bodyText().contains("requests_total{code=\"200\"} 5"), when);
            REQUESTS_SURVIVED.incrementAndGet();
        }
    }

    private Socket connect() throws IOException {
        Socket s = new Socket();
        s.connect(new InetSocketAddress("127.0.0.1", server.port()), HEALTHY_TIMEOUT_MILLIS);
        s.setSoTimeout(HEALTHY_TIMEOUT_MILLIS);
        return s;
    }

    private static void writeQuietly(Socket s, byte[] bytes) {
        try {
            OutputStream out = s.getOutputStream();
            out.write(bytes);
            out.flush();
        } catch (IOException closedByServer) {
            // refusing to read a hostile request is a fine answer
        }
    }

    /** Reads whatever the server answers until it closes or goes quiet; the content does not matter. */
    private static void drainQuietly(Socket s) {
        try {
            s.shutdownOutput();
            InputStream in = s.getInputStream();
            byte[] buf = new byte[8192];
            long total = 0;
            while (total < (1 << 22) && in.read(buf) >= 0) {
                total += buf.length;
            }
        } catch (IOException closedOrQuiet) {
            // a reset or a read timeout: the server stopped talking to us, as it may
        }
    }

    /** Live threads of our server (its worker pool) plus the JDK server's dispatcher threads. */
    private static int serverThreads() {
        int n = 0;
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.isAlive() && (t.getName().startsWith("promptly-metrics-http") || t.getName().startsWith("HTTP-Dispatcher"))) {
                n++;
            }
        }
        return n;
    }

    private static String shorten(String s) {
        String printable = s.replace("\r", "\\r").replace("\n", "\\n");
        return printable.length() <= 50 ? printable : printable.substring(0, 50) + "…";
    }
}
