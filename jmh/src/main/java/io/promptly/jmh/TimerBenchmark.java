package io.promptly.jmh;

import io.promptly.core.Histogram;
import io.promptly.core.HistogramHandle;
import io.promptly.core.Registry;
import io.promptly.core.instrument.CoarseClock;
import io.promptly.core.instrument.Laps;
import io.promptly.core.instrument.Timing;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Timing an (empty) piece of work into a classic histogram series with the default buckets, every form in one
 * class so the rows compare in one run: the bare observe of a shared value (the baseline: no clock), the two-read
 * path ({@code Timing.run}: {@code nanoTime} before and after), the one-read paths ({@code observeSince} with a
 * start the caller holds; {@code Laps.lap}, whose end reading is the next start) and the same with a
 * {@link CoarseClock} of 1 ms (a memory read instead of {@code nanoTime}).
 *
 * <p>Target (issue 19): one-read forms about one {@code nanoTime} (≈ 24 ns on a KVM guest) below the two-read
 * path; coarse forms near the baseline; 0 B/op everywhere.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(3)
@State(Scope.Thread)
public class TimerBenchmark {
    private static final Runnable NOTHING = () -> { };

    private HistogramHandle handle;
    private Timing timing;
    private Timing coarseTiming;
    private Laps laps;
    private Laps coarseLaps;
    private long heldStart;
    private final ValueCursor values = new ValueCursor();

    /** One histogram series, timed with the system clock and with the shared coarse clock. */
    @Setup
    public void setUp() {
        handle = Histogram.builder("op_seconds").help("Operation latency.").labelNames("op")
                .buckets(BenchmarkData.DEFAULT_BUCKETS).register(new Registry()).labels("work");
        timing = Timing.of(handle);
        coarseTiming = timing.withClock(CoarseClock.shared());
        laps = timing.laps();
        coarseLaps = coarseTiming.laps();
        heldStart = timing.nanoTime();
    }

    /** Baseline: observe a pre-generated value, no clock. */
    @Benchmark
    public void observeBaseline() {
        handle.observe(values.next());
    }

    /** Two {@code nanoTime} reads around the work ({@code Timing.run}). */
    @Benchmark
    public void twoReadsRun() {
        timing.run(NOTHING);
    }

    /** One {@code nanoTime} read: the start is one the caller already holds (e.g. a request's arrival). */
    @Benchmark
    public double oneReadObserveSince() {
        return timing.observeSince(heldStart);
    }

    /** One {@code nanoTime} read per stage: each lap's end is the next lap's start. */
    @Benchmark
    public double oneReadLaps() {
        return laps.lap();
    }

    /** {@code Timing.run} on the 1 ms coarse clock: two memory reads. */
    @Benchmark
    public void coarseTwoReadsRun() {
        coarseTiming.run(NOTHING);
    }

    /** Laps on the 1 ms coarse clock: one memory read per stage. */
    @Benchmark
    public double coarseLaps() {
        return coarseLaps.lap();
    }
}
