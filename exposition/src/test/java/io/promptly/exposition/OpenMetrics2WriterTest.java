package io.promptly.exposition;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.promptly.core.CallbackMetric;
import io.promptly.core.Counter;
import io.promptly.core.Gauge;
import io.promptly.core.GaugeHistogram;
import io.promptly.core.Histogram;
import io.promptly.core.Info;
import io.promptly.core.Labels;
import io.promptly.core.NameEscaping;
import io.promptly.core.NameValidation;
import io.promptly.core.Registry;
import io.promptly.core.StateSet;
import io.promptly.core.Summary;
import io.prometheus.client.Metrics;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The OpenMetrics 2.0 writer: every metric type, under every escaping, accepted by the strict parser written
 * from the 2.0 ABNF; values cross-checked against the same registry's protobuf body as protobuf-java reads it.
 */
class OpenMetrics2WriterTest {
    private static final ScrapeFormat OM2 = ScrapeFormat.negotiate("application/openmetrics-text;version=2.0.0");

    private static long beforeMillis;
    private static long afterMillis;

    /** Every built-in metric type, with exemplars, native buckets, const labels and a custom collectable. */
    static Registry everyType(NameValidation validation) {
        beforeMillis = System.currentTimeMillis();
        Registry r = new Registry(validation);
        Counter named = Counter.builder("jobs_total").help("Jobs \"done\".\nSecond line.").labelNames("queue")
                .register(r);
        named.labels("email").incWithExemplar(3, Labels.of("trace_id", "abc"));
        Counter.builder("restarts").help("Restarts.").register(r).inc();
        Gauge.builder("temperature_celsius").unit("celsius").help("Temperature.").register(r).set(-3.5);
        Histogram classic = Histogram.builder("latency_seconds").unit("seconds").help("Latency.")
                .buckets(0.1, 1).labelNames("route").constLabels(Labels.of("app", "shop")).register(r);
        classic.labels("/a").observeWithExemplar(0.05, Labels.of("trace_id", "t1"));
        classic.labels("/a").observe(0.5);
        classic.labels("/a").observe(7);
        Histogram both = Histogram.builder("size_bytes").unit("bytes").help("Sizes.").buckets(100, 1000)
                .nativeHistogram().register(r);
        for (double v : new double[] {0, 3, 3.1, 50, 700, 5000, -2}) {
            both.observe(v);
        }
        Histogram nativeOnly = Histogram.builder("rtt_seconds").help("Round trips.").nativeOnly().register(r);
        for (double v : new double[] {0.001, 0.002, 0.5, 0.51, 2}) {
            nativeOnly.observe(v);
        }
        Histogram.builder("unused_seconds").help("Never observed.").nativeOnly().register(r);
        Summary s = Summary.builder("rpc_seconds").help("RPC.").quantiles(0.5, 0.99).register(r);
        s.observe(1);
        s.observe(2);
        Info.builder("build").help("Build.").labelNames("version").register(r).set("1.2.3");
        StateSet.builder("feature").help("Flags.").states("a", "b").register(r).enableOnly("b");
        CallbackMetric.gauge("pool_size").help("Pool.").register(r).addSeries(() -> 4);
        GaugeHistogram g = GaugeHistogram.builder("queue_item_bytes").help("Queued.").buckets(10, 100).register(r);
        g.observe(5);
        g.observe(50);
        g.remove(5);
        afterMillis = System.currentTimeMillis();
        return r;
    }

    private static String render(Registry r, ScrapeFormat format) {
        return new String(new ScrapeRenderer().render(r, format).toByteArray(), StandardCharsets.UTF_8);
    }

    private static StrictOpenMetrics2Parser.Family family(List<StrictOpenMetrics2Parser.Family> all, String name) {
        return all.stream().filter(f -> f.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no family " + name));
    }

    @Test
    void everyMetricTypeIsAcceptedByTheStrictParserUnderEveryEscaping() {
        for (NameEscaping e : NameEscaping.values()) {
            String body = render(everyType(NameValidation.LEGACY), ScrapeFormat.of(ExpositionFormat.OPENMETRICS_2_0, e));
            StrictOpenMetrics2Parser.parse(body);
        }
        StrictOpenMetrics2Parser.parse(render(RichRegistry.create(), OM2));
        StrictOpenMetrics2Parser.parse(render(new Registry(), OM2));
    }

    @Test
    void utf8NamesAreQuotedAndAccepted() {
        Registry r = new Registry(NameValidation.UTF_8);
        Histogram h = Histogram.builder("http.server.request.duration").help("Request time.")
                .labelNames("http.route").buckets(0.1, 1).register(r);
        h.labels("/orders").observe(0.042);
        Counter.builder("foodb.read.errors").labelNames("service.name").register(r).labels("my_service").inc(3);
        String body = render(r, ScrapeFormat.negotiate(
                "application/openmetrics-text;version=2.0.0;escaping=allow-utf-8"));
        List<StrictOpenMetrics2Parser.Family> families = StrictOpenMetrics2Parser.parse(body);
        assertEquals(Map.of("http.route", "/orders"), family(families, "http.server.request.duration").lines().get(0)
                .labels());
        assertTrue(body.contains("{\"foodb.read.errors\",\"service.name\"=\"my_service\"} 3 st@"), body);
        String underscores = render(r, ScrapeFormat.negotiate(
                "application/openmetrics-text;version=2.0.0;escaping=underscores"));
        assertNotNull(family(StrictOpenMetrics2Parser.parse(underscores), "http_server_request_duration"));
    }

    @Test
    void countersAreNamedAsGivenWithoutAForcedTotal() {
        List<StrictOpenMetrics2Parser.Family> f = StrictOpenMetrics2Parser.parse(render(
                everyType(NameValidation.LEGACY), OM2));
        assertEquals("counter", family(f, "jobs_total").type());
        assertEquals(3.0, family(f, "jobs_total").lines().get(0).value());
        assertEquals("counter", family(f, "restarts").type());
        assertEquals(1.0, family(f, "restarts").lines().get(0).value());
        assertEquals("info", family(f, "build_info").type());
        assertEquals("Jobs \"done\".\nSecond line.", family(f, "jobs_total").help());
    }

    @Test
    void metadataComesInTheSpecsOrderTypeUnitHelp() {
        String body = render(everyType(NameValidation.LEGACY), OM2);
        assertTrue(body.contains("# TYPE latency_seconds histogram\n# UNIT latency_seconds seconds\n"
                + "# HELP latency_seconds Latency.\n"), body);
    }

    @Test
    void startTimestampsGoOnCountersHistogramsAndSummariesOnlyAndNoCreatedLines() {
        ScrapeRenderer renderer = new ScrapeRenderer();
        renderer.openMetricsCreated(true); // _created is OpenMetrics 1.0's: 2.0 has st@ instead
        Registry r = everyType(NameValidation.LEGACY);
        String body = new String(renderer.render(r, OM2).toByteArray(), StandardCharsets.UTF_8);
        assertFalse(body.contains("_created"), body);
        List<StrictOpenMetrics2Parser.Family> f = StrictOpenMetrics2Parser.parse(body);
        for (String name : new String[] {"jobs_total", "restarts", "latency_seconds", "size_bytes", "rtt_seconds",
            "rpc_seconds"}) {
            Double st = family(f, name).lines().get(0).startTimestamp();
            assertNotNull(st, name);
            // seconds with millisecond digits, at the series' creation
            assertTrue(st >= Math.floor(beforeMillis / 1000.0) && st <= afterMillis / 1000.0 + 0.001, name + " " + st);
        }
        for (String name : new String[] {"temperature_celsius", "build_info", "feature", "pool_size",
            "queue_item_bytes"}) {
            for (StrictOpenMetrics2Parser.Line l : family(f, name).lines()) {
                assertNull(l.startTimestamp(), name);
            }
        }
    }

    @Test
    void exemplarsCarryTheirTimestampsAfterTheStartTimestamp() {
        List<StrictOpenMetrics2Parser.Family> f = StrictOpenMetrics2Parser.parse(render(
                everyType(NameValidation.LEGACY), OM2));
        StrictOpenMetrics2Parser.Exemplar counter = family(f, "jobs_total").lines().get(0).exemplars().get(0);
        assertEquals(Map.of("trace_id", "abc"), counter.labels());
        assertEquals(3.0, counter.value());
        assertTrue(counter.timestamp() >= Math.floor(beforeMillis / 1000.0), String.valueOf(counter.timestamp()));
        StrictOpenMetrics2Parser.Line histogram = family(f, "latency_seconds").lines().get(0);
        assertEquals(1, histogram.exemplars().size());
        assertEquals(0.05, histogram.exemplars().get(0).value());
    }

    @Test
    void compositeValuesAgreeWithProtobufAsProtobufJavaReadsIt() throws Exception {
        Registry r = everyType(NameValidation.LEGACY);
        List<StrictOpenMetrics2Parser.Family> om = StrictOpenMetrics2Parser.parse(render(r, OM2));
        List<Metrics.MetricFamily> pb = ProtobufSamples.families(
                new ScrapeRenderer().render(r, ExpositionFormat.PROTOBUF).toByteArray());
        for (String name : new String[] {"latency_seconds", "size_bytes", "rtt_seconds", "unused_seconds",
            "queue_item_bytes"}) {
            Metrics.Histogram p = pb.stream().filter(x -> x.getName().equals(name)).findFirst().orElseThrow()
                    .getMetric(0).getHistogram();
            StrictOpenMetrics2Parser.Composite c = family(om, name).lines().get(0).composite();
            assertEquals(p.getSampleCount(), (long) c.count(), name);
            assertEquals(p.getSampleSum(), c.sum(), name);
            boolean nativePart = p.hasSchema() && (p.getZeroThreshold() > 0 || p.getPositiveSpanCount() > 0
                    || p.getNegativeSpanCount() > 0 || p.getZeroCount() > 0 || p.getBucketCount() == 0);
            if (p.getBucketCount() > 0) {
                assertEquals(p.getBucketCount() + 1, c.buckets().size(), name + " (+Inf written in 2.0)");
                for (int i = 0; i < p.getBucketCount(); i++) {
                    assertEquals(p.getBucket(i).getUpperBound(), c.buckets().get(i)[0], name);
                    assertEquals(p.getBucket(i).getCumulativeCount(), (long) c.buckets().get(i)[1], name);
                }
            }
            if (nativePart) {
                assertEquals(p.getSchema(), c.schema(), name);
                assertEquals(p.getZeroThreshold(), c.zeroThreshold(), name);
                assertEquals(p.getZeroCount(), (long) c.zeroCount(), name);
                assertEquals(protobufNative(p.getPositiveSpanList(), p.getPositiveDeltaList()),
                        openMetricsNative(c.positiveSpans(), c.positiveBuckets()), name + " positive");
                assertEquals(protobufNative(p.getNegativeSpanList(), p.getNegativeDeltaList()),
                        openMetricsNative(c.negativeSpans(), c.negativeBuckets()), name + " negative");
            }
            if (name.equals("rtt_seconds") || name.equals("unused_seconds")) {
                assertNull(c.buckets(), name + ": a native-only histogram writes no classic bucket list");
                assertNotNull(c.schema(), name);
            }
        }
        StrictOpenMetrics2Parser.Composite g = family(om, "queue_item_bytes").lines().get(0).composite();
        assertEquals("gaugehistogram", g.kind());
        assertEquals(1.0, g.count());
        assertEquals(50.0, g.sum());
        StrictOpenMetrics2Parser.Composite s = family(om, "rpc_seconds").lines().get(0).composite();
        assertEquals(2.0, s.count());
        assertEquals(3.0, s.sum());
        assertEquals(2, s.quantiles().size());
        assertEquals(0.5, s.quantiles().get(0)[0]);
    }

    /** index → count from protobuf spans and delta-encoded counts, zero counts left out. */
    private static Map<Long, Long> protobufNative(List<Metrics.BucketSpan> spans, List<Long> deltas) {
        Map<Long, Long> m = new TreeMap<>();
        long index = 0;
        long count = 0;
        int k = 0;
        for (int s = 0; s < spans.size(); s++) {
            index += spans.get(s).getOffset() + (s == 0 ? 0 : 0);
            for (int j = 0; j < spans.get(s).getLength(); j++) {
                count += deltas.get(k++);
                if (count != 0) {
                    m.put(index, count);
                }
                index++;
            }
        }
        return m;
    }

    /** index → count from OpenMetrics 2.0 spans (offset from the previous span's end) and absolute counts. */
    private static Map<Long, Long> openMetricsNative(List<long[]> spans, List<Double> counts) {
        Map<Long, Long> m = new TreeMap<>();
        if (spans == null) {
            return m;
        }
        long index = 0;
        int k = 0;
        for (long[] span : spans) {
            index += span[0];
            for (int j = 0; j < span[1]; j++) {
                double c = counts.get(k++);
                if (c != 0) {
                    m.put(index, (long) c);
                }
                index++;
            }
        }
        return m;
    }

    @Test
    void aSummaryWhoseSumIsNoCounterIsLeftOutAndCounted() {
        Registry r = new Registry();
        Summary s = Summary.builder("delta").quantiles(0.5).labelNames("k").register(r);
        s.labels("neg").observe(-1);
        s.labels("ok").observe(1);
        ScrapeRenderer renderer = new ScrapeRenderer();
        String body = new String(renderer.render(r, OM2).toByteArray(), StandardCharsets.UTF_8);
        List<StrictOpenMetrics2Parser.Line> lines = StrictOpenMetrics2Parser.lines(body);
        assertEquals(1, lines.size(), body);
        assertEquals(Map.of("k", "ok"), lines.get(0).labels());
        assertEquals(1, renderer.droppedSamples());
    }

    @Test
    void aHistogramSumMayBeNegativeInTwoPointZero() {
        Registry r = new Registry();
        Histogram.builder("delta").buckets(-1, 1).register(r).observe(-5);
        StrictOpenMetrics2Parser.Composite c = StrictOpenMetrics2Parser.lines(render(r, OM2)).get(0).composite();
        assertEquals(1.0, c.count());
        assertEquals(-5.0, c.sum());
        assertEquals(-1.0, c.buckets().get(0)[0]);
    }

    @Test
    void aSampleTimestampComesBeforeTheStartTimestamp() {
        String body = render(RichRegistry.create(), OM2);
        StrictOpenMetrics2Parser.parse(body);
        Registry r = new Registry();
        r.register(new io.promptly.core.Collectable() {
            private final io.promptly.core.MetricMetadata m = new io.promptly.core.MetricMetadata("ext_total",
                    io.promptly.core.MetricType.COUNTER, "External.", "");

            @Override
            public io.promptly.core.MetricMetadata metadata() {
                return m;
            }

            @Override
            public void collect(io.promptly.core.MetricSink sink) {
                sink.family(m);
                sink.sampleTimestamp(1_520_879_607_789L);
                sink.created(1_520_430_000_123L);
                sink.counter(io.promptly.core.SeriesLabels.EMPTY, 17, 0);
                sink.endFamily();
            }
        });
        String ext = render(r, OM2);
        assertEquals("# TYPE ext_total counter\n# HELP ext_total External.\n"
                + "ext_total 17 1520879607.789 st@1520430000.123\n# EOF\n", ext);
        StrictOpenMetrics2Parser.parse(ext);
    }

    @Test
    void startAndSampleTimestampsAreSecondsWithMillisecondDigitsSignAndMagnitude() {
        long[][] cases = {{-1500, 0}, {0, 999}, {1, 1_000}, {-1, 59_999}, {Long.MIN_VALUE + 1, 1_796_622_696_821L},
            {1_796_622_696_821L, 1_796_622_696_821L}, {1_796_622_696_821L, -5}};
        String[][] expected = {{"-1.500", "0.000"}, {"0.000", "0.999"}, {"0.001", "1.000"}, {"-0.001", "59.999"},
            {"-9223372036854775.807", "1796622696.821"}, {"1796622696.821", "1796622696.821"},
            {"1796622696.821", "-0.005"}};
        for (int i = 0; i < cases.length; i++) {
            long created = cases[i][0];
            long stamp = cases[i][1];
            Registry r = new Registry();
            r.register(new io.promptly.core.Collectable() {
                private final io.promptly.core.MetricMetadata m = new io.promptly.core.MetricMetadata("c_total",
                        io.promptly.core.MetricType.COUNTER, "", "");

                @Override
                public io.promptly.core.MetricMetadata metadata() {
                    return m;
                }

                @Override
                public void collect(io.promptly.core.MetricSink sink) {
                    sink.family(m);
                    sink.sampleTimestamp(stamp);
                    sink.created(created);
                    sink.counter(io.promptly.core.SeriesLabels.EMPTY, 1, 0);
                    sink.created(created); // the same start time again: the second line must read the same
                    sink.counter(io.promptly.core.SeriesLabels.of(new String[] {"a"}, new String[] {"b"}), 2, 0);
                    sink.endFamily();
                }
            });
            String body = render(r, OM2);
            assertEquals("# TYPE c_total counter\nc_total 1 " + expected[i][1] + " st@" + expected[i][0] + "\n"
                    + "c_total{a=\"b\"} 2 " + expected[i][1] + " st@" + expected[i][0] + "\n# EOF\n", body);
            StrictOpenMetrics2Parser.parse(body);
        }
    }
}
