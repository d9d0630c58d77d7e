package io.promptly.core.jvm;

import io.promptly.core.Collectable;
import io.promptly.core.MetricMetadata;
import io.promptly.core.MetricSink;
import io.promptly.core.MetricType;
import io.promptly.core.SeriesLabels;
import java.lang.management.GarbageCollectorMXBean;
import java.util.List;

/**
 * {@code jvm_gc_collection_seconds{gc}}: one summary series per garbage collector, with no quantiles, whose
 * {@code _count} is the collector's collection count and whose {@code _sum} its accumulated collection time in
 * seconds — the shape client_java and simpleclient expose, so existing queries and dashboards work.
 *
 * <p>Thread-safe. A collect reads two MXBean attributes per collector and allocates nothing of its own. A
 * collector whose count is undefined (-1) or whose bean throws is left out of that scrape.
 */
final class GcCollectable implements Collectable {
    private static final double SECONDS_PER_MILLI = 1e-3;

    private final MetricMetadata metadata;
    private final GarbageCollectorMXBean[] collectors;
    private final SeriesLabels[] labels;

    GcCollectable(String name, String help, List<GarbageCollectorMXBean> beans) {
        this.metadata = new MetricMetadata(name, MetricType.SUMMARY, help, "seconds");
        this.collectors = beans.toArray(new GarbageCollectorMXBean[0]);
        this.labels = new SeriesLabels[collectors.length];
        for (int i = 0; i < collectors.length; i++) {
            labels[i] = SeriesLabels.of(new String[] {"gc"}, new String[] {collectors[i].getName()});
        }
    }

    @Override
    public MetricMetadata metadata() {
        return metadata;
    }

    @Override
    public void collect(MetricSink sink) {
        sink.family(metadata);
        for (int i = 0; i < collectors.length; i++) {
            long count;
            long millis;
            try {
                count = collectors[i].getCollectionCount();
                millis = collectors[i].getCollectionTime();
            } catch (RuntimeException e) {
                continue; // documented: a failing source drops its samples, never the scrape
            }
            if (count < 0 || millis < 0) {
                continue; // -1: the collector does not define it
            }
            sink.summaryStart(labels[i]);
            sink.summaryEnd(labels[i], count, millis * SECONDS_PER_MILLI);
        }
        sink.endFamily();
    }

    @Override
    public String toString() {
        return "GcCollectable " + metadata.name();
    }
}
