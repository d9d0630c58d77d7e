package io.promptly.exposition;

import static io.promptly.exposition.TestFamily.labels;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.promptly.core.MetricType;
import io.promptly.core.Registry;
import io.promptly.core.SeriesLabels;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Behaviour every format writer shares, checked through each format's own reader (a strict text parser, or
 * protobuf-java): one subclass per writer.
 */
abstract class FormatWriterContractTest {
    /** Keeps the allocation probe reachable, so that it cannot be optimised away. */
    static byte[] allocationProbe;

    /** The format under test. */
    abstract ExpositionFormat format();

    /** Reads a body back into format-neutral samples; {@code le}/{@code quantile} values normalised. */
    abstract List<Sample> read(byte[] body);

    /** The body of a scrape with no family, in this format. */
    abstract byte[] emptyBody();

    final byte[] render(Registry registry) {
        return new ScrapeRenderer().render(registry, format()).toByteArray();
    }

    final List<Sample> samples(Registry registry) {
        return read(render(registry));
    }

    /** Normalises numeric label values so that {@code 1.0} (text) and {@code 1.0} (protobuf double) compare. */
    static List<Sample> normalise(List<Sample> samples) {
        List<Sample> out = new ArrayList<>();
        for (Sample s : samples) {
            Map<String, String> labels = new LinkedHashMap<>(s.labels());
            for (String key : new String[] {"le", "quantile"}) {
                String v = labels.get(key);
                if (v != null && !v.equals("Infinity") && !v.contains(".") && !v.contains("E")) {
                    labels.put(key, Double.toString(TextFormatParser.parseValue(v)));
                } else if (v != null && !v.equals("Infinity")) {
                    labels.put(key, Double.toString(TextFormatParser.parseValue(v)));
                }
            }
            out.add(new Sample(s.name(), labels, s.value()));
        }
        return out;
    }

    static Sample find(List<Sample> samples, String name, String... namesAndValues) {
        Map<String, String> wanted = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            wanted.put(namesAndValues[i], namesAndValues[i + 1]);
        }
        Sample found = null;
        for (Sample s : samples) {
            if (s.name().equals(name) && s.labels().equals(wanted)) {
                assertEquals(null, found, "duplicate sample " + name + wanted);
                found = s;
            }
        }
        assertNotNull(found, "no sample " + name + wanted + " in " + samples);
        return found;
    }

    @Test
    void emptyRegistryWritesTheFormatsEmptyBody() {
        assertArrayEquals(emptyBody(), render(new Registry()));
    }

    @Test
    void counterAbove2Pow63IsReadAsUnsigned() {
        Registry registry = new Registry();
        registry.register(TestFamily.counter("big", "", SeriesLabels.EMPTY, 0x8000_0000_0000_0001L, 0));
        assertEquals(0x1p63, find(samples(registry), "big_total").value());
    }

    @Test
    void counterFractionIsAddedToTheWholePart() {
        Registry registry = new Registry();
        registry.register(TestFamily.counter("c", "", SeriesLabels.EMPTY, 41, 0.5));
        assertEquals(41.5, find(samples(registry), "c_total").value());
    }

    @Test
    void labelValuesWithSpecialCharactersReadBackUnchanged() {
        String[] values = {"", "\\", "\"", "\n", "\\n", "a\"b\\c\nd", "tab\there", "cr\rnul\0", "\u00e9\u4e2d\ud83d\ude00",
            "\\\"\\\""};
        Registry registry = new Registry();
        SeriesLabels[] series = new SeriesLabels[values.length];
        double[] v = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            series[i] = labels("id", Integer.toString(i), "value", values[i]);
            v[i] = i;
        }
        registry.register(TestFamily.gauges("g", MetricType.GAUGE, "", "", series, v));
        List<Sample> samples = samples(registry);
        for (int i = 0; i < values.length; i++) {
            assertEquals(i, find(samples, "g", "id", Integer.toString(i), "value", values[i]).value());
        }
    }

    @Test
    void loneSurrogatesReadBackAsReplacementCharacter() {
        Registry registry = new Registry();
        registry.register(TestFamily.gauge("g", "", labels("v", "a\ud800b\udc00c"), 1));
        find(samples(registry), "g", "v", "a\ufffdb\ufffdc");
    }

    @Test
    void specialDoublesReadBackBitExact() {
        double[] values = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 0.0, 0.1, -2.5, 1e300,
            Double.MIN_VALUE, Double.MAX_VALUE, 123456789.0};
        SeriesLabels[] series = new SeriesLabels[values.length];
        for (int i = 0; i < values.length; i++) {
            series[i] = labels("i", Integer.toString(i));
        }
        Registry registry = new Registry();
        registry.register(TestFamily.gauges("g", MetricType.GAUGE, "", "", series, values));
        List<Sample> samples = samples(registry);
        for (int i = 0; i < values.length; i++) {
            assertEquals(Double.doubleToLongBits(values[i]),
                    Double.doubleToLongBits(find(samples, "g", "i", Integer.toString(i)).value()), "value " + i);
        }
    }

    @Test
    void histogramBucketsSumAndCountReadBack() {
        Registry registry = new Registry();
        registry.register(TestFamily.histogram("h", "", "", new double[] {0.25, 1, 10, Double.POSITIVE_INFINITY},
                new SeriesLabels[] {labels("a", "x"), labels("a", "y")},
                new long[][] {{1, 2, 3, 4}, {0, 0, 0, 0}},
                new double[] {7.5, 0}));
        List<Sample> s = normalise(samples(registry));
        assertEquals(1, find(s, "h_bucket", "a", "x", "le", "0.25").value());
        assertEquals(2, find(s, "h_bucket", "a", "x", "le", "1.0").value());
        assertEquals(3, find(s, "h_bucket", "a", "x", "le", "10.0").value());
        assertEquals(4, find(s, "h_bucket", "a", "x", "le", "Infinity").value());
        assertEquals(4, find(s, "h_count", "a", "x").value());
        assertEquals(7.5, find(s, "h_sum", "a", "x").value());
        assertEquals(0, find(s, "h_bucket", "a", "y", "le", "Infinity").value());
        assertEquals(0, find(s, "h_count", "a", "y").value());
        assertEquals(12, s.size());
    }

    @Test
    void summaryQuantilesSumAndCountReadBack() {
        Registry registry = new Registry();
        registry.register(TestFamily.summary("s", "", "", new double[] {0.5, 0.9, 0.99},
                new SeriesLabels[] {labels("a", "x")},
                new double[][] {{1.5, 2.5, Double.NaN}}, new long[] {12}, new double[] {30}));
        List<Sample> samples = normalise(samples(registry));
        assertEquals(1.5, find(samples, "s", "a", "x", "quantile", "0.5").value());
        assertEquals(2.5, find(samples, "s", "a", "x", "quantile", "0.9").value());
        assertTrue(Double.isNaN(find(samples, "s", "a", "x", "quantile", "0.99").value()));
        assertEquals(12, find(samples, "s_count", "a", "x").value());
        assertEquals(30, find(samples, "s_sum", "a", "x").value());
    }

    @Test
    void infoAndStateSetReadBackAsGaugeSamples() {
        Registry registry = new Registry();
        registry.register(TestFamily.gauges("build", MetricType.INFO, "", "",
                new SeriesLabels[] {labels("version", "1")}, new double[] {1}));
        registry.register(TestFamily.stateSet("mode", "", labels("k", "v"), new String[] {"on", "off"},
                new boolean[] {false, true}));
        List<Sample> samples = samples(registry);
        assertEquals(1, find(samples, "build_info", "version", "1").value());
        assertEquals(0, find(samples, "mode", "k", "v", "mode", "on").value());
        assertEquals(1, find(samples, "mode", "k", "v", "mode", "off").value());
    }

    @Test
    void familiesTheFilterRejectsAreNotWritten() {
        Registry registry = RichRegistry.create();
        byte[] body = new ScrapeRenderer().render(registry, format(),
                NameFilter.of(Set.of("http_requests_total", "latency_seconds_bucket"))).toByteArray();
        List<Sample> samples = read(body);
        assertEquals(3 + 5, samples.size(), samples.toString());
        for (Sample s : samples) {
            assertTrue(s.name().startsWith("http_requests_total") || s.name().startsWith("latency_seconds"),
                    s.name());
        }
    }

    @Test
    void aReusedRendererWritesTheSameBytesEveryTime() {
        Registry registry = RichRegistry.create();
        ScrapeRenderer renderer = new ScrapeRenderer(64);
        byte[] first = renderer.render(registry, format()).toByteArray();
        renderer.render(registry, ExpositionFormat.OPENMETRICS == format() ? ExpositionFormat.TEXT
                : ExpositionFormat.OPENMETRICS);
        byte[] second = renderer.render(registry, format()).toByteArray();
        assertArrayEquals(first, second);
        assertArrayEquals(render(registry), first);
    }

    @Test
    void streamingInSmallChunksWritesTheSameBytesAsRenderingInMemory() throws IOException {
        // many small families: a protobuf family is held whole until its length is known, text is not
        Registry registry = manyFamilies(200, 10);
        byte[] inMemory = render(registry);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int[] largestWrite = {0};
        OutputStream counting = new OutputStream() {
            @Override
            public void write(int b) {
                out.write(b);
                largestWrite[0] = Math.max(largestWrite[0], 1);
            }

            @Override
            public void write(byte[] b, int off, int len) {
                out.write(b, off, len);
                largestWrite[0] = Math.max(largestWrite[0], len);
            }
        };
        ScrapeRenderer renderer = new ScrapeRenderer(4096);
        renderer.write(registry, format(), family -> true, counting);
        assertArrayEquals(inMemory, out.toByteArray());
        assertTrue(largestWrite[0] < inMemory.length / 4, "streamed in chunks, largest " + largestWrite[0]
                + " of " + inMemory.length);
        assertEquals(0, renderer.length(), "nothing left in the buffer after streaming");
        ByteArrayOutputStream viaStatic = new ByteArrayOutputStream();
        Exposition.write(registry, format(), viaStatic, family -> true);
        assertArrayEquals(inMemory, viaStatic.toByteArray());
    }

    @Test
    void aFailingStreamSurfacesItsIOException() {
        Registry registry = largeRegistry(1_000);
        IOException failure = new IOException("connection reset");
        OutputStream broken = new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                throw failure;
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                throw failure;
            }
        };
        ScrapeRenderer renderer = new ScrapeRenderer(1024);
        IOException thrown = assertThrows(IOException.class,
                () -> renderer.write(registry, format(), family -> true, broken));
        assertEquals(failure, thrown);
        // the renderer is usable again afterwards
        assertArrayEquals(render(registry), renderer.render(registry, format()).toByteArray());
    }

    @Test
    void warmedRendererAllocatesNothingPerScrape() {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        Registry registry = largeRegistry(1_000);
        ScrapeRenderer renderer = new ScrapeRenderer();
        for (int i = 0; i < 200; i++) {
            renderer.render(registry, format());
        }
        int renders = 100;
        long before = threads.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < renders; i++) {
            renderer.render(registry, format());
        }
        long perRender = (threads.getCurrentThreadAllocatedBytes() - before) / renders;
        assertTrue(perRender < 1024, perRender + " bytes allocated per render of 1,000 series");

        // the counter itself sees allocation: a 100 KiB array kept reachable must show
        long probeBefore = threads.getCurrentThreadAllocatedBytes();
        allocationProbe = new byte[100 * 1024];
        assertTrue(threads.getCurrentThreadAllocatedBytes() - probeBefore >= 100 * 1024,
                "allocation counter did not see a 100 KiB array");
    }

    @Test
    void largeFamiliesReadBackCompletely() {
        // 1,500 counters in one family: well past 16 KiB, so a protobuf length needs three varint bytes
        List<Sample> samples = read(render(largeRegistry(3_000)));
        assertEquals(1_500 + 750 + 750 * (4 + 2), samples.size());
        assertEquals(1_499 * 1_000_003.0, find(samples, "http_requests_total", "method", "POST",
                "path", "/api/v1/item/1499").value());
        assertEquals(4 * 749.0, find(normalise(samples), "latency_seconds_bucket", "route", "/r/749",
                "le", "Infinity").value());
    }

    @Test
    void streamingALargeFamilyWritesTheSameBytesAsRenderingInMemory() throws IOException {
        Registry registry = largeRegistry(3_000);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new ScrapeRenderer(1024).write(registry, format(), family -> true, out);
        assertArrayEquals(render(registry), out.toByteArray());
    }

    /** {@code families} counter families of {@code seriesEach} series. */
    static Registry manyFamilies(int families, int seriesEach) {
        Registry registry = new Registry();
        for (int f = 0; f < families; f++) {
            SeriesLabels[] series = new SeriesLabels[seriesEach];
            long[] wholes = new long[seriesEach];
            for (int i = 0; i < seriesEach; i++) {
                series[i] = labels("instance", "host-" + i + ".example.org:9100", "job", "node");
                wholes[i] = 1L << (f % 64);
            }
            registry.register(TestFamily.counter("family_" + f, "Family " + f + ".", series, wholes,
                    new double[seriesEach]));
        }
        return registry;
    }

    /** Counters, gauges and histograms with labels: {@code series} series in all; gauges and sums are fractional. */
    static Registry largeRegistry(int series) {
        Registry registry = new Registry();
        int counters = series / 2;
        int gauges = series / 4;
        int histograms = series - counters - gauges;
        SeriesLabels[] c = new SeriesLabels[counters];
        long[] wholes = new long[counters];
        double[] fractions = new double[counters];
        for (int i = 0; i < counters; i++) {
            c[i] = labels("method", i % 2 == 0 ? "GET" : "POST", "path", "/api/v1/item/" + i);
            wholes[i] = i * 1_000_003L;
        }
        registry.register(TestFamily.counter("http_requests_total", "Requests.", c, wholes, fractions));
        SeriesLabels[] g = new SeriesLabels[gauges];
        double[] values = new double[gauges];
        for (int i = 0; i < gauges; i++) {
            g[i] = labels("pool", "pool-" + i);
            values[i] = -i - 0.37 * i / 1e3;
        }
        registry.register(TestFamily.gauges("pool_size", MetricType.GAUGE, "Pool size.", "", g, values));
        SeriesLabels[] h = new SeriesLabels[histograms];
        long[][] counts = new long[histograms][];
        double[] sums = new double[histograms];
        for (int i = 0; i < histograms; i++) {
            h[i] = labels("route", "/r/" + i);
            counts[i] = new long[] {i, 2L * i, 3L * i, 4L * i};
            sums[i] = i * 0.123456789;
        }
        registry.register(TestFamily.histogram("latency_seconds", "Latency.", "seconds",
                new double[] {0.1, 1, 10, Double.POSITIVE_INFINITY}, h, counts, sums));
        return registry;
    }
}
