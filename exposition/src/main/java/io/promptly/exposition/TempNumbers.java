package io.promptly.exposition;

import java.nio.charset.StandardCharsets;

/**
 * Stand-in for {@code AsciiNumbers} (being written on the {@code numbers} branch) with the same static
 * signatures, so this branch compiles until that class is merged. Every method returns the offset just past
 * what it wrote. Simple, not garbage-free for non-integral doubles. Delete when AsciiNumbers lands.
 */
final class TempNumbers {
    static final int MAX_LONG_CHARS = 20;
    static final int MAX_DOUBLE_CHARS = 32;

    private static final double TWO_POW_63 = 0x1p63;

    private TempNumbers() {
    }

    static int writeLong(byte[] dst, int off, long v) {
        if (v < 0) {
            dst[off++] = '-';
            if (v == Long.MIN_VALUE) {
                return ascii(dst, off, "9223372036854775808");
            }
            v = -v;
        }
        return writeUnsignedLong(dst, off, v);
    }

    static int writeUnsignedLong(byte[] dst, int off, long v) {
        int digits = 1;
        for (long rest = Long.divideUnsigned(v, 10); rest != 0; rest = Long.divideUnsigned(rest, 10)) {
            digits++;
        }
        int end = off + digits;
        for (int i = end - 1; i >= off; i--) {
            dst[i] = (byte) ('0' + Long.remainderUnsigned(v, 10));
            v = Long.divideUnsigned(v, 10);
        }
        return end;
    }

    static int writeDouble(byte[] dst, int off, double v) {
        if (Double.isNaN(v)) {
            return ascii(dst, off, "NaN");
        }
        if (Double.isInfinite(v)) {
            return ascii(dst, off, v > 0 ? "+Inf" : "-Inf");
        }
        if (v == Math.rint(v) && Math.abs(v) < TWO_POW_63) {
            return writeLong(dst, off, (long) v);
        }
        return ascii(dst, off, Double.toString(v));
    }

    static int writeVarint(byte[] dst, int off, long v) {
        while ((v & ~0x7FL) != 0) {
            dst[off++] = (byte) ((v & 0x7F) | 0x80);
            v >>>= 7;
        }
        dst[off++] = (byte) v;
        return off;
    }

    static int varintSize(long v) {
        int size = 1;
        while ((v & ~0x7FL) != 0) {
            size++;
            v >>>= 7;
        }
        return size;
    }

    static int writeFixed64Double(byte[] dst, int off, double v) {
        long bits = Double.doubleToRawLongBits(v);
        for (int i = 0; i < 8; i++) {
            dst[off + i] = (byte) (bits >>> (8 * i));
        }
        return off + 8;
    }

    private static int ascii(byte[] dst, int off, String s) {
        byte[] b = s.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(b, 0, dst, off, b.length);
        return off + b.length;
    }
}
