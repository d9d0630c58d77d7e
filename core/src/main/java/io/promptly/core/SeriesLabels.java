package io.promptly.core;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The complete label set of one series (const labels first, then the metric's labels in declaration order),
 * encoded once at series creation into what every writer copies: the text form {@code a="x",b="y"} (values
 * escaped, no braces, empty when there are no labels), raw UTF-8 names and values, and the protobuf
 * {@code Metric.label} fields ready to copy (about as many bytes again as the text form: one array per series,
 * so that a protobuf scrape copies one array instead of reading two per label).
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
    private final byte[][] namesUtf8;
    private final byte[][] valuesUtf8;
    private final byte[] text;
    private final byte[] protobufLabelPairs;

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
        this.names = names;
        this.values = values;
        this.namesUtf8 = names.length == 0 ? NO_BYTES : new byte[names.length][];
        this.valuesUtf8 = names.length == 0 ? NO_BYTES : new byte[names.length][];
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < names.length; i++) {
            namesUtf8[i] = names[i].getBytes(StandardCharsets.US_ASCII);
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
        this.text = out.toByteArray();
        this.protobufLabelPairs = encodeLabelPairs(namesUtf8, valuesUtf8);
    }

    // from io.prometheus.client's metrics.proto: Metric.label = 1, LabelPair.name = 1, LabelPair.value = 2,
    // all length-delimited (wire type 2)
    private static final int METRIC_LABEL_TAG = (1 << 3) | 2;
    private static final int LABEL_NAME_TAG = (1 << 3) | 2;
    private static final int LABEL_VALUE_TAG = (2 << 3) | 2;

    /** Each label as a {@code Metric.label} field: tag, LabelPair length, then the pair's name and value fields. */
    private static byte[] encodeLabelPairs(byte[][] names, byte[][] values) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
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
        return out.toByteArray();
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

    /** Label value {@code i} as raw UTF-8 (unpaired surrogates as U+FFFD). Shared: do not modify. */
    public byte[] valueUtf8(int i) {
        return valuesUtf8[i];
    }

    /** The text form {@code a="x",b="y"} with values escaped, without braces; empty for no labels. */
    public byte[] text() {
        return text;
    }

    /**
     * The labels encoded as the repeated {@code label} fields (field 1) of an {@code io.prometheus.client.Metric}
     * protobuf message, back to back: each a tag, a varint length and a LabelPair (name, value as raw UTF-8).
     * Empty for no labels. Shared: do not modify.
     */
    public byte[] protobufLabelPairs() {
        return protobufLabelPairs;
    }

    @Override
    public String toString() {
        return "{" + new String(text, StandardCharsets.UTF_8) + "}";
    }
}
