package io.promptly.core;

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

    SummaryHandle(SeriesLabels labels, SummaryConfig config) {
        this.labels = labels;
        this.config = config;
    }

    /** Records {@code value}. */
    public void observe(double value) {
        cells.addLong(COUNT, 1L);
        cells.addDouble(SUM, value);
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
        sink.summaryEnd(labels, cells.readLong(COUNT), cells.readDouble(SUM));
    }

    SummaryConfig config() {
        return config;
    }
}
