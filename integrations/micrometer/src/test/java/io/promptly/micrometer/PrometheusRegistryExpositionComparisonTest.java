package io.promptly.micrometer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.LongTaskTimer;
import io.micrometer.core.instrument.Measurement;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MockClock;
import io.micrometer.core.instrument.Statistic;
import io.micrometer.core.instrument.TimeGauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.promptly.core.Registry;
import io.promptly.exposition.Exposition;
import io.promptly.exposition.ExpositionFormat;
import io.promptly.exposition.Sample;
import io.promptly.exposition.StrictOpenMetricsParser;
import io.promptly.exposition.TextFormatParser;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The same meters, recorded the same way on the same {@link MockClock}, registered in our
 * {@link PromptlyMeterRegistry} and in {@code micrometer-registry-prometheus}' {@link PrometheusMeterRegistry}:
 * both scrapes, read by the exposition test-jar's parsers (written from the format documents, not from either
 * writer), must give the same families (name, type, help), the same samples (name, labels) and the same values.
 *
 * <p>Deliberate differences (see the module README): {@code _created} samples are left out (ours are on by
 * default, the peer's off; their values are creation times, not recorded values); quantile values of percentile
 * summaries come from two different estimators (asserted separately: same quantile labels, each value within the
 * recorded range); a timer's {@code _sum} may differ in its last bits; in text 0.0.4 a long task timer that
 * publishes a histogram (a {@code gaugehistogram} in OpenMetrics on both sides) is a histogram with
 * {@code _count}/{@code _sum} here, with extra {@code _gcount}/{@code _gsum} gauges there.
 */
class PrometheusRegistryExpositionComparisonTest {
    private static String oursOpenMetrics;
    private static String peerOpenMetrics;
    private static String oursText;
    private static String peerText;

    @BeforeAll
    static void recordTheSameMetersInBoth() {
        MockClock clock = new MockClock();
        PromptlyMeterRegistry ours = new PromptlyMeterRegistry(new Registry(), clock, Duration.ofMinutes(1));
        PrometheusMeterRegistry peer = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT,
                new io.prometheus.metrics.model.registry.PrometheusRegistry(), clock);
        List<Object> keepAlive = new ArrayList<>();
        Consumer<MeterRegistry> meters = registry -> register(registry, keepAlive);
        meters.accept(ours);
        meters.accept(peer);
        clock.add(Duration.ofSeconds(10));
        Registry promptly = ours.promptlyRegistry();
        oursOpenMetrics = new String(Exposition.render(promptly, ExpositionFormat.OPENMETRICS).body(),
                StandardCharsets.UTF_8);
        oursText = new String(Exposition.render(promptly, ExpositionFormat.TEXT).body(), StandardCharsets.UTF_8);
        peerOpenMetrics = peer.scrape("application/openmetrics-text; version=1.0.0; charset=utf-8");
        peerText = peer.scrape("text/plain; version=0.0.4; charset=utf-8");
    }

    /** Registers and records one fixed set of meters; identical for both registries, without moving the clock. */
    private static void register(MeterRegistry registry, List<Object> keepAlive) {
        Counter requests = Counter.builder("http.requests").description("HTTP requests.")
                .tags("method", "GET", "status", "200").register(registry);
        requests.increment();
        requests.increment(2.5);
        Counter.builder("http.requests").description("HTTP requests.").tags("method", "POST", "status", "500")
                .register(registry).increment(7);

        AtomicLong queue = new AtomicLong(42);
        keepAlive.add(queue);
        Gauge.builder("queue.size", queue, AtomicLong::doubleValue).description("Queued jobs.")
                .tag("queue", "main").register(registry);

        Timer plain = Timer.builder("db.query").description("Queries.").tag("table", "users").register(registry);
        plain.record(Duration.ofMillis(15));
        plain.record(Duration.ofMillis(250));
        plain.record(3, TimeUnit.SECONDS);

        Timer slo = Timer.builder("rpc.latency").description("RPC latency.")
                .serviceLevelObjectives(Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofSeconds(1))
                .register(registry);
        for (long ms : new long[] {10, 60, 60, 90, 400, 2_000}) {
            slo.record(Duration.ofMillis(ms));
        }

        Timer histogram = Timer.builder("http.server.requests").description("Server requests.")
                .publishPercentileHistogram().minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofSeconds(10)).tag("uri", "/users").register(registry);
        for (long ms : new long[] {1, 3, 7, 12, 40, 120, 800, 5_000}) {
            histogram.record(Duration.ofMillis(ms));
        }

        Timer percentiles = Timer.builder("jobs.duration").description("Job durations.")
                .publishPercentiles(0.5, 0.95, 0.99).register(registry);
        for (int i = 1; i <= 100; i++) {
            percentiles.record(Duration.ofMillis(i));
        }

        DistributionSummary payload = DistributionSummary.builder("payload.size").description("Payload sizes.")
                .baseUnit("bytes").serviceLevelObjectives(100, 1_000, 10_000).tag("direction", "in")
                .register(registry);
        for (double v : new double[] {12, 150, 150, 999, 4_096, 65_536}) {
            payload.record(v);
        }
        DistributionSummary.builder("batch.size").description("Batch sizes.").register(registry).record(17);

        LongTaskTimer ltt = LongTaskTimer.builder("import.active").description("Running imports.")
                .register(registry);
        keepAlive.add(ltt.start());
        keepAlive.add(ltt.start());

        AtomicLong evictions = new AtomicLong(12);
        keepAlive.add(evictions);
        FunctionCounter.builder("cache.evictions", evictions, AtomicLong::doubleValue)
                .description("Cache evictions.").tag("cache", "users").register(registry);

        long[] gcCount = {5};
        double[] gcMillis = {1_250};
        keepAlive.add(gcCount);
        keepAlive.add(gcMillis);
        FunctionTimer.builder("gc.pause", gcCount, c -> c[0], c -> gcMillis[0], TimeUnit.MILLISECONDS)
                .description("GC pauses.").register(registry);

        AtomicLong uptimeMillis = new AtomicLong(90_500);
        keepAlive.add(uptimeMillis);
        TimeGauge.builder("process.uptime.custom", uptimeMillis, TimeUnit.MILLISECONDS, AtomicLong::doubleValue)
                .description("Uptime.").register(registry);

        LongTaskTimer.builder("export.active").description("Running exports.").publishPercentileHistogram()
                .serviceLevelObjectives(Duration.ofSeconds(1), Duration.ofMinutes(1)).register(registry);

        double[] pool = {3, 8, 250};
        keepAlive.add(pool);
        Meter.builder("pool.custom", Meter.Type.OTHER, List.of(
                new Measurement(() -> pool[0], Statistic.ACTIVE_TASKS),
                new Measurement(() -> pool[1], Statistic.VALUE),
                new Measurement(() -> pool[2], Statistic.TOTAL))).description("A custom pool meter.")
                .tag("pool", "db").register(registry);
    }

    @Test
    void openMetricsScrapesHaveTheSameFamiliesTypesAndHelp() {
        assertEquals(descriptors(peerOpenMetrics), descriptors(oursOpenMetrics));
    }

    @Test
    void openMetricsScrapesHaveTheSameSamplesAndValues() {
        assertSameSamples(openMetricsSamples(peerOpenMetrics), openMetricsSamples(oursOpenMetrics), false);
    }

    @Test
    void textScrapesHaveTheSameSamplesAndValues() {
        assertSameSamples(TextFormatParser.parse(peerText), TextFormatParser.parse(oursText), true);
    }

    @Test
    void percentileSummariesHaveTheSameQuantilesEachWithinTheRecordedRange() {
        Map<String, Double> peer = quantiles(openMetricsSamples(peerOpenMetrics));
        Map<String, Double> ours = quantiles(openMetricsSamples(oursOpenMetrics));
        assertEquals(peer.keySet(), ours.keySet());
        assertEquals(3, ours.size());
        for (Map.Entry<String, Double> q : ours.entrySet()) {
            double v = q.getValue();
            if (!(v >= 0.001 && v <= 0.100)) {
                throw new AssertionError(q + " outside the recorded range [1 ms, 100 ms]");
            }
        }
    }

    /**
     * Same sample keys; the same values, exactly, except a timer's {@code _sum}: the peer adds nanoseconds and
     * converts once, we add seconds, so a sum of several timings may differ in its last bits (relative 1e-12).
     */
    private static void assertSameSamples(List<Sample> peer, List<Sample> ours, boolean text) {
        Map<String, Double> expected = comparable(peer);
        if (text) {
            // text 0.0.4 has no gauge histogram; a long task timer publishing one is a histogram on both sides,
            // whose _gcount/_gsum the peer writes as two extra gauges and we as _count/_sum (module README)
            assertEquals(0.0, expected.remove("export_active_seconds_gcount{}"));
            assertEquals(0.0, expected.remove("export_active_seconds_gsum{}"));
            expected.put("export_active_seconds_count{}", 0.0);
            expected.put("export_active_seconds_sum{}", 0.0);
        }
        Map<String, Double> actual = comparable(ours);
        assertEquals(expected.keySet(), actual.keySet());
        List<String> different = new ArrayList<>();
        for (Map.Entry<String, Double> e : expected.entrySet()) {
            double want = e.getValue();
            double got = actual.get(e.getKey());
            boolean same = Double.compare(want, got) == 0
                    || (e.getKey().contains("_seconds_sum{") && Math.abs(want - got) <= 1e-12 * Math.abs(want));
            if (!same) {
                different.add(e.getKey() + ": peer " + want + ", ours " + got);
            }
        }
        assertEquals(List.of(), different);
        assertEquals(true, expected.size() > 90, "the comparison covers every meter: " + expected.size());
    }

    /** Family name → "type|help", from the strict OpenMetrics parser. */
    private static Map<String, String> descriptors(String body) {
        Map<String, String> out = new TreeMap<>();
        for (StrictOpenMetricsParser.Family f : StrictOpenMetricsParser.parse(body)) {
            out.put(f.name(), f.type() + "|" + f.help());
        }
        return out;
    }

    private static List<Sample> openMetricsSamples(String body) {
        List<Sample> out = new ArrayList<>();
        for (StrictOpenMetricsParser.Family f : StrictOpenMetricsParser.parse(body)) {
            for (StrictOpenMetricsParser.Point p : f.points()) {
                out.add(p.sample());
            }
        }
        return out;
    }

    /**
     * "name{labels}" → value, without {@code _created} samples and with quantile values replaced by 0 (the
     * estimators differ; {@link #percentileSummariesHaveTheSameQuantilesEachWithinTheRecordedRange}).
     */
    private static Map<String, Double> comparable(List<Sample> samples) {
        Map<String, Double> out = new TreeMap<>();
        for (Sample s : samples) {
            if (s.name().endsWith("_created")) {
                continue;
            }
            String key = s.name() + new TreeMap<>(s.labels());
            double value = s.labels().containsKey("quantile") ? 0.0 : s.value();
            if (out.put(key, value) != null) {
                throw new AssertionError("sample " + key + " appears twice");
            }
        }
        return out;
    }

    private static Map<String, Double> quantiles(List<Sample> samples) {
        Map<String, Double> out = new TreeMap<>();
        for (Sample s : samples) {
            if (s.labels().containsKey("quantile")) {
                out.put(s.name() + new TreeMap<>(s.labels()), s.value());
            }
        }
        return out;
    }
}
