package io.promptly.core;

import java.util.Map;

/**
 * The options every metric builder shares: name, help, unit, label names, const labels and the series limit.
 * Validation happens in {@code build()}, each failure an {@link IllegalArgumentException} naming the bad value.
 *
 * <p>Not thread-safe: build on one thread, then share the metric.
 *
 * @param <B> the concrete builder
 * @param <M> the metric it builds
 */
public abstract class MetricBuilder<B extends MetricBuilder<B, M>, M extends Collectable> {
    final String name;
    String help = "";
    String unit = "";
    String[] labelNames = new String[0];
    Labels constLabels = Labels.EMPTY;
    int maxSeries = Metric.DEFAULT_MAX_SERIES;
    /** The rule names are checked by: the registry's in {@link #register(Registry)}, else the default. */
    NameValidation validation;

    MetricBuilder(String name) {
        this.name = name;
    }

    /** Sets the help text (any Unicode; escaped per format when written). */
    public final B help(String help) {
        this.help = help;
        return self();
    }

    /**
     * Sets the unit; the metric name must then end with {@code _<unit>}. Info and state set metrics take no unit
     * (OpenMetrics forbids one): their {@code build()} refuses it.
     */
    public final B unit(String unit) {
        this.unit = unit;
        return self();
    }

    /** Sets the label names whose values each series supplies. */
    public final B labelNames(String... labelNames) {
        this.labelNames = labelNames;
        return self();
    }

    /** Sets labels with fixed values added to every series (aioprometheus's {@code const_labels}). */
    public final B constLabels(Labels constLabels) {
        Names.requireNonNull(constLabels, "const labels");
        this.constLabels = constLabels;
        return self();
    }

    /** Sets const labels from a map. */
    public final B constLabels(Map<String, String> constLabels) {
        return constLabels(Labels.of(constLabels));
    }

    /** Sets the maximum number of series (default {@value Metric#DEFAULT_MAX_SERIES}); past it, lookups throw. */
    public final B maxSeries(int maxSeries) {
        this.maxSeries = maxSeries;
        return self();
    }

    /** Validated type-specific configuration every series shares (null when none). */
    Object seriesConfig(String metricName) {
        return null;
    }

    /**
     * Builds the metric without registering it, its names checked by {@link NameValidation#defaultValidation()}.
     */
    public abstract M build();

    /** The rule this build checks names by. */
    final NameValidation validation() {
        return validation != null ? validation : NameValidation.defaultValidation();
    }

    /** Builds the metric, its names checked by {@code registry}'s rule, and registers it in {@code registry}. */
    public final M register(Registry registry) {
        Names.requireNonNull(registry, "registry");
        NameValidation previous = validation;
        validation = registry.nameValidation();
        try {
            return registry.register(build());
        } finally {
            validation = previous;
        }
    }

    /** Builds the metric and registers it in {@link Registry#DEFAULT}. */
    public final M register() {
        return register(Registry.DEFAULT);
    }

    @SuppressWarnings("unchecked")
    private B self() {
        return (B) this;
    }
}
