package io.promptly.agrona;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.promptly.exposition.e2e.ExternalProcess;
import io.promptly.agrona.example.AeronCountersExample;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real Prometheus (Debian's {@code /usr/bin/prometheus}) scrapes the runnable example (embedded media
 * driver, IPC publication and subscription, an application counter) through {@code MetricsServer}, and its
 * query API returns the counters' values. Skipped when Prometheus is not installed.
 */
@Tag("e2e")
class AeronExamplePrometheusEndToEndTest {
    private static final String PROMETHEUS = "/usr/bin/prometheus";
    private static final Pattern VALUE = Pattern.compile("\"value\":\\[[0-9.e+]+,\"([^\"]*)\"\\]");

    @Test
    void prometheusScrapesTheExampleAndReturnsItsCounters(@TempDir Path dir) throws Exception {
        ExternalProcess.assumeInstalled(PROMETHEUS);
        try (AeronCountersExample example = new AeronCountersExample(dir.resolve("aeron"), 0)) {
            assertEquals(25, example.exchange(25));
            Path config = dir.resolve("prometheus.yml");
            Files.writeString(config, "global:\n  scrape_interval: 1s\n  scrape_timeout: 1s\n"
                    + "scrape_configs:\n  - job_name: aeron\n    metrics_path: " + example.server().path() + "\n"
                    + "    static_configs:\n      - targets: ['127.0.0.1:" + example.server().port() + "']\n");
            int port = ExternalProcess.freePort();
            List<String> command = List.of(PROMETHEUS, "--config.file=" + config,
                    "--storage.tsdb.path=" + dir.resolve("data"), "--web.listen-address=127.0.0.1:" + port);
            try (ExternalProcess prometheus = ExternalProcess.start(command, dir.resolve("prometheus.log"), port)) {
                prometheus.await("/api/v1/targets", body -> body.contains("\"health\":\"up\""), "the target to be up");
                assertEquals("25", value(prometheus, "aeron_stat{label=\"example-messages-received\"}"));
                assertEquals(Long.toString(example.aeron().countersReader().getCounterValue(
                        findPublicationPosition(example))), value(prometheus,
                        "aeron_publication_position{stream_id=\"" + AeronCountersExample.STREAM_ID + "\"}"));
                assertEquals("0", value(prometheus, "aeron_errors_total"));
                assertTrue(Double.parseDouble(value(prometheus, "aeron_mapped_bytes")) > 0);
            }
        }
    }

    private static int findPublicationPosition(AeronCountersExample example) {
        int[] found = {-1};
        example.aeron().countersReader().forEach((value, id, label) -> {
            if (label.startsWith("pub-pos")) {
                found[0] = id;
            }
        });
        return found[0];
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
}
