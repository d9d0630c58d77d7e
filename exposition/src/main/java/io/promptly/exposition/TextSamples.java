package io.promptly.exposition;

import io.promptly.core.EncodedLabel;
import io.promptly.core.SeriesLabels;

/**
 * Sample-name writing shared by the two text formats: {@code name suffix {labels} } with the labels' pre-encoded
 * (already escaped) bytes, braces only when there are labels, an extra {@code le}/{@code quantile}/state label
 * always last. Also the constant byte strings both formats use.
 *
 * <p>Stateless; safe from any thread; copies bytes, allocates nothing.
 */
final class TextSamples {
    static final byte[] NONE = {};
    static final byte[] TOTAL = ascii("_total");
    static final byte[] INFO = ascii("_info");
    static final byte[] BUCKET = ascii("_bucket");
    static final byte[] SUM = ascii("_sum");
    static final byte[] COUNT = ascii("_count");
    static final byte[] HELP = ascii("# HELP ");
    static final byte[] TYPE = ascii("# TYPE ");

    private TextSamples() {
    }

    static byte[] ascii(String s) {
        return s.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }

    /** Room reserved after a sample name: the widest value ({@link AsciiNumbers#MAX_DOUBLE_CHARS}), then a newline. */
    static final int VALUE_ROOM = AsciiNumbers.MAX_DOUBLE_CHARS + 1;
    /** Bytes around the labels: {@code {}, {@code ,} before an extra label, {@code }}, the space. */
    private static final int LABEL_PUNCTUATION = 4;

    /** Writes a whole sample line {@code prefix{labels} value\n} (gauges, info, unknown). */
    static void doubleLine(ExpositionBuffer b, SamplePrefix prefix, SeriesLabels series, double value) {
        name(b, prefix, series);
        b.putDoubleReserved(value);
        b.putByteReserved((byte) '\n');
    }

    /** Writes a whole sample line {@code prefix{labels,extra} value\n} (summary quantiles). */
    static void doubleLine(ExpositionBuffer b, SamplePrefix prefix, SeriesLabels series, EncodedLabel extra,
            double value) {
        name(b, prefix, series, extra);
        b.putDoubleReserved(value);
        b.putByteReserved((byte) '\n');
    }

    /** Writes a state set's line {@code prefix{labels,state} 1|0\n}. */
    static void stateLine(ExpositionBuffer b, SamplePrefix prefix, SeriesLabels series, EncodedLabel state,
            boolean enabled) {
        name(b, prefix, series, state);
        b.putByteReserved(enabled ? (byte) '1' : (byte) '0');
        b.putByteReserved((byte) '\n');
    }

    /**
     * Writes {@code prefix} and, when there are labels, {@code {labels}}, then a space; leaves
     * {@link #VALUE_ROOM} bytes reserved for the value and the newline (write them with the buffer's
     * {@code ...Reserved} puts).
     */
    static void name(ExpositionBuffer b, SamplePrefix prefix, SeriesLabels series) {
        byte[] labels = series.encoded();
        int labelsLength = series.textLength();
        int prefixLength = prefix.length();
        // one capacity check for the whole line, then unchecked copies
        b.ensureRemaining(prefixLength + labelsLength + LABEL_PUNCTUATION + VALUE_ROOM);
        b.putBytesReserved(prefix.bytes(), prefixLength);
        if (labelsLength != 0) {
            b.putByteReserved((byte) '{');
            b.putBytesReserved(labels, 0, labelsLength);
            b.putByteReserved((byte) '}');
        }
        b.putByteReserved((byte) ' ');
    }

    /** As {@link #name(ExpositionBuffer, SamplePrefix, SeriesLabels)}, for {@code name suffix}. */
    static void name(ExpositionBuffer b, byte[] name, byte[] suffix, SeriesLabels series) {
        byte[] labels = series.encoded();
        int labelsLength = series.textLength();
        b.ensureRemaining(name.length + suffix.length + labelsLength + LABEL_PUNCTUATION + VALUE_ROOM);
        b.putBytesReserved(name, name.length);
        b.putBytesReserved(suffix, suffix.length);
        if (labelsLength != 0) {
            b.putByteReserved((byte) '{');
            b.putBytesReserved(labels, 0, labelsLength);
            b.putByteReserved((byte) '}');
        }
        b.putByteReserved((byte) ' ');
    }

    /**
     * Writes {@code prefix suffix {labels,extra} } with {@code extra} as the last label, then a space; leaves
     * {@link #VALUE_ROOM} bytes reserved.
     */
    static void name(ExpositionBuffer b, SamplePrefix prefix, SeriesLabels series, EncodedLabel extra) {
        byte[] labels = series.encoded();
        int labelsLength = series.textLength();
        byte[] last = extra.text();
        // one capacity check for the whole line, then unchecked copies
        b.ensureRemaining(prefix.length() + labelsLength + last.length + LABEL_PUNCTUATION + VALUE_ROOM);
        b.putBytesReserved(prefix.bytes(), prefix.length());
        b.putByteReserved((byte) '{');
        if (labelsLength != 0) {
            b.putBytesReserved(labels, 0, labelsLength);
            b.putByteReserved((byte) ',');
        }
        b.putBytesReserved(last, last.length);
        b.putByteReserved((byte) '}');
        b.putByteReserved((byte) ' ');
    }

    /** Writes a metadata line {@code prefix name suffix text\n} (HELP, TYPE, UNIT). */
    static void metadata(ExpositionBuffer b, byte[] prefix, byte[] name, byte[] suffix, byte[] text) {
        b.putBytes(prefix);
        b.putBytes(name);
        b.putBytes(suffix);
        b.putByte((byte) ' ');
        b.putBytes(text);
        b.putByte((byte) '\n');
    }

    /**
     * Writes a counter value into the room {@link #name} reserved: exactly {@code whole} (unsigned) when
     * {@code fraction} is 0, else their sum.
     */
    static void counterValue(ExpositionBuffer b, long whole, double fraction) {
        if (fraction == 0) {
            b.putUnsignedLongReserved(whole);
        } else {
            b.putDoubleReserved(Unsigned.toDouble(whole) + fraction);
        }
    }
}
