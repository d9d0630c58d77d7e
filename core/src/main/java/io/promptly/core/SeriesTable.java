package io.promptly.core;

import java.util.Arrays;
import java.util.Map;

/**
 * The series of one metric, keyed by label values: an open-addressing hash table read without locks or
 * allocation (lookups by {@code String[]}, {@link Labels} or {@code Map} compare strings in place, building no
 * key object), plus an insertion-ordered array that collection walks.
 *
 * <p>Thread-safety: lookups and iteration are lock-free from any thread; creation and removal take this table's
 * lock and publish new arrays (release/acquire through volatile fields). A lookup racing a creation may miss and
 * then find the series under the lock, so each label-value tuple maps to exactly one series.
 */
final class SeriesTable {
    static final int SOURCE_ARRAY = 0;
    static final int SOURCE_LABELS = 1;
    static final int SOURCE_MAP = 2;

    /**
     * One series: its label values (metric label order), their hash, the metric's handle object, the table it
     * belongs to and whether it has been removed (so a {@link Labels} memo of it can be trusted or not).
     */
    static final class Entry {
        final int hash;
        final String[] values;
        final Object handle;
        final SeriesTable owner;
        volatile boolean removed;

        Entry(int hash, String[] values, Object handle, SeriesTable owner) {
            this.hash = hash;
            this.values = values;
            this.handle = handle;
            this.owner = owner;
        }
    }

    private static final Entry[] EMPTY = new Entry[0];
    private static final int INITIAL_CAPACITY = 8;

    private final String[] labelNames;
    private final Object lock = new Object();
    /** Power-of-two open-addressing table, at most half full. */
    private volatile Entry[] table = new Entry[INITIAL_CAPACITY];
    /** Entries in creation order; slots at or past {@link #size} may hold stale or null entries. */
    private volatile Entry[] ordered = EMPTY;
    private volatile int size;

    SeriesTable(String[] labelNames) {
        this.labelNames = labelNames;
    }

    /** The handle for the values in {@code source} (interpreted per {@code sourceKind}), or null. No allocation. */
    Object find(Object source, int sourceKind) {
        Entry e = findEntry(source, sourceKind);
        return e == null ? null : e.handle;
    }

    /**
     * The handle for the series {@code labels} name, or null. A {@link Labels} remembers the last series it found
     * (a racy but safe memo: an {@link Entry} is immutable but for its removed flag), so reusing one Labels object
     * with the same metric costs two field reads instead of a hash lookup. No allocation.
     */
    Object find(Labels labels) {
        Object memo = labels.memo;
        if (memo instanceof Entry) {
            Entry e = (Entry) memo;
            if (e.owner == this && !e.removed) {
                return e.handle;
            }
        }
        Entry e = findEntry(labels, SOURCE_LABELS);
        if (e == null) {
            return null;
        }
        labels.memo = e;
        return e.handle;
    }

    private Entry findEntry(Object source, int sourceKind) {
        int hash = hash(source, sourceKind);
        Entry[] t = table;
        int mask = t.length - 1;
        for (int i = hash & mask; ; i = (i + 1) & mask) {
            Entry e = t[i];
            if (e == null) {
                return null;
            }
            if (e.hash == hash && matches(e.values, source, sourceKind)) {
                return e;
            }
        }
    }

    /**
     * Adds a series for {@code values} (already validated and copied) unless one exists; returns the series'
     * handle.
     */
    Object addIfAbsent(String[] values, Object handle, int maxSeries, String metricName) {
        synchronized (lock) {
            Object existing = find(values, SOURCE_ARRAY);
            if (existing != null) {
                return existing;
            }
            int n = size;
            if (n >= maxSeries) {
                throw limitReached(n, values, metricName);
            }
            Entry entry = new Entry(hash(values, SOURCE_ARRAY), values, handle, this);
            Entry[] t = table;
            if ((n + 1) * 2 > t.length) {
                t = rehash(t, t.length * 2);
            }
            // in place: a racing reader sees null or the entry, whose fields are final (safely published)
            insert(t, entry);
            Entry[] o = ordered;
            if (n == o.length) {
                o = Arrays.copyOf(o, Math.max(INITIAL_CAPACITY, n * 2));
            }
            o[n] = entry;
            ordered = o;
            table = t;
            size = n + 1;
            return handle;
        }
    }

    /**
     * Before building a new series: the existing handle for {@code values} (validated), or null when there is none
     * and the limit leaves room. Lets a lookup past the limit fail before it builds a handle it cannot keep (a
     * summary's is tens of KB); {@link #addIfAbsent} checks again under the lock.
     *
     * @throws IllegalArgumentException when there is no such series and {@code maxSeries} are already present
     */
    Object findOrCheckRoom(String[] values, int maxSeries, String metricName) {
        Object existing = find(values, SOURCE_ARRAY);
        int n = size;
        if (existing == null && n >= maxSeries) {
            throw limitReached(n, values, metricName);
        }
        return existing;
    }

    private IllegalArgumentException limitReached(int n, String[] values, String metricName) {
        return new IllegalArgumentException("metric \"" + metricName + "\" already has " + n
                + " series, its limit: label values " + Labels.pairs(labelNames, values)
                + " would add one more (raise maxSeries, or bound the label values)");
    }

    /** Removes the series for {@code values}; true when there was one. */
    boolean remove(String[] values) {
        synchronized (lock) {
            int n = size;
            Entry[] o = ordered;
            int hash = hash(values, SOURCE_ARRAY);
            for (int i = 0; i < n; i++) {
                if (o[i].hash == hash && matches(o[i].values, values, SOURCE_ARRAY)) {
                    o[i].removed = true;
                    Entry[] next = new Entry[o.length];
                    System.arraycopy(o, 0, next, 0, i);
                    System.arraycopy(o, i + 1, next, i, n - i - 1);
                    Entry[] t = new Entry[table.length];
                    for (int j = 0; j < n - 1; j++) {
                        insert(t, next[j]);
                    }
                    ordered = next;
                    table = t;
                    size = n - 1;
                    return true;
                }
            }
            return false;
        }
    }

    /** Removes every series. */
    void clear() {
        synchronized (lock) {
            Entry[] o = ordered;
            for (int i = 0; i < size; i++) {
                o[i].removed = true;
            }
            ordered = EMPTY;
            table = new Entry[INITIAL_CAPACITY];
            size = 0;
        }
    }

    /** Number of series. */
    int size() {
        return size;
    }

    /** Creation-ordered entries; read {@link #size()} first, then this, and skip nulls. */
    Entry[] ordered() {
        return ordered;
    }

    private static Entry[] rehash(Entry[] old, int capacity) {
        Entry[] t = new Entry[capacity];
        for (Entry e : old) {
            if (e != null) {
                insert(t, e);
            }
        }
        return t;
    }

    private static void insert(Entry[] t, Entry e) {
        int mask = t.length - 1;
        int i = e.hash & mask;
        while (t[i] != null) {
            i = (i + 1) & mask;
        }
        t[i] = e;
    }

    private String value(Object source, int sourceKind, int i) {
        switch (sourceKind) {
            case SOURCE_ARRAY:
                return ((String[]) source)[i];
            case SOURCE_LABELS:
                return ((Labels) source).get(labelNames[i]);
            default:
                return mapValue(source, labelNames[i]);
        }
    }

    @SuppressWarnings("unchecked")
    private static String mapValue(Object source, String name) {
        return ((Map<String, String>) source).get(name);
    }

    private int hash(Object source, int sourceKind) {
        int h = 1;
        for (int i = 0; i < labelNames.length; i++) {
            String v = value(source, sourceKind, i);
            h = 31 * h + (v == null ? 0 : v.hashCode());
        }
        h *= 0x9E3779B9;
        return h ^ (h >>> 16);
    }

    private boolean matches(String[] values, Object source, int sourceKind) {
        for (int i = 0; i < values.length; i++) {
            String v = value(source, sourceKind, i);
            if (values[i] != v && !values[i].equals(v)) {
                return false;
            }
        }
        return true;
    }
}
