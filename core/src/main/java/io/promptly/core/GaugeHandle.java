package io.promptly.core;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * One gauge series: a double held as bits in a long field of the handle. {@link #set} is a release store (a
 * plain move on x86); {@link #add} is a CAS loop. No lock, no allocation. Cost: one 24-byte object besides its
 * labels; the field is not padded, so gauges written hard by different threads may share a cache line.
 *
 * <p>Thread-safe: any thread may update and read; concurrent {@code set}s leave one of the values.
 */
public final class GaugeHandle {
    private static final VarHandle VALUE;

    static {
        try {
            VALUE = MethodHandles.lookup().findVarHandle(GaugeHandle.class, "value", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private static final double MILLIS_PER_SECOND = 1000.0;

    private final SeriesLabels labels;
    /** The value's double bits: a field of the handle, unpadded (a neighbouring object may share its line). */
    @SuppressWarnings("unused") // accessed through VALUE
    private volatile long value;

    GaugeHandle(SeriesLabels labels) {
        this.labels = labels;
    }

    /** Sets the value. */
    public void set(double value) {
        VALUE.setRelease(this, Double.doubleToRawLongBits(value));
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
            current = (long) VALUE.getOpaque(this);
            next = Double.doubleToRawLongBits(Double.longBitsToDouble(current) + amount);
        } while (!VALUE.compareAndSet(this, current, next));
    }

    /** Sets the value to the current Unix time in seconds. */
    public void setToCurrentTime() {
        set(System.currentTimeMillis() / MILLIS_PER_SECOND);
    }

    /** The current value (an acquire load). */
    public double get() {
        return Double.longBitsToDouble((long) VALUE.getAcquire(this));
    }

    /** This series' labels (const labels included). */
    public SeriesLabels seriesLabels() {
        return labels;
    }

    /** Touches what a collection reads (the value and the labels); see {@code Metric.warm}. */
    long warm() {
        return (long) VALUE.getOpaque(this) + labels.encoded().length;
    }
}
