package io.promptly.agrona;

import io.promptly.core.MetricMetadata;
import io.promptly.core.MetricType;
import io.promptly.core.SeriesLabels;

import java.util.Arrays;

/**
 * A mapping from Agrona counters to one Prometheus family: which counters belong to it (type ids, optionally the
 * {@code int} at the start of the counter's key, as Aeron's system counters use), the family's name, help and
 * type (counter or gauge), its label names and the {@link CounterLabelExtractor} that fills them in.
 *
 * <p>Immutable; safe from any thread. Built once at start-up (validation and allocation happen here).
 */
public final class CounterFamily {
    /** {@link #keyId()} when the family does not look at the counter's key. */
    public static final int ANY_KEY = Integer.MIN_VALUE;

    private final MetricMetadata metadata;
    private final int[] typeIds;
    private final boolean anyType;
    private final int keyId;
    private final String[] labelNames;
    private final CounterLabelExtractor extractor;
    private final double divisor;

    private CounterFamily(MetricMetadata metadata, int[] typeIds, boolean anyType, int keyId, String[] labelNames,
            CounterLabelExtractor extractor, double divisor) {
        if (labelNames == null || extractor == null) {
            throw new IllegalArgumentException("family \"" + metadata.name()
                    + "\": label names and extractor must not be null");
        }
        if (!(divisor > 0) || Double.isInfinite(divisor)) {
            throw new IllegalArgumentException("family \"" + metadata.name() + "\": divisor " + divisor
                    + " must be a finite positive number");
        }
        if (divisor != 1.0 && metadata.type() == MetricType.COUNTER) {
            throw new IllegalArgumentException("family \"" + metadata.name()
                    + "\": a counter family keeps the counter's integer value (divisor must be 1)");
        }
        // validates the names now, not at the first scrape
        SeriesLabels.of(labelNames, filled(labelNames.length));
        this.metadata = metadata;
        this.typeIds = typeIds.clone();
        Arrays.sort(this.typeIds);
        this.anyType = anyType;
        this.keyId = keyId;
        this.labelNames = labelNames.clone();
        this.extractor = extractor;
        this.divisor = divisor;
    }

    private static String[] filled(int n) {
        String[] values = new String[n];
        Arrays.fill(values, "");
        return values;
    }

    /**
     * A counter family ({@code name} without {@code _total}) of the counters with one of {@code typeIds}.
     *
     * @throws IllegalArgumentException when the name, a label name or the help is invalid, or no type id is given
     */
    public static CounterFamily counter(String name, String help, String[] labelNames,
            CounterLabelExtractor extractor, int... typeIds) {
        return new CounterFamily(new MetricMetadata(name, MetricType.COUNTER, help, ""), requireTypes(name, typeIds),
                false, ANY_KEY, labelNames, extractor, 1.0);
    }

    /**
     * A gauge family of the counters with one of {@code typeIds}.
     *
     * @throws IllegalArgumentException when the name, a label name or the help is invalid, or no type id is given
     */
    public static CounterFamily gauge(String name, String help, String[] labelNames,
            CounterLabelExtractor extractor, int... typeIds) {
        return new CounterFamily(new MetricMetadata(name, MetricType.GAUGE, help, ""), requireTypes(name, typeIds),
                false, ANY_KEY, labelNames, extractor, 1.0);
    }

    /**
     * A gauge family of every counter no other family given to {@link AgronaCounters#register} claims: labels
     * {@code type_id}, {@code counter_id} and {@code label} (the counter's label as stored).
     *
     * @throws IllegalArgumentException when the name or help is invalid
     */
    public static CounterFamily anyOther(String name, String help) {
        return new CounterFamily(new MetricMetadata(name, MetricType.GAUGE, help, ""), new int[0], true, ANY_KEY,
                new String[] {"type_id", "counter_id", "label"},
                (id, type, registrationId, label) -> new String[] {Integer.toString(type), Integer.toString(id),
                        label},
                1.0);
    }

    /**
     * This family restricted to the counters whose key starts with the {@code int} {@code keyId} (Aeron's
     * system counters carry their {@code SystemCounterDescriptor} id there). Such a family holds at most one
     * series: a scrape stops at the first counter that matches.
     */
    public CounterFamily withKeyId(int keyId) {
        return new CounterFamily(metadata, typeIds, anyType, keyId, labelNames, extractor, divisor);
    }

    /**
     * This gauge family with each value divided by {@code divisor} (e.g. {@code 1e9} to show nanoseconds as
     * seconds: a division is correctly rounded, so 13209776 ns shows as 0.013209776).
     *
     * @throws IllegalArgumentException when the family is a counter or the divisor not finite and positive
     */
    public CounterFamily withDivisor(double divisor) {
        return new CounterFamily(metadata, typeIds, anyType, keyId, labelNames, extractor, divisor);
    }

    private static int[] requireTypes(String name, int[] typeIds) {
        if (typeIds == null || typeIds.length == 0) {
            throw new IllegalArgumentException("family \"" + name + "\" names no counter type id");
        }
        return typeIds;
    }

    /** The family's name, type, help. */
    public MetricMetadata metadata() {
        return metadata;
    }

    /** The type ids this family takes (sorted; a copy), empty for {@link #anyOther}. */
    public int[] typeIds() {
        return typeIds.clone();
    }

    /** True for {@link #anyOther}: every type id no other family claims. */
    public boolean anyType() {
        return anyType;
    }

    /** The key id counters must carry, or {@link #ANY_KEY}. */
    public int keyId() {
        return keyId;
    }

    /** The label names (a copy). */
    public String[] labelNames() {
        return labelNames.clone();
    }

    String[] labelNamesShared() {
        return labelNames;
    }

    int[] typeIdsShared() {
        return typeIds;
    }

    /** The extractor filling in the label values. */
    public CounterLabelExtractor extractor() {
        return extractor;
    }

    /** What a gauge's value is divided by (1 for counters). */
    public double divisor() {
        return divisor;
    }

    @Override
    public String toString() {
        return metadata + " types=" + Arrays.toString(typeIds) + (anyType ? " (any other)" : "")
                + (keyId == ANY_KEY ? "" : " key=" + keyId);
    }
}
