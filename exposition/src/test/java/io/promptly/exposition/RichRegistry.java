package io.promptly.exposition;

import static io.promptly.exposition.TestFamily.labels;

import io.promptly.core.MetricMetadata;
import io.promptly.core.MetricType;
import io.promptly.core.Registry;
import io.promptly.core.SeriesLabels;

/**
 * The registry behind the golden files (src/test/resources/golden): one family of every type, labels and HELP
 * with every character the formats treat specially, special float values, an unsigned count above 2^63, a
 * negative bucket bound, a family without series.
 */
public final class RichRegistry {
    /** "é", a tab, a lone high surrogate (must become U+FFFD), then "x". */
    static final String NON_ASCII_VALUE = "\u00e9\t\ud800x";

    private RichRegistry() {
    }

    public static Registry create() {
        Registry r = new Registry();
        r.register(TestFamily.counter("http_requests_total", "Total requests.",
                new SeriesLabels[] {
                    labels("method", "GET", "path", "/a\"b\\c\nd"),
                    labels("method", "POST", "path", "/"),
                    labels("method", "PUT", "path", "/")},
                new long[] {1027, 3, -1L},
                new double[] {0, 0.5, 0}));
        r.register(TestFamily.gauges("temperature_celsius", MetricType.GAUGE,
                "Temp \"inside\" C:\\dir\nnext line", "celsius",
                new SeriesLabels[] {labels("room", "a"), labels("room", "b"), labels("room", "c"),
                    labels("room", "d")},
                new double[] {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, -12.25}));
        r.register(TestFamily.histogram("latency_seconds", "Request latency.", "seconds",
                new double[] {0.1, 1, Double.POSITIVE_INFINITY},
                new SeriesLabels[] {labels("route", "/x")},
                new long[][] {{1, 3, 4}},
                new double[] {2.5}));
        r.register(TestFamily.histogram("temp_delta", "", "",
                new double[] {-1, 0, Double.POSITIVE_INFINITY},
                new SeriesLabels[] {SeriesLabels.EMPTY},
                new long[][] {{1, 2, 5}},
                new double[] {-3}));
        r.register(TestFamily.summary("rpc_duration_seconds", "RPC latency.", "",
                new double[] {0.5, 0.99},
                new SeriesLabels[] {SeriesLabels.EMPTY},
                new double[][] {{0.25, Double.NaN}},
                new long[] {7},
                new double[] {1.75}));
        r.register(TestFamily.gauges("build", MetricType.INFO, "Build information.", "",
                new SeriesLabels[] {labels("version", "1.2.3", "branch", NON_ASCII_VALUE)},
                new double[] {1}));
        r.register(TestFamily.stateSet("feature", "", labels("env", "prod"),
                new String[] {"a", "b"}, new boolean[] {true, false}));
        r.register(TestFamily.gauges("legacy", MetricType.UNKNOWN, "", "",
                new SeriesLabels[] {SeriesLabels.EMPTY}, new double[] {42}));
        r.register(new TestFamily(new MetricMetadata("empty_gauge", MetricType.GAUGE, "Nothing yet.", ""),
                sink -> { }));
        return r;
    }
}
