package io.promptly.core;

/**
 * A value that goes up and down (queue depth, temperature, in-flight requests).
 *
 * <pre>{@code
 * Gauge queued = Gauge.builder("jobs_queued").help("Jobs waiting.").labelNames("queue").register();
 * GaugeHandle q = queued.labels("email");   // cache it
 * q.inc(); q.dec(); q.set(12);
 * }</pre>
 *
 * <p>Thread-safe. A gauge without label names is its own handle.
 */
public final class Gauge extends Metric<GaugeHandle> {
    private Gauge(Builder builder) {
        super(builder, MetricType.GAUGE);
    }

    /** Starts building a gauge named {@code name}. */
    public static Builder builder(String name) {
        return new Builder(name);
    }

    /** Sets the value (metric without labels). */
    public void set(double value) {
        unlabelled().set(value);
    }

    /** Adds 1 (metric without labels). */
    public void inc() {
        unlabelled().inc();
    }

    /** Subtracts 1 (metric without labels). */
    public void dec() {
        unlabelled().dec();
    }

    /** Adds {@code amount}, which may be negative (metric without labels). */
    public void add(double amount) {
        unlabelled().add(amount);
    }

    /** Subtracts {@code amount} (metric without labels). */
    public void sub(double amount) {
        unlabelled().sub(amount);
    }

    /** Sets the value to the current Unix time in seconds (metric without labels). */
    public void setToCurrentTime() {
        unlabelled().setToCurrentTime();
    }

    /** Sets the series named by {@code labels} (aioprometheus's {@code set(labels, value)}). */
    public void set(Labels labels, double value) {
        labels(labels).set(value);
    }

    /** Adds {@code amount} to the series named by {@code labels}. */
    public void add(Labels labels, double amount) {
        labels(labels).add(amount);
    }

    /** Adds 1 to the series named by {@code labels}. */
    public void inc(Labels labels) {
        labels(labels).inc();
    }

    /** Subtracts 1 from the series named by {@code labels}. */
    public void dec(Labels labels) {
        labels(labels).dec();
    }

    /** The current value (metric without labels). */
    public double get() {
        return unlabelled().get();
    }

    @Override
    GaugeHandle newHandle(SeriesLabels labels) {
        return new GaugeHandle(labels);
    }

    @Override
    long warm(GaugeHandle handle) {
        return handle.warm();
    }

    @Override
    void collectSeries(GaugeHandle handle, MetricSink sink) {
        sink.gauge(handle.seriesLabels(), handle.get());
    }

    /** Builds a {@link Gauge}. Not thread-safe. */
    public static final class Builder extends MetricBuilder<Builder, Gauge> {
        private Builder(String name) {
            super(name);
        }

        @Override
        public Gauge build() {
            return new Gauge(this);
        }
    }
}
