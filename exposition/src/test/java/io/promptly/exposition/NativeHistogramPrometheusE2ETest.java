package io.promptly.exposition;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.sun.net.httpserver.HttpServer;
import io.promptly.core.Counter;
import io.promptly.core.Histogram;
import io.promptly.core.Labels;
import io.promptly.core.Registry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
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
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * End to end against the real Prometheus (Debian's /usr/bin/prometheus 2.42): it scrapes a registry served on
 * 127.0.0.1 (protobuf, negotiated by Prometheus itself with native histograms enabled), then its query API must
 * report a quantile of our native histogram within the schema's error bound and our counter's exemplar.
 * Skipped when Prometheus is not installed.
 */
@Tag("e2e")
class NativeHistogramPrometheusE2ETest {
    private static final Path PROMETHEUS = Path.of("/usr/bin/prometheus");
    private static final long WAIT_MILLIS = 30_000;
    private static final String TRACE_ID = "e2e0123456789abcdef";
    private static final Pattern VALUE = Pattern.compile("\"value\":\\[[0-9.]+,\"([^\"]+)\"\\]");

    @Test
    void prometheusQueriesOurNativeHistogramAndStoresOurExemplar() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(PROMETHEUS),
                "skipped: " + PROMETHEUS + " is absent (install Debian's prometheus package to run this test)");
        Registry registry = new Registry();
        Histogram latency = Histogram.builder("e2e_latency_seconds").help("Latency.").nativeOnly()
                .register(registry);
        int n = 1000;
        for (int i = 1; i <= n; i++) {
            latency.observe(i / 1000.0);   // 0.001 .. 1.000: the 0.9 quantile (rank 900) is 0.9
        }
        double exact = 0.9;
        int schema = latency.labels().nativeSchema();
        double bound = Math.pow(2, Math.pow(2, -schema)) - 1;   // a value and its estimate share a bucket
        Counter requests = Counter.builder("e2e_requests").help("Requests.").exemplarIntervalMillis(0)
                .register(registry);
        requests.incWithExemplar(1, Labels.of("trace_id", TRACE_ID));

        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/metrics", exchange -> {
            List<String> accept = exchange.getRequestHeaders().get("Accept");
            Rendered rendered = Exposition.render(registry, accept);
            exchange.getResponseHeaders().set("Content-Type", rendered.contentType());
            exchange.sendResponseHeaders(200, rendered.body().length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(rendered.body());
            }
        });
        server.start();
        Path dir = Files.createTempDirectory("promptly-e2e-");
        Process prometheus = null;
        try {
            int webPort = freePort();
            Path config = dir.resolve("prometheus.yml");
            Files.writeString(config, "global:\n  scrape_interval: 1s\n  evaluation_interval: 1s\n"
                    + "scrape_configs:\n  - job_name: promptly\n    static_configs:\n"
                    + "      - targets: ['127.0.0.1:" + server.getAddress().getPort() + "']\n");
            Path log = dir.resolve("prometheus.log");
            prometheus = new ProcessBuilder(PROMETHEUS.toString(), "--config.file=" + config,
                    "--storage.tsdb.path=" + dir.resolve("data"), "--web.listen-address=127.0.0.1:" + webPort,
                    "--enable-feature=native-histograms,exemplar-storage")
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
            String api = "http://127.0.0.1:" + webPort + "/api/v1/";

            String quantileBody = poll(client, api + "query?query="
                    + encode("histogram_quantile(0.9, e2e_latency_seconds)"), VALUE, prometheus, log);
            Matcher m = VALUE.matcher(quantileBody);
            assertTrue(m.find(), quantileBody);
            double estimate = Double.parseDouble(m.group(1));
            assertTrue(Math.abs(estimate - exact) <= bound * exact, "histogram_quantile(0.9) = " + estimate
                    + ", exact " + exact + ", schema " + schema + " allows ±" + bound * exact);

            String rawBody = get(client, api + "query?query=" + encode("e2e_latency_seconds"));
            assertTrue(rawBody.contains("\"histogram\""), "stored as a native histogram: " + rawBody);

            long now = System.currentTimeMillis() / 1000;
            String exemplars = poll(client, api + "query_exemplars?query=" + encode("e2e_requests_total")
                    + "&start=" + (now - 600) + "&end=" + (now + 600), Pattern.compile(TRACE_ID), prometheus, log);
            assertTrue(exemplars.contains("\"trace_id\":\"" + TRACE_ID + "\""), exemplars);
        } finally {
            if (prometheus != null) {
                prometheus.destroy();
                if (!prometheus.waitFor(10, TimeUnit.SECONDS)) {
                    prometheus.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                }
            }
            server.stop(0);
            deleteTree(dir);
        }
    }

    /** GETs {@code url} until the body matches {@code wanted}; fails after 30 s with the last body and the log. */
    private static String poll(HttpClient client, String url, Pattern wanted, Process prometheus, Path log)
            throws Exception {
        long deadline = System.currentTimeMillis() + WAIT_MILLIS;
        String last = "(no answer)";
        while (System.currentTimeMillis() < deadline) {
            if (!prometheus.isAlive()) {
                fail("prometheus exited with " + prometheus.exitValue() + ":\n" + Files.readString(log));
            }
            try {
                last = get(client, url);
                if (wanted.matcher(last).find()) {
                    return last;
                }
            } catch (IOException notUpYet) {
                last = notUpYet.toString();
            }
            Thread.sleep(250);
        }
        String tail = Files.readString(log);
        fail("no match for " + wanted + " at " + url + " within " + WAIT_MILLIS + " ms; last answer: " + last
                + "\nprometheus log:\n" + tail.substring(Math.max(0, tail.length() - 4000)));
        return last;
    }

    private static String get(HttpClient client, String url) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build();
        return client.send(request, HttpResponse.BodyHandlers.ofString()).body();
    }

    private static String encode(String query) {
        return URLEncoder.encode(query, StandardCharsets.UTF_8);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
            return socket.getLocalPort();
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
