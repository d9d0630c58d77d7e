package io.promptly.core;

/**
 * Constant information carried in labels (build version, runtime), exposed as {@code <name>_info{...} 1}.
 *
 * <pre>{@code
 * Info build = Info.builder("build").help("Build information.").labelNames("version", "revision").register();
 * build.set("1.4.2", "9f1c2e7");
 * }</pre>
 *
 * <p>No unit: OpenMetrics requires an info family's unit to be empty, so {@code build()} refuses
 * {@code .unit(..)} with an {@link IllegalArgumentException} naming the metric.
 *
 * <p>Thread-safe. The handle of a series is its {@link SeriesLabels}.
 */
public final class Info extends Metric<SeriesLabels> {
    private Info(Builder builder) {
        super(builder, MetricType.INFO);
    }

    /** Starts building an info metric named {@code name} (a trailing {@code _info} is stripped). */
    public static Builder builder(String name) {
        return new Builder(name);
    }

    /**
     * Replaces every series by the single one with these label values.
     *
     * @throws IllegalArgumentException when the value count differs from the label names, or a value is null
     */
    public synchronized void set(String... labelValues) {
        labels(labelValues);
        if (seriesCount() > 1) {
            clear();
            labels(labelValues);
        }
    }

    @Override
    SeriesLabels newHandle(SeriesLabels labels) {
        return labels;
    }

    @Override
    void collectSeries(SeriesLabels handle, MetricSink sink) {
        sink.gauge(handle, 1.0);
    }

    /** Builds an {@link Info}. Not thread-safe. */
    public static final class Builder extends MetricBuilder<Builder, Info> {
        private Builder(String name) {
            super(name);
        }

        @Override
        public Info build() {
            return new Info(this);
        }
    }
}
