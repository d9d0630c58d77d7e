package io.promptly.micrometer;

import io.micrometer.core.instrument.Clock;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import io.micrometer.core.instrument.distribution.Histogram;
import io.micrometer.core.instrument.distribution.NoopHistogram;
import io.micrometer.core.instrument.distribution.TimeWindowFixedBoundaryHistogram;
import io.micrometer.core.instrument.distribution.TimeWindowPercentileHistogram;
import java.time.Duration;

/**
 * The Micrometer histogram behind a timer's or distribution summary's {@code takeSnapshot()} (Promptly's own
 * series are what is scraped): none when the meter publishes neither percentiles nor buckets; Micrometer's
 * windowed percentile histogram when it publishes percentiles; for buckets alone, one cumulative, never rotated
 * buffer (as {@code micrometer-registry-prometheus} keeps), so a record adds one count instead of one per ring
 * buffer and reads no clock, and the snapshot's counts match the scraped cumulative buckets.
 *
 * <p>Stateless factory; the histograms it makes are thread-safe.
 */
final class SnapshotHistograms {
    /** Five years: a bucket-only histogram is never rotated. */
    private static final DistributionStatisticConfig NEVER_ROTATED = DistributionStatisticConfig.builder()
            .expiry(Duration.ofDays(1825)).bufferLength(1).build();

    private SnapshotHistograms() {
    }

    static Histogram create(Clock clock, DistributionStatisticConfig config) {
        if (config.isPublishingPercentiles()) {
            return new TimeWindowPercentileHistogram(clock, config, true);
        }
        if (config.isPublishingHistogram()) {
            return new TimeWindowFixedBoundaryHistogram(clock, NEVER_ROTATED.merge(config), true);
        }
        return NoopHistogram.INSTANCE;
    }
}
