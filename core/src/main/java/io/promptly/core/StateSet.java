package io.promptly.core;

import java.util.Arrays;

/**
 * A fixed set of named boolean states (feature flags, a state machine's current state), exposed as one sample
 * per state with the state name in a label named like the metric: {@code feature{feature="a"} 1}.
 *
 * <p>No unit: OpenMetrics requires a stateset family's unit to be empty, so {@code build()} refuses
 * {@code .unit(..)} with an {@link IllegalArgumentException} naming the metric.
 *
 * <p>Thread-safe. A state set without label names is its own handle.
 */
public final class StateSet extends Metric<StateSetHandle> {
    private StateSet(Builder builder) {
        super(builder, MetricType.STATESET);
    }

    /** Starts building a state set named {@code name}. */
    public static Builder builder(String name) {
        return new Builder(name);
    }

    /** Sets one state (metric without labels). */
    public void set(String state, boolean enabled) {
        unlabelled().set(state, enabled);
    }

    /** Enables {@code state} and disables every other state (metric without labels). */
    public void enableOnly(String state) {
        unlabelled().enableOnly(state);
    }

    /** Whether {@code state} is enabled (metric without labels). */
    public boolean isEnabled(String state) {
        return unlabelled().isEnabled(state);
    }

    @Override
    StateSetHandle newHandle(SeriesLabels labels) {
        return new StateSetHandle(metadata().name(), labels, (EncodedLabel[]) seriesConfig());
    }

    @Override
    void collectSeries(StateSetHandle handle, MetricSink sink) {
        handle.collect(sink);
    }

    /** Builds a {@link StateSet}. Not thread-safe. */
    public static final class Builder extends MetricBuilder<Builder, StateSet> {
        private String[] states = new String[0];

        private Builder(String name) {
            super(name);
        }

        /** Sets the state names (at least one, distinct). */
        public Builder states(String... states) {
            this.states = states;
            return this;
        }

        @Override
        Object seriesConfig(String metricName) {
            Names.requireNonNull(states, "states of state set \"" + metricName + "\"");
            if (states.length == 0) {
                throw new IllegalArgumentException("state set \"" + metricName + "\" needs at least one state");
            }
            // the state is written in a label named like the metric, so the name must also be a label name
            Names.checkLabelName(metricName, metricName);
            EncodedLabel[] encoded = new EncodedLabel[states.length];
            for (int i = 0; i < states.length; i++) {
                Names.checkLabelValue(metricName, metricName, states[i]);
                for (int j = 0; j < i; j++) {
                    if (states[j].equals(states[i])) {
                        throw new IllegalArgumentException("state \"" + states[i] + "\" appears twice in state set \""
                                + metricName + "\": " + Arrays.toString(states));
                    }
                }
                encoded[i] = EncodedLabel.state(metricName, states[i]);
            }
            return encoded;
        }

        @Override
        public StateSet build() {
            return new StateSet(this);
        }
    }
}
