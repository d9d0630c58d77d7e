package io.promptly.exposition;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.promptly.core.Counter;
import io.promptly.core.Histogram;
import io.promptly.core.Labels;
import io.promptly.core.Registry;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Exemplars and native-only histograms in the two text formats, against outputs written by hand from the specs. */
class ExemplarTextTest {
    private static String render(Registry registry, ExpositionFormat format) {
        return new String(new ScrapeRenderer().render(registry, format).toByteArray(), StandardCharsets.UTF_8);
    }

    private static Registry registry() {
        Registry registry = new Registry();
        Counter c = Counter.builder("requests").help("Requests.").exemplarClock(() -> 1_700_000_000_123L)
                .register(registry);
        c.incWithExemplar(2, Labels.of("trace_id", "abc\"\\"));
        c.inc();
        Histogram h = Histogram.builder("latency").buckets(1, 10).exemplarClock(() -> 1_700_000_001_005L)
                .register(registry);
        h.observeWithExemplar(0.5, Labels.of("trace_id", "t1", "span_id", "s1"));
        h.observe(5);
        h.observeWithExemplar(20, Labels.EMPTY);
        return registry;
    }

    @Test
    void openMetricsWritesExemplarsAfterTotalAndBucketSamples() {
        assertEquals("# HELP requests Requests.\n"
                + "# TYPE requests counter\n"
                + "requests_total 3 # {trace_id=\"abc\\\"\\\\\"} 2 1700000000.123\n"
                + "# TYPE latency histogram\n"
                + "latency_bucket{le=\"1.0\"} 1 # {trace_id=\"t1\",span_id=\"s1\"} 0.5 1700000001.005\n"
                + "latency_bucket{le=\"10.0\"} 2\n"
                + "latency_bucket{le=\"+Inf\"} 3 # {} 20 1700000001.005\n"
                + "latency_count 3\n"
                + "latency_sum 25.5\n"
                + "# EOF\n", render(registry(), ExpositionFormat.OPENMETRICS));
    }

    @Test
    void text004DropsExemplars() {
        assertEquals("# HELP requests_total Requests.\n"
                + "# TYPE requests_total counter\n"
                + "requests_total 3\n"
                + "# TYPE latency histogram\n"
                + "latency_bucket{le=\"1.0\"} 1\n"
                + "latency_bucket{le=\"10.0\"} 2\n"
                + "latency_bucket{le=\"+Inf\"} 3\n"
                + "latency_sum 25.5\n"
                + "latency_count 3\n", render(registry(), ExpositionFormat.TEXT));
    }

    @Test
    void nativeOnlyHistogramShowsInfBucketSumAndCountInText() {
        Registry registry = new Registry();
        Histogram h = Histogram.builder("size").nativeOnly().register(registry);
        h.observe(3);
        h.observe(-1);
        assertEquals("# TYPE size histogram\n"
                + "size_bucket{le=\"+Inf\"} 2\n"
                + "size_sum 2\n"
                + "size_count 2\n", render(registry, ExpositionFormat.TEXT));
        // OpenMetrics: the -1 made the sum no counter, so _sum and _count are left out (the +Inf bucket counts)
        assertEquals("# TYPE size histogram\n"
                + "size_bucket{le=\"+Inf\"} 2\n"
                + "# EOF\n", render(registry, ExpositionFormat.OPENMETRICS));
    }
}
