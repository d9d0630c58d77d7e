package io.promptly.exposition;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.promptly.core.Collectable;
import io.promptly.core.Counter;
import io.promptly.core.Gauge;
import io.promptly.core.Histogram;
import io.promptly.core.MetricMetadata;
import io.promptly.core.MetricSink;
import io.promptly.core.MetricType;
import io.promptly.core.Registry;
import io.promptly.core.SeriesLabels;
import io.promptly.core.Summary;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * The exposition entry points fed bad input: nulls in every argument, malformed and hostile {@code Accept}
 * headers, hostile strings in the registry (1 MB label values, lone surrogates, escapes), special values, and
 * collectables that throw. Each bad call ends in an {@link IllegalArgumentException} naming the argument (or in
 * the documented behaviour), and afterwards every format renders exactly what it rendered before.
 */
class ExpositionBadInputTest {
    private static final String ONE_MB = "x".repeat(1 << 20);
    private static int inputsTried;

    private Registry registry;

    @AfterAll
    static void report() {
        System.out.println("[ExpositionBadInputTest] bad inputs tried: " + inputsTried);
    }

    @BeforeEach
    void registryWithEveryType() {
        registry = new Registry();
        Counter.builder("requests").help("R.").labelNames("code").register(registry).labels("200").inc(3);
        Gauge.builder("temperature").help("T.").register(registry).set(-4.5);
        Histogram.builder("latency").help("L.").buckets(0.5, 1).register(registry).observe(0.7);
        Summary.builder("sizes").help("S.").quantiles(0.5).register(registry).observe(2);
    }

    @Test
    void renderingEntryPointsRejectNullArguments() {
        OutputStream sink = new ByteArrayOutputStream();
        rejects("registry", () -> Exposition.render(null, "text/plain"));
        rejects("registry", () -> Exposition.render(null, List.of()));
        rejects("registry", () -> Exposition.render(null, ExpositionFormat.TEXT));
        rejects("format", () -> Exposition.render(registry, (ExpositionFormat) null));
        rejects("registry", () -> Exposition.write(null, ExpositionFormat.TEXT, sink, f -> true));
        rejects("format", () -> Exposition.write(registry, null, sink, f -> true));
        rejects("output stream", () -> Exposition.write(registry, ExpositionFormat.TEXT, null, f -> true));
        rejects("filter", () -> Exposition.write(registry, ExpositionFormat.TEXT, sink, null));
        ScrapeRenderer renderer = new ScrapeRenderer();
        rejects("registry", () -> renderer.render(null, ExpositionFormat.TEXT));
        rejects("format", () -> renderer.render(registry, (ExpositionFormat) null));
        rejects("format", () -> renderer.render(registry, (ScrapeFormat) null));
        rejects("filter", () -> renderer.render(registry, ExpositionFormat.TEXT, null));
        rejects("output stream", () -> renderer.write(registry, ExpositionFormat.TEXT, f -> true, null));
        rejects("output stream", () -> renderer.writeTo(null));
        rejects("63", () -> new ScrapeRenderer(63));
        rejects("-1", () -> new ScrapeRenderer(-1));
        rejects("names", () -> NameFilter.of(null));
        rejects("null", () -> NameFilter.of(Arrays.asList("requests", null)));
        rejects("63", () -> new ExpositionBuffer(63));
        rejects("output stream", () -> new ExpositionBuffer().attach(null));
        rejects("output stream", () -> new ExpositionBuffer().writeTo(null));
        // the renderer that saw the bad calls still renders like a fresh one
        for (ExpositionFormat format : ExpositionFormat.values()) {
            assertArrayEquals(Exposition.render(registry, format).body(),
                    renderer.render(registry, format).toByteArray(), format.name());
        }
    }

    @Test
    void malformedAcceptHeadersNeverThrowAndFallBackToText() {
        String[] garbage = {
            "", " ", ",", ";", ";;;", ",,,", "*", "*/", "/*", "/", "text", "text/", "/plain", "q=1", ";q=1",
            "*/*;q=2", "*/*;q=-1", "*/*;q=NaN", "*/*;q=1e400", "*/*;q=", "*/*;q", "*/*;=", "*/*; q = 0.5",
            "text/plain;version=", "text/plain;version", "text/plain;;;version=0.0.4", "text/plain;version=9.9.9",
            "application/openmetrics-text;q=0", "application/openmetrics-text;version=9.0.0",
            "application/openmetrics-text;version=\"1.0.0", "application/openmetrics-text;version=1.0.0;q=abc",
            "application/vnd.google.protobuf", "application/vnd.google.protobuf;proto=x;encoding=delimited",
            "application/vnd.google.protobuf;encoding=delimited;proto=io.prometheus.client.MetricFamily;q=0",
            "\u0000\u0001\u007f", "text/plain\r\nX-Injected: 1", "\uD800", "\uFFFF\uFFFE", "ü/ö", "a/b;c=\"d,e\"",
            "text/plain;q=0.5;q=0.9", "*/*;q=0.1;version=1.0.0", "x".repeat(1 << 20),
            "text/plain;version=0.0.4,".repeat(10_000), ";q=0.5".repeat(10_000), "\"".repeat(1000),
        };
        for (String accept : garbage) {
            inputsTried++;
            ExpositionFormat chosen;
            try {
                chosen = ExpositionFormat.negotiate(accept);
            } catch (RuntimeException e) {
                throw new AssertionError("negotiate threw on " + shorten(accept), e);
            }
            assertNotNull(chosen, shorten(accept));
            Rendered rendered = Exposition.render(registry, accept);
            assertEquals(chosen, rendered.format());
            assertEquals(chosen.contentType(), rendered.contentType());
        }
        // spec-decided answers among the garbage
        assertEquals(ExpositionFormat.TEXT, ExpositionFormat.negotiate("*/*;q=2"));
        assertEquals(ExpositionFormat.TEXT, ExpositionFormat.negotiate("application/openmetrics-text;q=0"));
        assertEquals(ExpositionFormat.TEXT, ExpositionFormat.negotiate("x".repeat(1 << 20)));
        assertEquals(ExpositionFormat.OPENMETRICS,
                ExpositionFormat.negotiate("application/openmetrics-text;version=1.0.0;q=abc"));
        assertEquals(ExpositionFormat.TEXT, ExpositionFormat.negotiate(
                "application/vnd.google.protobuf;proto=x;encoding=delimited"));
        List<String> withNulls = new ArrayList<>();
        withNulls.add(null);
        withNulls.add("application/openmetrics-text;version=1.0.0");
        withNulls.add(null);
        assertEquals(ExpositionFormat.OPENMETRICS, ExpositionFormat.negotiate(withNulls));
        assertEquals(ExpositionFormat.TEXT, ExpositionFormat.negotiate((List<String>) null));
        assertEquals(ExpositionFormat.TEXT, ExpositionFormat.negotiate((String) null));
        inputsTried += 4;
    }

    @Test
    void hostileStringsRenderAsValidOutputInEveryFormat() throws IOException {
        Counter weird = Counter.builder("weird").help("help \\ \" \n \uD800 end").labelNames("v").register(registry);
        String[] values = {"", ONE_MB, "\uD800", "a\uDC00b", "\uD83D\uDE00", "quote\"back\\slash\nnewline",
            "\u0000\t\r", "}", "=,"};
        for (int i = 0; i < values.length; i++) {
            weird.labels(values[i]).inc(i + 1);
        }
        Gauge special = Gauge.builder("special").labelNames("kind").register(registry);
        special.labels("nan").set(Double.NaN);
        special.labels("inf").set(Double.POSITIVE_INFINITY);
        special.labels("ninf").set(Double.NEGATIVE_INFINITY);
        special.labels("tiny").set(Double.MIN_VALUE);
        Histogram nanSum = Histogram.builder("nan_sum").buckets(1).register(registry);
        nanSum.observe(Double.NaN);
        inputsTried += values.length + 5;
        for (ExpositionFormat format : ExpositionFormat.values()) {
            byte[] body = Exposition.render(registry, format).body();
            boolean om2 = format == ExpositionFormat.OPENMETRICS_2_0; // counters named as given: no _total added
            List<Sample> samples = format == ExpositionFormat.PROTOBUF ? ProtobufSamples.samples(body)
                    : om2 ? StrictOpenMetrics2Parser.samples(utf8Strict(body)) : TextFormatParser.parse(utf8Strict(body));
            for (int i = 0; i < values.length; i++) {
                String expected = wellFormed(values[i]);
                double found = find(samples, om2 ? "weird" : "weird_total", "v", expected);
                assertEquals(i + 1.0, found, format + ": value of series #" + i);
            }
            assertTrue(Double.isNaN(find(samples, "special", "kind", "nan")), format.name());
            assertEquals(Double.POSITIVE_INFINITY, find(samples, "special", "kind", "inf"), format.name());
            assertEquals(Double.NEGATIVE_INFINITY, find(samples, "special", "kind", "ninf"), format.name());
            assertEquals(Double.MIN_VALUE, find(samples, "special", "kind", "tiny"), format.name());
            // the registry's original series are intact
            assertEquals(3.0, find(samples, om2 ? "requests" : "requests_total", "code", "200"), format.name());
        }
    }

    @Test
    void aThrowingCollectableFailsOneRenderAndLeavesTheRendererReusable() {
        ScrapeRenderer renderer = new ScrapeRenderer(64);
        List<byte[]> healthy = new ArrayList<>();
        for (ExpositionFormat format : ExpositionFormat.values()) {
            healthy.add(renderer.render(registry, format).toByteArray());
        }
        Collectable broken = new Collectable() {
            private final MetricMetadata metadata = new MetricMetadata("broken", MetricType.GAUGE, "", "");

            @Override
            public MetricMetadata metadata() {
                return metadata;
            }

            @Override
            public void collect(MetricSink sink) {
                sink.family(metadata);
                sink.gauge(SeriesLabels.of(new String[] {"a"}, new String[] {"x".repeat(10_000)}), 1);
                throw new IllegalStateException("source went away mid-family");
            }
        };
        registry.register(broken);
        for (ExpositionFormat format : ExpositionFormat.values()) {
            inputsTried++;
            assertThrows(IllegalStateException.class, () -> renderer.render(registry, format), format.name());
            ByteArrayOutputStream streamed = new ByteArrayOutputStream();
            assertThrows(IllegalStateException.class,
                    () -> renderer.write(registry, format, f -> true, streamed), format.name());
        }
        registry.unregister(broken);
        ExpositionFormat[] formats = ExpositionFormat.values();
        for (int i = 0; i < formats.length; i++) {
            assertArrayEquals(healthy.get(i), renderer.render(registry, formats[i]).toByteArray(),
                    formats[i] + " after a failed render");
            ByteArrayOutputStream streamed = new ByteArrayOutputStream();
            try {
                renderer.write(registry, formats[i], f -> true, streamed);
            } catch (IOException e) {
                throw new AssertionError(e);
            }
            assertArrayEquals(healthy.get(i), streamed.toByteArray(), formats[i] + " streamed after a failed render");
        }
    }

    @Test
    void aFailingOutputStreamSurfacesAsIoExceptionAndLeavesTheRendererReusable() {
        Counter many = Counter.builder("many").labelNames("i").register(registry);
        for (int i = 0; i < 5_000; i++) {
            many.labels(Integer.toString(i)).inc();
        }
        ScrapeRenderer renderer = new ScrapeRenderer(1024);
        for (ExpositionFormat format : ExpositionFormat.values()) {
            inputsTried++;
            OutputStream failing = new OutputStream() {
                private int written;

                @Override
                public void write(int b) throws IOException {
                    write(new byte[] {(byte) b}, 0, 1);
                }

                @Override
                public void write(byte[] b, int off, int len) throws IOException {
                    written += len;
                    if (written > 4096) {
                        throw new IOException("peer went away");
                    }
                }
            };
            IOException e = assertThrows(IOException.class, () -> renderer.write(registry, format, f -> true, failing));
            assertEquals("peer went away", e.getMessage());
            assertArrayEquals(Exposition.render(registry, format).body(),
                    renderer.render(registry, format).toByteArray(), format + " after a failed stream");
        }
    }

    // ---- helpers ----

    private void rejects(String mustName, Executable call) {
        inputsTried++;
        List<byte[]> before = renderAll();
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
        List<byte[]> after = renderAll();
        for (int i = 0; i < before.size(); i++) {
            assertArrayEquals(before.get(i), after.get(i), "render changed after a rejected call");
        }
    }

    private List<byte[]> renderAll() {
        List<byte[]> bodies = new ArrayList<>();
        for (ExpositionFormat format : ExpositionFormat.values()) {
            bodies.add(Exposition.render(registry, format).body());
        }
        return bodies;
    }

    private static double find(List<Sample> samples, String name, String label, String value) {
        for (Sample s : samples) {
            if (s.name().equals(name) && value.equals(s.labels().get(label))) {
                return s.value();
            }
        }
        throw new AssertionError("no sample " + name + "{" + label + "=" + shorten(value) + "}");
    }

    /** Decodes UTF-8, failing on any malformed byte (a writer must never emit invalid UTF-8). */
    private static String utf8Strict(byte[] body) {
        try {
            return StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(body)).toString();
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new AssertionError("body is not valid UTF-8", e);
        }
    }

    /** What an ill-formed Java string must become on the wire: each unpaired surrogate as U+FFFD. */
    private static String wellFormed(String s) {
        StringBuilder sb = new StringBuilder();
        s.codePoints().forEach(cp -> sb.appendCodePoint(Character.isSurrogate((char) cp) && cp < 0x10000
                ? 0xFFFD : cp));
        return sb.toString();
    }

    private static String shorten(String s) {
        return s.length() <= 60 ? s : s.substring(0, 60) + "… (" + s.length() + " chars)";
    }
}
