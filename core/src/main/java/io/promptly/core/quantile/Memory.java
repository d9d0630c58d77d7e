package io.promptly.core.quantile;

/**
 * Heap-size arithmetic for the documented memory figures: HotSpot, 64-bit, compressed oops and class pointers
 * (heaps below 32 GB), 8-byte object alignment. Stateless.
 */
final class Memory {
    /** Array header: mark word, class pointer, length. */
    static final long ARRAY_HEADER = 16;
    /** A small object (header plus a few fields), rounded up. */
    static final long OBJECT = 32;
    private static final long ALIGNMENT = 8;

    private Memory() {
    }

    /** Returns the bytes of an array of {@code length} elements of {@code elementBytes} each. */
    static long array(int elementBytes, int length) {
        return align(ARRAY_HEADER + (long) elementBytes * length);
    }

    static long align(long bytes) {
        return (bytes + ALIGNMENT - 1) & -ALIGNMENT;
    }
}
