package io.promptly.core;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The complete label set of one series (const labels first, then the metric's labels in declaration order),
 * encoded once at series creation into what every writer copies, held in one array ({@link #encoded()}): the
 * text form {@code a="x",b="y"} (values escaped, no braces, empty when there are no labels) followed by the
 * protobuf {@code Metric.label} fields ready to copy. Names and their ASCII bytes are shared by every series of a
 * metric; a series keeps its value strings and that one array (about twice the text form), nothing else.
 *
 * <p>Immutable; safe from any thread. Byte arrays returned are shared: read them, never modify them.
 */
public final class SeriesLabels {
    private static final byte[][] NO_BYTES = new byte[0][];
    private static final String[] NO_STRINGS = new String[0];

    /** The empty label set. */
    public static final SeriesLabels EMPTY = new SeriesLabels(NO_STRINGS, NO_STRINGS);

    private final String[] names;
    private final String[] values;
    /** ASCII names, shared by every series of a metric. */
    private final byte[][] namesUtf8;
    /** The text form, then the protobuf label pairs. */
    private final byte[] encoded;
    private final int textLength;

    /**
     * Validates and encodes a label set, for custom {@link Collectable}s: names must be valid label names,
     * distinct and not reserved by Prometheus; values any non-null strings.
     *
     * @throws IllegalArgumentException naming the bad name or value, or when the array lengths differ
     */
    public static SeriesLabels of(String[] names, String[] values) {
        Names.requireNonNull(names, "label names");
        Names.requireNonNull(values, "label values");
        if (names.length != values.length) {
            throw new IllegalArgumentException("got " + names.length + " label names but " + values.length
                    + " label values");
        }
        String[] checkedNames = Names.checkLabelNames("(custom collectable)", MetricType.UNKNOWN, names, NO_STRINGS);
        String[] checkedValues = values.clone();
        for (int i = 0; i < checkedValues.length; i++) {
            Names.checkLabelValue("(custom collectable)", checkedNames[i], checkedValues[i]);
        }
        return checkedNames.length == 0 ? EMPTY : new SeriesLabels(checkedNames, checkedValues);
    }

    /** Encodes a validated label set; {@code names} and {@code values} are kept, not copied. */
    SeriesLabels(String[] names, String[] values) {
        this(names, asciiNames(names), values);
    }

    /**
     * Encodes a validated label set whose names' ASCII bytes are already known ({@code namesUtf8}, shared by a
     * metric's series); every array is kept, not copied.
     */
    SeriesLabels(String[] names, byte[][] namesUtf8, String[] values) {
        this.names = names;
        this.values = values;
        this.namesUtf8 = namesUtf8;
        byte[][] valuesUtf8 = new byte[values.length][];
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < names.length; i++) {
            valuesUtf8[i] = Utf8.encode(values[i]);
            if (i > 0) {
                out.write(',');
            }
            out.writeBytes(namesUtf8[i]);
            out.write('=');
            out.write('"');
            out.writeBytes(Utf8.escapeLabelValue(values[i]));
            out.write('"');
        }
        this.textLength = out.size();
        writeLabelPairs(out, namesUtf8, valuesUtf8);
        this.encoded = out.toByteArray();
    }

    /** The ASCII bytes of each (validated) label name, to share among series with these names. */
    static byte[][] asciiNames(String[] names) {
        if (names.length == 0) {
            return NO_BYTES;
        }
        byte[][] bytes = new byte[names.length][];
        for (int i = 0; i < names.length; i++) {
            bytes[i] = names[i].getBytes(StandardCharsets.US_ASCII);
        }
        return bytes;
    }

    // from io.prometheus.client's metrics.proto: Metric.label = 1, LabelPair.name = 1, LabelPair.value = 2,
    // all length-delimited (wire type 2)
    private static final int METRIC_LABEL_TAG = (1 << 3) | 2;
    private static final int LABEL_NAME_TAG = (1 << 3) | 2;
    private static final int LABEL_VALUE_TAG = (2 << 3) | 2;

    /** Each label as a {@code Metric.label} field: tag, LabelPair length, then the pair's name and value fields. */
    private static void writeLabelPairs(ByteArrayOutputStream out, byte[][] names, byte[][] values) {
        for (int i = 0; i < names.length; i++) {
            int body = 1 + varintSize(names[i].length) + names[i].length
                    + 1 + varintSize(values[i].length) + values[i].length;
            out.write(METRIC_LABEL_TAG);
            writeVarint(out, body);
            out.write(LABEL_NAME_TAG);
            writeVarint(out, names[i].length);
            out.writeBytes(names[i]);
            out.write(LABEL_VALUE_TAG);
            writeVarint(out, values[i].length);
            out.writeBytes(values[i]);
        }
    }

    private static int varintSize(int value) {
        int size = 1;
        for (int rest = value >>> 7; rest != 0; rest >>>= 7) {
            size++;
        }
        return size;
    }

    private static void writeVarint(ByteArrayOutputStream out, int value) {
        int rest = value;
        while ((rest & ~0x7F) != 0) {
            out.write((rest & 0x7F) | 0x80);
            rest >>>= 7;
        }
        out.write(rest);
    }

    /** Number of labels, const labels included. */
    public int size() {
        return names.length;
    }

    /** Label name {@code i}. */
    public String name(int i) {
        return names[i];
    }

    /** Label value {@code i}. */
    public String value(int i) {
        return values[i];
    }

    /** Label name {@code i} in ASCII. Shared: do not modify. */
    public byte[] nameUtf8(int i) {
        return namesUtf8[i];
    }

    /**
     * Label value {@code i} as raw UTF-8 (unpaired surrogates as U+FFFD): a new array each call (a series does
     * not keep it apart from {@link #encoded()}; writers copy that instead).
     */
    public byte[] valueUtf8(int i) {
        return Utf8.encode(values[i]);
    }

    /**
     * The text form and the protobuf label pairs, back to back: {@code [0, textLength())} is the text form
     * {@code a="x",b="y"} with values escaped, without braces (empty for no labels);
     * {@code [textLength(), encoded().length)} holds the labels encoded as the repeated {@code label} fields
     * (field 1) of an {@code io.prometheus.client.Metric} protobuf message, back to back: each a tag, a varint
     * length and a LabelPair (name, value as raw UTF-8). Shared: do not modify.
     */
    public byte[] encoded() {
        return encoded;
    }

    /** Length of the text form at the start of {@link #encoded()}. */
    public int textLength() {
        return textLength;
    }

    /** Length of the protobuf label pairs that follow the text form in {@link #encoded()}. */
    public int protobufLength() {
        return encoded.length - textLength;
    }

    /** The text form {@code a="x",b="y"}, as a new array (writers copy it from {@link #encoded()} instead). */
    public byte[] text() {
        return Arrays.copyOf(encoded, textLength);
    }

    /** The protobuf label pairs, as a new array (writers copy them from {@link #encoded()} instead). */
    public byte[] protobufLabelPairs() {
        return Arrays.copyOfRange(encoded, textLength, encoded.length);
    }

    @Override
    public String toString() {
        return "{" + new String(encoded, 0, textLength, StandardCharsets.UTF_8) + "}";
    }
}
