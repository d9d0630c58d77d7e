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

    /** Writes {@code name suffix} and, when there are labels, {@code {labels}}, then a space. */
    static void name(ExpositionBuffer b, byte[] name, byte[] suffix, SeriesLabels series) {
        b.putBytes(name);
        b.putBytes(suffix);
        byte[] labels = series.text();
        if (labels.length != 0) {
            b.putByte((byte) '{');
            b.putBytes(labels);
            b.putByte((byte) '}');
        }
        b.putByte((byte) ' ');
    }

    /** Writes {@code name suffix {labels,extra} } with {@code extra} as the last label, then a space. */
    static void name(ExpositionBuffer b, byte[] name, byte[] suffix, SeriesLabels series, EncodedLabel extra) {
        b.putBytes(name);
        b.putBytes(suffix);
        b.putByte((byte) '{');
        byte[] labels = series.text();
        if (labels.length != 0) {
            b.putBytes(labels);
            b.putByte((byte) ',');
        }
        b.putBytes(extra.text());
        b.putByte((byte) '}');
        b.putByte((byte) ' ');
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

    /** Writes a counter value: exactly {@code whole} (unsigned) when {@code fraction} is 0, else their sum. */
    static void counterValue(ExpositionBuffer b, long whole, double fraction) {
        if (fraction == 0) {
            b.putUnsignedLong(whole);
        } else {
            b.putDouble(Unsigned.toDouble(whole) + fraction);
        }
    }
}
