package io.promptly.jmh;

import java.util.SplittableRandom;

/**
 * The inputs every record-path benchmark shares, so that all clients see the same data: 65,536 observation
 * values (log-uniform over [1e-4, 30], so every default bucket and +Inf is hit and the branch predictor cannot
 * learn the sequence), the Prometheus default bucket bounds, and the JVM flag Agrona 2.x needs.
 *
 * <p>Immutable; safe from any thread. Built once per JVM from a fixed seed.
 */
final class BenchmarkData {
    /** Number of pre-generated values; a power of two, at least 64k (see PERFORMANCE-TARGETS.md). */
    static final int VALUE_COUNT = 1 << 16;
    static final int VALUE_MASK = VALUE_COUNT - 1;

    /** The same values for every client, cycled by index (see {@link ValueCursor}). */
    static final double[] VALUES = logUniform(VALUE_COUNT, 1e-4, 30.0, 0x5EED_CAFEL);

    /** Prometheus' 11 default bucket bounds (+Inf implied), given explicitly to every client. */
    static final double[] DEFAULT_BUCKETS = {.005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10};

    /** Quantiles every summary reports. */
    static final double[] QUANTILES = {0.5, 0.9, 0.99};

    /** Rank errors for the rank-error summaries (client_java, simpleclient), one per quantile. */
    static final double[] QUANTILE_RANK_ERRORS = {0.05, 0.01, 0.001};

    /** Summary window: 10 minutes in 5 age buckets, for every client that has a window. */
    static final int WINDOW_SECONDS = 600;
    static final int WINDOW_AGE_BUCKETS = 5;

    /** Agrona 2.x reaches jdk.internal.misc.Unsafe; forks of benchmarks that load it need this export. */
    static final String AGRONA_EXPORTS = "--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED";

    private BenchmarkData() {
    }

    private static double[] logUniform(int count, double min, double max, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        double logMin = Math.log(min);
        double span = Math.log(max) - logMin;
        double[] values = new double[count];
        for (int i = 0; i < count; i++) {
            values[i] = Math.exp(logMin + random.nextDouble() * span);
        }
        return values;
    }
}
