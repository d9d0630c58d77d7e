package io.promptly.core;

import java.util.Arrays;
import java.util.Map;

/**
 * An immutable set of label names and values, aioprometheus style: {@code counter.inc(Labels.of("kind",
 * "event A"))}. Used for per-call labels (looked up without allocation against the metric's label names, in any
 * order) and for const labels.
 *
 * <p>Immutable; safe from any thread. Prefer a cached handle ({@code metric.labels(...)}) on hot paths.
 */
public final class Labels {
    /** No labels. */
    public static final Labels EMPTY = new Labels(new String[0], new String[0]);

    private final String[] names;
    private final String[] values;
    /** Code points of every name and value together (the exemplar size rule). */
    private final int codePoints;
    /** Whether every name is a legacy label name (exemplar labels must be). */
    private final boolean legacyNames;

    /**
     * The last series this Labels found ({@code SeriesTable.Entry}), a memo for per-call lookups: written and read
     * without synchronisation, which is safe because the entry is immutable but for a volatile removed flag.
     */
    Object memo;

    private Labels(String[] names, String[] values) {
        this.names = names;
        this.values = values;
        int total = 0;
        boolean legacy = true;
        for (int i = 0; i < names.length; i++) {
            total += names[i].codePointCount(0, names[i].length()) + values[i].codePointCount(0, values[i].length());
            legacy &= NameEscaping.isLegacyLabelName(names[i]);
        }
        this.codePoints = total;
        this.legacyNames = legacy;
    }

    /** One label. */
    public static Labels of(String name, String value) {
        return build(new String[] {name}, new String[] {value});
    }

    /** Two labels. */
    public static Labels of(String name1, String value1, String name2, String value2) {
        return build(new String[] {name1, name2}, new String[] {value1, value2});
    }

    /** Three labels. */
    public static Labels of(String name1, String value1, String name2, String value2, String name3, String value3) {
        return build(new String[] {name1, name2, name3}, new String[] {value1, value2, value3});
    }

    /**
     * Labels from alternating names and values: {@code ofPairs("a", "1", "b", "2")}.
     *
     * @throws IllegalArgumentException when the array is null, the count is odd, a name is invalid or repeated, or
     *                                  a value is null
     */
    public static Labels ofPairs(String... namesAndValues) {
        Names.requireNonNull(namesAndValues, "label names and values");
        if (namesAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("labels need name/value pairs, got an odd count "
                    + namesAndValues.length + ": " + Arrays.toString(namesAndValues));
        }
        String[] n = new String[namesAndValues.length / 2];
        String[] v = new String[n.length];
        for (int i = 0; i < n.length; i++) {
            n[i] = namesAndValues[2 * i];
            v[i] = namesAndValues[2 * i + 1];
        }
        return build(n, v);
    }

    /**
     * Labels from a map (iteration order kept).
     *
     * @throws IllegalArgumentException when a name is invalid or a value is null
     */
    public static Labels of(Map<String, String> map) {
        Names.requireNonNull(map, "label map");
        String[] n = new String[map.size()];
        String[] v = new String[n.length];
        int i = 0;
        for (Map.Entry<String, String> e : map.entrySet()) {
            n[i] = e.getKey();
            v[i++] = e.getValue();
        }
        return build(n, v);
    }

    private static Labels build(String[] n, String[] v) {
        for (int i = 0; i < n.length; i++) {
            // any valid UTF-8 name here: the metric these labels meet checks its own rule (legacy by default)
            Names.checkLabelName("(labels)", n[i], NameValidation.UTF_8);
            for (int j = 0; j < i; j++) {
                if (n[j].equals(n[i])) {
                    throw new IllegalArgumentException("label name \"" + n[i] + "\" appears twice in " + pairs(n, v));
                }
            }
            Names.checkLabelValue("(labels)", n[i], v[i]);
        }
        return new Labels(n, v);
    }

    /** Number of labels. */
    public int size() {
        return names.length;
    }

    /** Name of label {@code i}. */
    public String name(int i) {
        return names[i];
    }

    /** Value of label {@code i}. */
    public String value(int i) {
        return values[i];
    }

    /** The value of label {@code name}, or null. Allocates nothing. */
    public String get(String name) {
        for (int i = 0; i < names.length; i++) {
            if (names[i] == name || names[i].equals(name)) {
                return values[i];
            }
        }
        return null;
    }

    /** Code points of all names and values together (OpenMetrics limits an exemplar's labels to 128). */
    int codePoints() {
        return codePoints;
    }

    /** Whether every name is a legacy label name ({@code [a-zA-Z_][a-zA-Z0-9_]*}). */
    boolean legacyNames() {
        return legacyNames;
    }

    String[] namesArray() {
        return names;
    }

    String[] valuesArray() {
        return values;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Labels && Arrays.equals(names, ((Labels) o).names)
                && Arrays.equals(values, ((Labels) o).values);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(names) + Arrays.hashCode(values);
    }

    @Override
    public String toString() {
        return pairs(names, values);
    }

    static String pairs(String[] n, String[] v) {
        StringBuilder sb = new StringBuilder("{");
        for (int i = 0; i < n.length; i++) {
            sb.append(i == 0 ? "" : ", ").append(n[i]).append("=\"").append(v[i]).append('"');
        }
        return sb.append('}').toString();
    }
}
