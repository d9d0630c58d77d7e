package io.promptly.jmh;

import io.promptly.exposition.AsciiNumbers;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One sample value written by the exposition formatter ({@code AsciiNumbers.writeDouble}) against the JDK's
 * {@code Double.toString} (which allocates, and on JDK 17 is not always shortest), cycling through 4,096
 * values of one {@code kind}: {@code short} decimals of few digits as gauges hold them ({@code 0.25},
 * {@code 1234.5678}, {@code 0.137}: the formatter's fast path), {@code latency} full-precision random latencies
 * and sums (log-uniform over [1e-4, 30], the shared benchmark values: the full Schubfach path), or {@code mixed},
 * the realistic scrape fixture's gauge values (a quarter of them full precision).
 *
 * <p>Target: the {@code short} kind well below {@code latency} (the fast path), 0 B/op for the formatter.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(3)
@State(Scope.Thread)
public class DoubleFormatBenchmark {
    private static final int COUNT = 4096;
    private static final int MASK = COUNT - 1;

    /** Which values: {@code short}, {@code latency} or {@code mixed}. */
    @Param({"short", "latency", "mixed"})
    public String kind;

    private final double[] values = new double[COUNT];
    private final byte[] dst = new byte[AsciiNumbers.MAX_DOUBLE_CHARS];
    private int next;

    /** Fills the values of this kind from a fixed seed. */
    @Setup
    public void setUp() {
        SplittableRandom random = new SplittableRandom(19);
        for (int i = 0; i < COUNT; i++) {
            switch (kind) {
                case "short":
                    values[i] = shortDecimal(random);
                    break;
                case "latency":
                    values[i] = BenchmarkData.VALUES[i];
                    break;
                case "mixed":
                    values[i] = ScrapeFixture.gaugeValue(i / ScrapeFixture.SERIES_PER_GAUGE_FAMILY,
                            i % ScrapeFixture.SERIES_PER_GAUGE_FAMILY);
                    break;
                default:
                    throw new IllegalStateException("unknown kind " + kind);
            }
        }
    }

    private static double shortDecimal(SplittableRandom random) {
        switch (random.nextInt(3)) {
            case 0:
                return random.nextInt(100) + 0.25 * (1 + random.nextInt(3));
            case 1:
                return (random.nextInt(100_000_000) / 10 * 10 + 1) / 10_000.0;
            default:
                return (random.nextInt(50_000) * 10 + 7) / 1000.0;
        }
    }

    /** The exposition formatter into a reused array. */
    @Benchmark
    public int promptlyWriteDouble() {
        return AsciiNumbers.writeDouble(dst, 0, values[next++ & MASK]);
    }

    /** The JDK's {@code Double.toString} (a new String per value). */
    @Benchmark
    public String jdkDoubleToString() {
        return Double.toString(values[next++ & MASK]);
    }
}
