package io.promptly.vertx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.promptly.core.Counter;
import io.promptly.core.Gauge;
import io.promptly.core.Histogram;
import io.promptly.core.Registry;
import io.promptly.exposition.e2e.ExternalProcess;
import io.promptly.exposition.http.ScrapeEndpoint;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real Prometheus (Debian's {@code /usr/bin/prometheus}) scrapes a Vert.x server's
 * {@link VertxMetricsHandler}; its query API must return the recorded values, including the request families
 * {@link VertxRequestMetrics} recorded for an application route (and none for {@code /metrics}, excluded).
 * Skipped with a message when Prometheus is not installed.
 */
@Tag("e2e")
class PrometheusScrapesVertxEndToEndTest {
    private static final String PROMETHEUS = "/usr/bin/prometheus";
    private static final Pattern VALUE = Pattern.compile("\"value\":\\[[0-9.e+]+,\"([^\"]*)\"\\]");

    private static Vertx vertx;
    private static HttpServer server;

    @BeforeAll
    static void start() throws Exception {
        ExternalProcess.assumeInstalled(PROMETHEUS);
        Registry registry = new Registry();
        Counter.builder("e2e_jobs_total").help("Jobs.").register(registry).inc(7);
        Counter.builder("e2e_requests").help("Requests by path.").labelNames("path").register(registry)
                .labels("/a \"quoted\" ü").inc(3);
        Gauge.builder("e2e_temperature_celsius").unit("celsius").help("Temp.").register(registry).set(-21.25);
        Histogram latency = Histogram.builder("e2e_latency_seconds").help("Latency.").buckets(0.1, 0.5, 1)
                .register(registry);
        for (double v : new double[] {0.05, 0.3, 0.3, 2}) {
            latency.observe(v);
        }
        vertx = Vertx.vertx();
        Router router = Router.router(vertx);
        router.route().order(-1).handler(VertxRequestMetrics.builder().registry(registry).build());
        router.route("/metrics").handler(VertxMetricsHandler.create(ScrapeEndpoint.builder(registry).build()));
        router.get("/orders/:id").handler(ctx -> ctx.response().end("order " + ctx.pathParam("id")));
        server = vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1").await(10, TimeUnit.SECONDS);
    }

    @AfterAll
    static void stop() throws Exception {
        if (vertx != null) {
            vertx.close().await(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void prometheusScrapesTheVertxEndpointAndStoresTheRecordedValues(@TempDir Path dir) throws Exception {
        check(dir, List.of());
    }

    @Test
    void prometheusWithNativeHistogramsScrapesProtobufFromVertx(@TempDir Path dir) throws Exception {
        check(dir, List.of("--enable-feature=native-histograms"));
    }

    private static void check(Path dir, List<String> flags) throws Exception {
        java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                java.net.URI.create("http://127.0.0.1:" + server.actualPort() + "/orders/42")).build(),
                java.net.http.HttpResponse.BodyHandlers.discarding());
        Path config = dir.resolve("prometheus.yml");
        Files.writeString(config, "global:\n  scrape_interval: 1s\n  scrape_timeout: 1s\n"
                + "scrape_configs:\n  - job_name: vertx\n    metrics_path: /metrics\n"
                + "    static_configs:\n      - targets: ['127.0.0.1:" + server.actualPort() + "']\n");
        int port = ExternalProcess.freePort();
        List<String> command = new ArrayList<>(List.of(PROMETHEUS, "--config.file=" + config,
                "--storage.tsdb.path=" + dir.resolve("data"), "--web.listen-address=127.0.0.1:" + port));
        command.addAll(flags);
        try (ExternalProcess prometheus = ExternalProcess.start(command, dir.resolve("prometheus.log"), port)) {
            prometheus.await("/api/v1/targets", body -> body.contains("\"health\":\"up\""), "the target to be up");
            assertEquals("7", value(prometheus, "e2e_jobs_total"));
            assertEquals("3", value(prometheus, "e2e_requests_total{path=\"/a \\\"quoted\\\" ü\"}"));
            assertEquals("-21.25", value(prometheus, "e2e_temperature_celsius"));
            assertEquals("3", value(prometheus, "e2e_latency_seconds_bucket{le=\"0.5\"}"));
            assertEquals("4", value(prometheus, "e2e_latency_seconds_count"));
            assertTrue(Double.parseDouble(value(prometheus,
                    "http_requests_total{method=\"GET\",route=\"/orders/:id\",status=\"200\"}")) >= 1);
            assertEquals("0", value(prometheus, "count(http_requests_total{route=\"/metrics\"}) or vector(0)"));
        }
    }

    private static String value(ExternalProcess prometheus, String promql) throws Exception {
        String body = prometheus.await(ExternalProcess.query(promql), b -> VALUE.matcher(b).find(),
                "a sample for " + promql);
        Matcher m = VALUE.matcher(body);
        assertTrue(m.find());
        return m.group(1);
    }
}
