package io.promptly.exposition;

/**
 * Unsigned 64-bit counts as doubles (a counter's whole part may pass 2^63).
 *
 * <p>Stateless; safe from any thread; allocates nothing.
 */
final class Unsigned {
    private Unsigned() {
    }

    /** {@code v} read as unsigned, rounded to the nearest double. */
    static double toDouble(long v) {
        if (v >= 0) {
            return v;
        }
        // halve (keeping the lowest bit as a sticky bit so rounding stays correct), convert, double
        return ((v >>> 1) | (v & 1)) * 2.0;
    }
}
