package io.promptly.agrona;

import io.promptly.core.Collectable;
import io.promptly.core.MetricMetadata;
import io.promptly.core.MetricSink;
import io.promptly.core.MetricType;
import io.promptly.core.SeriesLabels;
import org.agrona.concurrent.AtomicBuffer;
import org.agrona.concurrent.status.CountersReader;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * One {@link CounterFamily} over an Agrona {@link CountersReader}: at each scrape, walks the allocated counters
 * (up to the first never-used slot, as {@link CountersReader#forEach} does) and emits a series for each counter
 * the family takes, with the counter's current value.
 *
 * <p>Labels are extracted and encoded once per counter allocation and cached per counter id, keyed by the
 * counter's registration id and type id (and label length; for counters without a registration id, the label's
 * bytes): a freed and re-used slot is re-read, never shown with a stale label. A value is read with the reader's
 * volatile get (a 64-bit aligned load, never torn), then the slot's state and registration id are read again and
 * (for counters without a registration id, the label too) and the sample is skipped when the counter was freed
 * or replaced meanwhile. (A slot re-allocated to a counter of the same type, no registration id and the same
 * label is the same series: it is shown with the new counter's value.)
 *
 * <p>{@link #collect} may run from any number of threads at once. Steady state (no counter allocated since the
 * last scrape) allocates nothing and takes no lock: O(allocated counters) metadata reads per scrape. A new
 * counter costs its label {@code String} and one encoded {@link SeriesLabels}.
 */
public final class CountersCollectable implements Collectable {
    private final CountersReader reader;
    private final AtomicBuffer metaData;
    private final CounterFamily family;
    private final MetricMetadata metadata;
    private final boolean counter;
    private final int[] typeIds;
    private final int[] excludedTypeIds;
    private final int keyId;
    private final double divisor;
    private final int slots;
    /** Per counter id, the last encoded series; immutable entries, racy publication is safe (final fields). */
    private final Entry[] cache;
    /** For a key-matched (single-series) family: where the counter was last found. */
    private volatile int hint;

    CountersCollectable(CountersReader reader, CounterFamily family, int[] excludedTypeIds) {
        if (reader == null || family == null) {
            throw new IllegalArgumentException("counters reader and family must not be null");
        }
        this.reader = reader;
        this.metaData = reader.metaDataBuffer();
        this.family = family;
        this.metadata = family.metadata();
        this.counter = metadata.type() == MetricType.COUNTER;
        this.typeIds = family.typeIdsShared();
        this.excludedTypeIds = excludedTypeIds.clone();
        Arrays.sort(this.excludedTypeIds);
        this.keyId = family.keyId();
        this.divisor = family.divisor();
        this.slots = Math.min(reader.maxCounterId() + 1, metaData.capacity() / CountersReader.METADATA_LENGTH);
        this.cache = new Entry[Math.max(slots, 0)];
    }

    /** The family this collectable emits. */
    public CounterFamily family() {
        return family;
    }

    @Override
    public MetricMetadata metadata() {
        return metadata;
    }

    @Override
    public void collect(MetricSink sink) {
        sink.family(metadata);
        if (keyId == CounterFamily.ANY_KEY) {
            for (int id = 0; id < slots; id++) {
                int state = reader.getCounterState(id);
                if (state == CountersReader.RECORD_UNUSED) {
                    break;
                }
                if (state == CountersReader.RECORD_ALLOCATED) {
                    emit(sink, id);
                }
            }
        } else {
            int start = hint;
            if (start >= slots || reader.getCounterState(start) != CountersReader.RECORD_ALLOCATED
                    || !emit(sink, start)) {
                for (int id = 0; id < slots; id++) {
                    int state = reader.getCounterState(id);
                    if (state == CountersReader.RECORD_UNUSED) {
                        break;
                    }
                    if (id != start && state == CountersReader.RECORD_ALLOCATED && emit(sink, id)) {
                        hint = id;
                        break;
                    }
                }
            }
        }
        sink.endFamily();
    }

    /** Emits counter {@code id} when this family takes it; true when a sample was written. */
    private boolean emit(MetricSink sink, int id) {
        int typeId = reader.getCounterTypeId(id);
        if (!takes(typeId)) {
            return false;
        }
        int metaOffset = CountersReader.metaDataOffset(id);
        if (keyId != CounterFamily.ANY_KEY
                && metaData.getInt(metaOffset + CountersReader.KEY_OFFSET) != keyId) {
            return false;
        }
        long registrationId = reader.getCounterRegistrationId(id);
        Entry entry = cache[id];
        if (entry == null || !entry.matches(metaData, metaOffset, typeId, registrationId)) {
            entry = load(sink, id, typeId, registrationId, metaOffset);
            if (entry == null) {
                return false;
            }
            cache[id] = entry;
        }
        if (entry.labels == null) {
            return false;
        }
        long value = reader.getCounterValue(id);
        // the slot may have been freed (or freed and re-allocated) while we read: then the value is not this
        // series' and the sample is left out of this scrape
        // (state first: its volatile read orders the re-read of a re-allocated slot's label after its writes;
        // without a registration id, the label is what tells a re-allocated counter apart)
        if (reader.getCounterState(id) != CountersReader.RECORD_ALLOCATED
                || !entry.matches(metaData, metaOffset, reader.getCounterTypeId(id),
                        reader.getCounterRegistrationId(id))) {
            return false;
        }
        if (counter) {
            if (value < 0) {
                sink.sampleDropped(metadata, MetricSink.CAUSE_CALLBACK_VALUE);
                return false;
            }
            sink.counter(entry.labels, value, 0.0);
        } else {
            sink.gauge(entry.labels, divisor == 1.0 ? (double) value : value / divisor);
        }
        return true;
    }

    private boolean takes(int typeId) {
        if (family.anyType()) {
            return Arrays.binarySearch(excludedTypeIds, typeId) < 0;
        }
        return Arrays.binarySearch(typeIds, typeId) >= 0;
    }

    /** Reads and encodes counter {@code id}'s labels (allocates: once per allocation of the counter). */
    private Entry load(MetricSink sink, int id, int typeId, long registrationId, int metaOffset) {
        int labelLength = metaData.getInt(metaOffset + CountersReader.LABEL_OFFSET);
        if (labelLength < 0 || labelLength > CountersReader.MAX_LABEL_LENGTH) {
            return null;
        }
        byte[] labelBytes = new byte[labelLength];
        metaData.getBytes(metaOffset + CountersReader.LABEL_OFFSET + Integer.BYTES, labelBytes);
        if (reader.getCounterState(id) != CountersReader.RECORD_ALLOCATED
                || reader.getCounterRegistrationId(id) != registrationId) {
            return null; // changed while read: next scrape
        }
        String label = new String(labelBytes, reader.labelCharset() == null
                ? StandardCharsets.US_ASCII : reader.labelCharset());
        SeriesLabels labels;
        try {
            String[] values = family.extractor().labelValues(id, typeId, registrationId, label);
            labels = values == null ? null : SeriesLabels.of(family.labelNamesShared(), values);
        } catch (RuntimeException e) {
            sink.sampleDropped(metadata, MetricSink.CAUSE_CALLBACK_THREW);
            labels = null;
        }
        return new Entry(typeId, registrationId, labelBytes, labels);
    }

    /** One counter's encoded series, valid while its slot holds the same counter. */
    private static final class Entry {
        final int typeId;
        final long registrationId;
        /** The label as stored (compared in full when there is no registration id to tell counters apart). */
        final byte[] label;
        /** Null when the family leaves the counter out. */
        final SeriesLabels labels;

        Entry(int typeId, long registrationId, byte[] label, SeriesLabels labels) {
            this.typeId = typeId;
            this.registrationId = registrationId;
            this.label = label;
            this.labels = labels;
        }

        boolean matches(AtomicBuffer metaData, int metaOffset, int currentTypeId, long currentRegistrationId) {
            if (currentTypeId != typeId || currentRegistrationId != registrationId) {
                return false;
            }
            int labelOffset = metaOffset + CountersReader.LABEL_OFFSET;
            if (metaData.getInt(labelOffset) != label.length) {
                return false;
            }
            if (registrationId != CountersReader.DEFAULT_REGISTRATION_ID) {
                return true; // registration ids are unique: same id, same counter
            }
            for (int i = 0; i < label.length; i++) {
                if (metaData.getByte(labelOffset + Integer.BYTES + i) != label[i]) {
                    return false;
                }
            }
            return true;
        }
    }
}
