package io.promptly.core;

/**
 * What every series of one histogram shares: classic bucket bounds (just {@code +Inf} when the histogram is
 * native-only), whether classic buckets are recorded, native settings (null when native buckets are off) and
 * the exemplar sampler.
 *
 * <p>Immutable; safe from any thread.
 */
final class HistogramConfig {
    final Buckets buckets;
    final boolean classic;
    final NativeHistogramConfig nativeConfig;
    final ExemplarSampler exemplarSampler;

    HistogramConfig(Buckets buckets, boolean classic, NativeHistogramConfig nativeConfig,
            ExemplarSampler exemplarSampler) {
        this.buckets = buckets;
        this.classic = classic;
        this.nativeConfig = nativeConfig;
        this.exemplarSampler = exemplarSampler;
    }
}
