package io.promptly.micrometer;

import io.promptly.core.Collectable;
import io.promptly.core.MetricMetadata;
import io.promptly.core.MetricSink;
import io.promptly.core.SeriesLabels;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A family whose series are read from Micrometer meters at scrape time (function timers, long task timers): each
 * series computes its values first and then writes them, so a meter that throws drops its own sample only
 * (reported to the sink as {@link MetricSink#CAUSE_CALLBACK_THREW}), never the scrape.
 *
 * <p>Thread-safe: series are added and removed (copy on write, at meter creation and removal) while others
 * collect. Collecting costs what the meters' snapshots cost.
 */
final class SnapshotFamily implements Collectable {
    /** Writes one series' samples; computes every value before its first sink call. */
    interface SeriesWriter {
        void write(SeriesLabels labels, MetricSink sink);
    }

    private static final class Series {
        final SeriesLabels labels;
        final SeriesWriter writer;

        Series(SeriesLabels labels, SeriesWriter writer) {
            this.labels = labels;
            this.writer = writer;
        }
    }

    private final MetricMetadata metadata;
    private final CopyOnWriteArrayList<Series> series = new CopyOnWriteArrayList<>();

    SnapshotFamily(MetricMetadata metadata) {
        this.metadata = metadata;
    }

    @Override
    public MetricMetadata metadata() {
        return metadata;
    }

    Object add(SeriesLabels labels, SeriesWriter writer) {
        Series s = new Series(labels, writer);
        series.add(s);
        return s;
    }

    void remove(Object added) {
        series.remove(added);
    }

    @Override
    public void collect(MetricSink sink) {
        sink.family(metadata);
        for (Series s : series) {
            try {
                s.writer.write(s.labels, sink);
            } catch (RuntimeException e) {
                sink.sampleDropped(metadata, MetricSink.CAUSE_CALLBACK_THREW);
            }
        }
        sink.endFamily();
    }
}
