package io.promptly.core;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * One counter series. {@link #inc()} is the record hot path: one CAS while uncontended, one {@code getAndAdd} on
 * the thread's own stripe once contended (see {@link StripedCells}); no lock, no lookup, no allocation. Whole
 * increments are kept in a long so counts stay exact; a non-integral amount's fraction goes to a separate double
 * cell (CAS), so {@code inc()} never loops on a double.
 *
 * <p>{@link #incWithExemplar} also keeps the latest sampled exemplar (one slot, rate limited).
 *
 * <p>Thread-safe: any thread may increment and read.
 */
public final class CounterHandle {
    private static final VarHandle LONGS = MethodHandles.arrayElementVarHandle(long[].class);
    /** 2^53: integral doubles below it convert to long exactly. */
    private static final double EXACT_LONG_LIMIT = 9007199254740992.0;

    private final String metricName;
    private final SeriesLabels labels;
    private final StripedCells counts = new StripedCells(1);
    /** Padded double bits of the fractional part, allocated on the first non-integral increment. */
    private volatile long[] fraction;
    private final ExemplarSlots exemplar;

    CounterHandle(String metricName, SeriesLabels labels, ExemplarSampler exemplarSampler) {
        this.metricName = metricName;
        this.labels = labels;
        this.exemplar = new ExemplarSlots(exemplarSampler, 1);
    }

    /** Adds 1. */
    public void inc() {
        counts.addLong(0, 1L);
    }

    /**
     * Adds a whole number of events.
     *
     * @throws IllegalArgumentException when {@code amount} is negative
     */
    public void inc(long amount) {
        if (amount < 0) {
            throw negative(Long.toString(amount));
        }
        counts.addLong(0, amount);
    }

    /**
     * Adds {@code amount}: whole amounts go to the exact long part, the rest to the fractional part.
     * {@code +Inf} is accepted (the specs forbid only NaN and negative totals; aioprometheus and client_java
     * accept it): the counter then reads {@code +Inf} for good, in every format.
     *
     * @throws IllegalArgumentException when {@code amount} is negative or NaN (the counter is unchanged)
     */
    public void inc(double amount) {
        if (!(amount >= 0)) {
            throw negative(Double.toString(amount));
        }
        if (amount < EXACT_LONG_LIMIT) {
            long whole = (long) amount;
            if (whole != 0) {
                counts.addLong(0, whole);
            }
            double rest = amount - whole;
            if (rest != 0) {
                addFraction(rest);
            }
        } else {
            addFraction(amount);
        }
    }

    /**
     * Adds {@code amount} and offers it as this series' exemplar, labelled {@code exemplarLabels} (e.g.
     * {@code Labels.of("trace_id", id)}): kept when the series has no exemplar yet or its exemplar is older than
     * the counter's exemplar interval. Reads the clock once; allocates only when the exemplar is kept.
     *
     * @throws IllegalArgumentException when {@code amount} is negative or NaN, or when
     *                                  {@code exemplarLabels} is null or its names and values have more than
     *                                  {@value Exemplar#MAX_LABEL_CODE_POINTS} code points (the counter is
     *                                  unchanged)
     */
    public void incWithExemplar(double amount, Labels exemplarLabels) {
        Exemplar.checkLabels(exemplarLabels);
        inc(amount);
        exemplar.offer(0, amount, exemplarLabels);
    }

    /** The latest exemplar of this series, or null. */
    public Exemplar exemplar() {
        return exemplar.get(0);
    }

    /**
     * A new cell of this series for the calling thread alone: its {@code inc()} uses no atomic instruction.
     * Call once per thread and keep it (each call adds a cell that the series keeps for good).
     */
    public SingleWriterCounter forThisThread() {
        return new SingleWriterCounter(counts.newOwnedBlock());
    }

    /**
     * The current total: the whole part, read as an unsigned 64-bit count (it may pass 2^63, as the exposition
     * shows it), plus the fractional part.
     */
    public double get() {
        return unsignedToDouble(counts.readLong(0)) + fractionValue();
    }

    /** {@code v} read as unsigned, rounded to the nearest double. */
    static double unsignedToDouble(long v) {
        if (v >= 0) {
            return v;
        }
        // halve keeping the lowest bit as a sticky bit (so the rounding stays correct), convert, double
        return ((v >>> 1) | (v & 1)) * 2.0;
    }

    /** This series' labels (const labels included). */
    public SeriesLabels seriesLabels() {
        return labels;
    }

    /** Touches what {@link #collect} reads first (the base count and the labels); see {@code Metric.warm}. */
    long warm() {
        return counts.peekBase() + labels.text().length;
    }

    void collect(MetricSink sink) {
        sink.counter(labels, counts.readLong(0), fractionValue(), exemplar.get(0));
    }

    private double fractionValue() {
        long[] f = fraction;
        return f == null ? 0.0 : Double.longBitsToDouble((long) LONGS.getOpaque(f, Stripes.PAD_LONGS));
    }

    private void addFraction(double amount) {
        long[] f = fraction;
        if (f == null) {
            f = allocateFraction();
        }
        long current;
        long next;
        do {
            current = (long) LONGS.getOpaque(f, Stripes.PAD_LONGS);
            next = Double.doubleToRawLongBits(Double.longBitsToDouble(current) + amount);
        } while (!LONGS.compareAndSet(f, Stripes.PAD_LONGS, current, next));
    }

    private synchronized long[] allocateFraction() {
        long[] f = fraction;
        if (f == null) {
            f = new long[2 * Stripes.PAD_LONGS];
            fraction = f;
        }
        return f;
    }

    /** {@code amount} as the caller wrote it: a long must not be shown rounded to a double. */
    private IllegalArgumentException negative(String amount) {
        return new IllegalArgumentException("counter \"" + metricName + "\"" + (labels.size() > 0 ? labels : "")
                + " cannot be increased by " + amount + ": increments must be ≥ 0 and not NaN (counters never decrease)");
    }
}
