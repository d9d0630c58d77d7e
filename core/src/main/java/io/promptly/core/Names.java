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
        if (name == null) {
            throw new IllegalArgumentException("metric name must not be null");
        }
        if (name.isEmpty()) {
            throw new IllegalArgumentException("metric name must not be empty");
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean ok = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_' || c == ':'
                    || (i > 0 && c >= '0' && c <= '9');
            if (!ok) {
                throw new IllegalArgumentException("metric name \"" + name + "\" is invalid at index " + i
                        + " (metric names match [a-zA-Z_:][a-zA-Z0-9_:]*)");
            }
        }
    }

    /** Checks {@code [a-zA-Z_][a-zA-Z0-9_]*} and the {@code __} prefix. */
    static void checkLabelName(String metricName, String label) {
        if (label == null) {
            throw new IllegalArgumentException("label name of metric \"" + metricName + "\" must not be null");
        }
        if (label.isEmpty()) {
            throw new IllegalArgumentException("label name of metric \"" + metricName + "\" must not be empty");
        }
        for (int i = 0; i < label.length(); i++) {
            char c = label.charAt(i);
            boolean ok = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_' || (i > 0 && c >= '0' && c <= '9');
            if (!ok) {
                throw new IllegalArgumentException("label name \"" + label + "\" of metric \"" + metricName
                        + "\" is invalid at index " + i + " (label names match [a-zA-Z_][a-zA-Z0-9_]*)");
            }
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
        if (labelNames == null) {
            throw new IllegalArgumentException("label names of metric \"" + metricName + "\" must not be null");
        }
        String[] copy = labelNames.clone();
        for (int i = 0; i < copy.length; i++) {
            checkLabelName(metricName, copy[i]);
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

    static void checkReserved(String metricName, MetricType type, String label) {
        if (type == MetricType.HISTOGRAM && label.equals("le")) {
            throw new IllegalArgumentException("label name \"le\" is reserved in histogram \"" + metricName
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
