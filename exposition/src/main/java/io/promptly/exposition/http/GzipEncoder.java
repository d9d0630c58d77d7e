package io.promptly.exposition.http;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * Compresses a body into a gzip member (RFC 1952) with one reused {@link Deflater}, either whole into a reused
 * array ({@link #encode}: the {@code Content-Length} is known before the headers are sent) or streamed to an
 * {@link OutputStream} ({@link #begin}, {@link #write}, {@link #finish}: memory bounded by the output scratch,
 * whatever the body's size). Unlike {@code GZIPOutputStream}, which makes a new {@link Deflater} each time, a
 * gzipped scrape allocates nothing in steady state.
 *
 * <p>Not thread-safe: one per scrape in flight. Holds native zlib memory until {@link #end()}. Cost: one deflate
 * pass at {@link Deflater#BEST_SPEED} plus a CRC32 pass over the input, O(input).
 */
final class GzipEncoder {
    private static final int HEADER_BYTES = 10;
    private static final int TRAILER_BYTES = 8;
    /** ID1 ID2, CM = deflate, FLG = 0, MTIME = 0, XFL = 0, OS = unknown (255). */
    private static final byte[] HEADER = {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 0, (byte) 0xff};

    /** Compressed bytes written per piece while streaming. */
    private static final int STREAM_PIECE = 16 * 1024;

    private final Deflater deflater = new Deflater(Deflater.BEST_SPEED, true);
    private final CRC32 crc = new CRC32();
    private final byte[] piece = new byte[STREAM_PIECE];
    private byte[] out;
    private int length;
    private OutputStream sink;
    private long streamedInput;

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

    /**
     * Starts a streamed member into {@code target}: writes the gzip header.
     *
     * @throws IOException when {@code target} fails
     */
    void begin(OutputStream target) throws IOException {
        crc.reset();
        deflater.reset();
        streamedInput = 0;
        sink = target;
        sink.write(HEADER, 0, HEADER_BYTES);
    }

    /**
     * Compresses {@code src[offset, offset + len)} into the streamed member, writing compressed pieces as they
     * fill.
     *
     * @throws IOException when the target fails
     */
    void write(byte[] src, int offset, int len) throws IOException {
        crc.update(src, offset, len);
        streamedInput += len;
        deflater.setInput(src, offset, len);
        while (!deflater.needsInput()) {
            int n = deflater.deflate(piece, 0, piece.length, Deflater.NO_FLUSH);
            if (n > 0) {
                sink.write(piece, 0, n);
            }
        }
    }

    /**
     * Ends the streamed member: the rest of the compressed data and the trailer (CRC32, input size).
     *
     * @throws IOException when the target fails
     */
    void finish() throws IOException {
        deflater.finish();
        while (!deflater.finished()) {
            int n = deflater.deflate(piece, 0, piece.length);
            if (n > 0) {
                sink.write(piece, 0, n);
            }
        }
        int v = (int) crc.getValue();
        int size = (int) streamedInput; // ISIZE: input size modulo 2^32
        byte[] trailer = piece;
        trailer[0] = (byte) v;
        trailer[1] = (byte) (v >>> 8);
        trailer[2] = (byte) (v >>> 16);
        trailer[3] = (byte) (v >>> 24);
        trailer[4] = (byte) size;
        trailer[5] = (byte) (size >>> 8);
        trailer[6] = (byte) (size >>> 16);
        trailer[7] = (byte) (size >>> 24);
        sink.write(trailer, 0, TRAILER_BYTES);
        sink = null;
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
