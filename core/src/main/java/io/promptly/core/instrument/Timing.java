package io.promptly.core.instrument;

import io.promptly.core.Gauge;
import io.promptly.core.GaugeHandle;
import io.promptly.core.Histogram;
import io.promptly.core.HistogramHandle;
import io.promptly.core.NanoClock;
import io.promptly.core.Summary;
import io.promptly.core.SummaryHandle;
import java.util.concurrent.Callable;
import java.util.function.DoubleConsumer;
import java.util.function.Supplier;

/**
 * Times code into a metric, in seconds measured with {@link System#nanoTime()} (aioprometheus's {@code timer}
 * decorator): a histogram or summary observes each duration, a gauge is set to the last one.
 *
 * <pre>{@code
 * Timing handleTime = Timing.of(latency.labels("GET"));   // build once, keep it
 * handleTime.run(() -> handle(request));
 * Order order = handleTime.get(() -> load(id));
 * try (Timer t = handleTime.start()) { ... }               // or Timer.start(latency.labels("GET"))
 * }</pre>
 *
 * <p>Immutable and thread-safe: one {@code Timing} may time any number of threads at once. Cost per timed call:
 * two {@code nanoTime} reads (about 24 ns each on a KVM guest) and one update of the target; {@link #start()}
 * allocates one {@link Timer}, the {@code run}/{@code call}/{@code get} forms allocate nothing of their own.
 * The duration is recorded whether the code returns or throws.
 *
 * <p>Cheaper forms: {@link #observeSince(long)} takes a start the caller already read ({@link #nanoTime()}, e.g.
 * when a request arrived) and reads the clock once; {@link #laps()} times consecutive stages with one read per
 * stage, each end being the next start; {@link #observeNanos(long)} reads no clock. Where coarser resolution is
 * acceptable, {@link #withClock(NanoClock)} with a {@link CoarseClock} replaces each {@code nanoTime} call by one
 * memory read (about 1 ns), at the cost of a duration error of up to the clock's resolution either way.
 */
public final class Timing {
    static final double NANOS_PER_SECOND = 1e9;

    private static final int HISTOGRAM_HANDLE = 0;
    private static final int SUMMARY_HANDLE = 1;
    private static final int GAUGE_HANDLE = 2;
    private static final int HISTOGRAM = 3;
    private static final int SUMMARY = 4;
    private static final int GAUGE = 5;
    private static final int CONSUMER = 6;

    private final Object target;
    private final int kind;
    /** The clock durations are measured with; null for {@link System#nanoTime()} (no interface call). */
    private final NanoClock clock;

    private Timing(Object target, int kind) {
        this(target, kind, null);
    }

    private Timing(Object target, int kind, NanoClock clock) {
        if (target == null) {
            throw new IllegalArgumentException("timing target must not be null");
        }
        this.target = target;
        this.kind = kind;
        this.clock = clock;
    }

    /**
     * The same target, timed with {@code clock} instead of {@link System#nanoTime()}: e.g. a {@link CoarseClock},
     * whose reading is a memory read but which advances only once per its resolution, so each duration is off by
     * up to that resolution (a call shorter than it reads as 0 or one resolution). {@link NanoClock#SYSTEM} gives
     * back the default.
     *
     * @throws IllegalArgumentException when {@code clock} is null
     */
    public Timing withClock(NanoClock clock) {
        if (clock == null) {
            throw new IllegalArgumentException("clock must not be null");
        }
        return new Timing(target, kind, clock == NanoClock.SYSTEM ? null : clock);
    }

    /**
     * The current reading of this timing's clock in nanoseconds ({@link System#nanoTime()} unless
     * {@link #withClock} chose another): the start to hand to {@link #observeSince(long)} later.
     */
    public long nanoTime() {
        NanoClock c = clock;
        return c == null ? System.nanoTime() : c.nanoTime();
    }

    /**
     * Times into a histogram series: each duration is observed.
     *
     * @throws IllegalArgumentException when {@code handle} is null
     */
    public static Timing of(HistogramHandle handle) {
        return new Timing(handle, HISTOGRAM_HANDLE);
    }

    /**
     * Times into a summary series: each duration is observed.
     *
     * @throws IllegalArgumentException when {@code handle} is null
     */
    public static Timing of(SummaryHandle handle) {
        return new Timing(handle, SUMMARY_HANDLE);
    }

    /**
     * Times into a gauge series: it is set to the last duration.
     *
     * @throws IllegalArgumentException when {@code handle} is null
     */
    public static Timing of(GaugeHandle handle) {
        return new Timing(handle, GAUGE_HANDLE);
    }

    /**
     * Times into a histogram without label names.
     *
     * @throws IllegalArgumentException when {@code histogram} is null; recording into a histogram with label
     *                                  names throws {@link IllegalArgumentException} (time a
     *                                  {@code labels(...)} handle instead)
     */
    public static Timing of(Histogram histogram) {
        return new Timing(histogram, HISTOGRAM);
    }

    /**
     * Times into a summary without label names.
     *
     * @throws IllegalArgumentException when {@code summary} is null
     */
    public static Timing of(Summary summary) {
        return new Timing(summary, SUMMARY);
    }

    /**
     * Times into a gauge without label names: it is set to the last duration.
     *
     * @throws IllegalArgumentException when {@code gauge} is null
     */
    public static Timing of(Gauge gauge) {
        return new Timing(gauge, GAUGE);
    }

    /**
     * Times into any consumer of a duration in seconds.
     *
     * @throws IllegalArgumentException when {@code seconds} is null
     */
    public static Timing of(DoubleConsumer seconds) {
        return new Timing(seconds, CONSUMER);
    }

    /** Starts a timer; closing it (or {@link Timer#observeDuration()}) records the elapsed time once. */
    public Timer start() {
        return new Timer(this, nanoTime());
    }

    /**
     * Starts timing consecutive stages on one thread: each {@link Laps#lap()} records the time since the previous
     * lap (the first: since now) with one clock read, that reading being the next lap's start.
     */
    public Laps laps() {
        return new Laps(this, nanoTime());
    }

    /**
     * Runs {@code task} and records how long it took, also when it throws (the exception propagates).
     *
     * @throws IllegalArgumentException when {@code task} is null
     */
    public void run(Runnable task) {
        requireTask(task);
        long start = nanoTime();
        try {
            task.run();
        } finally {
            recordSince(start);
        }
    }

    /**
     * Calls {@code task}, records how long it took (also when it throws), and returns its result.
     *
     * @throws Exception what {@code task} throws
     * @throws IllegalArgumentException when {@code task} is null
     */
    public <T> T call(Callable<T> task) throws Exception {
        requireTask(task);
        long start = nanoTime();
        try {
            return task.call();
        } finally {
            recordSince(start);
        }
    }

    /**
     * Gets {@code task}'s result and records how long it took (also when it throws).
     *
     * @throws IllegalArgumentException when {@code task} is null
     */
    public <T> T get(Supplier<T> task) {
        requireTask(task);
        long start = nanoTime();
        try {
            return task.get();
        } finally {
            recordSince(start);
        }
    }

    /**
     * Records the time from {@code startNanos} to now, reading the clock once: for a caller that already holds
     * the start, e.g. a request's arrival time. {@code startNanos} must be a reading of this timing's clock
     * ({@link #nanoTime()}; {@link System#nanoTime()} unless {@link #withClock} chose another).
     *
     * @return the seconds recorded
     */
    public double observeSince(long startNanos) {
        return recordSince(startNanos);
    }

    /**
     * Records a duration the caller measured itself, in nanoseconds, reading no clock.
     *
     * @return the seconds recorded
     */
    public double observeNanos(long elapsedNanos) {
        double seconds = elapsedNanos / NANOS_PER_SECOND;
        record(seconds);
        return seconds;
    }

    /** Records the time since {@code startNanos} (a reading of this timing's clock) and returns it in seconds. */
    double recordSince(long startNanos) {
        return observeNanos(nanoTime() - startNanos);
    }

    /** Records a duration in seconds into the target. */
    void record(double seconds) {
        switch (kind) {
            case HISTOGRAM_HANDLE:
                ((HistogramHandle) target).observe(seconds);
                break;
            case SUMMARY_HANDLE:
                ((SummaryHandle) target).observe(seconds);
                break;
            case GAUGE_HANDLE:
                ((GaugeHandle) target).set(seconds);
                break;
            case HISTOGRAM:
                ((Histogram) target).observe(seconds);
                break;
            case SUMMARY:
                ((Summary) target).observe(seconds);
                break;
            case GAUGE:
                ((Gauge) target).set(seconds);
                break;
            default:
                ((DoubleConsumer) target).accept(seconds);
                break;
        }
    }

    private static void requireTask(Object task) {
        if (task == null) {
            throw new IllegalArgumentException("task to time must not be null");
        }
    }
}
