package io.promptly.core;

import io.promptly.core.quantile.WindowedQuantiles;

/**
 * One summary series: the all-time count and sum, and the window's quantile sketch. The count and sum are one
 * write into the calling thread's own block of the series ({@link PhasedCells}: plain adds and opaque stores
 * between two stores of the block's sequence word while the thread owns its stripe; atomics on the shared stripes
 * otherwise), so every scrape reads them as one cut: {@code _sum} is the sum of exactly the observations
 * {@code _count} counts.
 *
 * <p>Thread-safe: any thread may observe while others collect. Observing takes no lock and allocates nothing (but
 * a thread's first observation into the series, which allocates its block). The quantiles are the sketch's own
 * reading of its window, not part of the cut; a scrape whose cut finds the count unchanged since the last scrape
 * (and the window not moved) reuses that scrape's quantiles without reading the sketch, which is exact because
 * an observation writes the sketch before its count. The sketch's cells turn striped the first time two threads
 * collide on one (see {@link WindowedQuantiles}), after which each observing thread also allocates, once per
 * binade it observes, its stripe's copy of that binade's counts.
 */
public final class SummaryHandle {
    private static final int COUNT = 0;
    private static final int SUM = 1;

    private final SeriesLabels labels;
    private final SummaryConfig config;
    private final PhasedCells cells = new PhasedCells(2, 1, SUM, null);
    /** The quantile sketch over the sliding window; null when the summary reports no quantiles. */
    private final WindowedQuantiles window;
    /** Set for good by the first negative, -Inf or NaN observation: the sum may then fall, or be NaN. */
    private volatile boolean sumNotACounter;
    /** When the series was created, in ms since the epoch (its start time). */
    private final long createdMillis = System.currentTimeMillis();

    SummaryHandle(SeriesLabels labels, SummaryConfig config) {
        this.labels = labels;
        this.config = config;
        if (config.quantiles.length > 0) {
            this.window = new WindowedQuantiles(config.relativeError, config.maxAgeNanos, config.ageBuckets,
                    config.sketchClock);
        } else {
            this.window = null;
        }
    }

    /**
     * Records {@code value}: into the window's sketch, then into the all-time count and sum (NaN is counted and
     * summed, but ignored by the quantiles).
     */
    public void observe(double value) {
        if (!(value >= 0) && !sumNotACounter) {
            sumNotACounter = true;
        }
        if (window != null) {
            // before the count: a scrape that reads a count unchanged since its last one reuses its quantiles
            // (WindowedQuantiles.quantiles(qs, out, count)): exact only if every counted value is in the sketch
            window.observe(value);
        }
        long thread = Stripes.threadId();
        long[] block = cells.ownedBlock(thread);
        int stripe = 0;
        if (block == null) {
            stripe = Stripes.of(thread);
            block = cells.claim(thread, stripe);
        }
        if (block != null) {
            int g = PhasedCells.generation(block);
            long odd = PhasedCells.begin(block, g);
            PhasedCells.addOwned(block, g + 1 + COUNT, 1L);
            PhasedCells.addOwnedDouble(block, g + 1 + SUM, value);
            PhasedCells.end(block, g, odd);
        } else {
            observeShared(stripe, value);
        }
    }

    private void observeShared(int stripe, double value) {
        PhasedCells.Shared shared = cells.shared();
        int first = PhasedCells.enter(shared, stripe);
        PhasedCells.addSharedDouble(shared.cells, first + SUM, value);
        PhasedCells.addShared(shared.cells, first + COUNT, 1L); // last: completes the write
    }

    /** The number of observations so far (all time, not windowed; one cut, takes the collection lock). */
    public long count() {
        synchronized (cells) {
            return cells.collect().counts[COUNT];
        }
    }

    /** The sum of observations so far (all time, not windowed; one cut, takes the collection lock). */
    public double sum() {
        synchronized (cells) {
            return cells.collect().sum;
        }
    }

    /** This series' labels (const labels included). */
    public SeriesLabels seriesLabels() {
        return labels;
    }

    /** Touches what {@link #collect} reads (the labels, the count and sum cells); see {@code Metric.warm}. */
    long warm() {
        return labels.encoded().length + cells.warm();
    }

    void collect(MetricSink sink) {
        sink.created(createdMillis);
        sink.summaryStart(labels);
        long count;
        double sum;
        synchronized (cells) {
            PhasedCells.Cut cut = cells.collect();
            count = cut.counts[COUNT];
            sum = cut.sum;
        }
        if (window != null) {
            // the sink's scratch: one cut of the window for every quantile, no lock held while the sink writes;
            // the count, read first and raised by each observation after its sketch add, lets a series not observed
            // since the last scrape reuse that scrape's quantiles without reading the sketch's cells
            double[] quantileValues = sink.quantileScratch(config.quantiles.length);
            window.quantiles(config.quantiles, quantileValues, count);
            for (int i = 0; i < config.quantiles.length; i++) {
                sink.summaryQuantile(labels, config.quantileLabels[i], quantileValues[i]);
            }
        }
        sink.summaryEnd(labels, count, sum, !sumNotACounter);
    }

    SummaryConfig config() {
        return config;
    }
}
