package io.promptly.core;

import java.nio.charset.StandardCharsets;

/**
 * One extra label a writer appends after a series' labels: a histogram's {@code le}, a summary's
 * {@code quantile}, a state set's state. Encoded once, so a scrape copies bytes: the text form
 * {@code le="0.5"} and raw UTF-8 name and value for protobuf.
 *
 * <p>{@code le} and {@code quantile} values are canonical (Go's {@code %g} with {@code .0} added to integral
 * values: {@code 0.005}, {@code 1.0}, {@code 1e+06}, {@code +Inf}) so that every format and every scrape writes
 * the same string. Immutable; safe from any thread. Byte arrays returned are shared: never modify them.
 */
public final class EncodedLabel {
    private final String name;
    private final String value;
    private final double number;
    private final byte[] nameUtf8;
    private final byte[] valueUtf8;
    private final byte[] text;

    EncodedLabel(String name, String value, double number) {
        this.name = name;
        this.value = value;
        this.number = number;
        this.nameUtf8 = name.getBytes(StandardCharsets.US_ASCII);
        this.valueUtf8 = Utf8.encode(value);
        byte[] escaped = Utf8.escapeLabelValue(value);
        this.text = new byte[nameUtf8.length + 3 + escaped.length];
        System.arraycopy(nameUtf8, 0, text, 0, nameUtf8.length);
        text[nameUtf8.length] = '=';
        text[nameUtf8.length + 1] = '"';
        System.arraycopy(escaped, 0, text, nameUtf8.length + 2, escaped.length);
        text[text.length - 1] = '"';
    }

    /** A numeric label ({@code le} or {@code quantile}) with its canonical value string. */
    static EncodedLabel numeric(String name, double number) {
        return new EncodedLabel(name, GoFloat.format(number), number);
    }

    /** A string label (a state set's state); {@link #number()} is NaN. */
    static EncodedLabel string(String name, String value) {
        return new EncodedLabel(name, value, Double.NaN);
    }

    /**
     * The {@code le} label of a histogram bucket whose upper bound is {@code upperBound}.
     *
     * @throws IllegalArgumentException when the bound is NaN
     */
    public static EncodedLabel le(double upperBound) {
        if (Double.isNaN(upperBound)) {
            throw new IllegalArgumentException("bucket bound must not be NaN");
        }
        return numeric("le", upperBound);
    }

    /**
     * The {@code quantile} label of a summary quantile {@code q}.
     *
     * @throws IllegalArgumentException when {@code q} is not within [0, 1]
     */
    public static EncodedLabel quantile(double q) {
        if (!(q >= 0 && q <= 1)) {
            throw new IllegalArgumentException("quantile " + q + " is not within [0, 1]");
        }
        return numeric("quantile", q);
    }

    /**
     * The state label of state set {@code metricName}: a label named like the metric holding {@code state}.
     *
     * @throws IllegalArgumentException when the metric name is invalid or the state is null
     */
    public static EncodedLabel state(String metricName, String state) {
        Names.checkMetricName(metricName);
        Names.checkLabelValue(metricName, metricName, state);
        return string(metricName, state);
    }

    /** The label name. */
    public String name() {
        return name;
    }

    /** The label value as written. */
    public String value() {
        return value;
    }

    /** The numeric value (bucket bound or quantile), NaN for string labels. */
    public double number() {
        return number;
    }

    /** Label name, ASCII. Shared: do not modify. */
    public byte[] nameUtf8() {
        return nameUtf8;
    }

    /** Label value, raw UTF-8. Shared: do not modify. */
    public byte[] valueUtf8() {
        return valueUtf8;
    }

    /** The text form {@code name="escaped value"}. Shared: do not modify. */
    public byte[] text() {
        return text;
    }

    @Override
    public String toString() {
        return new String(text, StandardCharsets.UTF_8);
    }
}
