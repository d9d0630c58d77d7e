package io.promptly.core;

/**
 * A classic-histogram block owned by ONE thread, from {@link HistogramHandle#forThisThread()}: {@link #observe}
 * is the branch-free bucket search, then plain loads, adds and opaque stores of one bucket count and the sum
 * between two stores of the block's sequence word (no atomic instruction) — the write a shared handle makes into
 * the block its thread owns, without the stripe lookup. Its counts belong to the series it came from and stay
 * there after the owning thread ends; scrapes read them in the series' one cut (see {@link PhasedCells}).
 *
 * <p>Thread-safety: only the thread that obtained it may call {@link #observe} (two writers would lose
 * observations); scrapes may read concurrently. Allocates nothing.
 */
public final class SingleWriterHistogram {
    private final Buckets buckets;
    private final long[] block;
    private final int sumSlot;
    private final HistogramHandle owner;

    SingleWriterHistogram(HistogramHandle owner, Buckets buckets, long[] block, int sumSlot) {
        this.owner = owner;
        this.buckets = buckets;
        this.block = block;
        this.sumSlot = sumSlot;
    }

    /** Records {@code value} (NaN counts in the +Inf bucket and makes the sum NaN). Owner thread only. */
    public void observe(double value) {
        int slot = buckets.indexOf(value);
        long[] b = block;
        int g = PhasedCells.generation(b);
        long odd = PhasedCells.begin(b, g);
        PhasedCells.addOwned(b, g + 1 + slot, 1L);
        PhasedCells.addOwnedDouble(b, g + 1 + sumSlot, value);
        PhasedCells.end(b, g, odd);
        if (!(value >= 0)) {
            owner.sumStopsBeingACounter();
        }
    }
}
