package io.promptly.exposition.http;

import java.util.Arrays;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * Compresses a body into a gzip member (RFC 1952) held in a reused array, so that a gzipped scrape allocates
 * nothing in steady state and its {@code Content-Length} is known before the headers are sent (unlike
 * {@code GZIPOutputStream}, which makes a new {@link Deflater} each time and streams chunked).
 *
 * <p>Not thread-safe: one per serving thread. Holds native zlib memory until {@link #end()}. Cost: one deflate
 * pass at {@link Deflater#BEST_SPEED} plus a CRC32 pass over the input, O(input).
 */
final class GzipEncoder {
    private static final int HEADER_BYTES = 10;
    private static final int TRAILER_BYTES = 8;
    /** ID1 ID2, CM = deflate, FLG = 0, MTIME = 0, XFL = 0, OS = unknown (255). */
    private static final byte[] HEADER = {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 0, (byte) 0xff};

    private final Deflater deflater = new Deflater(Deflater.BEST_SPEED, true);
    private final CRC32 crc = new CRC32();
    private byte[] out;
    private int length;

    GzipEncoder(int initialCapacity) {
        this.out = new byte[Math.max(initialCapacity, 64)];
    }

    /** Compresses {@code src[offset, offset + len)}; the result is {@link #array()}{@code [0, }{@link #length()}). */
    void encode(byte[] src, int offset, int len) {
        crc.reset();
        crc.update(src, offset, len);
        deflater.reset();
        deflater.setInput(src, offset, len);
        deflater.finish();
        System.arraycopy(HEADER, 0, out, 0, HEADER_BYTES);
        int pos = HEADER_BYTES;
        while (!deflater.finished()) {
            if (pos == out.length) {
                out = Arrays.copyOf(out, out.length * 2);
            }
            pos += deflater.deflate(out, pos, out.length - pos);
        }
        if (out.length - pos < TRAILER_BYTES) {
            out = Arrays.copyOf(out, pos + TRAILER_BYTES);
        }
        pos = putIntLittleEndian(pos, (int) crc.getValue());
        pos = putIntLittleEndian(pos, len); // ISIZE: input size modulo 2^32
        length = pos;
    }

    /** The array holding the last result; valid until the next {@link #encode}. */
    byte[] array() {
        return out;
    }

    /** Length of the last result. */
    int length() {
        return length;
    }

    /** Frees the native zlib memory; the encoder must not be used afterwards. */
    void end() {
        deflater.end();
    }

    private int putIntLittleEndian(int pos, int v) {
        out[pos] = (byte) v;
        out[pos + 1] = (byte) (v >>> 8);
        out[pos + 2] = (byte) (v >>> 16);
        out[pos + 3] = (byte) (v >>> 24);
        return pos + 4;
    }
}
