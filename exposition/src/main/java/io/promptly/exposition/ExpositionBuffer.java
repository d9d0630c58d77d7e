package io.promptly.exposition;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;

/**
 * A growable byte buffer with a write cursor, the one place every exposition writer puts its bytes: raw bytes,
 * ASCII, decimal longs and doubles, protobuf varints, tags and fixed64 doubles.
 *
 * <p>Two modes. Detached (the default), the buffer grows (doubling) to hold the whole body; read it with
 * {@link #array()} and {@link #position()}. {@linkplain #attach Attached} to an {@link OutputStream}, it grows
 * up to a hold limit (its initial capacity, 64 KiB by default, unless {@link #attach(OutputStream, int)} says
 * otherwise) and then writes its content to the stream each time it fills, so its size stays bounded however
 * large the scrape — except while a protobuf message is open for back-patching (see {@link #pin}), when it
 * grows instead (the protobuf writer bounds that too: see {@code ProtobufWriter}). {@link #reset()} rewinds for reuse and keeps the array: in steady state nothing is
 * allocated.
 *
 * <p>Not thread-safe: one buffer per scraping thread. Each put is O(length) and allocates nothing unless the
 * buffer grows. A failed write to the attached stream surfaces as {@link UncheckedIOException} from a put
 * (writers run inside {@code MetricSink} callbacks, which cannot throw {@link IOException}).
 */
public final class ExpositionBuffer {
    /** Default capacity, and the chunk size written to an attached stream. */
    public static final int DEFAULT_CAPACITY = 64 * 1024;

    /** Protobuf wire type of varint fields. */
    static final int WIRE_VARINT = 0;
    /** Protobuf wire type of fixed 64-bit fields (doubles). */
    static final int WIRE_FIXED64 = 1;
    /** Protobuf wire type of length-delimited fields (strings, messages). */
    static final int WIRE_LENGTH_DELIMITED = 2;

    private static final int MAX_ARRAY_SIZE = Integer.MAX_VALUE - 16;

    private final int chunkBytes;
    private int holdLimit;
    private byte[] bytes;
    /** See {@link #scratchDoubles}. */
    private double[] doubles = new double[0];
    private int position;
    private OutputStream out;
    private boolean pinned;
    private long flushedBytes;

    /** Creates a buffer of {@link #DEFAULT_CAPACITY} bytes. */
    public ExpositionBuffer() {
        this(DEFAULT_CAPACITY);
    }

    /**
     * Creates a buffer of {@code initialCapacity} bytes.
     *
     * @throws IllegalArgumentException when {@code initialCapacity} is below 64
     */
    public ExpositionBuffer(int initialCapacity) {
        if (initialCapacity < 64) {
            throw new IllegalArgumentException("initial capacity " + initialCapacity + " is below 64 bytes");
        }
        this.bytes = new byte[initialCapacity];
        this.chunkBytes = initialCapacity;
        this.holdLimit = initialCapacity;
    }

    /**
     * Streams into {@code stream} from now on: whenever the buffer fills, its content is written there.
     * Call {@link #flush()} at the end to write the rest.
     *
     * @throws IllegalArgumentException when {@code stream} is null
     */
    public void attach(OutputStream stream) {
        attach(stream, chunkBytes);
    }

    /**
     * Streams into {@code stream} from now on, holding up to {@code holdBytes} before the first write: a body
     * that ends below that is never written to the stream until {@link #flush()} (so a caller can still send
     * it with a {@code Content-Length}); past it, the content goes out whenever the buffer fills.
     *
     * @throws IllegalArgumentException when {@code stream} is null or {@code holdBytes} is below 64
     */
    public void attach(OutputStream stream, int holdBytes) {
        if (stream == null) {
            throw new IllegalArgumentException("output stream must not be null");
        }
        if (holdBytes < 64) {
            throw new IllegalArgumentException("hold limit " + holdBytes + " is below 64 bytes");
        }
        this.out = stream;
        this.holdLimit = holdBytes;
    }

    /** Whether the buffer writes to a stream (see {@link #attach}). */
    public boolean attached() {
        return out != null;
    }

    /** The most bytes held before writing to the attached stream (see {@link #attach(OutputStream, int)}). */
    public int holdLimit() {
        return holdLimit;
    }

    /** Stops streaming; what is buffered stays in the buffer. */
    public void detach() {
        this.out = null;
    }

    /** Rewinds to empty for reuse, keeping the array (and the attached stream, if any). */
    public void reset() {
        position = 0;
        flushedBytes = 0;
        pinned = false;
    }

    /** Number of bytes currently held (written since the last reset or flush). */
    public int position() {
        return position;
    }

    /** The backing array; bytes {@code [0, position())} are the content. Valid until the next put or reset. */
    public byte[] array() {
        return bytes;
    }

    /** Bytes written since the last {@link #reset()}: those already flushed plus those held. */
    public long totalBytes() {
        return flushedBytes + position;
    }

    /** A copy of the held bytes. Allocates. */
    public byte[] toByteArray() {
        return Arrays.copyOf(bytes, position);
    }

    /**
     * Writes the held bytes to {@code stream} (not clearing them).
     *
     * @throws IOException when the stream fails
     * @throws IllegalArgumentException when {@code stream} is null
     */
    public void writeTo(OutputStream stream) throws IOException {
        if (stream == null) {
            throw new IllegalArgumentException("output stream must not be null");
        }
        stream.write(bytes, 0, position);
    }

    /**
     * Writes the held bytes to the attached stream and empties the buffer; does nothing when detached.
     *
     * @throws IOException when the stream fails
     * @throws IllegalStateException when a protobuf message is still open (pinned)
     */
    public void flush() throws IOException {
        if (out == null || position == 0) {
            return;
        }
        if (pinned) {
            throw new IllegalStateException("cannot flush while a length-prefixed message is open");
        }
        out.write(bytes, 0, position);
        flushedBytes += position;
        position = 0;
    }

    /**
     * Makes room for {@code length} more bytes: flushes when attached (and not pinned), else grows.
     *
     * @throws UncheckedIOException when the attached stream fails
     */
    public void ensureRemaining(int length) {
        if (position + length > bytes.length) {
            makeRoom(length);
        }
    }

    private void makeRoom(int length) {
        if (out != null && !pinned && (long) position + length > holdLimit) {
            try {
                flush();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            if (length <= bytes.length) {
                return;
            }
        }
        long needed = (long) position + length;
        if (needed > MAX_ARRAY_SIZE) {
            throw new IllegalStateException("exposition body of " + needed + " bytes exceeds the maximum array size");
        }
        long grown = Math.max(needed, 2L * bytes.length);
        if (out != null && !pinned) {
            grown = Math.max(needed, Math.min(grown, holdLimit)); // attached: never past the hold limit
        }
        int capacity = (int) Math.min(MAX_ARRAY_SIZE, grown);
        bytes = Arrays.copyOf(bytes, capacity);
    }

    /** Appends one byte. */
    public void putByte(byte b) {
        ensureRemaining(1);
        bytes[position++] = b;
    }

    /** Appends all of {@code src}. */
    public void putBytes(byte[] src) {
        putBytes(src, 0, src.length);
    }

    /**
     * Appends {@code src[offset, offset + length)}.
     *
     * @throws IndexOutOfBoundsException when the range is not within {@code src}
     */
    public void putBytes(byte[] src, int offset, int length) {
        ensureRemaining(length);
        System.arraycopy(src, offset, bytes, position, length);
        position += length;
    }

    /**
     * Appends {@code s}, one byte per char; for ASCII text only (constants, names).
     *
     * @throws IllegalArgumentException when {@code s} holds a char above 0x7F
     */
    public void putAscii(String s) {
        int length = s.length();
        ensureRemaining(length);
        for (int i = 0; i < length; i++) {
            char c = s.charAt(i);
            if (c > 0x7F) {
                throw new IllegalArgumentException("\"" + s + "\" is not ASCII at index " + i);
            }
            bytes[position++] = (byte) c;
        }
    }

    /** Appends {@code v} in decimal. */
    public void putLong(long v) {
        ensureRemaining(AsciiNumbers.MAX_LONG_CHARS);
        position = AsciiNumbers.writeLong(bytes, position, v);
    }

    /** Appends {@code v}, read as an unsigned 64-bit integer, in decimal. */
    public void putUnsignedLong(long v) {
        ensureRemaining(AsciiNumbers.MAX_UNSIGNED_LONG_CHARS);
        position = AsciiNumbers.writeUnsignedLong(bytes, position, v);
    }

    /**
     * Appends {@code v} as Prometheus writes numbers: {@code NaN}, {@code +Inf}, {@code -Inf}, integral values
     * as integers, others as the shortest decimal that parses back to the same double.
     */
    public void putDouble(double v) {
        ensureRemaining(AsciiNumbers.MAX_DOUBLE_CHARS);
        position = AsciiNumbers.writeDouble(bytes, position, v);
    }

    /** Appends {@code v} as a protobuf base-128 varint (unsigned). */
    public void putVarint(long v) {
        ensureRemaining(AsciiNumbers.MAX_VARINT_BYTES);
        position = AsciiNumbers.writeVarint(bytes, position, v);
    }

    /** Appends a protobuf field tag: {@code (field << 3) | wireType} as a varint. */
    public void putTag(int field, int wireType) {
        putVarint(((long) field << 3) | wireType);
    }

    /** Appends {@code v} as a protobuf fixed64 double (little-endian IEEE 754 bits). */
    public void putFixed64Double(double v) {
        ensureRemaining(AsciiNumbers.FIXED64_BYTES);
        position = AsciiNumbers.writeFixed64Double(bytes, position, v);
    }

    // Reserved writes: the caller has made room with one ensureRemaining(total) for a whole sample line or
    // message, so each put below skips its own capacity check (the JVM's array bounds checks still apply: a
    // caller that reserved too little gets ArrayIndexOutOfBoundsException, never a corrupt buffer). One check
    // per line instead of one per put is what ScrapeBenchmark measured worthwhile.

    /**
     * A scratch array of at least {@code length} doubles owned by this buffer (for a summary's quantiles while a
     * writer collects it); grown when too short, so allocation-free once warm. Valid until the next call.
     */
    double[] scratchDoubles(int length) {
        double[] scratch = doubles;
        if (scratch.length < length) {
            scratch = new double[length];
            doubles = scratch;
        }
        return scratch;
    }

    /** Appends one byte into room reserved by {@link #ensureRemaining}. */
    void putByteReserved(byte b) {
        bytes[position++] = b;
    }

    /** Appends {@code src[0, length)} into room reserved by {@link #ensureRemaining}. */
    void putBytesReserved(byte[] src, int length) {
        System.arraycopy(src, 0, bytes, position, length);
        position += length;
    }

    /** Appends {@code src[offset, offset + length)} into room reserved by {@link #ensureRemaining}. */
    void putBytesReserved(byte[] src, int offset, int length) {
        System.arraycopy(src, offset, bytes, position, length);
        position += length;
    }

    /** Appends {@code v} (unsigned) in decimal into room reserved by {@link #ensureRemaining}. */
    void putUnsignedLongReserved(long v) {
        position = AsciiNumbers.writeUnsignedLongPadded(bytes, position, v);
    }

    /** Appends {@code v} as {@link #putDouble} does, into room reserved by {@link #ensureRemaining}. */
    void putDoubleReserved(double v) {
        position = AsciiNumbers.writeDouble(bytes, position, v);
    }

    /** Appends a protobuf varint into room reserved by {@link #ensureRemaining}. */
    void putVarintReserved(long v) {
        position = AsciiNumbers.writeVarint(bytes, position, v);
    }

    /** Appends a fixed64 double into room reserved by {@link #ensureRemaining}. */
    void putFixed64DoubleReserved(double v) {
        position = AsciiNumbers.writeFixed64Double(bytes, position, v);
    }

    /**
     * A point where flushing is safe and worthwhile: when attached, not pinned and holding at least three
     * quarters of the hold limit, writes the held bytes out. Writers that pin (protobuf) call it between
     * messages, since the buffer cannot flush while they write; a body below that threshold is thus never
     * written before {@link #flush()}.
     *
     * @throws UncheckedIOException when the attached stream fails
     */
    void checkpoint() {
        if (out != null && !pinned && position >= holdLimit - holdLimit / 4) {
            try {
                flush();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** Appends {@code count} zero bytes (protobuf filler), in pieces when attached. */
    void putZeros(long count) {
        long left = count;
        while (left > 0) {
            int piece = (int) Math.min(left, chunkBytes);
            ensureRemaining(piece);
            Arrays.fill(bytes, position, position + piece, (byte) 0);
            position += piece;
            left -= piece;
        }
    }

    /** Whether a protobuf message is open (the buffer grows instead of flushing). */
    boolean pinned() {
        return pinned;
    }

    /** Stops flushing (the buffer grows instead) until {@link #unpin()}, so positions stay valid for patching. */
    void pin() {
        pinned = true;
    }

    /** Allows flushing again. */
    void unpin() {
        pinned = false;
    }

    /** Moves the cursor back to {@code newPosition} (dropping what follows); only while pinned. */
    void truncate(int newPosition) {
        position = newPosition;
    }

    /**
     * Reserves {@code reserve} bytes for a varint length to be patched by {@link #endLengthPrefixed}; returns the
     * reserved slot's position. Only while pinned.
     */
    int beginLengthPrefixed(int reserve) {
        ensureRemaining(reserve);
        int slot = position;
        position += reserve;
        return slot;
    }

    /**
     * Writes the length of everything after the slot reserved at {@code slot}, shifting the body when the
     * varint needs more or fewer bytes than were reserved. Allocates nothing.
     */
    void endLengthPrefixed(int slot, int reserve) {
        int bodyStart = slot + reserve;
        int length = position - bodyStart;
        int size = AsciiNumbers.varintSize(length);
        if (size != reserve) {
            if (size > reserve) {
                ensureRemaining(size - reserve);
            }
            System.arraycopy(bytes, bodyStart, bytes, slot + size, length);
            position += size - reserve;
        }
        AsciiNumbers.writeVarint(bytes, slot, length);
    }
}
