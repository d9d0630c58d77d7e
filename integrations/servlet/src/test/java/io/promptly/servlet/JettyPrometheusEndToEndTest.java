package io.promptly.servlet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real Prometheus (Debian's {@code /usr/bin/prometheus}) scrapes {@link MetricsServlet} in embedded Jetty, with
 * and without native histograms (so once over a text format, once over protobuf), and its query API must return
 * the recorded values and the filter's request counts. Skipped when Prometheus is not installed.
 */
@Tag("e2e")
class JettyPrometheusEndToEndTest {
    private static final String PROMETHEUS = "/usr/bin/prometheus";
    private static final Pattern VALUE = Pattern.compile("\"value\":\\[[0-9.e+]+,\"([^\"]*)\"\\]");
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();

    @Test
    void prometheusScrapesTheServletOverText(@TempDir Path dir) throws Exception {
        scrape(dir, List.of());
    }

    @Test
    void prometheusScrapesTheServletOverProtobuf(@TempDir Path dir) throws Exception {
        scrape(dir, List.of("--enable-feature=native-histograms"));
    }

    private void scrape(Path dir, List<String> flags) throws Exception {
        assumeTrue(Files.isExecutable(Path.of(PROMETHEUS)),
                PROMETHEUS + " is not installed (Debian package prometheus); skipping the end-to-end test");
        TestApp app = new TestApp();
        JettyContainer jetty = new JettyContainer();
        app.deploy(jetty);
        int port = jetty.start();
        try {
            HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/orders/7")).build(),
                    HttpResponse.BodyHandlers.discarding());
            Path config = dir.resolve("prometheus.yml");
            Files.writeString(config, "global:\n  scrape_interval: 1s\n  scrape_timeout: 1s\n"
                    + "scrape_configs:\n  - job_name: servlet\n    metrics_path: /metrics\n"
                    + "    static_configs:\n      - targets: ['127.0.0.1:" + port + "']\n");
            int promPort;
            try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
                promPort = s.getLocalPort();
            }
            List<String> command = new java.util.ArrayList<>(List.of(PROMETHEUS, "--config.file=" + config,
                    "--storage.tsdb.path=" + dir.resolve("data"), "--web.listen-address=127.0.0.1:" + promPort));
            command.addAll(flags);
            Process prometheus = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(dir.resolve("prometheus.log").toFile()).start();
            try {
                String base = "http://127.0.0.1:" + promPort;
                assertEquals("7", value(base, "app_jobs_total"));
                assertEquals("-21.25", value(base, "app_temperature_celsius"));
                assertEquals("3", value(base, "app_lookups_total{path=\"/a \\\"quoted\\\" \\\\ ü\"}"));
                assertEquals("4", value(base, "app_latency_seconds_count"));
                assertEquals("1", value(base,
                        "http_requests_total{method=\"GET\",route=\"/api/orders/*\",status=\"200\"}"));
            } finally {
                prometheus.destroy();
                if (!prometheus.waitFor(10, TimeUnit.SECONDS)) {
                    prometheus.destroyForcibly();
                }
            }
        } finally {
            jetty.stop();
            app.close();
        }
    }

    private static String value(String base, String promql) throws Exception {
        String url = base + "/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        String last = null;
        while (System.nanoTime() < deadline) {
            try {
                HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(url))
                        .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
                last = r.body();
                Matcher m = VALUE.matcher(last);
                if (r.statusCode() == 200 && m.find()) {
                    String first = m.group(1);
                    assertTrue(!m.find(), "expected one series for " + promql + ", got " + last);
                    return first;
                }
            } catch (java.io.IOException notYet) {
                // Prometheus is still starting
            }
            Thread.sleep(200);
        }
        throw new AssertionError("no sample for " + promql + " within 30 s; last answer: " + last);
    }
}
