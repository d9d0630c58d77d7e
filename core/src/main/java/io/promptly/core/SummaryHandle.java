package io.promptly.core;

import io.promptly.core.quantile.WindowedQuantiles;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * One summary series: the all-time count and sum (fields of the handle while uncontended, striped cells once two
 * threads collide on them) and the window's quantile sketch.
 *
 * <p>Thread-safe: any thread may observe while others collect. Observing allocates nothing and takes no lock.
 */
public final class SummaryHandle {
    private static final int COUNT = 0;
    private static final int SUM = 1;
    private static final VarHandle COUNT_FIELD;
    private static final VarHandle SUM_FIELD;
    private static final VarHandle STRIPED;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            COUNT_FIELD = lookup.findVarHandle(SummaryHandle.class, "count", long.class);
            SUM_FIELD = lookup.findVarHandle(SummaryHandle.class, "sumBits", long.class);
            STRIPED = lookup.findVarHandle(SummaryHandle.class, "striped", StripedCells.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final SeriesLabels labels;
    private final SummaryConfig config;
    /** Count and sum (double bits) while uncontended: unpadded fields; always part of the totals. */
    private volatile long count;
    private volatile long sumBits;
    /** Null until two threads collide on {@link #count}; then striped count and sum cells (set once, CAS). */
    private volatile StripedCells striped;
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
     * Records {@code value}: into the all-time count and sum, and into the window's sketch (NaN is counted and
     * summed, but ignored by the quantiles).
     */
    public void observe(double value) {
        if (!(value >= 0) && !sumNotACounter) {
            sumNotACounter = true;
        }
        StripedCells cells = striped;
        if (cells == null && !addToFields(value)) {
            cells = inflate();
        }
        if (cells != null) {
            cells.addOneAndDouble(COUNT, SUM, value);
        }
        if (window != null) {
            window.observe(value);
        }
    }

    /** The number of observations so far (all time, not windowed). */
    public long count() {
        StripedCells cells = striped;
        long base = (long) COUNT_FIELD.getOpaque(this);
        return cells == null ? base : base + cells.readLong(COUNT);
    }

    /** The sum of observations so far (all time, not windowed). */
    public double sum() {
        StripedCells cells = striped;
        double base = Double.longBitsToDouble((long) SUM_FIELD.getOpaque(this));
        return cells == null ? base : base + cells.readDouble(SUM);
    }

    /** One CAS on the count field, then the sum's CAS loop; false (nothing added) when the count CAS lost. */
    private boolean addToFields(double value) {
        long current = (long) COUNT_FIELD.getOpaque(this);
        if (!COUNT_FIELD.compareAndSet(this, current, current + 1L)) {
            return false;
        }
        long bits;
        long next;
        do {
            bits = (long) SUM_FIELD.getOpaque(this);
            next = Double.doubleToRawLongBits(Double.longBitsToDouble(bits) + value);
        } while (!SUM_FIELD.compareAndSet(this, bits, next));
        return true;
    }

    private StripedCells inflate() {
        StripedCells fresh = new StripedCells(2);
        // publish once; a loser of the race uses the winner's cells
        return STRIPED.compareAndSet(this, (StripedCells) null, fresh) ? fresh : striped;
    }

    /** This series' labels (const labels included). */
    public SeriesLabels seriesLabels() {
        return labels;
    }

    void collect(MetricSink sink) {
        sink.created(createdMillis);
        sink.summaryStart(labels);
        if (window != null) {
            // the sink's scratch: one cut of the window for every quantile, no lock held while the sink writes
            double[] quantileValues = sink.quantileScratch(config.quantiles.length);
            window.quantiles(config.quantiles, quantileValues);
            for (int i = 0; i < config.quantiles.length; i++) {
                sink.summaryQuantile(labels, config.quantileLabels[i], quantileValues[i]);
            }
        }
        sink.summaryEnd(labels, count(), sum(), !sumNotACounter);
    }

    SummaryConfig config() {
        return config;
    }
}
