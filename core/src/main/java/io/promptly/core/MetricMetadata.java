package io.promptly.core;

import java.nio.charset.StandardCharsets;

/**
 * A metric family's name, type, help and unit, validated once and pre-encoded into the bytes each exposition
 * format copies: the ASCII name, HELP escaped for text 0.0.4 and for OpenMetrics, and raw UTF-8.
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
        Names.requireNonNull(type, "metric type");
        Names.requireNonNull(help, "help text of metric \"" + name + "\"");
        Names.requireNonNull(unit, "unit of metric \"" + name + "\"");
        Names.checkMetricName(name);
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
        this.nameAscii = name.getBytes(StandardCharsets.US_ASCII);
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

    /** The family name in ASCII. Shared: do not modify. */
    public byte[] nameAscii() {
        return nameAscii;
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
