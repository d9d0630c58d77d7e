package io.promptly.exposition.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.promptly.core.GaugeHistogram;
import io.promptly.core.GaugeHistogramHandle;
import io.promptly.core.Registry;
import io.promptly.exposition.ExpositionFormat;
import io.promptly.exposition.ScrapeRenderer;
import io.promptly.exposition.http.MetricsServer;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real Prometheus 2.42 scrapes a gauge histogram twice over: from a {@link MetricsServer} (it negotiates
 * OpenMetrics 1.0: {@code gaugehistogram} with {@code _gcount}/{@code _gsum}) and from a plain endpoint that
 * always writes text 0.0.4 (a histogram with {@code _count}/{@code _sum}). Its query API must show the recorded
 * distribution in both, and then the buckets going down once values are removed.
 */
@Tag("e2e")
class GaugeHistogramPrometheusEndToEndTest {
    private static final String PROMETHEUS = "/usr/bin/prometheus";
    private static final Pattern VALUE = Pattern.compile("\"value\":\\[[0-9.e+]+,\"([^\"]*)\"\\]");

    @Test
    void prometheusIngestsAGaugeHistogramFromOpenMetricsAndTextAndSeesItGoDown(@TempDir Path dir)
            throws Exception {
        ExternalProcess.assumeInstalled(PROMETHEUS);
        Registry registry = new Registry();
        GaugeHistogram sizes = GaugeHistogram.builder("e2e_queue_item_bytes").help("Size of queued items.")
                .unit("bytes").labelNames("queue").buckets(100, 1000).register(registry);
        GaugeHistogramHandle email = sizes.labels("email");
        for (double v : new double[] {50, 500, 500, 5000}) {
            email.observe(v);
        }
        MetricsServer server = MetricsServer.builder().registry(registry).host("127.0.0.1").port(0).start();
        HttpServer text = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        text.createContext("/text", exchange -> {
            ScrapeRenderer renderer = new ScrapeRenderer();
            renderer.render(registry, ExpositionFormat.TEXT);
            exchange.getResponseHeaders().set("Content-Type", renderer.contentType());
            exchange.sendResponseHeaders(200, renderer.length());
            try (OutputStream out = exchange.getResponseBody()) {
                renderer.writeTo(out);
            }
        });
        text.start();
        Path config = dir.resolve("prometheus.yml");
        Files.writeString(config, "global:\n  scrape_interval: 1s\n  scrape_timeout: 1s\nscrape_configs:\n"
                + "  - job_name: om\n    metrics_path: " + server.path() + "\n"
                + "    static_configs:\n      - targets: ['127.0.0.1:" + server.port() + "']\n"
                + "  - job_name: text\n    metrics_path: /text\n"
                + "    static_configs:\n      - targets: ['127.0.0.1:" + text.getAddress().getPort() + "']\n");
        int port = ExternalProcess.freePort();
        try (ExternalProcess prometheus = ExternalProcess.start(List.of(PROMETHEUS, "--config.file=" + config,
                "--storage.tsdb.path=" + dir.resolve("data"), "--web.listen-address=127.0.0.1:" + port),
                dir.resolve("prometheus.log"), port)) {
            prometheus.await("/api/v1/targets", b -> b.split("\"health\":\"up\"", -1).length == 3,
                    "both targets to be up");
            String om = "job=\"om\",queue=\"email\"";
            assertEquals("1", value(prometheus, "e2e_queue_item_bytes_bucket{" + om + ",le=\"100.0\"}"));
            assertEquals("3", value(prometheus, "e2e_queue_item_bytes_bucket{" + om + ",le=\"1000.0\"}"));
            assertEquals("4", value(prometheus, "e2e_queue_item_bytes_bucket{" + om + ",le=\"+Inf\"}"));
            assertEquals("4", value(prometheus, "e2e_queue_item_bytes_gcount{" + om + "}"));
            assertEquals("6050", value(prometheus, "e2e_queue_item_bytes_gsum{" + om + "}"));
            String tx = "job=\"text\",queue=\"email\"";
            assertEquals("3", value(prometheus, "e2e_queue_item_bytes_bucket{" + tx + ",le=\"1000.0\"}"));
            assertEquals("4", value(prometheus, "e2e_queue_item_bytes_count{" + tx + "}"));
            assertEquals("6050", value(prometheus, "e2e_queue_item_bytes_sum{" + tx + "}"));
            String types = prometheus.await("/api/v1/metadata?metric=e2e_queue_item_bytes",
                    b -> b.contains("\"type\""), "the family's metadata");
            assertTrue(types.contains("gaugehistogram"), types);

            email.remove(500);
            email.remove(5000);
            // the buckets go down, in both: wait until a scrape after the removals is stored
            assertEquals("2", valueWhen(prometheus, "e2e_queue_item_bytes_gcount{" + om + "}", "2"));
            assertEquals("2", valueWhen(prometheus, "e2e_queue_item_bytes_bucket{" + om + ",le=\"1000.0\"}", "2"));
            assertEquals("550", valueWhen(prometheus, "e2e_queue_item_bytes_gsum{" + om + "}", "550"));
            assertEquals("2", valueWhen(prometheus, "e2e_queue_item_bytes_count{" + tx + "}", "2"));
        } finally {
            server.stop();
            text.stop(0);
        }
    }

    private static String value(ExternalProcess prometheus, String promql) throws Exception {
        String body = prometheus.await(ExternalProcess.query(promql), b -> VALUE.matcher(b).find(),
                "a sample for " + promql);
        Matcher m = VALUE.matcher(body);
        assertTrue(m.find());
        String first = m.group(1);
        assertTrue(!m.find(), "expected one series for " + promql + ", got " + body);
        return first;
    }

    /** The value of {@code promql} once it reads {@code expected} (the query is repeated until then). */
    private static String valueWhen(ExternalProcess prometheus, String promql, String expected) throws Exception {
        String body = prometheus.await(ExternalProcess.query(promql), b -> {
            Matcher m = VALUE.matcher(b);
            return m.find() && m.group(1).equals(expected);
        }, promql + " to read " + expected);
        Matcher m = VALUE.matcher(body);
        assertTrue(m.find());
        return m.group(1);
    }
}
