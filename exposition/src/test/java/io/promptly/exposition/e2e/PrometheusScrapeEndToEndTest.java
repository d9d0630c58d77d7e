package io.promptly.exposition.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.Filter;
import com.sun.net.httpserver.HttpExchange;
import io.promptly.core.Counter;
import io.promptly.core.Gauge;
import io.promptly.core.Histogram;
import io.promptly.core.Info;
import io.promptly.core.NameValidation;
import io.promptly.core.Registry;
import io.promptly.core.jvm.JvmMetrics;
import io.promptly.core.Summary;
import io.promptly.exposition.ExpositionFormat;
import io.promptly.exposition.http.MetricsServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real Prometheus (Debian's {@code /usr/bin/prometheus}) scrapes a {@link MetricsServer}, and its query API
 * must return exactly the values recorded: once negotiating a text format (OpenMetrics, Prometheus' default
 * preference) and once with native histograms enabled, which makes it ask for protobuf.
 */
@Tag("e2e")
class PrometheusScrapeEndToEndTest {
    private static final String PROMETHEUS = "/usr/bin/prometheus";
    /** The query API answers {@code "value":[<time>,"<value as string>"]} for each instant-vector sample. */
    private static final Pattern VALUE = Pattern.compile("\"value\":\\[[0-9.e+]+,\"([^\"]*)\"\\]");

    private final Registry registry = new Registry();
    private final List<String> servedContentTypes = new ArrayList<>();
    private MetricsServer server;

    @BeforeEach
    void recordKnownValues() throws IOException {
        ExternalProcess.assumeInstalled(PROMETHEUS);
        Counter.builder("e2e_jobs_total").help("Jobs.").register(registry).inc(7);
        Counter.builder("e2e_requests").help("Requests by path.").labelNames("path").register(registry)
                .labels("/a \"quoted\" ü").inc(3);
        Gauge.builder("e2e_temperature_celsius").unit("celsius").help("Temp.").register(registry).set(-21.25);
        Histogram latency = Histogram.builder("e2e_latency_seconds").help("Latency.").buckets(0.1, 0.5, 1)
                .register(registry);
        for (double v : new double[] {0.05, 0.3, 0.3, 2}) {
            latency.observe(v);
        }
        Summary size = Summary.builder("e2e_size_bytes").help("Sizes.").register(registry);
        size.observe(100);
        size.observe(200);
        size.observe(200);
        Info.builder("e2e_build").help("Build.").labelNames("version").register(registry).set("1.2.3");
        JvmMetrics.register(registry);

        Filter recordContentType = new Filter() {
            @Override
            public void doFilter(HttpExchange exchange, Chain chain) throws IOException {
                chain.doFilter(exchange);
                synchronized (servedContentTypes) {
                    servedContentTypes.add(exchange.getResponseHeaders().getFirst("Content-Type"));
                }
            }

            @Override
            public String description() {
                return "records the Content-Type of each answer";
            }
        };
        server = MetricsServer.builder().registry(registry).host("127.0.0.1").port(0).filter(recordContentType)
                .start();
    }

    @AfterEach
    void stopServer() {
        if (server != null) {
            server.stop();
        }
    }

    @Test
    void prometheusScrapesTextFormatsAndStoresTheRecordedValues(@TempDir Path dir) throws Exception {
        scrapeAndCheck(dir, List.of(), ExpositionFormat.OPENMETRICS);
    }

    @Test
    void prometheusWithNativeHistogramsScrapesProtobufAndStoresTheRecordedValues(@TempDir Path dir)
            throws Exception {
        scrapeAndCheck(dir, List.of("--enable-feature=native-histograms"), ExpositionFormat.PROTOBUF);
    }

    @Test
    void prometheus2IngestsUtf8NamesAsUnderscoresAndOpenMetricsWithCreatedSamples(@TempDir Path dir)
            throws Exception {
        server.stop();
        Registry utf8 = new Registry(NameValidation.UTF_8);
        Counter.builder("e2e.dotted.requests").labelNames("http.method").register(utf8).labels("GET").inc(5);
        Histogram.builder("e2e.dotted.latency").buckets(1).register(utf8).observe(0.5);
        server = MetricsServer.builder().registry(utf8).host("127.0.0.1").port(0).openMetricsCreated(true).start();
        long startedSeconds = System.currentTimeMillis() / 1000;
        try (ExternalProcess prometheus = prometheus(dir, List.of())) {
            prometheus.await("/api/v1/targets", body -> body.contains("\"health\":\"up\""), "the target to be up");
            // Prometheus 2.42 names no escaping: it gets underscores, in the OpenMetrics it asked for
            assertEquals("5", value(prometheus, "e2e_dotted_requests_total{http_method=\"GET\"}"));
            assertEquals("1", value(prometheus, "e2e_dotted_latency_bucket{le=\"1.0\"}"));
            // 2.42 keeps _created samples as series of their own: the start time, in seconds
            double created = Double.parseDouble(value(prometheus, "e2e_dotted_requests_created"));
            assertTrue(Math.abs(created - startedSeconds) < 120, "created " + created + " vs " + startedSeconds);
        }
    }

    /** Starts the real Prometheus scraping {@link #server} every second. */
    private ExternalProcess prometheus(Path dir, List<String> extraFlags) throws Exception {
        Path config = dir.resolve("prometheus.yml");
        Files.writeString(config, "global:\n  scrape_interval: 1s\n  scrape_timeout: 1s\n"
                + "scrape_configs:\n  - job_name: promptly\n    metrics_path: " + server.path() + "\n"
                + "    static_configs:\n      - targets: ['127.0.0.1:" + server.port() + "']\n");
        int port = ExternalProcess.freePort();
        List<String> command = new ArrayList<>(List.of(PROMETHEUS, "--config.file=" + config,
                "--storage.tsdb.path=" + dir.resolve("data"), "--web.listen-address=127.0.0.1:" + port));
        command.addAll(extraFlags);
        return ExternalProcess.start(command, dir.resolve("prometheus.log"), port);
    }

    private void scrapeAndCheck(Path dir, List<String> extraFlags, ExpositionFormat expectedFormat)
            throws Exception {
        try (ExternalProcess prometheus = prometheus(dir, extraFlags)) {
            prometheus.await("/api/v1/targets", body -> body.contains("\"health\":\"up\""), "the target to be up");

            assertEquals("7", value(prometheus, "e2e_jobs_total"));
            assertEquals("3", value(prometheus, "e2e_requests_total{path=\"/a \\\"quoted\\\" ü\"}"));
            assertEquals("-21.25", value(prometheus, "e2e_temperature_celsius"));
            assertEquals("1", value(prometheus, "e2e_latency_seconds_bucket{le=\"0.1\"}"));
            assertEquals("3", value(prometheus, "e2e_latency_seconds_bucket{le=\"0.5\"}"));
            assertEquals("4", value(prometheus, "e2e_latency_seconds_bucket{le=\"+Inf\"}"));
            assertEquals("4", value(prometheus, "e2e_latency_seconds_count"));
            assertEquals(0.05 + 0.3 + 0.3 + 2, Double.parseDouble(value(prometheus, "e2e_latency_seconds_sum")),
                    1e-12);
            assertEquals("3", value(prometheus, "e2e_size_bytes_count"));
            assertEquals("500", value(prometheus, "e2e_size_bytes_sum"));
            assertEquals("1", value(prometheus, "e2e_build_info{version=\"1.2.3\"}"));
            String quantiles = prometheus.await(ExternalProcess.query("e2e_size_bytes"), b -> b.contains("success"),
                    "the summary's quantile series");
            // Quantiles (when the summary reports any) are within the sketch's 1% relative error of the exact
            // median of {100, 200, 200}.
            Matcher q = Pattern.compile("\"quantile\":\"0.5\"[^]]*\"value\":\\[[0-9.e+]+,\"([^\"]*)\"\\]")
                    .matcher(quantiles);
            assertTrue(q.find(), "no 0.5 quantile in " + quantiles);
            assertEquals(200, Double.parseDouble(q.group(1)), 200 * 0.01, quantiles);
            // JVM and process metrics arrive too (issue: JVM metrics visible to the real Prometheus)
            assertTrue(Double.parseDouble(value(prometheus, "process_cpu_seconds_total")) > 0);
            assertTrue(Double.parseDouble(value(prometheus, "jvm_memory_used_bytes{area=\"nonheap\"}")) > 0);
        }
        synchronized (servedContentTypes) {
            assertTrue(!servedContentTypes.isEmpty());
            for (String served : servedContentTypes) {
                assertEquals(expectedFormat.contentType(), served);
            }
        }
    }

    /** The single sample value the query returns, waiting until the series is there. */
    private static String value(ExternalProcess prometheus, String promql) throws Exception {
        String body = prometheus.await(ExternalProcess.query(promql), b -> VALUE.matcher(b).find(),
                "a sample for " + promql);
        Matcher m = VALUE.matcher(body);
        assertTrue(m.find());
        String first = m.group(1);
        assertTrue(!m.find(), "expected one series for " + promql + ", got " + body);
        return first;
    }
}
