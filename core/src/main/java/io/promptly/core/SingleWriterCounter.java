package io.promptly.core;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A counter cell owned by ONE thread, from {@link CounterHandle#forThisThread()}: {@link #inc()} is a plain load,
 * an add and an opaque store (no atomic instruction, about a nanosecond), read by scrapes with an opaque load.
 * Its counts belong to the series it came from and stay there after the owning thread ends.
 *
 * <p>Thread-safety: only the thread that obtained it may call the update methods (two writers would lose
 * increments); any thread may read. Allocates nothing.
 */
public final class SingleWriterCounter {
    private static final VarHandle LONGS = MethodHandles.arrayElementVarHandle(long[].class);
    private static final int COUNT = Stripes.PAD_LONGS;

    private final long[] block;

    SingleWriterCounter(long[] block) {
        this.block = block;
    }

    /** Adds 1. Owner thread only. */
    public void inc() {
        // single writer: the plain read sees our own last store; opaque makes the store visible to scrapes
        LONGS.setOpaque(block, COUNT, block[COUNT] + 1L);
    }

    /**
     * Adds {@code amount}. Owner thread only.
     *
     * @throws IllegalArgumentException when {@code amount} is negative
     */
    public void inc(long amount) {
        if (amount < 0) {
            throw new IllegalArgumentException("counter cannot be increased by " + amount
                    + ": increments must be ≥ 0 (counters never decrease)");
        }
        LONGS.setOpaque(block, COUNT, block[COUNT] + amount);
    }

    /** This cell's own count (not the series total). */
    public long get() {
        return (long) LONGS.getOpaque(block, COUNT);
    }
}
