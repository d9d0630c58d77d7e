package io.promptly.otel;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import io.promptly.core.Counter;
import io.promptly.core.Histogram;
import io.promptly.core.Registry;
import io.promptly.exposition.e2e.ExternalProcess;
import io.promptly.exposition.http.MetricsServer;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real Prometheus (Debian's {@code /usr/bin/prometheus}, exemplar storage on) scrapes a Promptly
 * {@link MetricsServer} in OpenMetrics; a counter and a histogram recorded inside a sampled SDK span carry its
 * ids, and Prometheus' {@code /api/v1/query_exemplars} returns that trace id for both. Skipped when Prometheus
 * is not installed.
 */
@Tag("e2e")
class TraceExemplarsPrometheusEndToEndTest {
    private static final String PROMETHEUS = "/usr/bin/prometheus";

    @Test
    void prometheusStoresTheSampledSpansTraceIdAsTheExemplar(@TempDir Path dir) throws Exception {
        ExternalProcess.assumeInstalled(PROMETHEUS);
        Registry registry = new Registry();
        Counter orders = Counter.builder("orders").help("Orders placed.").labelNames("shop")
                .exemplarSource(TraceExemplarSource.INSTANCE).register(registry);
        Histogram latency = Histogram.builder("order_latency_seconds").help("Order latency.").buckets(0.1, 1)
                .exemplarSource(TraceExemplarSource.INSTANCE).register(registry);
        String traceId;
        try (SdkTracerProvider tracing = EndedSpans.provider(Sampler.alwaysOn())) {
            Span span = tracing.get("e2e").spanBuilder("place-order").startSpan();
            TraceExemplarSourceTest.inSpan(span, () -> {
                orders.labels("berlin").inc();
                latency.observe(0.25);
            });
            span.end();
            assertTrue(span.getSpanContext().isValid() && span.getSpanContext().isSampled(), "a real sampled span");
            traceId = span.getSpanContext().getTraceId();
        }
        try (MetricsServer server = MetricsServer.builder().registry(registry).host("127.0.0.1").port(0).start()) {
            Path config = dir.resolve("prometheus.yml");
            Files.writeString(config, "global:\n  scrape_interval: 1s\n  scrape_timeout: 1s\n"
                    + "scrape_configs:\n  - job_name: otel\n    metrics_path: " + server.path() + "\n"
                    + "    static_configs:\n      - targets: ['127.0.0.1:" + server.port() + "']\n");
            int port = ExternalProcess.freePort();
            List<String> command = List.of(PROMETHEUS, "--config.file=" + config,
                    "--storage.tsdb.path=" + dir.resolve("data"), "--web.listen-address=127.0.0.1:" + port,
                    "--enable-feature=exemplar-storage");
            try (ExternalProcess prometheus = ExternalProcess.start(command, dir.resolve("prometheus.log"), port)) {
                prometheus.await("/api/v1/targets", body -> body.contains("\"health\":\"up\""), "the target to be up");
                String counter = prometheus.await(exemplars("orders_total"), body -> body.contains(traceId),
                        "the counter's exemplar with trace id " + traceId);
                assertTrue(counter.contains("\"shop\":\"berlin\""), counter);
                assertTrue(counter.contains("\"trace_id\":\"" + traceId + "\""), counter);
                String histogram = prometheus.await(exemplars("order_latency_seconds_bucket"),
                        body -> body.contains(traceId), "the histogram's exemplar with trace id " + traceId);
                assertTrue(histogram.contains("\"le\":\"1.0\"") || histogram.contains("\"le\":\"1\""), histogram);
                assertTrue(histogram.contains("\"value\":\"0.25\""), histogram);
            }
        }
    }

    private static String exemplars(String promql) {
        long now = System.currentTimeMillis() / 1000;
        return "/api/v1/query_exemplars?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8)
                + "&start=" + (now - 3_600) + "&end=" + (now + 3_600);
    }
}
