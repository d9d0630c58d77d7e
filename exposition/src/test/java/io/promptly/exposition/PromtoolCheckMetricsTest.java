package io.promptly.exposition;

import static io.promptly.exposition.TestFamily.labels;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.promptly.core.MetricType;
import io.promptly.core.Registry;
import io.promptly.core.SeriesLabels;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Pipes our text 0.0.4 output into Prometheus' own {@code promtool check metrics} (Debian package
 * {@code prometheus}), which parses it with Prometheus' text parser and lints it. Skipped when promtool is
 * not installed (CI installs it).
 */
@Tag("promtool")
class PromtoolCheckMetricsTest {
    private static final String[] PROMTOOL_PATHS = {"/usr/bin/promtool", "/usr/local/bin/promtool"};

    /** Every type, escapes, non-ASCII, special values; help everywhere, so the lint has nothing to say. */
    static Registry lintCleanRegistry() {
        Registry r = new Registry();
        r.register(TestFamily.counter("http_requests_total", "Total requests, by \"method\" and path \\ route.",
                new SeriesLabels[] {
                    labels("method", "GET", "path", "/a\"b\\c\nd"),
                    labels("method", "POST", "path", "/\u00e9\t\ud800\u4e2d"),
                    labels("method", "PUT", "path", "/")},
                new long[] {1027, 3, -1L},
                new double[] {0, 0.25, 0}));
        r.register(TestFamily.gauges("temperature_celsius", MetricType.GAUGE, "Temperature.\nSecond line.",
                "celsius",
                new SeriesLabels[] {labels("room", "a"), labels("room", "b"), labels("room", "c"),
                    labels("room", "d")},
                new double[] {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 1.0e-7}));
        r.register(TestFamily.histogram("request_duration_seconds", "Request duration.", "seconds",
                new double[] {0.005, 0.1, 1, 1e6, Double.POSITIVE_INFINITY},
                new SeriesLabels[] {labels("route", "/x"), labels("route", "/y")},
                new long[][] {{0, 1, 3, 3, 4}, {0, 0, 0, 0, 0}},
                new double[] {2.5, 0}));
        r.register(TestFamily.summary("rpc_duration_seconds", "RPC duration.", "seconds",
                new double[] {0, 0.5, 0.99, 1},
                new SeriesLabels[] {SeriesLabels.EMPTY},
                new double[][] {{0.01, 0.25, 0.9, 1.2}},
                new long[] {7},
                new double[] {1.75}));
        r.register(TestFamily.gauges("build", MetricType.INFO, "Build information.", "",
                new SeriesLabels[] {labels("version", "1.2.3", "branch", "main")}, new double[] {1}));
        r.register(TestFamily.stateSet("feature_state", "Feature flags.", labels("env", "prod"),
                new String[] {"a", "b"}, new boolean[] {true, false}));
        r.register(TestFamily.gauges("legacy_value", MetricType.UNKNOWN, "Legacy value.", "",
                new SeriesLabels[] {SeriesLabels.EMPTY}, new double[] {42.5}));
        return r;
    }

    @Test
    void promtoolAcceptsTheTextFormatWithoutProblems() throws IOException, InterruptedException {
        String promtool = null;
        for (String path : PROMTOOL_PATHS) {
            if (new File(path).canExecute()) {
                promtool = path;
            }
        }
        Assumptions.assumeTrue(promtool != null, "promtool not installed");
        byte[] body = new ScrapeRenderer().render(lintCleanRegistry(), ExpositionFormat.TEXT).toByteArray();

        Process process = new ProcessBuilder(promtool, "check", "metrics").redirectErrorStream(true).start();
        try (OutputStream stdin = process.getOutputStream()) {
            stdin.write(body);
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(30, TimeUnit.SECONDS), "promtool did not finish");
        assertEquals("", output.trim(), "promtool output for:\n" + new String(body, StandardCharsets.UTF_8));
        assertEquals(0, process.exitValue(), output);
    }
}
