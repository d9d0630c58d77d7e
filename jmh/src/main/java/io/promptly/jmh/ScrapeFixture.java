package io.promptly.jmh;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.promptly.core.Registry;

/**
 * One registry shape, built identically for every client so that scrape costs compare. For {@code series} (a
 * multiple of 1,000) the {@link #COUNTERS} shape has {@code 0.9 × series} counter series in families of 100 (even
 * families labelled {@code method, code}, odd ones also {@code handler}), with integral totals, and
 * {@code series / 100} histogram series with 10 buckets (+Inf added) in families of 10 (labelled
 * {@code handler}), each holding 20 of the shared benchmark values (so their sums are non-integral doubles).
 *
 * <p>The {@link #REALISTIC} shape (issue 19) is what a service's registry looks like: 70 % counter series (as
 * above, integral), 15 % gauges in families of 50 (labelled {@code pool}) with non-integral values — a quarter
 * each of quarters ({@code 0.25}, {@code 3.75}), four-decimal values ({@code 1234.5678}), millisecond latencies
 * ({@code 0.137}) and full-precision random latencies — 10 % classic histograms (as above: 20 random latencies
 * each, so full-precision sums) and 5 % summaries with quantiles 0.5 / 0.9 / 0.99 over a 10-minute window in
 * families of 10 (labelled {@code handler}), 20 random latencies each.
 *
 * <p>In text 0.0.4 either shape is {@link #sampleLines()} sample lines plus a HELP and a TYPE line per family.
 *
 * <p>Not thread-safe; builds registries on one thread (benchmark setup) for the scrape to read.
 */
final class ScrapeFixture {
    /** The integral-counter shape: 90 % counters, 10 % histograms. */
    static final String COUNTERS = "counters";
    /** 70 % counters, 15 % non-integral gauges, 10 % histograms, 5 % summaries. */
    static final String REALISTIC = "realistic";

    static final int SERIES_PER_GAUGE_FAMILY = 50;
    static final int SERIES_PER_SUMMARY_FAMILY = 10;
    static final int OBSERVATIONS_PER_SUMMARY = 20;
    /** Quantiles of every summary series, each with client_java's and simpleclient's rank error beside it. */
    static final double[] SUMMARY_QUANTILES = BenchmarkData.QUANTILES;
    static final int SAMPLE_LINES_PER_SUMMARY = SUMMARY_QUANTILES.length + 2;
    static final int SERIES_PER_COUNTER_FAMILY = 100;
    static final int SERIES_PER_HISTOGRAM_FAMILY = 10;
    /** 10 finite bounds; every client adds +Inf, so a histogram series writes 11 buckets, sum and count. */
    static final double[] HISTOGRAM_BUCKETS = {.005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5};
    static final int OBSERVATIONS_PER_HISTOGRAM = 20;
    static final int SAMPLE_LINES_PER_HISTOGRAM = HISTOGRAM_BUCKETS.length + 1 + 2;

    private static final String[] METHODS = {"GET", "POST", "PUT", "DELETE", "PATCH"};
    private static final String[] CODES = {"200", "201", "202", "204", "206", "301", "302", "304", "307", "308",
        "400", "401", "403", "404", "405", "409", "429", "500", "502", "503"};
    private static final String[] HANDLERS = {"/api/v1/orders", "/api/v1/users", "/api/v1/items", "/healthz"};
    private static final long VALUE_SPREAD = 100_000;

    private final int counterFamilies;
    private final int histogramFamilies;
    private final int gaugeFamilies;
    private final int summaryFamilies;

    /**
     * A fixture of {@code series} series in the {@link #COUNTERS} shape.
     *
     * @throws IllegalArgumentException when {@code series} is not a positive multiple of 1,000
     */
    ScrapeFixture(int series) {
        this(series, COUNTERS);
    }

    /**
     * A fixture of {@code series} series in {@code shape} ({@link #COUNTERS} or {@link #REALISTIC}).
     *
     * @throws IllegalArgumentException when {@code series} is not a positive multiple of 1,000 or the shape is
     *                                  unknown
     */
    ScrapeFixture(int series, String shape) {
        if (series <= 0 || series % 1000 != 0) {
            throw new IllegalArgumentException("series must be a positive multiple of 1000, got " + series);
        }
        if (COUNTERS.equals(shape)) {
            this.counterFamilies = series * 9 / 10 / SERIES_PER_COUNTER_FAMILY;
            this.histogramFamilies = series / 10 / 10 / SERIES_PER_HISTOGRAM_FAMILY;
            this.gaugeFamilies = 0;
            this.summaryFamilies = 0;
        } else if (REALISTIC.equals(shape)) {
            this.counterFamilies = series * 7 / 10 / SERIES_PER_COUNTER_FAMILY;
            this.gaugeFamilies = series * 15 / 100 / SERIES_PER_GAUGE_FAMILY;
            this.histogramFamilies = series / 10 / SERIES_PER_HISTOGRAM_FAMILY;
            this.summaryFamilies = series / 20 / SERIES_PER_SUMMARY_FAMILY;
        } else {
            throw new IllegalArgumentException("unknown fixture shape " + shape);
        }
    }

    /** Sample lines of one text 0.0.4 scrape (HELP/TYPE comments excluded): the unit the table divides by. */
    int sampleLines() {
        return counterFamilies * SERIES_PER_COUNTER_FAMILY
                + gaugeFamilies * SERIES_PER_GAUGE_FAMILY
                + histogramFamilies * SERIES_PER_HISTOGRAM_FAMILY * SAMPLE_LINES_PER_HISTOGRAM
                + summaryFamilies * SERIES_PER_SUMMARY_FAMILY * SAMPLE_LINES_PER_SUMMARY;
    }

    /** Number of families. */
    int families() {
        return counterFamilies + gaugeFamilies + histogramFamilies + summaryFamilies;
    }

    /** The summary series of the last {@link #promptly()} registry, in creation order. */
    private final java.util.List<io.promptly.core.SummaryHandle> promptlySummaries = new java.util.ArrayList<>();

    /**
     * The summary series of the registry {@link #promptly()} built (5 % of a {@link #REALISTIC} fixture, none in
     * {@link #COUNTERS}), for benchmarks that observe them between scrapes.
     */
    io.promptly.core.SummaryHandle[] promptlySummaries() {
        return promptlySummaries.toArray(new io.promptly.core.SummaryHandle[0]);
    }

    /** The shape in Promptly. */
    Registry promptly() {
        promptlySummaries.clear();
        Registry registry = new Registry();
        for (int f = 0; f < counterFamilies; f++) {
            io.promptly.core.Counter c = io.promptly.core.Counter.builder(counterName(f)).help(counterHelp(f))
                    .labelNames(labelNames(f)).register(registry);
            for (int i = 0; i < SERIES_PER_COUNTER_FAMILY; i++) {
                c.labels(labelValues(f, i)).inc(counterValue(f, i));
            }
        }
        for (int h = 0; h < histogramFamilies; h++) {
            io.promptly.core.Histogram hist = io.promptly.core.Histogram.builder(histogramName(h))
                    .help(histogramHelp(h)).labelNames("handler").buckets(HISTOGRAM_BUCKETS).register(registry);
            for (int i = 0; i < SERIES_PER_HISTOGRAM_FAMILY; i++) {
                io.promptly.core.HistogramHandle handle = hist.labels(histogramHandler(i));
                for (int k = 0; k < OBSERVATIONS_PER_HISTOGRAM; k++) {
                    handle.observe(observation(h, i, k));
                }
            }
        }
        for (int g = 0; g < gaugeFamilies; g++) {
            io.promptly.core.Gauge gauge = io.promptly.core.Gauge.builder(gaugeName(g)).help(gaugeHelp(g))
                    .labelNames("pool").register(registry);
            for (int i = 0; i < SERIES_PER_GAUGE_FAMILY; i++) {
                gauge.labels(gaugePool(i)).set(gaugeValue(g, i));
            }
        }
        for (int s = 0; s < summaryFamilies; s++) {
            io.promptly.core.Summary summary = io.promptly.core.Summary.builder(summaryName(s))
                    .help(summaryHelp(s)).labelNames("handler").quantiles(SUMMARY_QUANTILES)
                    .maxAge(java.time.Duration.ofSeconds(BenchmarkData.WINDOW_SECONDS))
                    .ageBuckets(BenchmarkData.WINDOW_AGE_BUCKETS).register(registry);
            for (int i = 0; i < SERIES_PER_SUMMARY_FAMILY; i++) {
                io.promptly.core.SummaryHandle handle = summary.labels(histogramHandler(i));
                promptlySummaries.add(handle);
                for (int k = 0; k < OBSERVATIONS_PER_SUMMARY; k++) {
                    handle.observe(summaryObservation(s, i, k));
                }
            }
        }
        return registry;
    }

    /** The shape in client_java 1.x (classic-only histograms). */
    PrometheusRegistry clientJava() {
        PrometheusRegistry registry = new PrometheusRegistry();
        for (int f = 0; f < counterFamilies; f++) {
            io.prometheus.metrics.core.metrics.Counter c = io.prometheus.metrics.core.metrics.Counter.builder()
                    .name(counterName(f)).help(counterHelp(f)).labelNames(labelNames(f)).register(registry);
            for (int i = 0; i < SERIES_PER_COUNTER_FAMILY; i++) {
                c.labelValues(labelValues(f, i)).inc(counterValue(f, i));
            }
        }
        for (int h = 0; h < histogramFamilies; h++) {
            io.prometheus.metrics.core.metrics.Histogram hist = io.prometheus.metrics.core.metrics.Histogram
                    .builder().name(histogramName(h)).help(histogramHelp(h)).labelNames("handler").classicOnly()
                    .classicUpperBounds(HISTOGRAM_BUCKETS).register(registry);
            for (int i = 0; i < SERIES_PER_HISTOGRAM_FAMILY; i++) {
                io.prometheus.metrics.core.datapoints.DistributionDataPoint point =
                        hist.labelValues(histogramHandler(i));
                for (int k = 0; k < OBSERVATIONS_PER_HISTOGRAM; k++) {
                    point.observe(observation(h, i, k));
                }
            }
        }
        for (int g = 0; g < gaugeFamilies; g++) {
            io.prometheus.metrics.core.metrics.Gauge gauge = io.prometheus.metrics.core.metrics.Gauge.builder()
                    .name(gaugeName(g)).help(gaugeHelp(g)).labelNames("pool").register(registry);
            for (int i = 0; i < SERIES_PER_GAUGE_FAMILY; i++) {
                gauge.labelValues(gaugePool(i)).set(gaugeValue(g, i));
            }
        }
        for (int s = 0; s < summaryFamilies; s++) {
            io.prometheus.metrics.core.metrics.Summary.Builder builder = io.prometheus.metrics.core.metrics.Summary
                    .builder().name(summaryName(s)).help(summaryHelp(s)).labelNames("handler")
                    .maxAgeSeconds(BenchmarkData.WINDOW_SECONDS)
                    .numberOfAgeBuckets(BenchmarkData.WINDOW_AGE_BUCKETS);
            for (int q = 0; q < SUMMARY_QUANTILES.length; q++) {
                builder.quantile(SUMMARY_QUANTILES[q], BenchmarkData.QUANTILE_RANK_ERRORS[q]);
            }
            io.prometheus.metrics.core.metrics.Summary summary = builder.register(registry);
            for (int i = 0; i < SERIES_PER_SUMMARY_FAMILY; i++) {
                io.prometheus.metrics.core.datapoints.DistributionDataPoint point =
                        summary.labelValues(histogramHandler(i));
                for (int k = 0; k < OBSERVATIONS_PER_SUMMARY; k++) {
                    point.observe(summaryObservation(s, i, k));
                }
            }
        }
        return registry;
    }

    /** The shape in simpleclient. */
    io.prometheus.client.CollectorRegistry simpleclient() {
        io.prometheus.client.CollectorRegistry registry = new io.prometheus.client.CollectorRegistry();
        for (int f = 0; f < counterFamilies; f++) {
            io.prometheus.client.Counter c = io.prometheus.client.Counter.build().name(counterName(f))
                    .help(counterHelp(f)).labelNames(labelNames(f)).register(registry);
            for (int i = 0; i < SERIES_PER_COUNTER_FAMILY; i++) {
                c.labels(labelValues(f, i)).inc(counterValue(f, i));
            }
        }
        for (int h = 0; h < histogramFamilies; h++) {
            io.prometheus.client.Histogram hist = io.prometheus.client.Histogram.build().name(histogramName(h))
                    .help(histogramHelp(h)).labelNames("handler").buckets(HISTOGRAM_BUCKETS).register(registry);
            for (int i = 0; i < SERIES_PER_HISTOGRAM_FAMILY; i++) {
                io.prometheus.client.Histogram.Child child = hist.labels(histogramHandler(i));
                for (int k = 0; k < OBSERVATIONS_PER_HISTOGRAM; k++) {
                    child.observe(observation(h, i, k));
                }
            }
        }
        for (int g = 0; g < gaugeFamilies; g++) {
            io.prometheus.client.Gauge gauge = io.prometheus.client.Gauge.build().name(gaugeName(g))
                    .help(gaugeHelp(g)).labelNames("pool").register(registry);
            for (int i = 0; i < SERIES_PER_GAUGE_FAMILY; i++) {
                gauge.labels(gaugePool(i)).set(gaugeValue(g, i));
            }
        }
        for (int s = 0; s < summaryFamilies; s++) {
            io.prometheus.client.Summary.Builder builder = io.prometheus.client.Summary.build().name(summaryName(s))
                    .help(summaryHelp(s)).labelNames("handler").maxAgeSeconds(BenchmarkData.WINDOW_SECONDS)
                    .ageBuckets(BenchmarkData.WINDOW_AGE_BUCKETS);
            for (int q = 0; q < SUMMARY_QUANTILES.length; q++) {
                builder.quantile(SUMMARY_QUANTILES[q], BenchmarkData.QUANTILE_RANK_ERRORS[q]);
            }
            io.prometheus.client.Summary summary = builder.register(registry);
            for (int i = 0; i < SERIES_PER_SUMMARY_FAMILY; i++) {
                io.prometheus.client.Summary.Child child = summary.labels(histogramHandler(i));
                for (int k = 0; k < OBSERVATIONS_PER_SUMMARY; k++) {
                    child.observe(summaryObservation(s, i, k));
                }
            }
        }
        return registry;
    }

    /**
     * The shape in Micrometer's Prometheus registry: counters with tags, histograms as distribution summaries
     * whose SLOs are the bounds (Micrometer also writes a {@code _max} gauge per histogram series).
     */
    PrometheusMeterRegistry micrometer() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        for (int f = 0; f < counterFamilies; f++) {
            String[] names = labelNames(f);
            for (int i = 0; i < SERIES_PER_COUNTER_FAMILY; i++) {
                String[] values = labelValues(f, i);
                String[] tags = new String[2 * names.length];
                for (int l = 0; l < names.length; l++) {
                    tags[2 * l] = names[l];
                    tags[2 * l + 1] = values[l];
                }
                io.micrometer.core.instrument.Counter.builder(counterName(f)).description(counterHelp(f)).tags(tags)
                        .register(registry).increment(counterValue(f, i));
            }
        }
        for (int h = 0; h < histogramFamilies; h++) {
            for (int i = 0; i < SERIES_PER_HISTOGRAM_FAMILY; i++) {
                DistributionSummary summary = DistributionSummary.builder(histogramName(h))
                        .description(histogramHelp(h)).tags("handler", histogramHandler(i))
                        .serviceLevelObjectives(HISTOGRAM_BUCKETS).register(registry);
                for (int k = 0; k < OBSERVATIONS_PER_HISTOGRAM; k++) {
                    summary.record(observation(h, i, k));
                }
            }
        }
        for (int g = 0; g < gaugeFamilies; g++) {
            for (int i = 0; i < SERIES_PER_GAUGE_FAMILY; i++) {
                double value = gaugeValue(g, i);
                io.micrometer.core.instrument.Gauge.builder(gaugeName(g), () -> value).description(gaugeHelp(g))
                        .tags("pool", gaugePool(i)).register(registry);
            }
        }
        for (int s = 0; s < summaryFamilies; s++) {
            for (int i = 0; i < SERIES_PER_SUMMARY_FAMILY; i++) {
                DistributionSummary summary = DistributionSummary.builder(summaryName(s))
                        .description(summaryHelp(s)).tags("handler", histogramHandler(i))
                        .publishPercentiles(SUMMARY_QUANTILES)
                        .distributionStatisticExpiry(java.time.Duration.ofSeconds(BenchmarkData.WINDOW_SECONDS))
                        .distributionStatisticBufferLength(BenchmarkData.WINDOW_AGE_BUCKETS).register(registry);
                for (int k = 0; k < OBSERVATIONS_PER_SUMMARY; k++) {
                    summary.record(summaryObservation(s, i, k));
                }
            }
        }
        return registry;
    }

    private static String counterName(int family) {
        return "app_requests_" + family;
    }

    private static String counterHelp(int family) {
        return "Requests served by handler group " + family + ".";
    }

    private static String[] labelNames(int family) {
        return family % 2 == 0 ? new String[] {"method", "code"} : new String[] {"method", "code", "handler"};
    }

    /** Distinct (method, code) for i in [0, 100); the handler of 3-label families varies on top. */
    private static String[] labelValues(int family, int i) {
        String method = METHODS[i % METHODS.length];
        String code = CODES[(i / METHODS.length) % CODES.length];
        return family % 2 == 0 ? new String[] {method, code}
                : new String[] {method, code, HANDLERS[i % HANDLERS.length]};
    }

    private static long counterValue(int family, int i) {
        return 1 + (i * 7919L + family * 104_729L) % VALUE_SPREAD;
    }

    private static String histogramName(int family) {
        return "app_request_duration_seconds_" + family;
    }

    private static String histogramHelp(int family) {
        return "Request latency of handler group " + family + ".";
    }

    private static String histogramHandler(int i) {
        return "/api/v1/resource_" + i;
    }

    private static double observation(int family, int i, int k) {
        int index = (family * SERIES_PER_HISTOGRAM_FAMILY + i) * OBSERVATIONS_PER_HISTOGRAM + k;
        return BenchmarkData.VALUES[index & BenchmarkData.VALUE_MASK];
    }

    private static String gaugeName(int family) {
        return "app_pool_utilisation_" + family;
    }

    private static String gaugeHelp(int family) {
        return "Utilisation of pool group " + family + ".";
    }

    private static String gaugePool(int i) {
        return "pool_" + i;
    }

    /**
     * A non-integral gauge value, by series: quarters ({@code 3.25}), four decimals ({@code 1234.5678}),
     * milliseconds as seconds ({@code 0.137}) or a full-precision random latency.
     */
    static double gaugeValue(int family, int i) {
        long spread = (i * 7919L + family * 104_729L) % VALUE_SPREAD;
        switch (i & 3) {
            case 0:
                return spread % 100 + 0.25 * (1 + spread % 3);
            case 1:
                return (spread * 10_007 % 100_000_000 / 10 * 10 + 1) / 10_000.0;
            case 2:
                return (spread % 5_000 * 10 + 7) / 1000.0;
            default:
                return BenchmarkData.VALUES[(family * SERIES_PER_GAUGE_FAMILY + i) & BenchmarkData.VALUE_MASK];
        }
    }

    private static String summaryName(int family) {
        return "app_rpc_duration_seconds_" + family;
    }

    private static String summaryHelp(int family) {
        return "RPC latency of client group " + family + ".";
    }

    private static double summaryObservation(int family, int i, int k) {
        int index = (family * SERIES_PER_SUMMARY_FAMILY + i) * OBSERVATIONS_PER_SUMMARY + k;
        return BenchmarkData.VALUES[(BenchmarkData.VALUE_COUNT / 2 + index) & BenchmarkData.VALUE_MASK];
    }
}
