package io.promptly.exposition;

import io.promptly.core.EncodedLabel;
import io.promptly.core.MetricMetadata;
import io.promptly.core.MetricType;
import io.promptly.core.NameEscaping;
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
    private static final byte[] UNIT = ascii("# UNIT ");
    /** The OpenMetrics type names, by {@link MetricType#ordinal()}. */
    private static final byte[][] OPENMETRICS_TYPES = openMetricsTypes();
    private static final int MILLIS_PER_SECOND = 1000;

    private TextSamples() {
    }

    static byte[] ascii(String s) {
        return s.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }

    private static byte[][] openMetricsTypes() {
        MetricType[] types = MetricType.values();
        byte[][] names = new byte[types.length][];
        for (MetricType type : types) {
            names[type.ordinal()] = ascii(type.openMetricsName());
        }
        return names;
    }

    /**
     * Writes an OpenMetrics family's metadata under {@code name}: {@code HELP}, {@code TYPE}, {@code UNIT}
     * (OpenMetrics 1.0's order) or, when {@code helpLast}, {@code TYPE}, {@code UNIT}, {@code HELP} (2.0's);
     * an empty help or unit is left out.
     */
    static void openMetricsMetadata(ExpositionBuffer b, MetricMetadata family, byte[] name, boolean quoted,
            boolean helpLast) {
        byte[] help = family.helpEscapedOpenMetrics();
        if (!helpLast && help.length != 0) {
            metadata(b, HELP, name, NONE, quoted, help);
        }
        metadata(b, TYPE, name, NONE, quoted, OPENMETRICS_TYPES[family.type().ordinal()]);
        byte[] unit = family.unitAscii();
        if (unit.length != 0) {
            metadata(b, UNIT, name, NONE, quoted, unit);
        }
        if (helpLast && help.length != 0) {
            metadata(b, HELP, name, NONE, quoted, help);
        }
    }

    /** Room reserved after a sample name: the widest value ({@link AsciiNumbers#MAX_DOUBLE_CHARS}), then a newline. */
    static final int VALUE_ROOM = AsciiNumbers.MAX_DOUBLE_CHARS + 1;
    /** Bytes around the labels: {@code {}, {@code ,} before an extra label, {@code }}, the space. */
    private static final int LABEL_PUNCTUATION = 4;

    /** Writes a sample {@code prefix{labels} value} (gauges, info, unknown); the line's end is the caller's. */
    static void doubleSample(ExpositionBuffer b, SamplePrefix prefix, SeriesLabels series, NameEscaping escaping,
            double value) {
        name(b, prefix, series, escaping);
        b.putDoubleReserved(value);
    }

    /** Writes a sample {@code prefix{labels,extra} value} (summary quantiles); the line's end is the caller's. */
    static void doubleSample(ExpositionBuffer b, SamplePrefix prefix, SeriesLabels series, EncodedLabel extra,
            NameEscaping escaping, double value) {
        name(b, prefix, series, extra, escaping);
        b.putDoubleReserved(value);
    }

    /** Writes a state set's sample {@code prefix{labels,state} 1|0}; the line's end is the caller's. */
    static void stateSample(ExpositionBuffer b, SamplePrefix prefix, SeriesLabels series, EncodedLabel state,
            NameEscaping escaping, boolean enabled) {
        name(b, prefix, series, state, escaping);
        b.putByteReserved(enabled ? (byte) '1' : (byte) '0');
    }

    /**
     * Ends a sample line written into the room {@link #name} reserved: the newline, or — when the sample has a
     * timestamp ({@code timestampMillis} not {@link io.promptly.core.MetricSink#NO_TIMESTAMP}) — a space, the
     * timestamp (milliseconds for text 0.0.4, seconds with millisecond digits for OpenMetrics) and the newline,
     * as checked puts (the reserved room holds the newline only).
     */
    static void endLine(ExpositionBuffer b, long timestampMillis, boolean inSeconds) {
        if (timestampMillis == io.promptly.core.MetricSink.NO_TIMESTAMP) {
            b.putByteReserved((byte) '\n');
            return;
        }
        b.putByte((byte) ' ');
        if (inSeconds) {
            seconds(b, timestampMillis);
        } else {
            b.putLong(timestampMillis);
        }
        b.putByte((byte) '\n');
    }

    /**
     * Writes {@code millis} as seconds with three decimals, sign and magnitude ({@code -1500} ms is
     * {@code -1.500}), as checked puts.
     */
    static void seconds(ExpositionBuffer b, long millis) {
        // truncating division keeps |seconds| <= 2^63 / 1000, so negating it cannot overflow, Long.MIN_VALUE included
        long seconds = millis / MILLIS_PER_SECOND;
        int fraction = (int) Math.abs(millis % MILLIS_PER_SECOND);
        if (millis < 0) {
            b.putByte((byte) '-');
            seconds = -seconds;
        }
        b.putLong(seconds);
        b.putByte((byte) '.');
        b.putByte((byte) ('0' + fraction / 100));
        b.putByte((byte) ('0' + fraction / 10 % 10));
        b.putByte((byte) ('0' + fraction % 10));
    }

    /**
     * Writes {@code prefix} and, when there are labels, {@code {labels}} (their names as {@code escaping} writes
     * them), then a space; a quoted prefix {@code {"name"} is followed by {@code ,labels}} or {@code }}. Leaves
     * {@link #VALUE_ROOM} bytes reserved for the value and the newline (write them with the buffer's
     * {@code ...Reserved} puts).
     */
    static void name(ExpositionBuffer b, SamplePrefix prefix, SeriesLabels series, NameEscaping escaping) {
        byte[] labels = series.encoded(escaping);
        int labelsLength = series.textLength(escaping);
        int prefixLength = prefix.length();
        // one capacity check for the whole line, then unchecked copies
        b.ensureRemaining(prefixLength + labelsLength + LABEL_PUNCTUATION + VALUE_ROOM);
        b.putBytesReserved(prefix.bytes(), prefixLength);
        if (prefix.quoted()) {
            if (labelsLength != 0) {
                b.putByteReserved((byte) ',');
                b.putBytesReserved(labels, 0, labelsLength);
            }
            b.putByteReserved((byte) '}');
        } else if (labelsLength != 0) {
            b.putByteReserved((byte) '{');
            b.putBytesReserved(labels, 0, labelsLength);
            b.putByteReserved((byte) '}');
        }
        b.putByteReserved((byte) ' ');
    }

    /**
     * Writes {@code prefix{labels,extra} } with {@code extra} as the last label, then a space; leaves
     * {@link #VALUE_ROOM} bytes reserved.
     */
    static void name(ExpositionBuffer b, SamplePrefix prefix, SeriesLabels series, EncodedLabel extra,
            NameEscaping escaping) {
        byte[] labels = series.encoded(escaping);
        int labelsLength = series.textLength(escaping);
        byte[] last = extra.text();
        // one capacity check for the whole line, then unchecked copies
        b.ensureRemaining(prefix.length() + labelsLength + last.length + LABEL_PUNCTUATION + VALUE_ROOM);
        b.putBytesReserved(prefix.bytes(), prefix.length());
        b.putByteReserved(prefix.quoted() ? (byte) ',' : (byte) '{');
        if (labelsLength != 0) {
            b.putBytesReserved(labels, 0, labelsLength);
            b.putByteReserved((byte) ',');
        }
        b.putBytesReserved(last, last.length);
        b.putByteReserved((byte) '}');
        b.putByteReserved((byte) ' ');
    }

    /**
     * Writes a metadata line {@code prefix name suffix text\n} (HELP, TYPE, UNIT), the name and suffix inside
     * double quotes when {@code quoted}.
     */
    static void metadata(ExpositionBuffer b, byte[] prefix, byte[] name, byte[] suffix, boolean quoted,
            byte[] text) {
        b.putBytes(prefix);
        if (quoted) {
            b.putByte((byte) '"');
        }
        b.putBytes(name);
        b.putBytes(suffix);
        if (quoted) {
            b.putByte((byte) '"');
        }
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
