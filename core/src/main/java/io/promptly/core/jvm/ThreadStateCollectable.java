package io.promptly.core.jvm;

import io.promptly.core.Collectable;
import io.promptly.core.MetricMetadata;
import io.promptly.core.MetricSink;
import io.promptly.core.MetricType;
import io.promptly.core.SeriesLabels;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;

/**
 * {@code jvm_threads_state{state}}: the number of live threads in each {@link Thread.State}, every state
 * present (0 when no thread is in it). All counts come from one {@link ThreadMXBean#getThreadInfo(long[], int)}
 * call per scrape (stack depth 0), so they describe one moment and add up to the threads seen.
 *
 * <p>Thread-safe. Cost per collect: O(threads); the MXBean allocates an id array and one {@link ThreadInfo} per
 * thread (this is the JDK's only public way to read thread states), plus one small count array. When the bean
 * throws, the family is written without samples.
 */
final class ThreadStateCollectable implements Collectable {
    private static final Thread.State[] STATES = Thread.State.values();

    private final MetricMetadata metadata;
    private final ThreadMXBean threads;
    private final SeriesLabels[] labels = new SeriesLabels[STATES.length];

    ThreadStateCollectable(String name, String help, ThreadMXBean threads) {
        this.metadata = new MetricMetadata(name, MetricType.GAUGE, help, "");
        this.threads = threads;
        for (int i = 0; i < STATES.length; i++) {
            labels[i] = SeriesLabels.of(new String[] {"state"}, new String[] {STATES[i].name()});
        }
    }

    @Override
    public MetricMetadata metadata() {
        return metadata;
    }

    @Override
    public void collect(MetricSink sink) {
        int[] counts = countByState();
        sink.family(metadata);
        if (counts != null) {
            for (int i = 0; i < STATES.length; i++) {
                sink.gauge(labels[i], counts[i]);
            }
        }
        sink.endFamily();
    }

    /** Live threads per state (indexed by ordinal), or null when the bean failed. */
    private int[] countByState() {
        ThreadInfo[] infos;
        try {
            infos = threads.getThreadInfo(threads.getAllThreadIds(), 0);
        } catch (RuntimeException e) {
            return null; // documented: a failing source drops its samples, never the scrape
        }
        int[] counts = new int[STATES.length];
        for (ThreadInfo info : infos) {
            if (info != null) { // null: the thread ended between the two calls
                counts[info.getThreadState().ordinal()]++;
            }
        }
        return counts;
    }

    @Override
    public String toString() {
        return "ThreadStateCollectable " + metadata.name();
    }
}
