package io.promptly.core;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A classic-histogram block owned by ONE thread, from {@link HistogramHandle#forThisThread()}: {@link #observe}
 * is the branch-free bucket search, then plain loads, adds and opaque stores of one bucket count and the sum (no
 * atomic instruction), read by scrapes with opaque loads. Its counts belong to the series it came from and stay
 * there after the owning thread ends.
 *
 * <p>Thread-safety: only the thread that obtained it may call {@link #observe} (two writers would lose
 * observations); scrapes may read concurrently. Allocates nothing. A scrape may see a bucket count before the
 * sum that goes with it: {@code _count} always equals the {@code +Inf} bucket, {@code _sum} may trail by the
 * observation in flight.
 */
public final class SingleWriterHistogram {
    private static final VarHandle LONGS = MethodHandles.arrayElementVarHandle(long[].class);

    private final Buckets buckets;
    private final long[] block;
    private final int sumIndex;
    private final HistogramHandle owner;

    SingleWriterHistogram(HistogramHandle owner, Buckets buckets, long[] block, int sumSlot) {
        this.owner = owner;
        this.buckets = buckets;
        this.block = block;
        this.sumIndex = Stripes.PAD_LONGS + sumSlot;
    }

    /** Records {@code value} (NaN counts in the +Inf bucket and makes the sum NaN). Owner thread only. */
    public void observe(double value) {
        int bucket = Stripes.PAD_LONGS + buckets.indexOf(value);
        // single writer: plain reads see our own last stores; opaque stores make them visible to scrapes
        LONGS.setOpaque(block, bucket, block[bucket] + 1L);
        double sum = Double.longBitsToDouble(block[sumIndex]) + value;
        LONGS.setOpaque(block, sumIndex, Double.doubleToRawLongBits(sum));
        if (!(value >= 0)) {
            owner.sumStopsBeingACounter();
        }
    }
}
