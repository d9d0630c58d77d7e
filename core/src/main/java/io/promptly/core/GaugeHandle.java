package io.promptly.core;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * One gauge series: a double held as bits in one padded long. {@link #set} is a release store (a plain move on
 * x86); {@link #add} is a CAS loop. No lock, no allocation.
 *
 * <p>Thread-safe: any thread may update and read; concurrent {@code set}s leave one of the values.
 */
public final class GaugeHandle {
    private static final VarHandle LONGS = MethodHandles.arrayElementVarHandle(long[].class);
    private static final int VALUE = Stripes.PAD_LONGS;
    private static final double MILLIS_PER_SECOND = 1000.0;

    private final SeriesLabels labels;
    /** The value's bits at {@link #VALUE}, padded on both sides against false sharing. */
    private final long[] cell = new long[2 * Stripes.PAD_LONGS];

    GaugeHandle(SeriesLabels labels) {
        this.labels = labels;
    }

    /** Sets the value. */
    public void set(double value) {
        LONGS.setRelease(cell, VALUE, Double.doubleToRawLongBits(value));
    }

    /** Adds 1. */
    public void inc() {
        add(1.0);
    }

    /** Subtracts 1. */
    public void dec() {
        add(-1.0);
    }

    /** Subtracts {@code amount}. */
    public void sub(double amount) {
        add(-amount);
    }

    /** Adds {@code amount} (may be negative). */
    public void add(double amount) {
        long current;
        long next;
        do {
            current = (long) LONGS.getOpaque(cell, VALUE);
            next = Double.doubleToRawLongBits(Double.longBitsToDouble(current) + amount);
        } while (!LONGS.compareAndSet(cell, VALUE, current, next));
    }

    /** Sets the value to the current Unix time in seconds. */
    public void setToCurrentTime() {
        set(System.currentTimeMillis() / MILLIS_PER_SECOND);
    }

    /** The current value (an acquire load). */
    public double get() {
        return Double.longBitsToDouble((long) LONGS.getAcquire(cell, VALUE));
    }

    /** This series' labels (const labels included). */
    public SeriesLabels seriesLabels() {
        return labels;
    }
}
