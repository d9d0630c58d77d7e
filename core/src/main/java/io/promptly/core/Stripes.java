package io.promptly.core;

/**
 * Picks a thread's stripe: the thread's id mixed by a multiply (cheaper than a {@code ThreadLocal} probe and
 * than identity hash codes, see PERFORMANCE-TARGETS.md), masked to a power-of-two stripe count.
 *
 * <p>Stateless; safe from any thread; allocates nothing.
 */
final class Stripes {
    /** Longs in one cache-line-sized gap: cells this far apart never share a 128-byte line pair. */
    static final int PAD_LONGS = 16;

    /** Stripes a contended cell group inflates to: the next power of two ≥ available processors, at most 64. */
    static final int COUNT = stripeCount(Runtime.getRuntime().availableProcessors());

    static final int MASK = COUNT - 1;

    private static final long GOLDEN = 0x9E3779B97F4A7C15L;

    private Stripes() {
    }

    /** The calling thread's stripe in [0, {@link #COUNT}). */
    @SuppressWarnings("deprecation") // Thread.getId: threadId() needs JDK 19; the id is the same
    static int current() {
        long id = Thread.currentThread().getId();
        return (int) ((id * GOLDEN) >>> 40) & MASK;
    }

    static int stripeCount(int processors) {
        int n = Integer.highestOneBit(Math.max(1, Math.min(processors, 64)) * 2 - 1);
        return Math.max(2, n);
    }
}
