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
    private static final String[] NO_STRINGS = new String[0];

    /** The empty label set. */
    public static final SeriesLabels EMPTY = new SeriesLabels(LabelNameSet.EMPTY, NO_STRINGS);

    /** Names and their encodings, shared by every series of a metric. */
    private final LabelNameSet names;
    private final String[] values;
    /** The text form, then the protobuf label pairs, with names as {@link NameEscaping#ALLOW_UTF8} writes them. */
    private final byte[] encoded;
    private final int textLength;
    /** The other escapings' encodings, built on the first scrape that asks for one whose names differ. */
    private Variants variants;

    /**
     * Validates and encodes a label set, for custom {@link Collectable}s: names must be valid label names (by
     * {@link NameValidation#defaultValidation()}), distinct and not reserved by Prometheus; values any non-null
     * strings.
     *
     * @throws IllegalArgumentException naming the bad name or value, or when the array lengths differ
     */
    public static SeriesLabels of(String[] names, String[] values) {
        return of(names, values, NameValidation.defaultValidation());
    }

    /**
     * As {@link #of(String[], String[])}, the names checked by {@code validation}'s rule.
     *
     * @throws IllegalArgumentException naming the bad name or value, or when the array lengths differ
     */
    public static SeriesLabels of(String[] names, String[] values, NameValidation validation) {
        Names.requireNonNull(names, "label names");
        Names.requireNonNull(values, "label values");
        Names.requireNonNull(validation, "name validation");
        if (names.length != values.length) {
            throw new IllegalArgumentException("got " + names.length + " label names but " + values.length
                    + " label values");
        }
        String[] checkedNames = Names.checkLabelNames("(custom collectable)", MetricType.UNKNOWN, names, NO_STRINGS,
                validation);
        Names.checkEscapedDistinct("(custom collectable)", checkedNames);
        String[] checkedValues = values.clone();
        for (int i = 0; i < checkedValues.length; i++) {
            Names.checkLabelValue("(custom collectable)", checkedNames[i], checkedValues[i]);
        }
        return checkedNames.length == 0 ? EMPTY : new SeriesLabels(new LabelNameSet(checkedNames), checkedValues);
    }

    /** Encodes a validated label set; {@code names} and {@code values} are kept, not copied. */
    SeriesLabels(String[] names, String[] values) {
        this(names.length == 0 ? LabelNameSet.EMPTY : new LabelNameSet(names), values);
    }

    /** Encodes a validated label set whose names' encodings are shared by a metric's series; arrays kept. */
    SeriesLabels(LabelNameSet names, String[] values) {
        this.names = names;
        this.values = values;
        int[] length = new int[1];
        this.encoded = encode(names, NameEscaping.ALLOW_UTF8, values, length);
        this.textLength = length[0];
    }

    /** The text form then the protobuf pairs under {@code escaping}; the text form's length in {@code textLength[0]}. */
    private static byte[] encode(LabelNameSet names, NameEscaping escaping, String[] values, int[] textLength) {
        byte[][] textNames = names.text[escaping.ordinal()];
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[][] valuesUtf8 = new byte[values.length][];
        for (int i = 0; i < values.length; i++) {
            valuesUtf8[i] = Utf8.encode(values[i]);
            if (i > 0) {
                out.write(',');
            }
            out.writeBytes(textNames[i]);
            out.write('=');
            out.write('"');
            out.writeBytes(Utf8.escapeLabelValue(values[i]));
            out.write('"');
        }
        textLength[0] = out.size();
        writeLabelPairs(out, names.protobuf[escaping.ordinal()], valuesUtf8);
        return out.toByteArray();
    }

    /** The encodings under every escaping, built once (published safely through final fields). */
    private static final class Variants {
        final byte[][] encoded;
        final int[] textLength;

        Variants(SeriesLabels s) {
            NameEscaping[] schemes = NameEscaping.values();
            encoded = new byte[schemes.length][];
            textLength = new int[schemes.length];
            int[] length = new int[1];
            for (NameEscaping e : schemes) {
                if (s.names.unchangedBy(e)) {
                    encoded[e.ordinal()] = s.encoded;
                    textLength[e.ordinal()] = s.textLength;
                } else {
                    encoded[e.ordinal()] = encode(s.names, e, s.values, length);
                    textLength[e.ordinal()] = length[0];
                }
            }
        }
    }

    private Variants variants() {
        Variants v = variants;
        if (v == null) {
            v = new Variants(this); // a race builds two equal ones; either is right
            variants = v;
        }
        return v;
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
        return values.length;
    }

    /** Label name {@code i}. */
    public String name(int i) {
        return names.names[i];
    }

    /** Label value {@code i}. */
    public String value(int i) {
        return values[i];
    }

    /** Label name {@code i} as raw UTF-8 (ASCII for a legacy name). Shared: do not modify. */
    public byte[] nameUtf8(int i) {
        return names.utf8[i];
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

    /**
     * As {@link #encoded()}, with the label names as {@code escaping} writes them (for {@link NameEscaping#ALLOW_UTF8}
     * the text form quotes a name that is not legacy). The same array as {@link #encoded()} when the escaping
     * leaves every name as it is; else built once, on the first call, and kept. Shared: do not modify.
     */
    public byte[] encoded(NameEscaping escaping) {
        return names.unchangedBy(escaping) ? encoded : variants().encoded[escaping.ordinal()];
    }

    /** Length of the text form at the start of {@link #encoded(NameEscaping)}. */
    public int textLength(NameEscaping escaping) {
        return names.unchangedBy(escaping) ? textLength : variants().textLength[escaping.ordinal()];
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
