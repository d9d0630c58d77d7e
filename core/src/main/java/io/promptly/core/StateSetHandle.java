package io.promptly.core;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * One state set series: one flag per state, each a long (0 or 1) written with release stores.
 *
 * <p>Thread-safe: any thread may set states while others collect. Allocates nothing; looking a state up by name
 * is a linear scan over the (few) states.
 */
public final class StateSetHandle {
    private static final VarHandle LONGS = MethodHandles.arrayElementVarHandle(long[].class);

    private final String metricName;
    private final SeriesLabels labels;
    private final EncodedLabel[] states;
    private final long[] flags;

    StateSetHandle(String metricName, SeriesLabels labels, EncodedLabel[] states) {
        this.metricName = metricName;
        this.labels = labels;
        this.states = states;
        this.flags = new long[states.length];
    }

    /**
     * Sets one state.
     *
     * @throws IllegalArgumentException when the state is not one of the set's states
     */
    public void set(String state, boolean enabled) {
        LONGS.setRelease(flags, indexOf(state), enabled ? 1L : 0L);
    }

    /** Enables {@code state} and disables every other (not atomic as a whole: a scrape may see the switch midway). */
    public void enableOnly(String state) {
        int index = indexOf(state);
        for (int i = 0; i < flags.length; i++) {
            LONGS.setRelease(flags, i, i == index ? 1L : 0L);
        }
    }

    /** Whether {@code state} is enabled. */
    public boolean isEnabled(String state) {
        return (long) LONGS.getAcquire(flags, indexOf(state)) != 0;
    }

    /** This series' labels (const labels included). */
    public SeriesLabels seriesLabels() {
        return labels;
    }

    void collect(MetricSink sink) {
        for (int i = 0; i < states.length; i++) {
            sink.stateSetState(labels, states[i], (long) LONGS.getAcquire(flags, i) != 0);
        }
    }

    private int indexOf(String state) {
        for (int i = 0; i < states.length; i++) {
            if (states[i].value().equals(state)) {
                return i;
            }
        }
        throw new IllegalArgumentException("state \"" + state + "\" is not a state of state set \"" + metricName + "\"");
    }
}
