package io.promptly.core;

/**
 * The type of a metric family, as the exposition formats name it.
 *
 * <p>Immutable; safe from any thread.
 */
public enum MetricType {
    /** A monotonically increasing total; samples are written as {@code <name>_total}. */
    COUNTER("counter"),
    /** A value that may go up and down. */
    GAUGE("gauge"),
    /** Classic (and optionally native) buckets plus {@code _sum} and {@code _count}. */
    HISTOGRAM("histogram"),
    /** Streaming quantiles over a sliding time window plus {@code _sum} and {@code _count}. */
    SUMMARY("summary"),
    /** A constant 1 whose labels carry information; samples are written as {@code <name>_info}. */
    INFO("info"),
    /** A set of named boolean states, one sample each, the state in a label named like the metric. */
    STATESET("stateset"),
    /** A value of unknown meaning ({@code untyped} in text 0.0.4). */
    UNKNOWN("unknown"),
    /**
     * A current distribution whose buckets may go down ({@link GaugeHistogram}): buckets plus {@code _gcount} and
     * {@code _gsum} in OpenMetrics, {@code GAUGE_HISTOGRAM} in protobuf, a histogram in text 0.0.4.
     */
    GAUGE_HISTOGRAM("gaugehistogram");

    private final String openMetricsName;

    MetricType(String openMetricsName) {
        this.openMetricsName = openMetricsName;
    }

    /** The type's name in OpenMetrics 1.0 {@code # TYPE} lines. */
    public String openMetricsName() {
        return openMetricsName;
    }
}
