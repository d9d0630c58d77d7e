package io.promptly.core;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * One counter series. {@link #inc()} is the record hot path: one CAS on a field of the handle while uncontended,
 * one {@code getAndAdd} on the thread's own padded stripe once two threads have collided on it; no lock, no
 * lookup, no allocation (but the one-time inflation). Whole increments are kept in a long so counts stay exact;
 * a non-integral amount's fraction goes to a separate double cell (CAS), so {@code inc()} never loops on a
 * double.
 *
 * <p>{@link #incWithExemplar} also keeps the latest sampled exemplar (one slot, rate limited); so do the plain
 * {@code inc} methods when the counter has an {@link ExemplarSource}.
 *
 * <p>Cost: an uncontended series is one 48-byte object besides its labels (the base cell is not padded, so
 * threads that each hammer a different series may share a cache line: give such a thread its own cell with
 * {@link #forThisThread()}); inflation adds about {@code 136 × stripes} bytes once.
 *
 * <p>Thread-safe: any thread may increment and read.
 */
public final class CounterHandle {
    private static final VarHandle LONGS = MethodHandles.arrayElementVarHandle(long[].class);
    private static final VarHandle BASE;
    private static final VarHandle INFLATED;
    private static final VarHandle EXEMPLAR;
    /** 2^53: integral doubles below it convert to long exactly. */
    private static final double EXACT_LONG_LIMIT = 9007199254740992.0;
    /** Distance between two stripes' cells in {@link #inflated}: one cell and its padding. */
    private static final int STRIDE = 1 + Stripes.PAD_LONGS;
    private static final long[][] NO_BLOCKS = new long[0][];

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            BASE = lookup.findVarHandle(CounterHandle.class, "base", long.class);
            INFLATED = lookup.findVarHandle(CounterHandle.class, "inflated", long[].class);
            EXEMPLAR = lookup.findVarHandle(CounterHandle.class, "exemplar", Exemplar.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final String metricName;
    private final SeriesLabels labels;
    private final ExemplarSampler exemplarSampler;
    /**
     * The whole part while uncontended: a field of the handle, unpadded (an uncontended series costs no
     * padding; a neighbouring object may share its cache line). Always part of the total.
     */
    private volatile long base;
    /** Null until two threads collide on {@link #base}; then {@link Stripes#COUNT} padded cells (CAS, once). */
    private volatile long[] inflated;
    /** Padded cells owned by single writer threads ({@link #forThisThread}); copy-on-write, never shrinks. */
    private volatile long[][] owned = NO_BLOCKS;
    /** Padded double bits of the fractional part, allocated on the first non-integral increment. */
    private volatile long[] fraction;
    /** The latest sampled exemplar, or null; replaced whole (release store), read with acquire loads. */
    @SuppressWarnings("unused") // accessed through EXEMPLAR
    private volatile Exemplar exemplar;
    /** When the series was created, in ms since the epoch (its start time). */
    private final long createdMillis = System.currentTimeMillis();

    CounterHandle(String metricName, SeriesLabels labels, ExemplarSampler exemplarSampler) {
        this.metricName = metricName;
        this.labels = labels;
        this.exemplarSampler = exemplarSampler;
    }

    /** Adds 1 (and offers an exemplar when the counter has an {@link ExemplarSource} with one to give). */
    public void inc() {
        add(1L);
        ExemplarSource source = exemplarSampler.source;
        if (source != null) {
            sample(source, 1.0);
        }
    }

    /** Adds {@code delta}: a CAS on the base cell, or a getAndAdd on this thread's stripe once contended. */
    private void add(long delta) {
        long[] striped = inflated;
        if (striped == null) {
            long current = (long) BASE.getOpaque(this);
            if (BASE.compareAndSet(this, current, current + delta)) {
                return;
            }
            striped = inflate();
        }
        LONGS.getAndAdd(striped, Stripes.PAD_LONGS + Stripes.current() * STRIDE, delta);
    }

    private long[] inflate() {
        long[] fresh = new long[Stripes.PAD_LONGS + Stripes.COUNT * STRIDE];
        // publish once; a loser of the race uses the winner's cells
        if (INFLATED.compareAndSet(this, (long[]) null, fresh)) {
            return fresh;
        }
        return inflated;
    }

    /** The sum of the whole part over the base cell, the stripes and the owned cells (opaque loads). */
    private long readWhole() {
        long total = (long) BASE.getOpaque(this);
        long[] striped = inflated;
        if (striped != null) {
            for (int s = 0; s < Stripes.COUNT; s++) {
                total += (long) LONGS.getOpaque(striped, Stripes.PAD_LONGS + s * STRIDE);
            }
        }
        long[][] blocks = owned;
        for (int b = 0; b < blocks.length; b++) {
            total += (long) LONGS.getOpaque(blocks[b], Stripes.PAD_LONGS);
        }
        return total;
    }

    /** Whether contention has inflated this series (for tests). */
    boolean isInflated() {
        return inflated != null;
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
        add(amount);
        ExemplarSource source = exemplarSampler.source;
        if (source != null) {
            sample(source, (double) amount);
        }
    }

    /**
     * Adds {@code amount}: whole amounts go to the exact long part, the rest to the fractional part.
     * {@code +Inf} is accepted (the specs forbid only NaN and negative totals; aioprometheus and client_java
     * accept it): the counter then reads {@code +Inf} for good, in every format.
     *
     * @throws IllegalArgumentException when {@code amount} is negative or NaN (the counter is unchanged)
     */
    public void inc(double amount) {
        addAmount(amount);
        ExemplarSource source = exemplarSampler.source;
        if (source != null) {
            sample(source, amount);
        }
    }

    /**
     * Offers an exemplar from the counter's source: asks {@link ExemplarSource#available()}, then the rate limit,
     * and only then for the labels. Allocates only when the exemplar is kept.
     */
    private void sample(ExemplarSource source, double amount) {
        if (!source.available()) {
            return;
        }
        long now = exemplarSampler.clock.currentTimeMillis();
        if (exemplarSampler.replaces((Exemplar) EXEMPLAR.getAcquire(this), now)) {
            Labels exemplarLabels = source.labels();
            if (Exemplar.fits(exemplarLabels)) {
                EXEMPLAR.setRelease(this, new Exemplar(amount, exemplarLabels, now));
            }
        }
    }

    /** {@link #inc(double)} without the exemplar source. */
    private void addAmount(double amount) {
        if (!(amount >= 0)) {
            throw negative(Double.toString(amount));
        }
        if (amount < EXACT_LONG_LIMIT) {
            long whole = (long) amount;
            if (whole != 0) {
                add(whole);
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
        addAmount(amount);
        long now = exemplarSampler.clock.currentTimeMillis();
        if (exemplarSampler.replaces((Exemplar) EXEMPLAR.getAcquire(this), now)) {
            EXEMPLAR.setRelease(this, new Exemplar(amount, exemplarLabels, now));
        }
    }

    /** The latest exemplar of this series, or null. */
    public Exemplar exemplar() {
        return (Exemplar) EXEMPLAR.getAcquire(this);
    }

    /**
     * A new cell of this series for the calling thread alone: its {@code inc()} uses no atomic instruction.
     * Call once per thread and keep it (each call adds a cell that the series keeps for good).
     */
    public SingleWriterCounter forThisThread() {
        return new SingleWriterCounter(newOwnedBlock());
    }

    /**
     * A new padded cell for one writer thread, summed into every read from now on (and kept after that thread
     * ends, so nothing it recorded is lost); the count sits at {@link Stripes#PAD_LONGS}. Takes this series' lock.
     */
    private synchronized long[] newOwnedBlock() {
        long[] block = new long[2 * Stripes.PAD_LONGS + 1];
        long[][] blocks = owned;
        long[][] next = java.util.Arrays.copyOf(blocks, blocks.length + 1);
        next[blocks.length] = block;
        owned = next;
        return block;
    }

    /**
     * The current total: the whole part, read as an unsigned 64-bit count (it may pass 2^63, as the exposition
     * shows it), plus the fractional part.
     */
    public double get() {
        return unsignedToDouble(readWhole()) + fractionValue();
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
        return base + labels.encoded().length;
    }

    void collect(MetricSink sink) {
        sink.created(createdMillis);
        sink.counter(labels, readWhole(), fractionValue(), (Exemplar) EXEMPLAR.getAcquire(this));
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
