package io.promptly.core;

import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * What every Promptly metric shares: validated metadata, label names, const labels, the table of series and the
 * cardinality guard. {@code H} is the metric's handle type: {@link #labels(String...)} returns the handle of one
 * series (created on first use, the same object ever after — cache it: its updates do no lookup and allocate
 * nothing). A metric without label names is its own handle.
 *
 * <p>Thread-safe: handles may be looked up, created, updated and removed from any thread while others collect.
 *
 * @param <H> the handle type
 */
public abstract class Metric<H> implements Collectable {
    /** Default maximum number of series per metric (the cardinality guard). */
    public static final int DEFAULT_MAX_SERIES = 50_000;

    private final MetricMetadata metadata;
    private final String[] labelNames;
    private final String[] constNames;
    private final String[] constValues;
    /** Const label names then label names, and their encodings: shared by every series' labels. */
    private final String[] allNames;
    private final LabelNameSet allNameSet;
    /** Whether the metric name and every label name are legacy names. */
    private final boolean legacyNames;
    private final int maxSeries;
    private final SeriesTable series;
    /** Type-specific series configuration (a histogram's buckets), built by the builder before any series. */
    private final Object seriesConfig;
    /** The only series of a metric without label names, else null. */
    private final H unlabelled;
    /** Where {@link #collect} leaves the sum of its {@link #warm} reads, so they are not optimised away. */
    @SuppressWarnings("unused")
    private long warmSink;

    Metric(MetricBuilder<?, ?> builder, MetricType type) {
        NameValidation validation = builder.validation();
        this.metadata = new MetricMetadata(builder.name, type, builder.help, builder.unit, validation);
        Labels constLabels = builder.constLabels;
        this.constNames = constLabels.namesArray().clone();
        this.constValues = constLabels.valuesArray().clone();
        for (String constName : constNames) {
            Names.checkLabelName(metadata.name(), constName, validation);
            Names.checkReserved(metadata.name(), type, constName);
        }
        this.labelNames = Names.checkLabelNames(metadata.name(), type, builder.labelNames, constNames, validation);
        if (builder.maxSeries < 1) {
            throw new IllegalArgumentException("maxSeries of metric \"" + metadata.name() + "\" must be ≥ 1, got "
                    + builder.maxSeries);
        }
        this.maxSeries = builder.maxSeries;
        this.allNames = concat(constNames, labelNames);
        Names.checkEscapedDistinct(metadata.name(), allNames);
        this.allNameSet = new LabelNameSet(allNames);
        boolean legacy = metadata.legacyName();
        for (String n : allNames) {
            legacy &= NameEscaping.isLegacyLabelName(n);
        }
        this.legacyNames = legacy;
        this.series = new SeriesTable(labelNames);
        this.seriesConfig = builder.seriesConfig(metadata.name());
        this.unlabelled = labelNames.length == 0 ? create(new String[0]) : null;
    }

    @Override
    public final MetricMetadata metadata() {
        return metadata;
    }

    /** Whether the metric name and every label name (const labels included) are legacy Prometheus names. */
    public final boolean legacyNames() {
        return legacyNames;
    }

    /** The metric's label names, in the order {@link #labels(String...)} takes their values. */
    public final List<String> labelNames() {
        return Collections.unmodifiableList(Arrays.asList(labelNames));
    }

    /**
     * The handle of the series with these label values (in {@link #labelNames()} order), created on first use.
     * Cache the handle: this lookup hashes the values; the handle's updates do not. A series is keyed by the
     * label values as written (UTF-8, an unpaired surrogate as U+FFFD), so a lone U+D800 and U+FFFD name the
     * same series; a value holding an unpaired surrogate takes the slow (locked) path on every lookup.
     *
     * @throws IllegalArgumentException when the count differs from the label names, a value is null, or a new
     *                                  series would pass the metric's series limit
     */
    public final H labels(String... labelValues) {
        if (labelValues == null || labelValues.length != labelNames.length) {
            throw wrongCount(labelValues == null ? 0 : labelValues.length, labelValues);
        }
        Object found = series.find(labelValues, SeriesTable.SOURCE_ARRAY);
        return found != null ? cast(found) : create(labelValues.clone());
    }

    /**
     * The handle of the series named by {@code labels} (aioprometheus's per-call label dict), created on first
     * use. Allocates nothing for an existing series.
     *
     * @throws IllegalArgumentException when the names differ from the metric's label names or a new series would
     *                                  pass the series limit
     */
    public final H labels(Labels labels) {
        if (labels == null) {
            throw nullLabels(); // not requireNonNull: its message would be built (allocated) on every call
        }
        // look up first: a hit proves the names match (every value was found under the metric's names and the
        // count is right); only a miss pays for the full name check
        Object found = labels.size() == labelNames.length ? series.find(labels) : null;
        if (found != null) {
            return cast(found);
        }
        checkNames(labels.size(), labels, null);
        String[] values = new String[labelNames.length];
        for (int i = 0; i < values.length; i++) {
            values[i] = labels.get(labelNames[i]);
        }
        return create(values);
    }

    /**
     * The handle of the series named by a map of label names to values, created on first use.
     *
     * @throws IllegalArgumentException when the names differ from the metric's label names or a new series would
     *                                  pass the series limit
     */
    public final H labels(Map<String, String> labels) {
        if (labels == null) {
            throw nullLabels(); // not requireNonNull: its message would be built (allocated) on every call
        }
        Object found = labels.size() == labelNames.length ? series.find(labels, SeriesTable.SOURCE_MAP) : null;
        if (found != null) {
            return cast(found);
        }
        checkNames(labels.size(), null, labels);
        String[] values = new String[labelNames.length];
        for (int i = 0; i < values.length; i++) {
            values[i] = labels.get(labelNames[i]);
        }
        return create(values);
    }

    /**
     * Removes the series with these label values; a handle to it that a caller still holds keeps working but is
     * no longer collected.
     *
     * @return true when such a series existed
     */
    public final boolean remove(String... labelValues) {
        if (labelValues == null || labelValues.length != labelNames.length) {
            throw wrongCount(labelValues == null ? 0 : labelValues.length, labelValues);
        }
        if (labelNames.length == 0) {
            return false;
        }
        String[] key = labelValues;
        for (int i = 0; i < key.length; i++) {
            String v = key[i] == null ? null : Utf8.wellFormed(key[i]);
            if (v != key[i]) {
                key = key == labelValues ? labelValues.clone() : key;
                key[i] = v;
            }
        }
        return series.remove(key);
    }

    /** Removes every series (a metric without labels keeps its single series). */
    public final void clear() {
        if (labelNames.length > 0) {
            series.clear();
        }
    }

    /** Number of series currently collected. */
    public final int seriesCount() {
        return series.size();
    }

    /**
     * {@inheritDoc}
     *
     * @throws IllegalArgumentException when {@code sink} is null
     */
    @Override
    public final void collect(MetricSink sink) {
        Names.requireNonNull(sink, "sink");
        sink.family(metadata);
        int n = series.size();
        SeriesTable.Entry[] entries = series.ordered();
        int end = Math.min(n, entries.length);
        long warmed = 0;
        for (int i = 0; i < end; i++) {
            SeriesTable.Entry e = entries[i];
            if (i + 3 < end) {
                // a pipeline of touches, one hop deeper per series nearer: the entry three series ahead, the
                // handle object two ahead (its header), then everything the next one reads (warm)
                SeriesTable.Entry third = entries[i + 3];
                if (third != null) {
                    warmed += third.hash;
                }
            }
            if (i + 2 < end) {
                SeriesTable.Entry second = entries[i + 2];
                if (second != null && second.handle.getClass() == Object.class) {
                    warmed++;
                }
            }
            if (i + 1 < end) {
                // start the next series' cache misses now, so they overlap this series' writing (see warm)
                SeriesTable.Entry next = entries[i + 1];
                if (next != null) {
                    warmed += warm(cast(next.handle));
                }
            }
            if (e != null) {
                collectSeries(cast(e.handle), sink);
            }
        }
        warmSink = warmed;
        sink.endFamily();
    }

    /**
     * Reads (plainly, value unused) what collecting {@code handle} will read first, so that the loads of the next
     * series are in flight while this one is written: a writer's next position depends on the value it writes,
     * so a value arriving late stalls every later store. Returns what it read, to keep the load. The default
     * reads nothing.
     */
    long warm(H handle) {
        return 0;
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + " " + metadata.name() + Arrays.toString(labelNames);
    }

    /** The handle of a metric without labels. */
    final H unlabelled() {
        if (unlabelled == null) {
            throw new IllegalArgumentException("metric \"" + metadata.name() + "\" has label names "
                    + Arrays.toString(labelNames) + ": update a series through labels(...)");
        }
        return unlabelled;
    }

    /** What the builder's {@code seriesConfig} returned: shared by every series. */
    final Object seriesConfig() {
        return seriesConfig;
    }

    /** Creates the handle object of a new series. */
    abstract H newHandle(SeriesLabels labels);

    /** Writes one series' samples. */
    abstract void collectSeries(H handle, MetricSink sink);

    private H create(String[] values) {
        for (int i = 0; i < values.length; i++) {
            Names.checkLabelValue(metadata.name(), labelNames[i], values[i]);
            // key the series by what is written: a lone U+D800 and U+FFFD are one label value on the wire
            values[i] = Utf8.wellFormed(values[i]);
        }
        Object existing = series.findOrCheckRoom(values, maxSeries, metadata.name());
        if (existing != null) {
            return cast(existing);
        }
        String[] allValues = concat(constValues, values);
        SeriesLabels encoded = allNames.length == 0 ? SeriesLabels.EMPTY
                : new SeriesLabels(allNameSet, allValues);
        return cast(series.addIfAbsent(values, newHandle(encoded), maxSeries, metadata.name()));
    }

    private void checkNames(int count, Labels labels, Map<String, String> map) {
        boolean ok = count == labelNames.length;
        for (int i = 0; ok && i < labelNames.length; i++) {
            ok = (labels != null ? labels.get(labelNames[i]) : map.get(labelNames[i])) != null;
        }
        if (!ok) {
            throw new IllegalArgumentException("metric \"" + metadata.name() + "\" has label names "
                    + Arrays.toString(labelNames) + " but got labels " + (labels != null ? labels : map));
        }
    }

    private IllegalArgumentException nullLabels() {
        return new IllegalArgumentException("labels of metric \"" + metadata.name() + "\" must not be null");
    }

    private IllegalArgumentException wrongCount(int count, String[] values) {
        return new IllegalArgumentException("metric \"" + metadata.name() + "\" has " + labelNames.length
                + " label names " + Arrays.toString(labelNames) + " but got " + count + " label values "
                + Arrays.toString(values));
    }

    private static String[] concat(String[] a, String[] b) {
        if (a.length == 0) {
            return b;
        }
        String[] all = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }

    @SuppressWarnings("unchecked")
    private static <H> H cast(Object handle) {
        return (H) handle;
    }
}
