package io.promptly.micrometer;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.config.NamingConvention;

/**
 * The naming {@code micrometer-registry-prometheus} applies (its {@code PrometheusNamingConvention}): names
 * snake-cased with every character outside {@code [a-zA-Z0-9_:]} replaced by {@code _}, the base unit appended to
 * counters, gauges and distribution summaries, {@code _seconds} to timers, reserved suffixes ({@code _total},
 * {@code _created}, {@code _bucket}, {@code _info}) stripped (Promptly's counter writer appends {@code _total});
 * tag keys sanitised to {@code [a-zA-Z_][a-zA-Z0-9_]*} without a leading {@code __}.
 *
 * <p>Stateless; safe from any thread. Runs once per meter, when the meter is created.
 */
final class PrometheusNames implements NamingConvention {
    static final PrometheusNames INSTANCE = new PrometheusNames();

    private static final String[] RESERVED_SUFFIXES = {"_total", "_created", "_bucket", "_info", ".total",
            ".created", ".bucket", ".info"};

    private PrometheusNames() {
    }

    @Override
    public String name(String name, Meter.Type type, String baseUnit) {
        String n = sanitize(name, true);
        switch (type) {
            case COUNTER:
            case DISTRIBUTION_SUMMARY:
            case GAUGE:
                if (baseUnit != null && !n.endsWith("_" + baseUnit)) {
                    n += "_" + baseUnit;
                }
                break;
            default:
                break;
        }
        if (type == Meter.Type.TIMER || type == Meter.Type.LONG_TASK_TIMER) {
            if (!n.endsWith("_seconds")) {
                n += "_seconds";
            }
        }
        return stripReservedSuffixes(sanitize(n, true));
    }

    @Override
    public String tagKey(String key) {
        String k = sanitize(key, false);
        while (k.startsWith("__")) {
            k = k.substring(1);
        }
        return k;
    }

    private static String stripReservedSuffixes(String metricName) {
        String sanitized = metricName;
        boolean stripped = true;
        while (stripped) {
            stripped = false;
            for (String suffix : RESERVED_SUFFIXES) {
                if (sanitized.equals(suffix)) {
                    return suffix.substring(1);
                }
            }
            for (String suffix : RESERVED_SUFFIXES) {
                if (sanitized.endsWith(suffix)) {
                    sanitized = sanitized.substring(0, sanitized.length() - suffix.length());
                    stripped = true;
                    break;
                }
            }
        }
        return sanitized;
    }

    /** Replaces every character a metric (or label) name may not hold with {@code _}. */
    static String sanitize(String name, boolean metric) {
        if (name.isEmpty()) {
            return "_";
        }
        StringBuilder sb = new StringBuilder(name.length() + 1);
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean ok = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_' || metric && c == ':'
                    || c >= '0' && c <= '9';
            if (i == 0 && c >= '0' && c <= '9') {
                sb.append('_');
            }
            sb.append(ok ? c : '_');
        }
        return sb.toString();
    }
}
