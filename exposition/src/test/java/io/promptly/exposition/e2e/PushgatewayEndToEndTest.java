package io.promptly.exposition.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.promptly.core.Counter;
import io.promptly.core.Gauge;
import io.promptly.core.Histogram;
import io.promptly.core.Registry;
import io.promptly.exposition.ExpositionFormat;
import io.promptly.exposition.push.PushGateway;
import io.promptly.exposition.push.PushGatewayException;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real Pushgateway (Debian's {@code /usr/bin/prometheus-pushgateway}) receives our pushes; its own
 * {@code /metrics} page (text format, labels sorted by name) must then show exactly the pushed values under the
 * grouping labels, including values with {@code /} (sent base64-encoded) and empty ones.
 */
@Tag("e2e")
class PushgatewayEndToEndTest {
    private static final String PUSHGATEWAY = "/usr/bin/prometheus-pushgateway";

    @TempDir
    static Path dir;
    private static ExternalProcess gateway;

    @BeforeAll
    static void startGateway() throws Exception {
        ExternalProcess.assumeInstalled(PUSHGATEWAY);
        int port = ExternalProcess.freePort();
        gateway = ExternalProcess.start(List.of(PUSHGATEWAY, "--web.listen-address=127.0.0.1:" + port),
                dir.resolve("pushgateway.log"), port);
        gateway.await("/-/ready", body -> true, "the Pushgateway to be ready");
    }

    @AfterAll
    static void stopGateway() {
        if (gateway != null) {
            gateway.close();
        }
    }

    private static List<String> gatewayLines() throws Exception {
        HttpResponse<String> r = gateway.get("/metrics");
        assertEquals(200, r.statusCode());
        return Arrays.asList(r.body().split("\n"));
    }

    /** Lines of the Pushgateway's /metrics page for {@code sample} in the group {@code job}. */
    private static List<String> samples(String sample, String job) throws Exception {
        List<String> found = new ArrayList<>();
        for (String line : gatewayLines()) {
            if (line.startsWith(sample + "{") && line.contains("job=\"" + job + "\"")) {
                found.add(line);
            }
        }
        return found;
    }

    @Test
    void pushPushAddAndDeleteAreVisibleInThePushgateway() throws Exception {
        PushGateway client = PushGateway.builder(gateway.base()).build();
        Map<String, String> group = new LinkedHashMap<>();
        group.put("instance", "db 1");
        group.put("path", "/var/tmp");
        group.put("empty", "");

        Registry first = new Registry();
        Counter.builder("e2e_push_runs_total").help("Runs.").register(first).inc(5);
        Histogram h = Histogram.builder("e2e_push_seconds").help("Durations.").buckets(1, 10).register(first);
        h.observe(0.5);
        h.observe(3);
        client.push(first, "e2e/job", group);
        // Pushgateway writes labels sorted by name, and keeps the empty grouping label (sent as @base64/=).
        String labels = "empty=\"\",instance=\"db 1\",job=\"e2e/job\",path=\"/var/tmp\"";
        assertEquals(List.of("e2e_push_runs_total{" + labels + "} 5"), samples("e2e_push_runs_total", "e2e/job"));
        assertEquals(List.of("e2e_push_seconds_bucket{" + labels + ",le=\"1\"} 1",
                "e2e_push_seconds_bucket{" + labels + ",le=\"10\"} 2",
                "e2e_push_seconds_bucket{" + labels + ",le=\"+Inf\"} 2"),
                samples("e2e_push_seconds_bucket", "e2e/job"));
        assertEquals(List.of("e2e_push_seconds_sum{" + labels + "} 3.5"), samples("e2e_push_seconds_sum", "e2e/job"));

        Registry second = new Registry();
        Gauge.builder("e2e_push_last_success").help("Last success.").register(second).set(1.5e9);
        client.pushAdd(second, "e2e/job", group);
        assertEquals(List.of("e2e_push_last_success{" + labels + "} 1.5e+09"),
                samples("e2e_push_last_success", "e2e/job"));
        assertEquals(1, samples("e2e_push_runs_total", "e2e/job").size(), "POST keeps the other families");

        client.push(second, "e2e/job", group);
        assertEquals(List.of(), samples("e2e_push_runs_total", "e2e/job"), "PUT replaces the whole group");
        assertEquals(1, samples("e2e_push_last_success", "e2e/job").size());

        client.delete("e2e/job", group);
        assertEquals(List.of(), samples("e2e_push_last_success", "e2e/job"));
    }

    @Test
    void aPushTooLargeToHoldStreamsChunkedAndThePushgatewayKeepsEverySeries() throws Exception {
        PushGateway client = PushGateway.builder(gateway.base()).build();
        Registry big = new Registry();
        Counter many = Counter.builder("e2e_streamed_total").help("Many series.").labelNames("id").register(big);
        for (int i = 0; i < 30_000; i++) {
            many.labels("a-reasonably-long-series-identifier-" + i).inc(i);
        }
        client.push(big, "e2e_streamed");
        List<String> lines = samples("e2e_streamed_total", "e2e_streamed");
        assertEquals(30_000, lines.size());
        assertTrue(lines.contains("e2e_streamed_total{id=\"a-reasonably-long-series-identifier-29999\","
                + "instance=\"\",job=\"e2e_streamed\"} 29999"), lines.get(0));
        client.delete("e2e_streamed");
        assertEquals(List.of(), samples("e2e_streamed_total", "e2e_streamed"));
    }

    @Test
    void textFormatPushesAreAcceptedToo() throws Exception {
        PushGateway client = PushGateway.builder(gateway.base()).format(ExpositionFormat.TEXT).build();
        Registry r = new Registry();
        Gauge.builder("e2e_text_gauge").help("A \"quoted\" help\\.").labelNames("v").register(r)
                .labels("a\"b\\c\nd").set(-0.25);
        client.push(r, "e2e_text", Map.of("instance", "ü"));
        List<String> lines = samples("e2e_text_gauge", "e2e_text");
        assertEquals(List.of("e2e_text_gauge{instance=\"ü\",job=\"e2e_text\",v=\"a\\\"b\\\\c\\nd\"} -0.25"), lines);
        client.delete("e2e_text", Map.of("instance", "ü"));
        assertEquals(List.of(), samples("e2e_text_gauge", "e2e_text"));
    }

    @Test
    void inconsistentPushIsRejectedWithStatusAndBody() throws Exception {
        PushGateway client = PushGateway.builder(gateway.base()).build();
        Registry asCounter = new Registry();
        Counter.builder("e2e_conflict_total").help("As a counter.").register(asCounter).inc();
        client.push(asCounter, "e2e_conflict_a");
        Registry asGauge = new Registry();
        Gauge.builder("e2e_conflict_total").help("As a gauge.").register(asGauge).set(1);
        PushGatewayException e = assertThrows(PushGatewayException.class,
                () -> client.push(asGauge, "e2e_conflict_b"));
        assertEquals(400, e.statusCode());
        assertFalse(e.body().isEmpty());
        assertTrue(e.getMessage().contains("400"), e.getMessage());
        client.delete("e2e_conflict_a");
    }
}
