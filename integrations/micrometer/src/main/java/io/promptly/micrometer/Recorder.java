package io.promptly.micrometer;

import io.promptly.core.HistogramHandle;
import io.promptly.core.SummaryHandle;

/**
 * Where a timer or distribution summary records: one pre-bound Promptly series, a classic histogram when the
 * meter publishes buckets (SLOs, percentile histogram), else a summary (quantiles when it publishes percentiles).
 *
 * <p>Immutable; the handles are thread-safe. {@link #record} is lock-free and allocation-free.
 */
final class Recorder {
    private final HistogramHandle histogram;
    private final SummaryHandle summary;

    Recorder(HistogramHandle histogram, SummaryHandle summary) {
        this.histogram = histogram;
        this.summary = summary;
    }

    void record(double value) {
        if (histogram != null) {
            histogram.observe(value);
        } else {
            summary.observe(value);
        }
    }

    long count() {
        return histogram != null ? histogram.count() : summary.count();
    }

    double sum() {
        return histogram != null ? histogram.sum() : summary.sum();
    }
}
