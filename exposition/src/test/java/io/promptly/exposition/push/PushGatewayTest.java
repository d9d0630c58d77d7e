package io.promptly.exposition.push;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.prometheus.client.Metrics;
import io.promptly.core.Counter;
import io.promptly.core.Registry;
import io.promptly.exposition.ExpositionFormat;
import io.promptly.exposition.http.MetricsServer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class PushGatewayTest {
    static {
        // Loads MetricsServer (which turns on sun.net.httpserver.nodelay) before this class creates the JVM's
        // first HttpServer: the JDK reads that property once, and the server tests rely on it.
        MetricsServer.builder();
    }

    /** One request as the fake Pushgateway saw it. */
    static final class Seen {
        final String method;
        final String rawPath;
        final String contentType;
        final String authorization;
        final byte[] body;
        String transferEncoding;

        Seen(String method, String rawPath, String contentType, String authorization, byte[] body) {
            this.method = method;
            this.rawPath = rawPath;
            this.contentType = contentType;
            this.authorization = authorization;
            this.body = body;
        }
    }

    private final List<Seen> seen = new CopyOnWriteArrayList<>();
    private final CountDownLatch never = new CountDownLatch(1);
    private final Registry registry = new Registry();
    private HttpServer fake;
    private volatile int status = 200;
    private volatile String answer = "";

    @BeforeEach
    void startFake() throws IOException {
        Counter.builder("backup_runs_total").help("Runs.").register(registry).inc(2);
        fake = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        fake.createContext("/", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            if (exchange.getRequestURI().getRawPath().startsWith("/hang")) {
                try {
                    never.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            seen.add(new Seen(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(),
                    exchange.getRequestHeaders().getFirst("Content-Type"),
                    exchange.getRequestHeaders().getFirst("Authorization"), body));
            seen.get(seen.size() - 1).transferEncoding = exchange.getRequestHeaders().getFirst("Transfer-Encoding");
            byte[] reply = answer.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, reply.length == 0 ? -1 : reply.length);
            exchange.getResponseBody().write(reply);
            exchange.close();
        });
        fake.setExecutor(java.util.concurrent.Executors.newFixedThreadPool(2));
        fake.start();
    }

    @AfterEach
    void stopFake() {
        never.countDown();
        fake.stop(0);
    }

    private String base() {
        return "http://127.0.0.1:" + fake.getAddress().getPort();
    }

    private static List<String> familyNames(byte[] body) throws IOException {
        List<String> names = new ArrayList<>();
        ByteArrayInputStream in = new ByteArrayInputStream(body);
        for (Metrics.MetricFamily f = Metrics.MetricFamily.parseDelimitedFrom(in); f != null;
                f = Metrics.MetricFamily.parseDelimitedFrom(in)) {
            names.add(f.getName());
            assertEquals(2.0, f.getMetric(0).getCounter().getValue());
        }
        return names;
    }

    @Test
    void pushIsPutOfProtobufToTheGroupingPath() throws IOException {
        PushGateway gateway = PushGateway.builder(base() + "/").build();
        gateway.push(registry, "backup", Map.of("path", "/var/tmp"));
        Seen s = seen.get(0);
        assertEquals("PUT", s.method);
        assertEquals("/metrics/job/backup/path@base64/L3Zhci90bXA=", s.rawPath);
        assertEquals(ExpositionFormat.PROTOBUF.contentType(), s.contentType);
        assertEquals(List.of("backup_runs_total"), familyNames(s.body));
        assertEquals(null, s.authorization);
    }

    @Test
    void aBodyAboveTheHoldBoundStreamsChunkedAndArrivesWhole() throws IOException {
        io.promptly.core.Counter many = Counter.builder("many_series").help("Many.").labelNames("id")
                .register(registry);
        for (int i = 0; i < 40_000; i++) {
            many.labels("a-reasonably-long-series-id-" + i).inc(i);
        }
        PushGateway gateway = PushGateway.builder(base()).build();
        gateway.push(registry, "big");
        Seen s = seen.get(0);
        assertTrue(s.body.length > PushGateway.HOLD_BYTES, "body " + s.body.length);
        assertEquals("chunked", s.transferEncoding);
        ByteArrayInputStream in = new ByteArrayInputStream(s.body);
        int metrics = 0;
        for (Metrics.MetricFamily f = Metrics.MetricFamily.parseDelimitedFrom(in); f != null;
                f = Metrics.MetricFamily.parseDelimitedFrom(in)) {
            for (Metrics.Metric m : f.getMetricList()) {
                if (f.getName().equals("many_series_total")) {
                    int i = Integer.parseInt(m.getLabel(0).getValue().substring("a-reasonably-long-series-id-".length()));
                    assertEquals(i, m.getCounter().getValue());
                }
                metrics++;
            }
        }
        assertEquals(40_001, metrics);

        seen.clear();
        Registry small = new Registry();
        Counter.builder("small").help("Small.").register(small).inc();
        gateway.push(small, "small");
        assertEquals(null, seen.get(0).transferEncoding, "a small body is sent with its length");
    }

    @Test
    void pushAddIsPostAndTextFormatIsSelectable() throws IOException {
        PushGateway gateway = PushGateway.builder(base()).format(ExpositionFormat.TEXT).build();
        gateway.pushAdd(registry, "backup");
        Seen s = seen.get(0);
        assertEquals("POST", s.method);
        assertEquals("/metrics/job/backup", s.rawPath);
        assertEquals(ExpositionFormat.TEXT.contentType(), s.contentType);
        String text = new String(s.body, StandardCharsets.UTF_8);
        assertTrue(text.contains("\nbackup_runs_total 2\n"), text);
    }

    @Test
    void deleteHasNoBodyAndAcceptsAccepted() throws IOException {
        status = 202;
        PushGateway gateway = PushGateway.builder(base()).build();
        gateway.delete("backup", Map.of("instance", "db 1"));
        Seen s = seen.get(0);
        assertEquals("DELETE", s.method);
        assertEquals("/metrics/job/backup/instance/db%201", s.rawPath);
        assertArrayEquals(new byte[0], s.body);
    }

    @Test
    void basicAuthHeaderIsSent() throws IOException {
        PushGateway.builder(base()).basicAuth("ci", "pässword").build().push(registry, "j");
        String expected = "Basic " + Base64.getEncoder().encodeToString("ci:pässword".getBytes(StandardCharsets.UTF_8));
        assertEquals(expected, seen.get(0).authorization);
    }

    @Test
    void pathPrefixOfTheBaseUrlIsKept() throws IOException {
        PushGateway.builder(base() + "/gateway/").build().push(registry, "j");
        assertEquals("/gateway/metrics/job/j", seen.get(0).rawPath);
    }

    @Test
    void non2xxAnswerThrowsWithStatusAndBody() {
        status = 400;
        answer = "pushed metrics are invalid or inconsistent with existing metrics";
        PushGateway gateway = PushGateway.builder(base()).build();
        PushGatewayException e = assertThrows(PushGatewayException.class, () -> gateway.push(registry, "j"));
        assertEquals(400, e.statusCode());
        assertEquals(answer, e.body());
        assertTrue(e.getMessage().contains("400") && e.getMessage().contains("inconsistent"), e.getMessage());
        status = 500;
        answer = "";
        assertEquals(500, assertThrows(PushGatewayException.class, () -> gateway.delete("j")).statusCode());
    }

    @Test
    void unreachablePortFailsWithoutAnAnswerAndWithoutHanging() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
            port = s.getLocalPort();
        }
        PushGateway gateway = PushGateway.builder("http://127.0.0.1:" + port).build();
        PushGatewayException e = assertTimeoutPreemptively(Duration.ofSeconds(20),
                () -> assertThrows(PushGatewayException.class, () -> gateway.push(registry, "j")));
        assertFalse(e.answered(), e.getMessage());
    }

    @Test
    void silentServerTimesOutNamingTheTimeout() {
        PushGateway gateway = PushGateway.builder(base() + "/hang").requestTimeout(Duration.ofMillis(300)).build();
        PushGatewayException e = assertTimeoutPreemptively(Duration.ofSeconds(20),
                () -> assertThrows(PushGatewayException.class, () -> gateway.push(registry, "j")));
        assertTrue(e.getCause() instanceof HttpTimeoutException, String.valueOf(e.getCause()));
    }

    @Test
    void builderRejectsBadSettings() {
        assertThrows(IllegalArgumentException.class, () -> PushGateway.builder("localhost:9091"));
        assertThrows(IllegalArgumentException.class, () -> PushGateway.builder("ftp://h:1"));
        assertThrows(IllegalArgumentException.class, () -> PushGateway.builder(null));
        assertThrows(IllegalArgumentException.class, () -> PushGateway.builder("http://h:1/?x=1"));
        PushGateway.Builder b = PushGateway.builder("http://h:1");
        assertThrows(IllegalArgumentException.class, () -> b.format(ExpositionFormat.OPENMETRICS));
        assertThrows(IllegalArgumentException.class, () -> b.connectTimeout(Duration.ZERO));
        assertThrows(IllegalArgumentException.class, () -> b.requestTimeout(Duration.ofSeconds(-1)));
        assertThrows(IllegalArgumentException.class, () -> b.basicAuth("a:b", "c"));
        PushGateway gateway = b.build();
        assertThrows(IllegalArgumentException.class, () -> gateway.push(registry, ""));
        assertEquals("http://h:1/metrics/job/j/a@base64/=", gateway.url("j", Map.of("a", "")).toString());
    }
}
