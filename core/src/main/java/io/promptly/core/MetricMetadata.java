package io.promptly.core;

import java.nio.charset.StandardCharsets;

/**
 * A metric family's name, type, help and unit, validated once and pre-encoded into the bytes each exposition
 * format copies: the name as each {@link NameEscaping} writes it, HELP escaped for text 0.0.4 and for
 * OpenMetrics, and raw UTF-8.
 *
 * <p>For a counter the name never ends in {@code _total}: writers append it to the samples. Immutable; safe
 * from any thread. The byte arrays returned are shared: read them, never modify them.
 */
public final class MetricMetadata {
    private final String name;
    private final MetricType type;
    private final String help;
    private final String unit;
    private final byte[] nameAscii;
    /** Per {@link NameEscaping} ordinal: the name in a text format (under ALLOW_UTF8, escaped for quotes). */
    private final byte[][] nameText;
    /** Per {@link NameEscaping} ordinal: the name in protobuf (under ALLOW_UTF8, raw UTF-8). */
    private final byte[][] nameProtobuf;
    /** As {@link #nameText}, of the name with its type suffix ({@code _total}, {@code _info}) escaped with it. */
    private final byte[][] typedNameText;
    /** As {@link #nameProtobuf}, of the name with its type suffix escaped with it. */
    private final byte[][] typedNameProtobuf;
    private final boolean legacyName;
    /** Whether the name was given with the type suffix that was stripped ({@code x_total}, {@code x_info}). */
    private final boolean suffixWritten;
    private final byte[] helpText;
    private final byte[] helpOpenMetrics;
    private final byte[] helpUtf8;
    private final byte[] unitAscii;

    /**
     * Validates and encodes a family's metadata.
     *
     * @param name the family name ({@code [a-zA-Z_:][a-zA-Z0-9_:]*}); a counter's trailing {@code _total} is
     *             stripped
     * @param type the family's type
     * @param help the help text (any Unicode; may be empty, not null)
     * @param unit the unit ({@code [a-zA-Z0-9_]*}, may be empty); when set, the name must end in {@code _<unit>};
     *             info and stateset families must have none (OpenMetrics 1.0: their unit string is empty)
     * @throws IllegalArgumentException naming the bad value when the name or unit breaks the rules
     */
    public MetricMetadata(String name, MetricType type, String help, String unit) {
        this(name, type, help, unit, NameValidation.defaultValidation());
    }

    /**
     * Validates and encodes a family's metadata, the name by {@code validation}'s rule (the 4-argument constructor
     * uses {@link NameValidation#defaultValidation()}).
     *
     * @throws IllegalArgumentException naming the bad value when the name or unit breaks the rules
     */
    public MetricMetadata(String name, MetricType type, String help, String unit, NameValidation validation) {
        Names.requireNonNull(validation, "name validation");
        Names.requireNonNull(type, "metric type");
        Names.requireNonNull(help, "help text of metric \"" + name + "\"");
        Names.requireNonNull(unit, "unit of metric \"" + name + "\"");
        Names.checkMetricName(name, validation);
        this.suffixWritten = type == MetricType.COUNTER && name.endsWith("_total")
                || type == MetricType.INFO && name.endsWith("_info");
        if (type == MetricType.COUNTER && name.endsWith("_total")) {
            name = stripSuffix(name, "_total", type);
        }
        if (type == MetricType.INFO && name.endsWith("_info")) {
            name = stripSuffix(name, "_info", type);
        }
        if ((type == MetricType.INFO || type == MetricType.STATESET) && !unit.isEmpty()) {
            throw new IllegalArgumentException(type.openMetricsName() + " \"" + name + "\" cannot have unit \"" + unit
                    + "\": OpenMetrics requires an empty unit on info and stateset families");
        }
        Names.checkUnit(name, unit);
        this.name = name;
        this.type = type;
        this.help = help;
        this.unit = unit;
        this.legacyName = NameEscaping.isLegacyMetricName(name);
        NameEscaping[] schemes = NameEscaping.values();
        this.nameText = new byte[schemes.length][];
        this.nameProtobuf = new byte[schemes.length][];
        for (NameEscaping e : schemes) {
            byte[] escaped = Utf8.encode(e.escapeMetricName(name));
            nameText[e.ordinal()] = escaped;
            nameProtobuf[e.ordinal()] = escaped;
        }
        // a quoted UTF-8 name escapes backslash, quote and newline as a label value does
        nameText[NameEscaping.ALLOW_UTF8.ordinal()] = legacyName ? nameProtobuf[NameEscaping.ALLOW_UTF8.ordinal()]
                : Utf8.escapeLabelValue(name);
        this.nameAscii = nameText[NameEscaping.DEFAULT.ordinal()];
        String suffix = type == MetricType.COUNTER ? "_total" : type == MetricType.INFO ? "_info" : "";
        if (suffix.isEmpty()) {
            this.typedNameText = nameText;
            this.typedNameProtobuf = nameProtobuf;
        } else {
            this.typedNameText = new byte[schemes.length][];
            this.typedNameProtobuf = new byte[schemes.length][];
            String typed = name + suffix;
            for (NameEscaping e : schemes) {
                byte[] escaped = Utf8.encode(e.escapeMetricName(typed));
                typedNameText[e.ordinal()] = escaped;
                typedNameProtobuf[e.ordinal()] = escaped;
            }
            if (!legacyName) {
                typedNameText[NameEscaping.ALLOW_UTF8.ordinal()] = Utf8.escapeLabelValue(typed);
            }
        }
        this.helpText = Utf8.escapeHelp(help, Utf8.NO_QUOTE);
        this.helpOpenMetrics = Utf8.escapeHelp(help, Utf8.ESCAPE_QUOTE);
        this.helpUtf8 = Utf8.encode(help);
        this.unitAscii = unit.getBytes(StandardCharsets.US_ASCII);
    }

    private static String stripSuffix(String name, String suffix, MetricType type) {
        if (name.length() == suffix.length()) {
            throw new IllegalArgumentException("metric name \"" + name + "\" of a " + type.openMetricsName()
                    + " is only the suffix " + suffix + ", which is stripped from the family name: name it before");
        }
        return name.substring(0, name.length() - suffix.length());
    }

    /** The family name (a counter's without {@code _total}, an info's without {@code _info}). */
    public String name() {
        return name;
    }

    /** The family type. */
    public MetricType type() {
        return type;
    }

    /** The help text as given. */
    public String help() {
        return help;
    }

    /** The unit, or the empty string. */
    public String unit() {
        return unit;
    }

    /**
     * The family name in ASCII as the default escaping ({@link NameEscaping#DEFAULT}) writes it: for a legacy
     * name, the name. Shared: do not modify.
     */
    public byte[] nameAscii() {
        return nameAscii;
    }

    /** Whether the name is a legacy metric name (then every escaping but {@link NameEscaping#DOTS} keeps it). */
    public boolean legacyName() {
        return legacyName;
    }

    /**
     * The name as a text format writes it under {@code escaping}: the escaped ASCII name, or under
     * {@link NameEscaping#ALLOW_UTF8} the UTF-8 name (with {@code \\}, {@code \"} and {@code \n} escaped when it
     * is not legacy: the writer quotes it, see {@link #quotedIn}). Shared: do not modify.
     */
    public byte[] nameText(NameEscaping escaping) {
        return nameText[escaping.ordinal()];
    }

    /** The name as protobuf writes it under {@code escaping} (raw UTF-8 under ALLOW_UTF8). Shared: do not modify. */
    public byte[] nameProtobuf(NameEscaping escaping) {
        return nameProtobuf[escaping.ordinal()];
    }

    /**
     * As {@link #nameText}, for the family name the Prometheus text format and protobuf show: a counter's
     * {@code <name>_total}, an info's {@code <name>_info}, escaped as one name (so that {@code values} escaping
     * stays reversible); other types' name. Shared: do not modify.
     */
    public byte[] typedNameText(NameEscaping escaping) {
        return typedNameText[escaping.ordinal()];
    }

    /** As {@link #nameProtobuf}, for the family name with its type suffix (see {@link #typedNameText}). */
    public byte[] typedNameProtobuf(NameEscaping escaping) {
        return typedNameProtobuf[escaping.ordinal()];
    }

    /**
     * Whether the name was given with the type suffix this class strips: a counter built as {@code x_total}, an
     * info as {@code x_info}. OpenMetrics 2.0, which no longer forces {@code _total}, writes a counter's name as
     * it was given ({@link #typedNameText} when true, {@link #nameText} when false).
     */
    public boolean typeSuffixWritten() {
        return suffixWritten;
    }

    /** Whether a text format must quote the name under {@code escaping} (a non-legacy name, UTF-8 allowed). */
    public boolean quotedIn(NameEscaping escaping) {
        return escaping == NameEscaping.ALLOW_UTF8 && !legacyName;
    }

    /** HELP escaped for text 0.0.4 ({@code \\} and {@code \n}), UTF-8. Shared: do not modify. */
    public byte[] helpEscapedText() {
        return helpText;
    }

    /** HELP escaped for OpenMetrics ({@code \\}, {@code \"} and {@code \n}), UTF-8. Shared: do not modify. */
    public byte[] helpEscapedOpenMetrics() {
        return helpOpenMetrics;
    }

    /** HELP as raw UTF-8 (for protobuf). Shared: do not modify. */
    public byte[] helpUtf8() {
        return helpUtf8;
    }

    /** The unit in ASCII (empty when none). Shared: do not modify. */
    public byte[] unitAscii() {
        return unitAscii;
    }

    @Override
    public String toString() {
        return type.openMetricsName() + " " + name;
    }
}
