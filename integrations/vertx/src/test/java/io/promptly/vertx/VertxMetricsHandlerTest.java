package io.promptly.vertx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.promptly.core.Collectable;
import io.promptly.core.Counter;
import io.promptly.core.Gauge;
import io.promptly.core.Histogram;
import io.promptly.core.MetricMetadata;
import io.promptly.core.MetricSink;
import io.promptly.core.MetricType;
import io.promptly.core.Registry;
import io.promptly.exposition.Sample;
import io.promptly.exposition.StrictOpenMetricsParser;
import io.promptly.exposition.TextFormatParser;
import io.promptly.exposition.http.ScrapeEndpoint;
import io.prometheus.client.Metrics;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A real Vert.x 5 server (vertx-web router on 127.0.0.1, ephemeral port) serves {@code /metrics} through
 * {@link VertxMetricsHandler}, {@code /bare} through {@link VertxMetricsRequestHandler}, and records its requests
 * with {@link VertxRequestMetrics}; the JDK's HttpClient reads it, judged by promtool, protobuf-java and
 * exposition's independent text/OpenMetrics parsers.
 */
class VertxMetricsHandlerTest {
    private static final int SERIES = 200_000;
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private static final AtomicBoolean FAIL = new AtomicBoolean();

    private static Vertx vertx;
    private static HttpServer server;
    private static Registry small;
    private static Registry large;
    private static Counter big;

    @BeforeAll
    static void start() throws Exception {
        small = new Registry();
        Counter.builder("jobs_total").help("Jobs.").labelNames("queue").register(small).labels("a \"q\" ü").inc(7);
        Gauge.builder("temperature_celsius").unit("celsius").help("Temp.").register(small).set(-21.25);
        Histogram h = Histogram.builder("latency_seconds").help("Latency.").buckets(0.1, 0.5).register(small);
        h.observe(0.05);
        h.observe(2);
        VertxRequestMetrics requests = VertxRequestMetrics.builder().registry(small).build();

        large = new Registry();
        big = Counter.builder("big").help("Many series.").labelNames("id").maxSeries(SERIES).register(large);
        for (int i = 0; i < SERIES; i++) {
            big.labels("series-" + i).inc(i);
        }
        MetricMetadata armed = new MetricMetadata("zz_armed", MetricType.GAUGE, "Throws when armed.", "");
        large.register(new Collectable() {
            @Override
            public MetricMetadata metadata() {
                return armed;
            }

            @Override
            public void collect(MetricSink sink) {
                if (FAIL.get()) {
                    throw new IllegalStateException("armed collectable");
                }
            }
        });

        vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
        Router router = Router.router(vertx);
        router.route().order(-1).handler(requests);
        router.route("/metrics").handler(VertxMetricsHandler.create(ScrapeEndpoint.builder(small).build()));
        router.route("/large").handler(VertxMetricsHandler.create(
                ScrapeEndpoint.builder(large).holdBytes(64 * 1024).build(),
                vertx.createSharedWorkerExecutor("promptly-test-scrape", 2)));
        VertxMetricsRequestHandler bare = VertxMetricsRequestHandler.create(vertx,
                ScrapeEndpoint.builder(small).build());
        router.route("/bare").handler(ctx -> bare.handle(ctx.request()));
        router.get("/hello/:name").handler(ctx -> ctx.response().end("hi " + ctx.pathParam("name")));
        router.get("/boom").handler(ctx -> {
            throw new IllegalStateException("boom");
        });
        server = vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1")
                .await(10, TimeUnit.SECONDS);
    }

    @AfterAll
    static void stop() throws Exception {
        if (vertx != null) {
            vertx.close().await(10, TimeUnit.SECONDS);
        }
    }

    private static HttpResponse<byte[]> get(String path, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.actualPort() + path))
                .timeout(Duration.ofSeconds(60));
        if (headers.length > 0) {
            b.headers(headers);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static String text(HttpResponse<byte[]> r) {
        return new String(r.body(), StandardCharsets.UTF_8);
    }

    private static double value(List<Sample> samples, String name, String... labels) {
        for (Sample s : samples) {
            if (!s.name().equals(name)) {
                continue;
            }
            boolean match = true;
            for (int i = 0; i < labels.length; i += 2) {
                match &= labels[i + 1].equals(s.labels().get(labels[i]));
            }
            if (match) {
                return s.value();
            }
        }
        throw new AssertionError("no " + name + " " + List.of(labels) + " in " + samples);
    }

    @Test
    void textScrapeHasContentLengthAndParsesWithTheRecordedValues() throws Exception {
        HttpResponse<byte[]> r = get("/metrics");
        assertEquals(200, r.statusCode());
        assertEquals("text/plain; version=0.0.4; charset=utf-8", r.headers().firstValue("Content-Type").get());
        assertEquals(String.valueOf(r.body().length), r.headers().firstValue("Content-Length").orElse(null));
        List<Sample> samples = TextFormatParser.parse(text(r));
        assertEquals(7, value(samples, "jobs_total", "queue", "a \"q\" ü"));
        assertEquals(-21.25, value(samples, "temperature_celsius"));
        assertEquals(1, value(samples, "latency_seconds_bucket", "le", "0.1"));
        assertEquals(2, value(samples, "latency_seconds_count"));
    }

    @Test
    @Tag("promtool")
    void promtoolAcceptsTheVertxScrape() throws Exception {
        String promtool = "/usr/bin/promtool";
        Assumptions.assumeTrue(Files.isExecutable(Path.of(promtool)), "promtool not installed (Debian package "
                + "prometheus); skipping");
        HttpResponse<byte[]> r = get("/metrics");
        Process p = new ProcessBuilder(promtool, "check", "metrics").redirectErrorStream(true).start();
        p.getOutputStream().write(r.body());
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertEquals("", out.trim(), "promtool output for:\n" + text(r));
        assertEquals(0, p.exitValue());
    }

    @Test
    void openMetricsIsNegotiatedAndParsesStrictly() throws Exception {
        HttpResponse<byte[]> r = get("/metrics", "Accept", "application/openmetrics-text; version=1.0.0");
        assertEquals(200, r.statusCode());
        assertTrue(r.headers().firstValue("Content-Type").get().startsWith("application/openmetrics-text"));
        List<Sample> samples = StrictOpenMetricsParser.samples(text(r));
        assertEquals(7, value(samples, "jobs_total", "queue", "a \"q\" ü"));
    }

    @Test
    void protobufIsNegotiatedAndReadByProtobufJava() throws Exception {
        HttpResponse<byte[]> r = get("/metrics", "Accept",
                "application/vnd.google.protobuf;proto=io.prometheus.client.MetricFamily;encoding=delimited");
        assertEquals(200, r.statusCode());
        List<String> names = new ArrayList<>();
        InputStream in = new ByteArrayInputStream(r.body());
        Metrics.MetricFamily f;
        double jobs = Double.NaN;
        while ((f = Metrics.MetricFamily.parseDelimitedFrom(in)) != null) {
            names.add(f.getName());
            if (f.getName().equals("jobs_total") || f.getName().equals("jobs")) {
                jobs = f.getMetric(0).getCounter().getValue();
            }
        }
        assertTrue(names.contains("temperature_celsius"), names.toString());
        assertEquals(7, jobs, names.toString());
    }

    @Test
    void gzipIsSentWhenAccepted() throws Exception {
        HttpResponse<byte[]> r = get("/metrics", "Accept-Encoding", "gzip");
        assertEquals("gzip", r.headers().firstValue("Content-Encoding").orElse(null));
        String body;
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(r.body()))) {
            body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertEquals(-21.25, value(TextFormatParser.parse(body), "temperature_celsius"));
    }

    @Test
    void nameFilterSelectsFamilies() throws Exception {
        List<Sample> samples = TextFormatParser.parse(text(get("/metrics?name[]=temperature_celsius")));
        assertEquals(1, samples.size(), samples.toString());
        assertEquals("temperature_celsius", samples.get(0).name());
    }

    @Test
    void headAnswersWithoutBodyAndOtherMethodsGet405WithAllow() throws Exception {
        URI uri = URI.create("http://127.0.0.1:" + server.actualPort() + "/metrics");
        HttpResponse<byte[]> head = HTTP.send(HttpRequest.newBuilder(uri).method("HEAD",
                HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, head.statusCode());
        assertEquals(0, head.body().length);
        assertTrue(head.headers().firstValue("Content-Type").get().startsWith("text/plain"));
        HttpResponse<byte[]> post = HTTP.send(HttpRequest.newBuilder(uri).POST(HttpRequest.BodyPublishers.noBody())
                .build(), HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(405, post.statusCode());
        assertEquals("GET, HEAD", post.headers().firstValue("Allow").orElse(null));
    }

    @Test
    void bareHttpServerHandlerServesTheSameScrape() throws Exception {
        HttpResponse<byte[]> r = get("/bare");
        assertEquals(200, r.statusCode());
        assertEquals(-21.25, value(TextFormatParser.parse(text(r)), "temperature_celsius"));
    }

    @Test
    void largeScrapeStreamsChunkedWithoutBlockingTheEventLoop() throws Exception {
        // the event loop measures its own lateness with a 10 ms periodic timer while 200k series are scraped
        AtomicLong worstLateNanos = new AtomicLong();
        AtomicLong last = new AtomicLong(System.nanoTime());
        long timer = vertx.setPeriodic(10, id -> {
            long now = System.nanoTime();
            long late = now - last.getAndSet(now) - 10_000_000L;
            worstLateNanos.accumulateAndGet(late, Math::max);
        });
        HttpResponse<byte[]> r;
        try {
            Thread.sleep(50);
            worstLateNanos.set(0);
            r = get("/large");
        } finally {
            vertx.cancelTimer(timer);
        }
        assertEquals(200, r.statusCode());
        assertFalse(r.headers().firstValue("Content-Length").isPresent(), "a body over the hold bound streams");
        assertTrue(r.body().length > 64 * 1024 * 10, "body of " + r.body().length + " bytes");
        List<Sample> samples = TextFormatParser.parse(text(r));
        assertEquals(SERIES, samples.size());
        assertEquals(SERIES - 1, value(samples, "big_total", "id", "series-" + (SERIES - 1)));
        // rendering 200k series on the event loop takes far longer than this; a worker render leaves it free
        // (generous bound for a shared 2-core machine: GC pauses stop every thread alike)
        assertTrue(worstLateNanos.get() < 1_000_000_000L, "event loop was late by " + worstLateNanos.get() + " ns");
    }

    @Test
    void failureAfterTheResponseStartedIsNeverACompleteLookingBody() throws Exception {
        FAIL.set(true);
        try {
            IOException e = assertThrows(IOException.class, () -> get("/large"));
            assertTrue(e.getMessage() == null || !e.getMessage().isEmpty());
        } finally {
            FAIL.set(false);
        }
    }

    @Test
    void requestMetricsRecordRoutePatternsStatusesAndExcludeMetrics() throws Exception {
        assertEquals(200, get("/hello/ada").statusCode());
        assertEquals(200, get("/hello/bob").statusCode());
        assertEquals(500, get("/boom").statusCode());
        assertEquals(404, get("/nowhere").statusCode());
        List<Sample> samples = TextFormatParser.parse(text(get("/metrics")));
        assertEquals(2, value(samples, "http_requests_total", "method", "GET", "route", "/hello/:name",
                "status", "200"));
        // a handler that throws is counted 500; vertx-web forgets the failed route when it starts failure
        // routing, so without a failure-handler route it is labelled unmatched
        assertEquals(1, value(samples, "http_requests_total", "method", "GET", "route",
                VertxRequestMetrics.UNMATCHED, "status", "500"));
        // the scrape aborted mid-body counts as a 500 too
        assertEquals(1, value(samples, "http_requests_total", "route", "/large", "status", "500"));
        assertEquals(1, value(samples, "http_requests_total", "route", VertxRequestMetrics.UNMATCHED,
                "status", "404"));
        assertEquals(2, value(samples, "http_request_duration_seconds_count", "method", "GET",
                "route", "/hello/:name"));
        assertEquals(2, value(samples, "http_request_duration_seconds_bucket", "route", "/hello/:name",
                "le", "+Inf"));
        List<String> bounds = new ArrayList<>();
        for (Sample s : samples) {
            if (s.name().equals("http_request_duration_seconds_bucket") && "/hello/:name".equals(s.labels().get("route"))) {
                bounds.add(s.labels().get("le"));
            }
        }
        List<String> expected = new ArrayList<>();
        for (double b : io.promptly.core.Buckets.DEFAULT) {
            expected.add(Double.toString(b));
        }
        expected.add("+Inf");
        assertEquals(expected, bounds, "the duration buckets are HttpServerMetrics' (Buckets.DEFAULT)");
        for (Sample s : samples) {
            if (s.name().equals("http_requests_in_flight")) {
                assertEquals(0, s.value(), "every answered request left the in-flight gauge: " + s);
            }
            assertFalse("/metrics".equals(s.labels().get("route")), "the metrics path is excluded: " + s);
            assertFalse(s.labels().getOrDefault("route", "").contains("ada"), "raw path leaked: " + s);
        }
    }
}
