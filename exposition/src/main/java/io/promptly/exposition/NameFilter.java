package io.promptly.exposition;

import io.promptly.core.MetricMetadata;
import io.promptly.core.MetricType;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The {@code name[]} query filter of a {@code /metrics} request: a family is kept when a requested name is its
 * family name or one of the sample names it writes ({@code x_total}, {@code x_created} for a counter;
 * {@code x_bucket}, {@code x_sum}, {@code x_count}, {@code x_created} for a histogram; {@code x_sum},
 * {@code x_count}, {@code x_created} for a summary; {@code x_info} for an info).
 *
 * <p>Immutable; safe from any thread. Built once per request (allocates a map); each test is one hash lookup
 * of the family's name and allocates nothing.
 */
public final class NameFilter implements Predicate<MetricMetadata> {
    private static final int ALL_TYPES = -1;

    /** Family name → bit set of the {@link MetricType} ordinals it matches under. */
    private final Map<String, Integer> types;

    private NameFilter(Map<String, Integer> types) {
        this.types = types;
    }

    /**
     * A filter keeping the families that write any of {@code names}; an empty collection keeps none.
     *
     * @throws IllegalArgumentException when {@code names} or one of its elements is null
     */
    public static NameFilter of(Collection<String> names) {
        if (names == null) {
            throw new IllegalArgumentException("names must not be null");
        }
        Map<String, Integer> types = new HashMap<>();
        for (String requested : names) {
            if (requested == null) {
                throw new IllegalArgumentException("names must not contain null");
            }
            add(types, requested, ALL_TYPES);
            suffix(types, requested, "_total", bit(MetricType.COUNTER));
            suffix(types, requested, "_created", bit(MetricType.COUNTER) | bit(MetricType.HISTOGRAM)
                    | bit(MetricType.SUMMARY));
            int gaugeHistogram = bit(MetricType.GAUGE_HISTOGRAM);
            suffix(types, requested, "_bucket", bit(MetricType.HISTOGRAM) | gaugeHistogram);
            // a gauge histogram writes _sum/_count in text 0.0.4, _gsum/_gcount in OpenMetrics
            suffix(types, requested, "_sum", bit(MetricType.HISTOGRAM) | bit(MetricType.SUMMARY) | gaugeHistogram);
            suffix(types, requested, "_count", bit(MetricType.HISTOGRAM) | bit(MetricType.SUMMARY)
                    | gaugeHistogram);
            suffix(types, requested, "_gsum", gaugeHistogram);
            suffix(types, requested, "_gcount", gaugeHistogram);
            suffix(types, requested, "_info", bit(MetricType.INFO));
        }
        return new NameFilter(types);
    }

    private static int bit(MetricType type) {
        return 1 << type.ordinal();
    }

    private static void suffix(Map<String, Integer> types, String requested, String suffix, int bits) {
        if (requested.length() > suffix.length() && requested.endsWith(suffix)) {
            add(types, requested.substring(0, requested.length() - suffix.length()), bits);
        }
    }

    private static void add(Map<String, Integer> types, String family, int bits) {
        types.merge(family, bits, (a, b) -> a | b);
    }

    /** Whether {@code family} writes one of the requested names. */
    @Override
    public boolean test(MetricMetadata family) {
        Integer bits = types.get(family.name());
        return bits != null && (bits & bit(family.type())) != 0;
    }
}
