package io.promptly.core;

/**
 * Validation of metric names, label names, units and label values, each failure an
 * {@link IllegalArgumentException} naming the bad value and the rule it breaks.
 *
 * <p>Stateless; safe from any thread. Used at registration and series creation, never on a hot path.
 */
final class Names {
    private Names() {
    }

    static void requireNonNull(Object value, String what) {
        if (value == null) {
            throw new IllegalArgumentException(what + " must not be null");
        }
    }

    /** Checks {@code [a-zA-Z_:][a-zA-Z0-9_:]*}. */
    static void checkMetricName(String name) {
        checkMetricName(name, NameValidation.LEGACY);
    }

    /** Checks a metric name by {@code validation}'s rule: legacy syntax, or non-empty well-formed Unicode. */
    static void checkMetricName(String name, NameValidation validation) {
        if (name == null) {
            throw new IllegalArgumentException("metric name must not be null");
        }
        if (name.isEmpty()) {
            throw new IllegalArgumentException("metric name must not be empty");
        }
        if (validation == NameValidation.UTF_8) {
            checkWellFormed(name, "metric name \"" + name + "\"");
            return;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean ok = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_' || c == ':'
                    || (i > 0 && c >= '0' && c <= '9');
            if (!ok) {
                throw new IllegalArgumentException("metric name \"" + name + "\" is invalid at index " + i
                        + " (metric names match [a-zA-Z_:][a-zA-Z0-9_:]*; UTF-8 names need"
                        + " NameValidation.UTF_8 on the registry or -D" + NameValidation.PROPERTY + "=utf-8)");
            }
        }
    }

    /** Checks that {@code s} has no unpaired surrogate (so that it is valid UTF-8 once encoded). */
    private static void checkWellFormed(String s, String what) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                throw new IllegalArgumentException(what + " has an unpaired surrogate at index " + i
                        + " (names must be valid UTF-8)");
            }
        }
    }

    /** Checks {@code [a-zA-Z_][a-zA-Z0-9_]*} and the {@code __} prefix. */
    static void checkLabelName(String metricName, String label) {
        checkLabelName(metricName, label, NameValidation.LEGACY);
    }

    /** Checks a label name by {@code validation}'s rule, and the {@code __} prefix. */
    static void checkLabelName(String metricName, String label, NameValidation validation) {
        if (label == null) {
            throw new IllegalArgumentException("label name of metric \"" + metricName + "\" must not be null");
        }
        if (label.isEmpty()) {
            throw new IllegalArgumentException("label name of metric \"" + metricName + "\" must not be empty");
        }
        for (int i = 0; validation == NameValidation.LEGACY && i < label.length(); i++) {
            char c = label.charAt(i);
            boolean ok = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_' || (i > 0 && c >= '0' && c <= '9');
            if (!ok) {
                throw new IllegalArgumentException("label name \"" + label + "\" of metric \"" + metricName
                        + "\" is invalid at index " + i + " (label names match [a-zA-Z_][a-zA-Z0-9_]*; UTF-8 names"
                        + " need NameValidation.UTF_8 on the registry or -D" + NameValidation.PROPERTY + "=utf-8)");
            }
        }
        if (validation == NameValidation.UTF_8) {
            checkWellFormed(label, "label name \"" + label + "\" of metric \"" + metricName + "\"");
        }
        if (label.startsWith("__")) {
            throw new IllegalArgumentException("label name \"" + label + "\" of metric \"" + metricName
                    + "\" is reserved (names starting with \"__\" belong to Prometheus)");
        }
    }

    /** Checks a unit and that the metric name ends with {@code _<unit>}. */
    static void checkUnit(String metricName, String unit) {
        if (unit.isEmpty()) {
            return;
        }
        for (int i = 0; i < unit.length(); i++) {
            char c = unit.charAt(i);
            if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_' || c >= '0' && c <= '9')) {
                throw new IllegalArgumentException("unit \"" + unit + "\" of metric \"" + metricName
                        + "\" is invalid at index " + i + " (units match [a-zA-Z0-9_]*)");
            }
        }
        if (!metricName.endsWith("_" + unit)) {
            throw new IllegalArgumentException("metric name \"" + metricName + "\" must end with \"_" + unit
                    + "\" because its unit is \"" + unit + "\" (OpenMetrics requires the unit as a name suffix)");
        }
    }

    /** Checks label names for a metric: syntax, reserved names, duplicates. */
    static String[] checkLabelNames(String metricName, MetricType type, String[] labelNames, String[] constNames) {
        return checkLabelNames(metricName, type, labelNames, constNames, NameValidation.LEGACY);
    }

    /** Checks label names for a metric by {@code validation}'s rule: syntax, reserved names, duplicates. */
    static String[] checkLabelNames(String metricName, MetricType type, String[] labelNames, String[] constNames,
            NameValidation validation) {
        if (labelNames == null) {
            throw new IllegalArgumentException("label names of metric \"" + metricName + "\" must not be null");
        }
        String[] copy = labelNames.clone();
        for (int i = 0; i < copy.length; i++) {
            checkLabelName(metricName, copy[i], validation);
            checkReserved(metricName, type, copy[i]);
            for (int j = 0; j < i; j++) {
                if (copy[j].equals(copy[i])) {
                    throw new IllegalArgumentException("label name \"" + copy[i] + "\" appears twice in metric \""
                            + metricName + "\"");
                }
            }
            for (String constName : constNames) {
                if (constName.equals(copy[i])) {
                    throw new IllegalArgumentException("label name \"" + copy[i] + "\" of metric \"" + metricName
                            + "\" is also a const label");
                }
            }
        }
        return copy;
    }

    /**
     * Checks that no two names (label names of one metric) read the same once escaped by any scheme, which would
     * make a scraper see one label twice.
     */
    static void checkEscapedDistinct(String metricName, String[] names) {
        for (NameEscaping e : NameEscaping.values()) {
            for (int i = 0; i < names.length; i++) {
                String a = e.escapeLabelName(names[i]);
                for (int j = 0; j < i; j++) {
                    if (a.equals(e.escapeLabelName(names[j]))) {
                        throw new IllegalArgumentException("label names \"" + names[j] + "\" and \"" + names[i]
                                + "\" of metric \"" + metricName + "\" are both written \"" + a
                                + "\" under escaping=" + e.headerValue() + ": rename one");
                    }
                }
            }
        }
    }

    static void checkReserved(String metricName, MetricType type, String label) {
        if ((type == MetricType.HISTOGRAM || type == MetricType.GAUGE_HISTOGRAM) && label.equals("le")) {
            throw new IllegalArgumentException("label name \"le\" is reserved in " + type.openMetricsName() + " \""
                    + metricName
                    + "\" (it holds the bucket bound)");
        }
        if (type == MetricType.SUMMARY && label.equals("quantile")) {
            throw new IllegalArgumentException("label name \"quantile\" is reserved in summary \"" + metricName
                    + "\" (it holds the quantile)");
        }
        if (type == MetricType.STATESET && label.equals(metricName)) {
            throw new IllegalArgumentException("label name \"" + label + "\" is reserved in state set \""
                    + metricName + "\" (it holds the state name)");
        }
    }

    /** Checks a label value is non-null. Any other string is valid (encoded as UTF-8, escaped). */
    static void checkLabelValue(String metricName, String labelName, String value) {
        if (value == null) {
            throw new IllegalArgumentException("value of label \"" + labelName + "\" of metric \"" + metricName
                    + "\" must not be null");
        }
    }
}
