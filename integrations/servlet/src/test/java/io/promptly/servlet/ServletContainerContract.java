package io.promptly.servlet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.prometheus.client.Metrics;
import io.promptly.core.Registry;
import io.promptly.exposition.ExpositionFormat;
import io.promptly.exposition.Sample;
import io.promptly.exposition.StrictOpenMetricsParser;
import io.promptly.exposition.TextFormatParser;
import io.promptly.exposition.http.HttpServerMetrics;
import io.promptly.exposition.http.MetricsServer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * What a client gets from {@link MetricsServlet} and what {@link MetricsFilter} records, in a real container
 * (one per test class, started once on 127.0.0.1 and an ephemeral port). Judged by the JDK's HTTP client,
 * raw sockets, protobuf-java, the text and OpenMetrics parsers of exposition's test-jar and promtool.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class ServletContainerContract {
    private static final String PROTOBUF_ACCEPT =
            "application/vnd.google.protobuf;proto=io.prometheus.client.MetricFamily;encoding=delimited";
    private static final String OPENMETRICS_ACCEPT = "application/openmetrics-text;version=1.0.0";

    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private TestApp app;
    private Container container;
    private int port;

    /** The container under test, not started. */
    abstract Container newContainer() throws Exception;

    @BeforeAll
    void startContainer() throws Exception {
        app = new TestApp();
        container = newContainer();
        app.deploy(container);
        port = container.start();
    }

    @AfterAll
    void stopContainer() throws Exception {
        app.close();
        container.stop();
    }

    // ---- MetricsServlet

    @Test
    void textScrapeHasItsLengthAndTheRecordedValues() throws Exception {
        HttpResponse<byte[]> r = get("/metrics", "Accept", "text/plain");
        assertEquals(200, r.statusCode());
        assertEquals(ExpositionFormat.TEXT.contentType().replace(" ", ""),
                r.headers().firstValue("Content-Type").orElseThrow().replace(" ", ""));
        assertEquals(String.valueOf(r.body().length), r.headers().firstValue("Content-Length").orElseThrow());
        Map<String, Double> values = values(TextFormatParser.parse(utf8(r.body())));
        assertEquals(7.0, values.get("app_jobs_total{}"));
        assertEquals(3.0, values.get("app_lookups_total{path=/a \"quoted\" \\ ü}"));
        assertEquals(-21.25, values.get("app_temperature_celsius{}"));
        assertEquals(3.0, values.get("app_latency_seconds_bucket{le=0.5}"));
        assertEquals(4.0, values.get("app_latency_seconds_count{}"));
    }

    @Test
    void openMetricsScrapeParsesStrictly() throws Exception {
        HttpResponse<byte[]> r = get("/metrics", "Accept", OPENMETRICS_ACCEPT);
        assertEquals(200, r.statusCode());
        assertTrue(r.headers().firstValue("Content-Type").orElseThrow().startsWith("application/openmetrics-text"));
        Map<String, StrictOpenMetricsParser.Family> families =
                StrictOpenMetricsParser.byName(StrictOpenMetricsParser.parse(r.body()));
        assertEquals("counter", families.get("app_jobs").type());
        assertEquals("celsius", families.get("app_temperature_celsius").unit());
        assertEquals("histogram", families.get("app_latency_seconds").type());
    }

    @Test
    void protobufScrapeParsesWithProtobufJava() throws Exception {
        HttpResponse<byte[]> r = get("/metrics", "Accept", PROTOBUF_ACCEPT);
        assertEquals(200, r.statusCode());
        assertEquals(ExpositionFormat.PROTOBUF.contentType().replace(" ", ""),
                r.headers().firstValue("Content-Type").orElseThrow().replace(" ", ""));
        Map<String, Metrics.MetricFamily> families = protobuf(r.body());
        assertEquals(7.0, families.get("app_jobs_total").getMetric(0).getCounter().getValue());
        Metrics.Histogram h = families.get("app_latency_seconds").getMetric(0).getHistogram();
        assertEquals(4, h.getSampleCount());
        assertEquals(0.1, h.getBucket(0).getUpperBound());
        assertEquals(1, h.getBucket(0).getCumulativeCount());
    }

    @Test
    void gzipScrapeDecodesToTheSameSamples() throws Exception {
        HttpResponse<byte[]> plain = get("/metrics", "Accept", "text/plain");
        HttpResponse<byte[]> zipped = send(request("/metrics").header("Accept", "text/plain")
                .header("Accept-Encoding", "gzip").build());
        assertEquals(200, zipped.statusCode());
        assertEquals("gzip", zipped.headers().firstValue("Content-Encoding").orElseThrow());
        assertEquals(utf8(plain.body()).lines().filter(l -> l.startsWith("app_")).toList(),
                utf8(gunzip(zipped.body())).lines().filter(l -> l.startsWith("app_")).toList());
    }

    @Test
    void nameFilterSelectsFamilies() throws Exception {
        HttpResponse<byte[]> r = get("/metrics?name%5B%5D=app_jobs_total&name%5B%5D=app_temperature_celsius",
                "Accept", PROTOBUF_ACCEPT);
        assertEquals(new TreeSet<>(List.of("app_jobs_total", "app_temperature_celsius")),
                new TreeSet<>(protobuf(r.body()).keySet()));
    }

    @Test
    void headAnswersHeadersWithoutBody() throws Exception {
        HttpResponse<byte[]> r = send(request("/metrics").method("HEAD", HttpRequest.BodyPublishers.noBody())
                .header("Accept", OPENMETRICS_ACCEPT).build());
        assertEquals(200, r.statusCode());
        assertTrue(r.headers().firstValue("Content-Type").orElseThrow().startsWith("application/openmetrics-text"));
        assertEquals(0, r.body().length);
    }

    @Test
    void otherMethodsGet405WithAllow() throws Exception {
        for (String method : new String[] {"POST", "PUT", "DELETE"}) {
            HttpResponse<byte[]> r = send(request("/metrics").method(method, HttpRequest.BodyPublishers.noBody())
                    .build());
            assertEquals(405, r.statusCode(), method);
            assertEquals("GET, HEAD", r.headers().firstValue("Allow").orElseThrow(), method);
        }
    }

    @Test
    void aBodyPastTheHoldBoundStreamsWithoutLengthAndArrivesWhole() throws Exception {
        HttpResponse<byte[]> r = get("/big", "Accept", "text/plain");
        assertEquals(200, r.statusCode());
        assertFalse(r.headers().firstValue("Content-Length").isPresent(), "a streamed body has no length");
        List<Sample> samples = TextFormatParser.parse(utf8(r.body()));
        assertEquals(TestApp.BIG_SERIES, samples.size());
        assertEquals(TestApp.BIG_SERIES - 1.0, samples.get(TestApp.BIG_SERIES - 1).value());

        HttpResponse<byte[]> zipped = send(request("/big").header("Accept", PROTOBUF_ACCEPT)
                .header("Accept-Encoding", "gzip").build());
        assertEquals("gzip", zipped.headers().firstValue("Content-Encoding").orElseThrow());
        assertEquals(TestApp.BIG_SERIES, protobuf(gunzip(zipped.body())).get("big_total").getMetricCount());
    }

    @Test
    void aFailureAfterTheResponseStartedAbortsTheConnectionAndTheServletKeepsServing() throws Exception {
        app.failing.set(true);
        try {
            // the JDK client: a failed exchange, never a complete-looking 200
            assertThrows(IOException.class, () -> get("/faulty", "Accept", "text/plain"));
            // a raw socket: the status line went out, but the chunked body never ends
            byte[] raw = rawExchange("GET /faulty HTTP/1.1\r\nHost: x\r\nAccept: text/plain\r\n\r\n", 0);
            String text = new String(raw, StandardCharsets.ISO_8859_1);
            assertTrue(text.startsWith("HTTP/1.1 200"), text.substring(0, Math.min(200, text.length())));
            assertTrue(text.toLowerCase(java.util.Locale.ROOT).contains("transfer-encoding: chunked"));
            assertFalse(text.endsWith("\r\n0\r\n\r\n"), "the body must not end with the last chunk");
        } finally {
            app.failing.set(false);
        }
        HttpResponse<byte[]> ok = get("/faulty", "Accept", "text/plain");
        assertEquals(200, ok.statusCode());
        assertEquals(TestApp.BIG_SERIES, TextFormatParser.parse(utf8(ok.body())).size());
    }

    @Test
    void aScrapeBeyondTheAdmissionLimitGets503WithRetryAfter() throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        app.entered.set(entered);
        CompletableFuture<HttpResponse<byte[]>> first = client.sendAsync(request("/busy").build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertTrue(entered.await(10, TimeUnit.SECONDS), "the first scrape never started collecting");
        app.entered.set(null);
        HttpResponse<byte[]> second = get("/busy", "Accept", "text/plain");
        assertEquals(503, second.statusCode());
        assertTrue(second.headers().firstValue("Retry-After").isPresent());
        app.release.countDown();
        assertEquals(200, first.get(10, TimeUnit.SECONDS).statusCode());
    }

    @Test
    void aSlowClientGetsTheWholeStreamedBody() throws Exception {
        byte[] raw = rawExchange("GET /big HTTP/1.1\r\nHost: x\r\nAccept: text/plain\r\n\r\n",
                500);
        String text = new String(raw, StandardCharsets.UTF_8);
        assertTrue(text.startsWith("HTTP/1.1 200"));
        assertTrue(text.endsWith("\r\n0\r\n\r\n"), "a complete chunked body ends with the last chunk");
        String body = dechunk(text.substring(text.indexOf("\r\n\r\n") + 4));
        assertEquals(TestApp.BIG_SERIES, TextFormatParser.parse(body).size());
    }

    @Test
    void aClientThatLeavesMidScrapeDoesNotHurtTheNextScrape() throws Exception {
        for (int i = 0; i < 3; i++) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 5000);
                s.getOutputStream().write("GET /big HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                s.getInputStream().read(new byte[100]);
                s.setSoLinger(true, 0); // reset, mid-body
            }
        }
        assertEquals(200, get("/big", "Accept", "text/plain").statusCode());
    }

    @Test
    @Tag("promtool")
    void promtoolAcceptsTheScrape() throws Exception {
        File promtool = new File("/usr/bin/promtool");
        Assumptions.assumeTrue(promtool.canExecute(), "promtool not installed (Debian package prometheus)");
        get("/api/orders/1", "Accept", "*/*"); // so that the filter's families have series
        byte[] body = get("/metrics", "Accept", "text/plain").body();
        Process p = new ProcessBuilder(promtool.getPath(), "check", "metrics").redirectErrorStream(true).start();
        try (OutputStream in = p.getOutputStream()) {
            in.write(body);
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertEquals("", out.trim(), "promtool on:\n" + utf8(body));
        assertEquals(0, p.exitValue());
    }

    // ---- MetricsFilter

    @Test
    void theFilterRecordsRequestsByMappingMethodAndStatus() throws Exception {
        Map<String, Double> before = awaitInFlightZero();
        assertEquals(200, get("/api/orders/1", "Accept", "*/*").statusCode());
        assertEquals(200, get("/api/orders/2", "Accept", "*/*").statusCode());
        assertEquals(404, get("/api/orders/missing", "Accept", "*/*").statusCode());
        assertEquals(200, send(request("/api/orders/3").POST(HttpRequest.BodyPublishers.ofString("x")).build())
                .statusCode());
        assertEquals(200, send(request("/api/orders/4").method("BREW", HttpRequest.BodyPublishers.noBody())
                .build()).statusCode());
        assertEquals(500, get("/api/boom", "Accept", "*/*").statusCode());
        get("/metrics", "Accept", "text/plain"); // excluded

        Map<String, Double> after = awaitInFlightZero();
        Map<String, Double> v = new TreeMap<>();
        after.forEach((k, x) -> v.put(k, x - before.getOrDefault(k, 0.0)));
        assertEquals(2.0, v.get("http_requests_total{method=GET,route=/api/orders/*,status=200}"));
        assertEquals(1.0, v.get("http_requests_total{method=GET,route=/api/orders/*,status=404}"));
        assertEquals(1.0, v.get("http_requests_total{method=POST,route=/api/orders/*,status=200}"));
        assertEquals(1.0, v.get("http_requests_total{method=OTHER,route=/api/orders/*,status=200}"));
        assertEquals(1.0, v.get("http_requests_total{method=GET,route=/api/boom,status=500}"));
        assertEquals(3.0, v.get("http_request_duration_seconds_count{method=GET,route=/api/orders/*}"));
        assertFalse(v.keySet().stream().anyMatch(k -> k.contains("/metrics")), "the metrics path is excluded");
        assertFalse(v.keySet().stream().anyMatch(k -> k.contains("/api/orders/1")), "never the raw path");
    }

    @Test
    void aRouteTemplateSetByTheApplicationNamesTheAnsweredRequest() throws Exception {
        Map<String, Double> before = awaitInFlightZero();
        assertEquals(200, get("/api/items/17", "Accept", "*/*").statusCode());
        assertEquals(200, get("/api/items/18", "Accept", "*/*").statusCode());
        assertEquals(200, get("/api/items/unrouted", "Accept", "*/*").statusCode());
        Map<String, Double> after = awaitInFlightZero();
        Map<String, Double> v = new TreeMap<>();
        after.forEach((k, x) -> v.put(k, x - before.getOrDefault(k, 0.0)));
        assertEquals(2.0, v.get("http_requests_total{method=GET,route=/api/items/{id},status=200}"));
        assertEquals(2.0, v.get("http_request_duration_seconds_count{method=GET,route=/api/items/{id}}"));
        assertEquals(1.0, v.get("http_requests_total{method=GET,route=/api/items/*,status=200}"), "no attribute");
        assertEquals(0.0, after.get("http_requests_in_flight{method=GET,route=/api/items/*}"),
                "in flight under the route known on arrival, and back to zero");
        assertFalse(v.keySet().stream().anyMatch(k -> k.contains("/api/items/17")), "never the raw path");
    }

    @Test
    void anAsyncRequestIsMeasuredToItsCompletion() throws Exception {
        HttpResponse<byte[]> r = get("/api/async", "Accept", "*/*");
        assertEquals(202, r.statusCode());
        assertEquals("late", utf8(r.body()));
        Map<String, Double> v = awaitInFlightZero();
        assertEquals(1.0, v.get("http_requests_total{method=GET,route=/api/async,status=202}"));
        double sum = v.get("http_request_duration_seconds_sum{method=GET,route=/api/async}");
        assertTrue(sum >= TestApp.ASYNC_DELAY_MILLIS / 1000.0, "measured " + sum + " s, not to completion");
        assertEquals(0.0, v.get("http_request_duration_seconds_bucket{le=0.05,method=GET,route=/api/async}"));
    }

    @Test
    void anAsyncTimeoutCountsAs500() throws Exception {
        assertEquals(500, get("/api/async-timeout", "Accept", "*/*").statusCode());
        Map<String, Double> v = awaitInFlightZero();
        assertEquals(1.0, v.get("http_requests_total{method=GET,route=/api/async-timeout,status=500}"));
    }

    @Test
    void aRouteFunctionThatThrowsLeavesTheRequestServedAndUnrecorded() throws Exception {
        Map<String, Double> before = awaitInFlightZero();
        HttpResponse<byte[]> r = get("/api/orders" + TestApp.ROUTE_FUNCTION_THROWS, "Accept", "*/*");
        assertEquals(200, r.statusCode(), "the application answered, the filter did not fail the request");
        Map<String, Double> after = awaitInFlightZero();
        assertEquals(before.get("http_requests_total{method=GET,route=/api/orders/*,status=200}"),
                after.get("http_requests_total{method=GET,route=/api/orders/*,status=200}"), "not recorded");
    }

    @Test
    void theFilterFamiliesMatchHttpServerMetrics() throws Exception {
        get("/api/orders/1", "Accept", "*/*");
        // a container may send the response before the filter's finally block has counted it: scrape until it has
        Map<String, Metrics.MetricFamily> servlet = awaitFamily("http_requests_total", () -> protobuf(get(
                "/metrics?name%5B%5D=http_requests_total&name%5B%5D=http_request_duration_seconds"
                        + "&name%5B%5D=http_requests_in_flight", "Accept", PROTOBUF_ACCEPT).body()));

        Registry jdkRegistry = new Registry();
        HttpServerMetrics jdkMetrics = HttpServerMetrics.builder().registry(jdkRegistry).build();
        MetricsServer jdk = MetricsServer.builder().registry(jdkRegistry).host("127.0.0.1").port(0)
                .filter(jdkMetrics).start();
        Map<String, Metrics.MetricFamily> server;
        try {
            // the JDK server records its own index page request (route "/"), then serves the families
            send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + jdk.port() + "/")).build());
            server = awaitFamily("http_requests_total", () -> protobuf(send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + jdk.port() + "/metrics")).header("Accept", PROTOBUF_ACCEPT)
                    .build()).body()));
        } finally {
            jdk.stop();
        }
        assertEquals(server.keySet(), servlet.keySet());
        for (String name : server.keySet()) {
            Metrics.MetricFamily a = server.get(name);
            Metrics.MetricFamily b = servlet.get(name);
            assertEquals(a.getType(), b.getType(), name);
            assertEquals(a.getHelp(), b.getHelp(), name);
            assertEquals(labelNames(a), labelNames(b), name);
            if (a.getType() == Metrics.MetricType.HISTOGRAM) {
                assertEquals(bounds(a), bounds(b), name);
            }
        }
    }

    // ---- helpers

    private HttpRequest.Builder request(String pathAndQuery) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + pathAndQuery))
                .timeout(Duration.ofSeconds(10));
    }

    private HttpResponse<byte[]> get(String pathAndQuery, String header, String value) throws Exception {
        return send(request(pathAndQuery).header(header, value).build());
    }

    private HttpResponse<byte[]> send(HttpRequest request) throws Exception {
        return client.send(request, HttpResponse.BodyHandlers.ofByteArray());
    }

    /** Writes {@code request} on a fresh socket, reads until the server closes (pausing first when asked). */
    private byte[] rawExchange(String request, long pauseMillis) throws Exception {
        try (Socket s = new Socket()) {
            s.setReceiveBufferSize(4096);
            s.connect(new InetSocketAddress("127.0.0.1", port), 5000);
            s.setSoTimeout(10_000);
            s.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
            if (pauseMillis > 0) {
                Thread.sleep(pauseMillis); // the server's writes back up in the socket buffers
            }
            InputStream in = s.getInputStream();
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            byte[] buf = new byte[1024];
            try {
                for (int n; (n = in.read(buf)) > 0; ) {
                    all.write(buf, 0, n);
                    if (pauseMillis > 0 && all.size() < 8192) {
                        Thread.sleep(20); // read slowly at first
                    }
                    String soFar = all.toString(StandardCharsets.ISO_8859_1);
                    if (soFar.endsWith("\r\n0\r\n\r\n")) {
                        break; // a complete chunked body (the connection may stay open)
                    }
                }
            } catch (IOException reset) {
                // a reset connection ends the exchange like a close
            }
            return all.toByteArray();
        }
    }

    /** A source of one scrape's families. */
    private interface Scrape {
        Map<String, Metrics.MetricFamily> families() throws Exception;
    }

    /** Scrapes until the body holds {@code family} (the last scrape after 5 s, for the assertion to report). */
    private static Map<String, Metrics.MetricFamily> awaitFamily(String family, Scrape scrape) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (true) {
            Map<String, Metrics.MetricFamily> families = scrape.families();
            if (families.containsKey(family) || System.nanoTime() > deadline) {
                return families;
            }
            Thread.sleep(20);
        }
    }

    private Map<String, Double> awaitInFlightZero() throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (true) {
            Map<String, Double> v = values(TextFormatParser.parse(utf8(get("/metrics", "Accept", "text/plain")
                    .body())));
            boolean idle = v.entrySet().stream().filter(e -> e.getKey().startsWith("http_requests_in_flight"))
                    .allMatch(e -> e.getValue() == 0);
            if (idle || System.nanoTime() > deadline) {
                return v;
            }
            Thread.sleep(20);
        }
    }

    /** Samples keyed as {@code name{k=v,...}} with labels sorted by name. */
    private static Map<String, Double> values(List<Sample> samples) {
        Map<String, Double> out = new TreeMap<>();
        for (Sample s : samples) {
            StringBuilder key = new StringBuilder(s.name()).append('{');
            new TreeMap<>(s.labels()).forEach((k, val) -> {
                if (key.charAt(key.length() - 1) != '{') {
                    key.append(',');
                }
                key.append(k).append('=').append(val);
            });
            out.put(key.append('}').toString(), s.value());
        }
        return out;
    }

    private static Map<String, Metrics.MetricFamily> protobuf(byte[] body) throws IOException {
        Map<String, Metrics.MetricFamily> out = new TreeMap<>();
        InputStream in = new ByteArrayInputStream(body);
        for (Metrics.MetricFamily f = Metrics.MetricFamily.parseDelimitedFrom(in); f != null;
                f = Metrics.MetricFamily.parseDelimitedFrom(in)) {
            out.put(f.getName(), f);
        }
        return out;
    }

    private static TreeSet<String> labelNames(Metrics.MetricFamily f) {
        TreeSet<String> names = new TreeSet<>();
        for (Metrics.Metric m : f.getMetricList()) {
            m.getLabelList().forEach(l -> names.add(l.getName()));
        }
        return names;
    }

    private static List<Double> bounds(Metrics.MetricFamily f) {
        List<Double> out = new ArrayList<>();
        f.getMetric(0).getHistogram().getBucketList().forEach(b -> out.add(b.getUpperBound()));
        return out;
    }

    private static byte[] gunzip(byte[] body) throws IOException {
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(body))) {
            return in.readAllBytes();
        }
    }

    private static String utf8(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    private static String dechunk(String chunked) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (true) {
            int eol = chunked.indexOf("\r\n", i);
            int size = Integer.parseInt(chunked.substring(i, eol).trim(), 16);
            if (size == 0) {
                return out.toString();
            }
            byte[] bytes = chunked.substring(eol + 2).getBytes(StandardCharsets.UTF_8);
            String piece = new String(bytes, 0, size, StandardCharsets.UTF_8);
            out.append(piece);
            i = eol + 2 + piece.length() + 2;
        }
    }
}
