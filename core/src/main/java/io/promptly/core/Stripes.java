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

    /** Stripes a contended cell group inflates to: see {@link #stripeCount}. */
    static final int COUNT = stripeCount(Runtime.getRuntime().availableProcessors());

    static final int MASK = COUNT - 1;

    private static final long GOLDEN = 0x9E3779B97F4A7C15L;

    private Stripes() {
    }

    /** The calling thread's stripe in [0, {@link #COUNT}). */
    static int current() {
        return of(threadId());
    }

    /** The calling thread's id (never 0). */
    @SuppressWarnings("deprecation") // Thread.getId: threadId() needs JDK 19; the id is the same
    static long threadId() {
        return Thread.currentThread().getId();
    }

    /** The stripe of the thread whose id is {@code id}. */
    static int of(long id) {
        return (int) ((id * GOLDEN) >>> 40) & MASK;
    }

    /**
     * Four stripes per processor (rounded up to a power of two), at least {@value #MIN_STRIPES}, at most
     * {@value #MAX_STRIPES}. A thread's stripe is fixed by its id, so threads cannot move away from a collision
     * as LongAdder's do: with one stripe per processor, 8 threads on 2 cores put the two running threads on one
     * cache line about half the time (measured 1.9× LongAdder at 8 threads); four per processor makes that rare.
     * Only contended series inflate, so the memory (stripes × 128 B) is paid by hot series alone.
     */
    static int stripeCount(int processors) {
        int perProcessor = Integer.highestOneBit(Math.max(1, Math.min(processors, MAX_STRIPES)) * 2 - 1) * 4;
        return Math.max(MIN_STRIPES, Math.min(MAX_STRIPES, perProcessor));
    }

    private static final int MIN_STRIPES = 8;
    private static final int MAX_STRIPES = 64;
}
