package io.promptly.exposition.http;

import io.promptly.core.Counter;
import io.promptly.core.CounterHandle;
import io.promptly.core.Histogram;
import io.promptly.core.HistogramHandle;
import io.promptly.core.Registry;
import io.promptly.exposition.ExpositionFormat;
import java.util.Locale;

/**
 * What a {@link ScrapeEndpoint} counts about itself when asked (see
 * {@link ScrapeEndpoint.Builder#selfMetrics}): scrape duration and body size per format, and failures by cause.
 * {@link #NONE} counts nothing.
 *
 * <p>Thread-safe (the handles are). Every handle is bound at construction, so counting a scrape is a few
 * uncontended adds: no lookup, no allocation.
 */
final class ScrapeSelfMetrics {
    /** Counts nothing (self-metrics off). */
    static final ScrapeSelfMetrics NONE = new ScrapeSelfMetrics();

    private static final double NANOS_PER_SECOND = 1e9;

    private final HistogramHandle[] duration;
    private final HistogramHandle[] bytes;
    private final CounterHandle rejected;
    private final CounterHandle collect;
    private final CounterHandle error;
    private final CounterHandle client;
    private final CounterHandle droppedSample;

    private ScrapeSelfMetrics() {
        duration = null;
        bytes = null;
        rejected = null;
        collect = null;
        error = null;
        client = null;
        droppedSample = null;
    }

    ScrapeSelfMetrics(Registry registry) {
        Histogram durations = Histogram.builder("promptly_scrape_duration_seconds")
                .help("Time to render and send one scrape, by format.").labelNames("format")
                .buckets(0.001, 0.005, 0.025, 0.1, 0.5, 2.5, 10, 60).register(registry);
        Histogram sizes = Histogram.builder("promptly_scrape_bytes")
                .help("Uncompressed body size of one scrape, by format.").labelNames("format")
                .buckets(1024, 16_384, 262_144, 4_194_304, 67_108_864, 1_073_741_824).register(registry);
        Counter errors = Counter.builder("promptly_scrape_errors")
                .help("Scrapes that failed or were refused, and samples left out of scrapes, by cause.")
                .labelNames("cause").register(registry);
        ExpositionFormat[] formats = ExpositionFormat.values();
        duration = new HistogramHandle[formats.length];
        bytes = new HistogramHandle[formats.length];
        for (ExpositionFormat f : formats) {
            String label = f.name().toLowerCase(Locale.ROOT);
            duration[f.ordinal()] = durations.labels(label);
            bytes[f.ordinal()] = sizes.labels(label);
        }
        rejected = errors.labels("rejected");
        collect = errors.labels("collect");
        error = errors.labels("error");
        client = errors.labels("client");
        droppedSample = errors.labels("dropped_sample");
    }

    /** A scrape of {@code format} answered in {@code nanos} with {@code bodyBytes}, leaving out {@code dropped}. */
    void scraped(ExpositionFormat format, long nanos, long bodyBytes, long dropped) {
        if (duration == null) {
            return;
        }
        duration[format.ordinal()].observe(nanos / NANOS_PER_SECOND);
        bytes[format.ordinal()].observe(bodyBytes);
        if (dropped > 0) {
            droppedSample.inc(dropped);
        }
    }

    /** A scrape answered 503: every slot stayed busy. */
    void rejected() {
        if (rejected != null) {
            rejected.inc();
        }
    }

    /** Collecting threw ({@code jvmError}: an {@code Error}). */
    void collectFailed(boolean jvmError) {
        if (collect != null) {
            (jvmError ? error : collect).inc();
        }
    }

    /** The client went away while its response was being written. */
    void clientGone() {
        if (client != null) {
            client.inc();
        }
    }
}
