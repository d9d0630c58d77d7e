package io.promptly.core;

import io.promptly.core.quantile.WindowedQuantiles;

/**
 * One summary series: striped count and sum (like a one-bucket histogram) and the window's quantile sketch.
 *
 * <p>Thread-safe: any thread may observe while others collect. Observing allocates nothing and takes no lock.
 */
public final class SummaryHandle {
    private static final int COUNT = 0;
    private static final int SUM = 1;

    private final SeriesLabels labels;
    private final SummaryConfig config;
    private final StripedCells cells = new StripedCells(2);
    /** The quantile sketch over the sliding window; null when the summary reports no quantiles. */
    private final WindowedQuantiles window;
    /** Set for good by the first negative, -Inf or NaN observation: the sum may then fall, or be NaN. */
    private volatile boolean sumNotACounter;
    /** Scratch for one scrape's quantile values; scrapes of this series serialise on it. */

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
     * Records {@code value}: into the all-time count and sum, and into the window's sketch (NaN is counted and
     * summed, but ignored by the quantiles).
     */
    public void observe(double value) {
        if (!(value >= 0) && !sumNotACounter) {
            sumNotACounter = true;
        }
        cells.addOneAndDouble(COUNT, SUM, value);
        if (window != null) {
            window.observe(value);
        }
    }

    /** The number of observations so far (all time, not windowed). */
    public long count() {
        return cells.readLong(COUNT);
    }

    /** The sum of observations so far (all time, not windowed). */
    public double sum() {
        return cells.readDouble(SUM);
    }

    /** This series' labels (const labels included). */
    public SeriesLabels seriesLabels() {
        return labels;
    }

    void collect(MetricSink sink) {
        sink.summaryStart(labels);
        if (window != null) {
            // the sink's scratch: one cut of the window for every quantile, no lock held while the sink writes
            double[] quantileValues = sink.quantileScratch(config.quantiles.length);
            window.quantiles(config.quantiles, quantileValues);
            for (int i = 0; i < config.quantiles.length; i++) {
                sink.summaryQuantile(labels, config.quantileLabels[i], quantileValues[i]);
            }
        }
        sink.summaryEnd(labels, cells.readLong(COUNT), cells.readDouble(SUM), !sumNotACounter);
    }

    SummaryConfig config() {
        return config;
    }
}
