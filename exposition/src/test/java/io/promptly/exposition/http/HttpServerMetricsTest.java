package io.promptly.exposition.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.promptly.core.HistogramHandle;
import io.promptly.core.Registry;
import io.promptly.exposition.Exposition;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class HttpServerMetricsTest {
    private final Registry registry = new Registry();
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private HttpServer server;
    private ExecutorService executor;

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
        if (executor != null) {
            executor.shutdownNow();
        }
    }

    /** Serves with {@code metrics} (built before HttpServer.create: see NoDelay). */
    private HttpServerMetrics startServer(HttpServerMetrics metrics, CountDownLatch release) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        executor = Executors.newFixedThreadPool(4);
        server.setExecutor(executor);
        server.createContext("/orders", exchange -> {
            String path = exchange.getRequestURI().getPath();
            int status = path.endsWith("/missing") ? 404 : 200;
            byte[] body = "done".getBytes(StandardCharsets.US_ASCII);
            exchange.sendResponseHeaders(status, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        }).getFilters().add(metrics);
        server.createContext("/slow", exchange -> {
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        }).getFilters().add(metrics);
        server.createContext("/boom", exchange -> {
            throw new IllegalStateException("handler bug");
        }).getFilters().add(metrics);
        server.createContext("/metrics", exchange -> {
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        }).getFilters().add(metrics);
        server.start();
        return metrics;
    }

    private int send(String method, String path) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path))
                .method(method, HttpRequest.BodyPublishers.noBody()).build();
        try {
            return client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException closedByServer) {
            return -1;
        }
    }

    @Test
    void countsRequestsByMethodRouteAndStatus() throws Exception {
        HttpServerMetrics metrics = startServer(HttpServerMetrics.builder().registry(registry).build(), new CountDownLatch(0));
        send("GET", "/orders/1");
        send("GET", "/orders/2");
        send("GET", "/orders/missing");
        send("POST", "/orders");
        send("BREW", "/orders");
        send("GET", "/metrics");
        assertEventually(2.0, () -> metrics.requests().labels("GET", "/orders", "200").get());
        assertEventually(1.0, () -> metrics.requests().labels("GET", "/orders", "404").get());
        assertEventually(1.0, () -> metrics.requests().labels("POST", "/orders", "200").get());
        assertEventually(1.0, () -> metrics.requests().labels("OTHER", "/orders", "200").get());
        assertEquals(4, metrics.requests().seriesCount(), "route is the context path, /metrics is excluded");
        HistogramHandle getDuration = metrics.duration().labels("GET", "/orders");
        assertEquals(3, getDuration.count());
        assertTrue(getDuration.sum() > 0);
        assertEventually(0.0, () -> metrics.inFlight().labels("GET", "/orders").get());
        String text = new String(Exposition.render(registry, (String) null).body(), StandardCharsets.UTF_8);
        assertTrue(text.contains("http_requests_total{method=\"GET\",route=\"/orders\",status=\"200\"} 2\n"), text);
        assertTrue(text.contains("http_request_duration_seconds_count{method=\"GET\",route=\"/orders\"} 3\n"), text);
    }

    @Test
    void inFlightCountsRequestsBeingHandled() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        HttpServerMetrics metrics = startServer(HttpServerMetrics.builder().registry(registry).build(), release);
        ExecutorService clients = Executors.newFixedThreadPool(2);
        try {
            Future<Integer> a = clients.submit(() -> send("GET", "/slow"));
            Future<Integer> b = clients.submit(() -> send("GET", "/slow"));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (metrics.inFlight().labels("GET", "/slow").get() < 2 && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            assertEquals(2.0, metrics.inFlight().labels("GET", "/slow").get());
            release.countDown();
            assertEquals(204, a.get(10, TimeUnit.SECONDS));
            assertEquals(204, b.get(10, TimeUnit.SECONDS));
        } finally {
            clients.shutdownNow();
        }
        // the filter records after the handler has answered, so the client may see the answer first: wait (bounded)
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while ((metrics.inFlight().labels("GET", "/slow").get() != 0.0
                || metrics.requests().labels("GET", "/slow", "204").get() != 2.0) && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertEquals(0.0, metrics.inFlight().labels("GET", "/slow").get());
        assertEventually(2.0, () -> metrics.requests().labels("GET", "/slow", "204").get());
    }

    @Test
    void handlerExceptionIsCountedAs500() throws Exception {
        HttpServerMetrics metrics = startServer(HttpServerMetrics.builder()
                .metrics(HttpRequestMetrics.builder().registry(registry).prefix("api").excludePaths().build()).build(),
                new CountDownLatch(0));
        // Over a raw socket: java.net.http.HttpClient would retry the GET once the server drops the connection.
        try (RawHttp raw = new RawHttp(server.getAddress().getPort())) {
            raw.sendRaw("GET /boom HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            raw.readToEnd();
        } catch (IOException reset) {
            // the JDK server closes the connection when a handler throws
        }
        send("GET", "/metrics");
        assertEventually(1.0, () -> metrics.requests().labels("GET", "/boom", "500").get());
        assertEventually(1.0, () -> metrics.requests().labels("GET", "/metrics", "200").get(), "nothing excluded");
        assertEquals("api_requests", metrics.requests().metadata().name());
    }

    @Test
    void invalidPrefixFailsNamingTheMetric() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> HttpRequestMetrics.builder().registry(registry).prefix("9bad").build());
        assertTrue(e.getMessage().contains("9bad"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> HttpRequestMetrics.builder().prefix(""));
    }

    @Test
    void filtersSharingOneRecorderRegisterOneSetOfFamilies() {
        HttpRequestMetrics shared = HttpRequestMetrics.builder().registry(registry).prefix("shared").build();
        HttpServerMetrics first = HttpServerMetrics.builder().metrics(shared).build();
        HttpServerMetrics second = HttpServerMetrics.builder().metrics(shared).build();
        assertSame(shared, first.metrics());
        assertSame(first.requests(), second.requests());
        // without the shared recorder a second default one clashes with the first one's families
        HttpServerMetrics.builder().registry(registry).build();
        assertThrows(IllegalArgumentException.class, () -> HttpServerMetrics.builder().registry(registry).build());
    }

    @Test
    void sharedRecorderTogetherWithSettingsIsRefused() {
        HttpRequestMetrics shared = HttpRequestMetrics.builder().registry(registry).prefix("both").build();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> HttpServerMetrics.builder().metrics(shared).registry(registry).build());
        assertTrue(e.getMessage().contains("not both"), e.getMessage());
    }

    /**
     * Waits (at most 10 s) until {@code actual} reports {@code expected}, then asserts it: the filter records after
     * the handler has answered, so a client can see the answer before the record.
     */
    private static void assertEventually(double expected, java.util.function.DoubleSupplier actual, String... message)
            throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (actual.getAsDouble() != expected && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertEquals(expected, actual.getAsDouble(), message.length > 0 ? message[0] : null);
    }
}
