package io.promptly.core;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * One gauge histogram series (see {@link GaugeHistogram} for the two ways to feed it and the rules a scrape
 * applies). Its own cells: one atomic count per bucket (not cumulative) and the sum's bits in a separate atomic,
 * so a sum update does not contend with the bucket counts' cache line.
 *
 * <p>Thread-safe: any thread may add and remove while others collect; {@link #observe} takes no lock and
 * allocates nothing (a bucket search, one {@code getAndAdd}, a compare-and-set loop on the sum). A scrape reads
 * each bucket once; between reading the buckets and the sum an update may land in one and not the other, so
 * {@code gsum} may be one in-flight value apart from the buckets — never the buckets from each other. A series
 * sampled on collect ({@link #sampleOnCollect}) is read under the series' lock, its source run on the scraping
 * thread into scratch cells the series reuses (no allocation per scrape).
 */
public final class GaugeHistogramHandle {
    private final SeriesLabels labels;
    private final Buckets buckets;
    private final AtomicLongArray counts;
    private final AtomicLong sumBits = new AtomicLong(Double.doubleToRawLongBits(0.0));
    /** The scrape-time source, or null while the series is fed by add and remove. */
    private volatile Source source;
    /** What the source observed in the current scrape (guarded by this handle's lock). */
    private final Sampled sampled;

    GaugeHistogramHandle(SeriesLabels labels, Buckets buckets) {
        this.labels = labels;
        this.buckets = buckets;
        this.counts = new AtomicLongArray(buckets.count());
        this.sampled = new Sampled(buckets);
    }

    /**
     * What a scrape asks for a series sampled on collect: observe every value the distribution holds now.
     * Runs on the scraping thread, once per scrape of the series; keep it short. A source that throws a
     * {@code RuntimeException} drops its series from that scrape (the sink is told,
     * {@link MetricSink#CAUSE_CALLBACK_THREW}); the rest of the scrape goes on.
     */
    @FunctionalInterface
    public interface Source {
        /** Observes into {@code into} every value there is now. */
        void sample(Recorder into);
    }

    /** Where a {@link Source} observes its values; valid only during {@link Source#sample}. */
    public interface Recorder {
        /** Adds {@code value} once. */
        void observe(double value);

        /** Adds {@code value} {@code count} times ({@code count} ≥ 0; negative counts are ignored). */
        void observe(double value, long count);
    }

    /** Adds {@code value}: it is there now (NaN counts in the {@code +Inf} bucket and makes the sum NaN). */
    public void observe(double value) {
        counts.getAndAdd(buckets.indexOf(value), 1L);
        addToSum(value);
    }

    /** Removes one {@code value} added before: it is no longer there. */
    public void remove(double value) {
        counts.getAndAdd(buckets.indexOf(value), -1L);
        addToSum(-value);
    }

    /** Adds {@code value} {@code count} times ({@code count > 0}) or removes it {@code -count} times. */
    public void observe(double value, long count) {
        if (count == 0) {
            return;
        }
        counts.getAndAdd(buckets.indexOf(value), count);
        addToSum(value * count);
    }

    /**
     * From now on each scrape shows what {@code source} observes, not what add and remove recorded (those calls
     * still work but are no longer shown). Replaces an earlier source.
     *
     * @throws IllegalArgumentException when {@code source} is null
     */
    public void sampleOnCollect(Source source) {
        Names.requireNonNull(source, "source of gauge histogram series " + labels);
        this.source = source;
    }

    /** The number of values there now, as a scrape would show it (buckets below zero count as zero). */
    public long count() {
        long total = 0;
        for (int i = 0; i < counts.length(); i++) {
            total += Math.max(0L, counts.get(i));
        }
        return total;
    }

    /** The sum of the values added and not removed (the raw double, before a scrape's rules). */
    public double sum() {
        return Double.longBitsToDouble(sumBits.get());
    }

    /** This series' labels (const labels included). */
    public SeriesLabels seriesLabels() {
        return labels;
    }

    private void addToSum(double delta) {
        long prev;
        long next;
        do {
            prev = sumBits.get();
            next = Double.doubleToRawLongBits(Double.longBitsToDouble(prev) + delta);
        } while (!sumBits.compareAndSet(prev, next));
    }

    void collect(MetricSink sink, MetricMetadata family) {
        Source s = source;
        if (s != null) {
            synchronized (this) {
                collectSampled(sink, family, s);
            }
            return;
        }
        sink.histogramStart(labels);
        long cumulative = 0;
        for (int i = 0, n = counts.length(); i < n; i++) {
            cumulative += Math.max(0L, counts.get(i));
            sink.histogramBucket(labels, buckets.le(i), cumulative);
        }
        sink.histogramEnd(labels, cumulative, cumulative == 0 ? 0.0 : sum(), false);
    }

    private void collectSampled(MetricSink sink, MetricMetadata family, Source s) {
        Sampled into = sampled;
        into.clear();
        try {
            s.sample(into);
        } catch (RuntimeException e) {
            sink.sampleDropped(family, MetricSink.CAUSE_CALLBACK_THREW); // its series only, never the scrape
            return;
        }
        sink.histogramStart(labels);
        long cumulative = 0;
        for (int i = 0; i < into.counts.length; i++) {
            cumulative += into.counts[i];
            sink.histogramBucket(labels, buckets.le(i), cumulative);
        }
        sink.histogramEnd(labels, cumulative, cumulative == 0 ? 0.0 : into.sum, false);
    }

    /** The scratch distribution a source fills; reused scrape after scrape under the series' lock. */
    private static final class Sampled implements Recorder {
        private final Buckets buckets;
        final long[] counts;
        double sum;

        Sampled(Buckets buckets) {
            this.buckets = buckets;
            this.counts = new long[buckets.count()];
        }

        void clear() {
            java.util.Arrays.fill(counts, 0L);
            sum = 0.0;
        }

        @Override
        public void observe(double value) {
            counts[buckets.indexOf(value)]++;
            sum += value;
        }

        @Override
        public void observe(double value, long count) {
            if (count > 0) {
                counts[buckets.indexOf(value)] += count;
                sum += value * count;
            }
        }
    }
}
