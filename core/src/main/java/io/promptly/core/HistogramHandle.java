package io.promptly.core;

/**
 * One histogram series: per stripe, one contiguous padded block of bucket counts and the sum, so an observation
 * touches one stripe: a branch-free bucket search, one count add, one double add. No lock, no allocation.
 *
 * <p>Thread-safe: any thread may observe while others collect; a collection reads each bucket cell once and
 * derives the cumulative counts and {@code _count} from what it read.
 */
public final class HistogramHandle {
    private final SeriesLabels labels;
    private final Buckets buckets;
    /** Slots 0..n-1: bucket counts; slot n: the sum's bits. */
    private final StripedCells cells;
    private final int sumSlot;

    HistogramHandle(SeriesLabels labels, Buckets buckets) {
        this.labels = labels;
        this.buckets = buckets;
        this.sumSlot = buckets.count();
        this.cells = new StripedCells(sumSlot + 1);
    }

    /** Records {@code value}: NaN counts in the +Inf bucket (and makes the sum NaN), as Prometheus' Go client does. */
    public void observe(double value) {
        cells.addLong(buckets.indexOf(value), 1L);
        cells.addDouble(sumSlot, value);
    }

    /** The number of observations so far. */
    public long count() {
        long total = 0;
        for (int i = 0; i < sumSlot; i++) {
            total += cells.readLong(i);
        }
        return total;
    }

    /** The sum of observations so far. */
    public double sum() {
        return cells.readDouble(sumSlot);
    }

    /** This series' labels (const labels included). */
    public SeriesLabels seriesLabels() {
        return labels;
    }

    void collect(MetricSink sink) {
        sink.histogramStart(labels);
        long cumulative = 0;
        for (int i = 0; i < sumSlot; i++) {
            cumulative += cells.readLong(i);
            sink.histogramBucket(labels, buckets.le(i), cumulative);
        }
        sink.histogramEnd(labels, cumulative, cells.readDouble(sumSlot));
    }
}
