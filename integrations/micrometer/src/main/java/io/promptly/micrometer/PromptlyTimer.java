package io.promptly.micrometer;

import io.micrometer.core.instrument.AbstractTimer;
import io.micrometer.core.instrument.Clock;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import io.micrometer.core.instrument.distribution.TimeWindowMax;
import io.micrometer.core.instrument.distribution.pause.PauseDetector;
import io.micrometer.core.instrument.util.TimeUtils;
import java.util.concurrent.TimeUnit;

/**
 * A Micrometer {@link io.micrometer.core.instrument.Timer} recording, in seconds, into one pre-bound Promptly
 * histogram or summary series; the decaying max is Micrometer's {@link TimeWindowMax} (scraped as
 * {@code <name>_seconds_max}); a Micrometer histogram from {@link SnapshotHistograms} (only when percentiles or
 * buckets are published) serves {@link #takeSnapshot()}.
 *
 * <p>Thread-safe. A record is lock-free and allocates nothing.
 */
final class PromptlyTimer extends AbstractTimer {
    private final Recorder recorder;
    private final TimeWindowMax max;

    PromptlyTimer(Id id, Clock clock, DistributionStatisticConfig config, PauseDetector pauseDetector,
                  Recorder recorder) {
        super(id, clock, pauseDetector, TimeUnit.SECONDS, SnapshotHistograms.create(clock, config));
        this.recorder = recorder;
        this.max = new TimeWindowMax(clock, config);
    }

    @Override
    protected void recordNonNegative(long amount, TimeUnit unit) {
        long nanos = unit.toNanos(amount);
        recorder.record(nanos / 1e9);
        max.record((double) nanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public long count() {
        return recorder.count();
    }

    @Override
    public double totalTime(TimeUnit unit) {
        return TimeUtils.convert(recorder.sum(), TimeUnit.SECONDS, unit);
    }

    @Override
    public double max(TimeUnit unit) {
        return max.poll(unit);
    }
}
