package io.promptly.micrometer;

import io.micrometer.core.instrument.AbstractDistributionSummary;
import io.micrometer.core.instrument.Clock;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import io.micrometer.core.instrument.distribution.TimeWindowMax;

/**
 * A Micrometer {@link io.micrometer.core.instrument.DistributionSummary} recording into one pre-bound Promptly
 * histogram or summary series; the decaying max is Micrometer's {@link TimeWindowMax} (scraped as
 * {@code <name>_max}); a Micrometer histogram from {@link SnapshotHistograms} (only when percentiles or buckets
 * are published) serves {@code takeSnapshot()}.
 *
 * <p>Thread-safe. A record is lock-free and allocates nothing.
 */
final class PromptlyDistributionSummary extends AbstractDistributionSummary {
    private final Recorder recorder;
    private final TimeWindowMax max;

    PromptlyDistributionSummary(Id id, Clock clock, DistributionStatisticConfig config, double scale,
                                Recorder recorder) {
        super(id, scale, SnapshotHistograms.create(clock, config));
        this.recorder = recorder;
        this.max = new TimeWindowMax(clock, config);
    }

    @Override
    protected void recordNonNegative(double amount) {
        recorder.record(amount);
        max.record(amount);
    }

    @Override
    public long count() {
        return recorder.count();
    }

    @Override
    public double totalAmount() {
        return recorder.sum();
    }

    @Override
    public double max() {
        return max.poll();
    }
}
