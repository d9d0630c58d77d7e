package io.promptly.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * Every public entry point of core fed bad input: invalid names, wrong label counts, nulls in every position,
 * empty and huge strings, lone surrogates, NaN / ±Inf / negative amounts. Each must end in an
 * {@link IllegalArgumentException} whose message names the bad value (or its role), or in the documented
 * behaviour; and afterwards the registry's other series must be unchanged and still collectable (the collection
 * before the bad call is compared line by line with the one after).
 */
class BadInputTest {
    private static final String ONE_MB = "v".repeat(1 << 20);
    private static int inputsTried;

    private Registry registry;
    private Counter requests;
    private Gauge temperature;
    private Histogram latency;
    private Summary sizes;
    private StateSet feature;
    private Info build;

    @AfterAll
    static void report() {
        System.out.println("[BadInputTest] bad inputs tried: " + inputsTried);
    }

    @BeforeEach
    void registryWithOneSeriesOfEachType() {
        registry = new Registry();
        requests = Counter.builder("requests_total").help("Requests.").labelNames("method", "code").register(registry);
        requests.labels("GET", "200").inc(7);
        temperature = Gauge.builder("temperature_celsius").help("T.").unit("celsius").register(registry);
        temperature.set(21.5);
        latency = Histogram.builder("latency_seconds").help("L.").labelNames("route").buckets(0.1, 1).register(registry);
        latency.labels("/").observe(0.05);
        sizes = Summary.builder("sizes").help("S.").labelNames("kind").quantiles(0.5, 0.9).register(registry);
        sizes.labels("a").observe(3);
        feature = StateSet.builder("feature").help("F.").states("on", "off").register(registry);
        feature.enableOnly("on");
        build = Info.builder("build").help("B.").labelNames("version").register(registry);
        build.set("1.0");
        CallbackMetric.gauge("pool_size").help("P.").register(registry).addSeries(() -> 4);
    }

    // ---- builders ----

    @Test
    void builderRejectsInvalidMetricNames() {
        for (String name : new String[] {null, "", "1abc", "a-b", "a b", "ä", "a\u0000", "\uD800", "x{y}", "a\nb"}) {
            rejects(name == null ? "metric name" : "metric name", () -> Counter.builder(name).register(registry));
            rejects("metric name", () -> Gauge.builder(name).build());
        }
        rejects("_total", () -> Counter.builder("_total").build()); // stripped to the empty name
    }

    @Test
    void builderRejectsNullAndInvalidMetadata() {
        rejects("help", () -> Counter.builder("x").help(null).register(registry));
        rejects("unit", () -> Counter.builder("x").unit(null).register(registry));
        rejects("\"bytes\"", () -> Counter.builder("x").unit("bytes").register(registry));
        rejects("\"b-s\"", () -> Counter.builder("x").unit("b-s").register(registry));
        rejects("label names", () -> Counter.builder("x").labelNames((String[]) null).register(registry));
        rejects("null", () -> Counter.builder("x").labelNames("ok", null).register(registry));
        rejects("\"__x\"", () -> Counter.builder("x").labelNames("__x").register(registry));
        rejects("label name of metric \"x\" must not be empty", () -> Counter.builder("x").labelNames("")
                .register(registry));
        rejects("\"1a\"", () -> Counter.builder("x").labelNames("1a").register(registry));
        rejects("\"a\"", () -> Counter.builder("x").labelNames("a", "a").register(registry));
        rejects("\"le\"", () -> Histogram.builder("x").labelNames("le").register(registry));
        rejects("\"quantile\"", () -> Summary.builder("x").labelNames("quantile").register(registry));
        rejects("const labels", () -> Counter.builder("x").constLabels((Labels) null));
        rejects("map", () -> Counter.builder("x").constLabels((Map<String, String>) null));
        Map<String, String> nullValue = new HashMap<>();
        nullValue.put("env", null);
        rejects("\"env\"", () -> Counter.builder("x").constLabels(nullValue));
        Map<String, String> nullKey = new HashMap<>();
        nullKey.put(null, "v");
        rejects("null", () -> Counter.builder("x").constLabels(nullKey));
        rejects("\"env\"", () -> Counter.builder("x").constLabels(Labels.of("env", "p")).labelNames("env")
                .register(registry));
        rejects("maxSeries", () -> Counter.builder("x").maxSeries(0).register(registry));
        rejects("maxSeries", () -> Counter.builder("x").maxSeries(-1).register(registry));
    }

    @Test
    void histogramBuilderRejectsBadBuckets() {
        rejects("bucket bounds", () -> Histogram.builder("x").buckets((double[]) null).register(registry));
        rejects("NaN", () -> Histogram.builder("x").buckets(1, Double.NaN).register(registry));
        rejects("-Infinity", () -> Histogram.builder("x").buckets(Double.NEGATIVE_INFINITY, 0).register(registry));
        rejects("1.0", () -> Histogram.builder("x").buckets(2, 1).register(registry));
        rejects("1.0", () -> Histogram.builder("x").buckets(1, 1).register(registry));
        rejects("Infinity", () -> Histogram.builder("x").buckets(Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY)
                .register(registry));
        rejects("width", () -> Buckets.linear(0, 0, 3));
        rejects("width", () -> Buckets.linear(0, Double.NaN, 3));
        rejects("count", () -> Buckets.linear(0, 1, 0));
        rejects("start", () -> Buckets.exponential(0, 2, 3));
        rejects("factor", () -> Buckets.exponential(1, 1, 3));
        rejects("start", () -> Buckets.exponential(Double.NaN, 2, 3));
        // no finite bound: refused (issue 14), not silently a histogram of only +Inf
        rejects("only_inf", () -> Histogram.builder("only_inf").buckets().build());
    }

    @Test
    void summaryBuilderRejectsBadSettings() {
        rejects("quantiles", () -> Summary.builder("x").quantiles((double[]) null).register(registry));
        rejects("1.5", () -> Summary.builder("x").quantiles(1.5).register(registry));
        rejects("NaN", () -> Summary.builder("x").quantiles(Double.NaN).register(registry));
        rejects("-0.1", () -> Summary.builder("x").quantiles(-0.1).register(registry));
        rejects("0.5", () -> Summary.builder("x").quantiles(0.5, 0.5).register(registry));
        rejects("maxAge", () -> Summary.builder("x").maxAge(null).register(registry));
        rejects("maxAge", () -> Summary.builder("x").maxAge(Duration.ZERO).register(registry));
        rejects("maxAge", () -> Summary.builder("x").maxAge(Duration.ofSeconds(-1)).register(registry));
        rejects("ageBuckets", () -> Summary.builder("x").ageBuckets(0).register(registry));
        rejects("ageBuckets", () -> Summary.builder("x").ageBuckets(65).register(registry));
        rejects("relativeError", () -> Summary.builder("x").relativeError(0).register(registry));
        rejects("relativeError", () -> Summary.builder("x").relativeError(Double.NaN).register(registry));
        rejects("relativeError", () -> Summary.builder("x").relativeError(1).register(registry));
        rejects("clock", () -> Summary.builder("x").clock(null).register(registry));
    }

    @Test
    void stateSetAndCallbackBuildersRejectBadInput() {
        rejects("states", () -> StateSet.builder("x").states((String[]) null).register(registry));
        rejects("at least one state", () -> StateSet.builder("x").states().register(registry));
        rejects("must not be null", () -> StateSet.builder("x").states("a", null).register(registry));
        rejects("\"a\"", () -> StateSet.builder("x").states("a", "a").register(registry));
        rejects("\"a:b\"", () -> StateSet.builder("a:b").states("a").register(registry));
        rejects("metric name", () -> CallbackMetric.gauge(null).register(registry));
        CallbackMetric callbacks = CallbackMetric.gauge("cb").labelNames("k").build();
        rejects("callback", () -> callbacks.addSeries(null, "a"));
        rejects("label", () -> callbacks.addSeries(() -> 1, "a", "b"));
        rejects("callback", () -> callbacks.labels("a").callback(null));
    }

    // ---- registry ----

    @Test
    void registryRejectsNullsDuplicatesAndClashes() {
        rejects("registry", () -> Counter.builder("x").register(null));
        rejects("collectable", () -> registry.register(null));
        rejects("\"requests\"", () -> registry.register(requests));
        rejects("\"requests\"", () -> Counter.builder("requests").register(registry));
        rejects("\"requests_total\"", () -> Gauge.builder("requests_total").register(registry));
        rejects("\"latency_seconds_bucket\"", () -> Gauge.builder("latency_seconds_bucket").register(registry));
        rejects("\"build_info\"", () -> Gauge.builder("build_info").register(registry));
        rejects("sink", () -> registry.collect(null));
        rejects("sink", () -> registry.collect(null, family -> true));
        rejects("filter", () -> registry.collect(new RecordingSink(), null));
        rejects("sink", () -> requests.collect(null));
        // documented answers rather than errors
        List<String> before = collect();
        assertFalse(registry.unregister(null));
        assertFalse(registry.unregister(Counter.builder("never_registered").build()));
        assertNull(registry.get(null));
        assertNull(registry.get(""));
        assertEquals(before, collect());
        inputsTried += 4;
    }

    // ---- labels ----

    @Test
    void labelLookupsRejectWrongCountsAndNulls() {
        rejects("[method, code]", () -> requests.labels("GET"));
        rejects("[method, code]", () -> requests.labels("GET", "200", "x"));
        rejects("[method, code]", () -> requests.labels());
        rejects("[method, code]", () -> requests.labels((String[]) null));
        rejects("\"code\"", () -> requests.labels("GET", null));
        rejects("labels", () -> requests.labels((Labels) null));
        rejects("[method, code]", () -> requests.labels(Labels.of("method", "GET")));
        rejects("[method, code]", () -> requests.labels(Labels.of("method", "GET", "code", "1", "extra", "x")));
        rejects("[method, code]", () -> requests.labels(Labels.of("method", "GET", "cod", "1")));
        rejects("labels", () -> requests.labels((Map<String, String>) null));
        Map<String, String> nullValue = new HashMap<>();
        nullValue.put("method", "GET");
        nullValue.put("code", null);
        rejects("[method, code]", () -> requests.labels(nullValue));
        Map<String, String> nullKey = new HashMap<>();
        nullKey.put("method", "GET");
        nullKey.put(null, "200");
        rejects("[method, code]", () -> requests.labels(nullKey));
        rejects("labels", () -> requests.inc((Labels) null));
        rejects("labels", () -> requests.inc((Map<String, String>) null));
        rejects("labels", () -> latency.observe(null, 1));
        rejects("labels", () -> temperature.set(null, 1));
        rejects("[method, code]", () -> requests.remove("GET"));
        rejects("[method, code]", () -> requests.remove((String[]) null));
        rejects("label names", () -> requests.inc());
        rejects("label names", () -> latency.observe(1));
        rejects("label names", () -> sizes.observe(1));
        rejects("[version]", () -> build.set());
        rejects("[version]", () -> build.set((String[]) null));
        rejects("\"version\"", () -> build.set((String) null));
        // documented: removing a series that does not exist (a null value cannot exist) says false
        List<String> before = collect();
        assertFalse(requests.remove("GET", null));
        assertFalse(requests.remove("POST", "500"));
        assertEquals(before, collect());
        inputsTried += 2;
    }

    @Test
    void labelsFactoriesRejectBadInput() {
        rejects("null", () -> Labels.of(null, "v"));
        rejects("\"n\"", () -> Labels.of("n", null));
        rejects("\"__n\"", () -> Labels.of("__n", "v"));
        rejects("\"a\"", () -> Labels.of("a", "1", "a", "2"));
        rejects("odd", () -> Labels.ofPairs("a"));
        rejects("names and values", () -> Labels.ofPairs((String[]) null));
        rejects("null", () -> Labels.ofPairs("a", "1", null, "2"));
        rejects("map", () -> Labels.of((Map<String, String>) null));
        rejects("label names", () -> SeriesLabels.of(null, new String[0]));
        rejects("label values", () -> SeriesLabels.of(new String[0], null));
        rejects("1 label names but 2", () -> SeriesLabels.of(new String[] {"a"}, new String[] {"1", "2"}));
        rejects("\"a-b\"", () -> SeriesLabels.of(new String[] {"a-b"}, new String[] {"1"}));
        rejects("\"a\"", () -> SeriesLabels.of(new String[] {"a"}, new String[] {null}));
        rejects("NaN", () -> EncodedLabel.le(Double.NaN));
        rejects("2.0", () -> EncodedLabel.quantile(2));
        rejects("NaN", () -> EncodedLabel.quantile(Double.NaN));
        rejects("metric name", () -> EncodedLabel.state(null, "s"));
        rejects("must not be null", () -> EncodedLabel.state("m", null));
        rejects("metric type", () -> new MetricMetadata("x", null, "", ""));
        rejects("metric name", () -> new MetricMetadata(null, MetricType.GAUGE, "", ""));
        rejects("help", () -> new MetricMetadata("x", MetricType.GAUGE, null, ""));
    }

    // ---- values ----

    @Test
    void countersRejectNegativeAndNanIncrements() {
        CounterHandle get = requests.labels("GET", "200");
        for (double bad : new double[] {-1, -Double.MIN_VALUE, Double.NaN, Double.NEGATIVE_INFINITY,
                -Double.MAX_VALUE}) {
            rejects(Double.toString(bad), () -> get.inc(bad));
            rejects(Double.toString(bad), () -> requests.inc(Labels.of("method", "GET", "code", "200"), bad));
        }
        rejects("-1", () -> get.inc(-1L));
        rejects(Long.toString(Long.MIN_VALUE), () -> get.inc(Long.MIN_VALUE));
        SingleWriterCounter own = get.forThisThread();
        rejects("-5", () -> own.inc(-5));
        Counter plain = Counter.builder("plain").register(registry);
        rejects("NaN", () -> plain.inc(Double.NaN));
        // documented: -0.0 and 0 add nothing
        List<String> before = collect();
        get.inc(-0.0);
        get.inc(0.0);
        get.inc(0L);
        assertEquals(before, collect());
        inputsTried += 3;
    }

    @Test
    void gaugesAcceptSpecialValuesAsDocumented() {
        for (double v : new double[] {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, -0.0,
                Double.MIN_VALUE, Double.MAX_VALUE}) {
            temperature.set(v);
            assertEquals(Double.doubleToLongBits(v), Double.doubleToLongBits(collectValue("temperature_celsius")));
            inputsTried++;
        }
        temperature.set(1);
        temperature.add(Double.NaN);
        assertTrue(Double.isNaN(collectValue("temperature_celsius")));
        inputsTried++;
    }

    @Test
    void histogramCountsNanAndInfinitiesAsDocumented() {
        HistogramHandle h = latency.labels("special");
        h.observe(Double.NEGATIVE_INFINITY);
        h.observe(Double.POSITIVE_INFINITY);
        RecordingSink sink = RecordingSink.collect(registry);
        assertEquals(1.0, sink.value("latency_seconds_bucket{route=\"special\",le=\"0.1\"}"));
        assertEquals(2.0, sink.value("latency_seconds_bucket{route=\"special\",le=\"+Inf\"}"));
        h.observe(Double.NaN);
        sink = RecordingSink.collect(registry);
        assertEquals(1.0, sink.value("latency_seconds_bucket{route=\"special\",le=\"1.0\"}"));
        assertEquals(3.0, sink.value("latency_seconds_bucket{route=\"special\",le=\"+Inf\"}"));
        assertEquals(3.0, sink.value("latency_seconds_count{route=\"special\"}"));
        assertTrue(Double.isNaN(sink.value("latency_seconds_sum{route=\"special\"}")));
        // the other series did not move
        assertEquals(1.0, sink.value("latency_seconds_count{route=\"/\"}"));
        inputsTried += 3;
    }

    @Test
    void summaryIgnoresNanInQuantilesAndKeepsThemOrderedForExtremeValues() {
        SummaryHandle s = sizes.labels("extreme");
        s.observe(Double.NaN);
        RecordingSink sink = RecordingSink.collect(registry);
        assertEquals(1.0, sink.value("sizes_count{kind=\"extreme\"}"));
        assertTrue(Double.isNaN(sink.value("sizes{kind=\"extreme\",quantile=\"0.5\"}")), "NaN is not a quantile");
        double[] extremes = {Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.MAX_VALUE, -Double.MAX_VALUE,
            Double.MIN_VALUE, -Double.MIN_VALUE, -0.0, 0.0, 1e-300, 1e300, 1, -1};
        for (double x : extremes) {
            s.observe(x);
            sink = RecordingSink.collect(registry);
            double q5 = sink.value("sizes{kind=\"extreme\",quantile=\"0.5\"}");
            double q9 = sink.value("sizes{kind=\"extreme\",quantile=\"0.9\"}");
            assertFalse(Double.isNaN(q5) || Double.isNaN(q9), "after observing " + x + ": " + q5 + ", " + q9);
            assertTrue(q5 <= q9, "after observing " + x + ": q0.5 " + q5 + " > q0.9 " + q9);
            inputsTried++;
        }
        assertEquals(1.0 + extremes.length, sink.value("sizes_count{kind=\"extreme\"}"));
        assertEquals(1.0, sink.value("sizes_count{kind=\"a\"}"));
    }

    @Test
    void stateSetRejectsUnknownStates() {
        rejects("\"nope\"", () -> feature.set("nope", true));
        rejects("\"null\"", () -> feature.set(null, true));
        rejects("\"\"", () -> feature.enableOnly(""));
        rejects("\"x\"", () -> feature.isEnabled("x"));
    }

    // ---- strings: empty, huge, lone surrogates ----

    @Test
    void emptyAndHugeLabelValuesAreAcceptedAndEncoded() {
        requests.labels("", "").inc();
        requests.labels(ONE_MB, "200").inc(2);
        RecordingSink sink = RecordingSink.collect(registry);
        assertEquals(1.0, sink.value("requests_total{method=\"\",code=\"\"}"));
        assertEquals(2.0, sink.value("requests_total{method=\"" + ONE_MB + "\",code=\"200\"}"));
        assertEquals(7.0, sink.value("requests_total{method=\"GET\",code=\"200\"}"));
        Counter hugeHelp = Counter.builder("huge_help").help(ONE_MB + "\\\n\"").register(registry);
        assertEquals(ONE_MB.length() + 5, hugeHelp.metadata().helpEscapedText().length);
        inputsTried += 3;
    }

    @Test
    void loneSurrogatesBecomeReplacementCharactersNeverInvalidUtf8() {
        requests.labels("\uD800", "a\uDC00b").inc();
        SeriesLabels labels = requests.labels("\uD800", "a\uDC00b").seriesLabels();
        assertEquals("\uFFFD", new String(labels.valueUtf8(0), StandardCharsets.UTF_8));
        assertEquals("a\uFFFDb", new String(labels.valueUtf8(1), StandardCharsets.UTF_8));
        String text = new String(labels.text(), StandardCharsets.UTF_8);
        assertEquals("method=\"\uFFFD\",code=\"a\uFFFDb\"", text);
        // a valid pair stays one code point
        requests.labels("\uD83D\uDE00", "x").inc();
        assertEquals("\uD83D\uDE00", new String(requests.labels("\uD83D\uDE00", "x").seriesLabels().valueUtf8(0),
                StandardCharsets.UTF_8));
        Counter help = Counter.builder("surrogate_help").help("x\uDBFF").register(registry);
        assertEquals("x\uFFFD", new String(help.metadata().helpUtf8(), StandardCharsets.UTF_8));
        inputsTried += 3;
    }

    @Test
    void labelValuesThatEncodeAlikeAreOneSeries() {
        // "\uD800", "\uDBFF" and "\uFFFD" are different Java strings but the same UTF-8 label value: two series
        // would be written as duplicates, which Prometheus rejects
        CounterHandle a = requests.labels("\uD800", "x");
        CounterHandle b = requests.labels("\uDBFF", "x");
        CounterHandle c = requests.labels("\uFFFD", "x");
        assertSame(a, b);
        assertSame(a, c);
        a.inc();
        b.inc();
        RecordingSink sink = RecordingSink.collect(registry);
        assertEquals(2.0, sink.value("requests_total{method=\"\uFFFD\",code=\"x\"}"));
        assertEquals(sink.lines.size(), sink.values.size(), "no duplicate series: " + sink.lines);
        assertTrue(requests.remove("\uDC00", "x"), "removal finds the series by the same encoded value");
        inputsTried += 4;
    }

    // ---- helpers ----

    /** Expects an IllegalArgumentException naming {@code mustName}, and the registry's collection unchanged. */
    private void rejects(String mustName, Executable call) {
        inputsTried++;
        List<String> before = collect();
        IllegalArgumentException e;
        try {
            e = assertThrows(IllegalArgumentException.class, call);
        } catch (AssertionError wrongOutcome) {
            throw new AssertionError("expected IllegalArgumentException naming " + mustName + ": "
                    + wrongOutcome.getMessage(), wrongOutcome.getCause());
        }
        if (!e.getMessage().contains(mustName)) {
            fail("message does not name " + mustName + ": " + e.getMessage());
        }
        assertEquals(before, collect(), "collection changed after a rejected call: " + e.getMessage());
    }

    private List<String> collect() {
        return RecordingSink.collect(registry).lines;
    }

    private double collectValue(String sample) {
        return RecordingSink.collect(registry).value(sample);
    }
}
