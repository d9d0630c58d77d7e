package io.promptly.exposition;

import static io.promptly.exposition.TestFamily.labels;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.promptly.core.Registry;
import io.promptly.core.SeriesLabels;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Whole OpenMetrics 1.0.0 outputs compared with expected files written by hand from the specification. */
class OpenMetricsGoldenTest {
    private static String render(Registry registry) {
        return new String(new ScrapeRenderer().render(registry, ExpositionFormat.OPENMETRICS).toByteArray(),
                StandardCharsets.UTF_8);
    }

    @Test
    void richRegistryMatchesHandWrittenExposition() {
        byte[] expected = Golden.bytes("rich-openmetrics-1.0.0.txt");
        byte[] actual = new ScrapeRenderer().render(RichRegistry.create(), ExpositionFormat.OPENMETRICS)
                .toByteArray();
        assertEquals(new String(expected, StandardCharsets.UTF_8), new String(actual, StandardCharsets.UTF_8));
        assertArrayEquals(expected, actual);
    }

    @Test
    void emptyRegistryIsJustEof() {
        assertEquals("# EOF\n", render(new Registry()));
    }

    @Test
    void histogramSumAndCountAreWrittenOnlyWithoutNegativeBounds() {
        Registry registry = new Registry();
        registry.register(TestFamily.histogram("a", "", "", new double[] {-0.5, Double.POSITIVE_INFINITY},
                new SeriesLabels[] {labels("k", "1")}, new long[][] {{0, 2}}, new double[] {4}));
        registry.register(TestFamily.histogram("b", "", "", new double[] {0.5, Double.POSITIVE_INFINITY},
                new SeriesLabels[] {labels("k", "1")}, new long[][] {{0, 2}}, new double[] {4}));
        assertEquals("# TYPE a histogram\n"
                + "a_bucket{k=\"1\",le=\"-0.5\"} 0\n"
                + "a_bucket{k=\"1\",le=\"+Inf\"} 2\n"
                + "# TYPE b histogram\n"
                + "b_bucket{k=\"1\",le=\"0.5\"} 0\n"
                + "b_bucket{k=\"1\",le=\"+Inf\"} 2\n"
                + "b_count{k=\"1\"} 2\n"
                + "b_sum{k=\"1\"} 4\n"
                + "# EOF\n", render(registry));
        StrictOpenMetricsParser.parse(render(registry));
    }

    @Test
    void counterFamilyNameGivenWithTotalIsWrittenWithout() {
        Registry registry = new Registry();
        registry.register(TestFamily.counter("jobs_total", "Jobs.", SeriesLabels.EMPTY, 2, 0));
        assertEquals("# HELP jobs Jobs.\n# TYPE jobs counter\njobs_total 2\n# EOF\n", render(registry));
    }

    @Test
    void contentTypeIsVersion100() {
        assertEquals("application/openmetrics-text; version=1.0.0; charset=utf-8",
                ExpositionFormat.OPENMETRICS.contentType());
    }
}
