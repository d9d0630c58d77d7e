package io.promptly.exposition;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.promptly.core.MetricMetadata;
import io.promptly.core.MetricType;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** {@code name[]} semantics: a family matches by its own name or any sample name it writes. */
class NameFilterTest {
    private static MetricMetadata family(String name, MetricType type) {
        return new MetricMetadata(name, type, "", "");
    }

    @Test
    void familyMatchesByFamilyNameOrItsOwnSampleNames() {
        assertTrue(NameFilter.of(Set.of("jobs")).test(family("jobs", MetricType.COUNTER)));
        assertTrue(NameFilter.of(Set.of("jobs_total")).test(family("jobs", MetricType.COUNTER)));
        assertTrue(NameFilter.of(Set.of("jobs_created")).test(family("jobs", MetricType.COUNTER)));
        assertTrue(NameFilter.of(Set.of("lat_bucket")).test(family("lat", MetricType.HISTOGRAM)));
        assertTrue(NameFilter.of(Set.of("lat_sum")).test(family("lat", MetricType.HISTOGRAM)));
        assertTrue(NameFilter.of(Set.of("lat_count")).test(family("lat", MetricType.SUMMARY)));
        assertTrue(NameFilter.of(Set.of("build_info")).test(family("build", MetricType.INFO)));
        assertTrue(NameFilter.of(Set.of("temp")).test(family("temp", MetricType.GAUGE)));
    }

    @Test
    void aGaugeHistogramMatchesTheSampleNamesOfEveryFormat() {
        for (String name : new String[] {"q", "q_bucket", "q_gcount", "q_gsum", "q_count", "q_sum"}) {
            assertTrue(NameFilter.of(Set.of(name)).test(family("q", MetricType.GAUGE_HISTOGRAM)), name);
        }
        assertFalse(NameFilter.of(Set.of("q_total")).test(family("q", MetricType.GAUGE_HISTOGRAM)));
        assertFalse(NameFilter.of(Set.of("q_gsum")).test(family("q", MetricType.HISTOGRAM)));
    }

    @Test
    void suffixesOfOtherTypesDoNotMatch() {
        assertFalse(NameFilter.of(Set.of("temp_total")).test(family("temp", MetricType.GAUGE)));
        assertFalse(NameFilter.of(Set.of("lat_bucket")).test(family("lat", MetricType.SUMMARY)));
        assertFalse(NameFilter.of(Set.of("jobs_sum")).test(family("jobs", MetricType.COUNTER)));
        assertFalse(NameFilter.of(Set.of("build_info")).test(family("build", MetricType.GAUGE)));
        assertFalse(NameFilter.of(Set.of("job")).test(family("jobs", MetricType.COUNTER)));
        assertFalse(NameFilter.of(Set.of()).test(family("jobs", MetricType.COUNTER)));
    }

    @Test
    void aGaugeNamedLikeASuffixMatchesItsExactName() {
        // a gauge literally named x_total is its own family; asking for x_total finds it
        assertTrue(NameFilter.of(Set.of("queue_total")).test(family("queue_total", MetricType.GAUGE)));
        assertTrue(NameFilter.of(List.of("a", "queue_count")).test(family("queue_count", MetricType.GAUGE)));
    }

    @Test
    void filteredRenderKeepsOnlyRequestedFamilies() {
        byte[] body = new ScrapeRenderer().render(RichRegistry.create(), ExpositionFormat.OPENMETRICS,
                NameFilter.of(Arrays.asList("build_info", "legacy", "nope"))).toByteArray();
        assertEquals("# HELP build Build information.\n# TYPE build info\n"
                + "build_info{version=\"1.2.3\",branch=\"\u00e9\t\ufffdx\"} 1\n"
                + "# TYPE legacy unknown\nlegacy 42\n# EOF\n",
                new String(body, java.nio.charset.StandardCharsets.UTF_8));
    }

    @Test
    void nullNamesAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> NameFilter.of(null));
        assertThrows(IllegalArgumentException.class, () -> NameFilter.of(Arrays.asList("a", null)));
    }
}
