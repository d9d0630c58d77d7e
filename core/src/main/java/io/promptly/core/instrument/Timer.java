package io.promptly.core.instrument;

import io.promptly.core.Gauge;
import io.promptly.core.GaugeHandle;
import io.promptly.core.Histogram;
import io.promptly.core.HistogramHandle;
import io.promptly.core.Summary;
import io.promptly.core.SummaryHandle;

/**
 * One running time measurement, for a try-with-resources block: the elapsed seconds since {@code start} are
 * recorded into the target when the timer is closed (histogram/summary observe, gauge set).
 *
 * <pre>{@code
 * try (Timer t = Timer.start(latency.labels("GET"))) {
 *     handle(request);
 * }
 * }</pre>
 *
 * <p>Records at most once: the first {@link #close()} or {@link #observeDuration()} wins, later calls record
 * nothing. Meant for the thread that started it; closing it from another thread is safe but may record twice
 * when two threads close at once. Allocates itself (one small object), nothing else.
 */
public final class Timer implements AutoCloseable {
    private final Timing timing;
    private final long startNanos;
    private boolean recorded;

    Timer(Timing timing, long startNanos) {
        this.timing = timing;
        this.startNanos = startNanos;
    }

    /**
     * Starts timing into a histogram series.
     *
     * @throws IllegalArgumentException when {@code handle} is null
     */
    public static Timer start(HistogramHandle handle) {
        return Timing.of(handle).start();
    }

    /**
     * Starts timing into a summary series.
     *
     * @throws IllegalArgumentException when {@code handle} is null
     */
    public static Timer start(SummaryHandle handle) {
        return Timing.of(handle).start();
    }

    /**
     * Starts timing into a gauge series (set to the duration).
     *
     * @throws IllegalArgumentException when {@code handle} is null
     */
    public static Timer start(GaugeHandle handle) {
        return Timing.of(handle).start();
    }

    /**
     * Starts timing into a histogram without label names.
     *
     * @throws IllegalArgumentException when {@code histogram} is null
     */
    public static Timer start(Histogram histogram) {
        return Timing.of(histogram).start();
    }

    /**
     * Starts timing into a summary without label names.
     *
     * @throws IllegalArgumentException when {@code summary} is null
     */
    public static Timer start(Summary summary) {
        return Timing.of(summary).start();
    }

    /**
     * Starts timing into a gauge without label names (set to the duration).
     *
     * @throws IllegalArgumentException when {@code gauge} is null
     */
    public static Timer start(Gauge gauge) {
        return Timing.of(gauge).start();
    }

    /** Seconds elapsed since the timer started, without recording anything. */
    public double elapsedSeconds() {
        return (timing.nanoTime() - startNanos) / Timing.NANOS_PER_SECOND;
    }

    /**
     * Records the elapsed time into the target, the first time only.
     *
     * @return the elapsed seconds recorded now, or NaN when the timer had already recorded
     */
    public double observeDuration() {
        if (recorded) {
            return Double.NaN;
        }
        recorded = true;
        return timing.recordSince(startNanos);
    }

    /** Records the elapsed time into the target unless it was already recorded. */
    @Override
    public void close() {
        observeDuration();
    }
}
