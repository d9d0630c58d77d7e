package io.promptly.jmh;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.promptly.core.MetricMetadata;
import io.promptly.core.Registry;
import io.promptly.exposition.ExpositionFormat;
import io.promptly.exposition.ScrapeRenderer;
import io.promptly.micrometer.PromptlyMeterRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Micrometer-instrumented code, two registries: {@code promptly*} rows go through {@link PromptlyMeterRegistry}
 * (meters backed by Promptly handles, scraped by Promptly's writers), {@code prometheusRegistry*} rows through
 * {@code micrometer-registry-prometheus}' {@link PrometheusMeterRegistry}. The same Micrometer calls, meters and
 * values on both sides:
 * <ul>
 *   <li>{@code Counter.increment()}; {@code Timer.record(nanos, NANOSECONDS)} on a plain timer (Micrometer's
 *       default: count, sum, max); {@code DistributionSummary.record(v)} with the 11 default Prometheus bounds
 *       as SLOs (a classic histogram), values from {@link BenchmarkData#VALUES};</li>
 *   <li>a whole scrape (text 0.0.4, OpenMetrics) of 10,000 meters: 9,000 counters (90 names × 100 tag sets),
 *       900 gauges (9 × 100), 100 timers with 10 SLO buckets (one name, 100 {@code uri} tags, 20 recordings
 *       each), into one reused {@code ByteArrayOutputStream}.</li>
 * </ul>
 *
 * <p>One metric shared by every benchmark thread ({@code @State(Scope.Benchmark)}); threads from the runner.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(3)
public class MicrometerBridgeBenchmark {
    private static final Predicate<MetricMetadata> ALL_FAMILIES = family -> true;
    private static final String OPENMETRICS = "application/openmetrics-text; version=1.0.0; charset=utf-8";

    /** One counter, timer and distribution summary in each registry, bound once. */
    @State(Scope.Benchmark)
    public static class Meters {
        Counter promptlyCounter;
        Timer promptlyTimer;
        DistributionSummary promptlySummary;
        Counter prometheusCounter;
        Timer prometheusTimer;
        DistributionSummary prometheusSummary;

        /** Registers the same three meters in both registries. */
        @Setup
        public void setUp() {
            MeterRegistry promptly = new PromptlyMeterRegistry(new Registry());
            MeterRegistry prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            promptlyCounter = counter(promptly);
            prometheusCounter = counter(prometheus);
            promptlyTimer = timer(promptly);
            prometheusTimer = timer(prometheus);
            promptlySummary = summary(promptly);
            prometheusSummary = summary(prometheus);
        }

        private static Counter counter(MeterRegistry registry) {
            return Counter.builder("requests").description("Requests.").tags("method", "GET", "code", "200")
                    .register(registry);
        }

        private static Timer timer(MeterRegistry registry) {
            return Timer.builder("request.duration").description("Request durations.").tags("method", "GET")
                    .register(registry);
        }

        private static DistributionSummary summary(MeterRegistry registry) {
            return DistributionSummary.builder("response.size").description("Response sizes.")
                    .tags("method", "GET").serviceLevelObjectives(BenchmarkData.DEFAULT_BUCKETS).register(registry);
        }
    }

    /** 10,000 meters in each registry, recorded alike; a reused output buffer. */
    @State(Scope.Benchmark)
    public static class Scrape {
        static final int COUNTER_NAMES = 90;
        static final int GAUGE_NAMES = 9;
        static final int SERIES_PER_NAME = 100;
        static final int TIMER_SERIES = 100;
        static final int RECORDINGS_PER_TIMER = 20;
        static final Duration[] TIMER_SLOS = {Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25),
                Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500),
                Duration.ofSeconds(1), Duration.ofMillis(2500), Duration.ofSeconds(5)};

        ByteArrayOutputStream out;
        Registry promptly;
        ScrapeRenderer renderer;
        PrometheusMeterRegistry prometheus;
        /** Strong references for the gauges (Micrometer holds their objects weakly). */
        double[][] gaugeValues;

        /** Registers the 10,000 meters in both registries. */
        @Setup
        public void setUp() {
            out = new ByteArrayOutputStream(4 << 20);
            PromptlyMeterRegistry bridge = new PromptlyMeterRegistry(new Registry());
            promptly = bridge.promptlyRegistry();
            renderer = new ScrapeRenderer();
            prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            gaugeValues = new double[GAUGE_NAMES][SERIES_PER_NAME];
            populate(bridge);
            populate(prometheus);
        }

        private void populate(MeterRegistry registry) {
            String[] methods = {"GET", "POST", "PUT", "DELETE"};
            for (int n = 0; n < COUNTER_NAMES; n++) {
                for (int i = 0; i < SERIES_PER_NAME; i++) {
                    Counter.builder("app.requests." + n).description("Requests of group " + n + ".")
                            .tags("method", methods[i % methods.length], "status", Integer.toString(200 + i))
                            .register(registry).increment(n * 1_000 + i);
                }
            }
            for (int n = 0; n < GAUGE_NAMES; n++) {
                for (int i = 0; i < SERIES_PER_NAME; i++) {
                    gaugeValues[n][i] = n + i / 8.0;
                    double[] row = gaugeValues[n];
                    int index = i;
                    Gauge.builder("app.pool.size." + n, row, r -> r[index]).description("Pool " + n + ".")
                            .tags("pool", "p" + i).register(registry);
                }
            }
            for (int i = 0; i < TIMER_SERIES; i++) {
                Timer timer = Timer.builder("app.request.duration").description("Request durations.")
                        .serviceLevelObjectives(TIMER_SLOS).tags("uri", "/api/v1/resource/" + i).register(registry);
                for (int k = 0; k < RECORDINGS_PER_TIMER; k++) {
                    timer.record((long) (BenchmarkData.VALUES[i * RECORDINGS_PER_TIMER + k] * 1e9),
                            TimeUnit.NANOSECONDS);
                }
            }
        }
    }

    /** Promptly bridge: {@code Counter.increment()}. */
    @Benchmark
    public void promptlyCounterIncrement(Meters m) {
        m.promptlyCounter.increment();
    }

    /** micrometer-registry-prometheus: {@code Counter.increment()}. */
    @Benchmark
    public void prometheusRegistryCounterIncrement(Meters m) {
        m.prometheusCounter.increment();
    }

    /** Promptly bridge: {@code Timer.record(nanos, NANOSECONDS)}. */
    @Benchmark
    public void promptlyTimerRecord(Meters m, ValueCursor values) {
        m.promptlyTimer.record((long) (values.next() * 1e9), TimeUnit.NANOSECONDS);
    }

    /** micrometer-registry-prometheus: {@code Timer.record(nanos, NANOSECONDS)}. */
    @Benchmark
    public void prometheusRegistryTimerRecord(Meters m, ValueCursor values) {
        m.prometheusTimer.record((long) (values.next() * 1e9), TimeUnit.NANOSECONDS);
    }

    /** Promptly bridge: {@code DistributionSummary.record(v)}, 11 SLO buckets. */
    @Benchmark
    public void promptlyDistributionSummaryRecord(Meters m, ValueCursor values) {
        m.promptlySummary.record(values.next());
    }

    /** micrometer-registry-prometheus: {@code DistributionSummary.record(v)}, 11 SLO buckets. */
    @Benchmark
    public void prometheusRegistryDistributionSummaryRecord(Meters m, ValueCursor values) {
        m.prometheusSummary.record(values.next());
    }

    /** Promptly bridge: a text 0.0.4 scrape of the 10,000 meters by Promptly's writer. */
    @Benchmark
    public int promptlyScrapeText(Scrape s) throws IOException {
        s.out.reset();
        s.renderer.write(s.promptly, ExpositionFormat.TEXT, ALL_FAMILIES, s.out);
        return s.out.size();
    }

    /** micrometer-registry-prometheus: {@code scrape(OutputStream)} (text 0.0.4) of the 10,000 meters. */
    @Benchmark
    public int prometheusRegistryScrapeText(Scrape s) throws IOException {
        s.out.reset();
        s.prometheus.scrape(s.out);
        return s.out.size();
    }

    /** Promptly bridge: an OpenMetrics scrape of the 10,000 meters. */
    @Benchmark
    public int promptlyScrapeOpenMetrics(Scrape s) throws IOException {
        s.out.reset();
        s.renderer.write(s.promptly, ExpositionFormat.OPENMETRICS, ALL_FAMILIES, s.out);
        return s.out.size();
    }

    /** micrometer-registry-prometheus: {@code scrape(OutputStream, OpenMetrics)} of the 10,000 meters. */
    @Benchmark
    public int prometheusRegistryScrapeOpenMetrics(Scrape s) throws IOException {
        s.out.reset();
        s.prometheus.scrape(s.out, OPENMETRICS);
        return s.out.size();
    }
}
