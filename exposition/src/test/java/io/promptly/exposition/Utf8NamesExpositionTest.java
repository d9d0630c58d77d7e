package io.promptly.exposition;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.prometheus.client.Metrics;
import io.promptly.core.Counter;
import io.promptly.core.Gauge;
import io.promptly.core.Histogram;
import io.promptly.core.NameEscaping;
import io.promptly.core.NameValidation;
import io.promptly.core.Registry;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * UTF-8 names through every negotiated escaping, each body judged by a parser we did not write for the writers:
 * {@link Utf8TextParser} (the UTF-8 text grammar) for {@code allow-utf-8}, {@link StrictOpenMetricsParser} and
 * {@link TextFormatParser} (the legacy grammars) for the escaped bodies, protobuf-java for protobuf; the
 * {@code values} names decoded back by a decoder written here from the escaping document's rules.
 */
class Utf8NamesExpositionTest {
    private static final String PROMETHEUS_3_ACCEPT = "application/openmetrics-text;version=1.0.0;"
            + "escaping=allow-utf-8;q=0.5,application/openmetrics-text;version=0.0.1;q=0.4,"
            + "text/plain;version=1.0.0;escaping=allow-utf-8;q=0.3,text/plain;version=0.0.4;q=0.2,*/*;q=0.1";
    private static final String PROMETHEUS_2_ACCEPT = "application/openmetrics-text;version=1.0.0,"
            + "application/openmetrics-text;version=0.0.1;q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1";
    private static final String PROTOBUF = "application/vnd.google.protobuf;"
            + "proto=io.prometheus.client.MetricFamily;encoding=delimited";
    private static final String QUOTED_NAME = "odd \"quoted\\name\"";

    private static Registry utf8Registry() {
        Registry r = new Registry(NameValidation.UTF_8);
        Counter.builder("http.server.requests").help("Requests.").labelNames("http.method").register(r)
                .labels("GET").inc(3);
        Histogram.builder("http.server.request.duration").labelNames("http.route").buckets(0.25, 1).register(r)
                .labels("/x").observe(0.25);
        Gauge.builder(QUOTED_NAME).register(r).set(1.5);
        Counter.builder("plain").labelNames("code").register(r).labels("200").inc();
        return r;
    }

    private static String body(Registry registry, String accept) {
        return new String(Exposition.render(registry, accept).body(), StandardCharsets.UTF_8);
    }

    @Test
    void allowUtf8QuotesUtf8NamesInOpenMetricsAndText1() {
        Registry r = utf8Registry();
        for (String accept : List.of("application/openmetrics-text;version=1.0.0;escaping=allow-utf-8",
                "text/plain;version=1.0.0;escaping=allow-utf-8", PROMETHEUS_3_ACCEPT)) {
            Rendered rendered = Exposition.render(r, accept);
            assertTrue(rendered.contentType().endsWith("; escaping=allow-utf-8"), rendered.contentType());
            Utf8TextParser.Body body = Utf8TextParser.parse(new String(rendered.body(), StandardCharsets.UTF_8));
            Set<String> names = new TreeSet<>();
            for (Utf8TextParser.Point p : body.points()) {
                names.add(p.name());
                if (p.name().startsWith("http.server.requests")) {
                    assertEquals(Map.of("http.method", "GET"), p.labels());
                    assertEquals("3", p.value());
                }
                if (p.name().equals("http.server.request.duration_bucket")) {
                    assertEquals("/x", p.labels().get("http.route"), p.toString());
                }
            }
            assertTrue(names.contains("http.server.requests_total"), names.toString());
            assertTrue(names.contains("http.server.request.duration_count"), names.toString());
            assertTrue(names.contains(QUOTED_NAME), names.toString());
            assertTrue(names.contains("plain_total"), names.toString());
            assertTrue(body.metadataNames().contains("http.server.request.duration"), body.metadataNames().toString());
        }
    }

    @Test
    void escapedBodiesAreLegacyOpenMetricsWithTheSpecsNames() {
        Registry r = utf8Registry();
        for (NameEscaping e : List.of(NameEscaping.UNDERSCORES, NameEscaping.DOTS, NameEscaping.VALUES)) {
            String accept = "application/openmetrics-text;version=1.0.0;escaping=" + e.headerValue();
            List<StrictOpenMetricsParser.Family> families = StrictOpenMetricsParser.parse(body(r, accept));
            List<String> names = new ArrayList<>();
            for (StrictOpenMetricsParser.Family f : families) {
                names.add(f.name());
            }
            assertEquals(List.of(e.escapeMetricName("http.server.requests"),
                    e.escapeMetricName("http.server.request.duration"), e.escapeMetricName(QUOTED_NAME),
                    e.escapeMetricName("plain")), names, e.toString());
            StrictOpenMetricsParser.Point first = families.get(0).points().get(0);
            assertEquals(Set.of(e.escapeLabelName("http.method")), first.labels().keySet());
        }
        assertEquals(List.of("http_server_requests", "http_server_request_duration", "odd__quoted_name_", "plain"),
                familyNames(body(r, "application/openmetrics-text;version=1.0.0;escaping=underscores")));
    }

    @Test
    void valuesEscapedNamesDecodeBackToTheUtf8Names() {
        Registry r = utf8Registry();
        List<String> decoded = new ArrayList<>();
        for (String name : familyNames(body(r, "application/openmetrics-text;version=1.0.0;escaping=values"))) {
            decoded.add(NameEscaping.isLegacyMetricName(name) && !name.startsWith("U__") ? name : decodeValues(name));
        }
        assertEquals(List.of("http.server.requests", "http.server.request.duration", QUOTED_NAME, "plain"), decoded);
        List<String> protobufDecoded = new ArrayList<>();
        byte[] proto = Exposition.render(r, PROTOBUF + ";escaping=values").body();
        for (Metrics.MetricFamily f : ProtobufSamples.families(proto)) {
            protobufDecoded.add(f.getName().startsWith("U__") ? decodeValues(f.getName()) : f.getName());
            for (Metrics.Metric m : f.getMetricList()) {
                for (Metrics.LabelPair l : m.getLabelList()) {
                    assertTrue(NameEscaping.isLegacyLabelName(l.getName()), l.getName());
                }
            }
        }
        // a counter's protobuf family name carries _total, escaped with it: it decodes whole
        assertEquals(List.of("http.server.requests_total", "http.server.request.duration", QUOTED_NAME,
                "plain_total"), protobufDecoded);
    }

    @Test
    void protobufCarriesRawUtf8NamesWhenAllowedAndEscapedOnesOtherwise() {
        Registry r = utf8Registry();
        List<Metrics.MetricFamily> utf8 = ProtobufSamples.families(
                Exposition.render(r, PROTOBUF + ";escaping=allow-utf-8").body());
        assertEquals("http.server.requests_total", utf8.get(0).getName());
        assertEquals("http.method", utf8.get(0).getMetric(0).getLabel(0).getName());
        assertEquals(QUOTED_NAME, utf8.get(2).getName());
        List<Metrics.MetricFamily> legacy = ProtobufSamples.families(Exposition.render(r, PROTOBUF).body());
        assertEquals("http_server_requests_total", legacy.get(0).getName());
        assertEquals("http_method", legacy.get(0).getMetric(0).getLabel(0).getName());
        assertTrue(Exposition.render(r, PROTOBUF + ";escaping=allow-utf-8").contentType()
                .endsWith("; escaping=allow-utf-8"));
    }

    @Test
    void aLegacyScraperGetsUnderscoresInTheGrammarItKnows() {
        Registry r = utf8Registry();
        Rendered om = Exposition.render(r, PROMETHEUS_2_ACCEPT);
        assertEquals(ExpositionFormat.OPENMETRICS.contentType(), om.contentType());
        StrictOpenMetricsParser.parse(new String(om.body(), StandardCharsets.UTF_8));
        Rendered text = Exposition.render(r, (String) null);
        assertEquals(ExpositionFormat.TEXT.contentType(), text.contentType());
        List<Sample> samples = TextFormatParser.parse(new String(text.body(), StandardCharsets.UTF_8));
        assertTrue(samples.contains(new Sample("http_server_requests_total", Map.of("http_method", "GET"), 3)),
                samples.toString());
        // text 0.0.4 cannot quote: allow-utf-8 on a 0.0.4 range is answered with underscores, and says so
        Rendered asked = Exposition.render(r, "text/plain;version=0.0.4;escaping=allow-utf-8");
        assertEquals(ExpositionFormat.TEXT.contentType() + "; escaping=underscores", asked.contentType());
        assertArrayEquals(text.body(), asked.body());
    }

    @Test
    void legacyNamesAreTheSameBytesWhateverTheScraperAsksExceptDots() {
        Registry r = RichRegistry.create();
        byte[] legacy = Exposition.render(r, PROMETHEUS_2_ACCEPT).body();
        for (String e : List.of("allow-utf-8", "underscores", "values")) {
            assertArrayEquals(legacy, Exposition.render(r, "application/openmetrics-text;version=1.0.0;escaping=" + e)
                    .body(), e);
        }
        byte[] text = Exposition.render(r, "text/plain;version=0.0.4").body();
        assertArrayEquals(text, Exposition.render(r, "text/plain;version=1.0.0;escaping=allow-utf-8").body());
        byte[] proto = Exposition.render(r, PROTOBUF).body();
        assertArrayEquals(proto, Exposition.render(r, PROTOBUF + ";escaping=allow-utf-8").body());
    }

    @Test
    void theAcceptMatrixPicksFormatVersionAndEscaping() {
        Object[][] matrix = {
            {null, "text/plain; version=0.0.4; charset=utf-8"},
            {"*/*", "text/plain; version=0.0.4; charset=utf-8"},
            {PROMETHEUS_2_ACCEPT, "application/openmetrics-text; version=1.0.0; charset=utf-8"},
            {PROMETHEUS_3_ACCEPT, "application/openmetrics-text; version=1.0.0; charset=utf-8; escaping=allow-utf-8"},
            {"text/plain;version=1.0.0", "text/plain; version=1.0.0; charset=utf-8; escaping=underscores"},
            {"text/plain;version=1.0.0;escaping=allow-utf-8",
                "text/plain; version=1.0.0; charset=utf-8; escaping=allow-utf-8"},
            {"text/plain;version=1.0.0;escaping=allow-utf8",
                "text/plain; version=1.0.0; charset=utf-8; escaping=allow-utf-8"},
            {"text/plain; version=1.0.0; ESCAPING=\"Dots\"", "text/plain; version=1.0.0; charset=utf-8; escaping=dots"},
            {"text/plain;version=1.0.0;escaping=bogus", "text/plain; version=1.0.0; charset=utf-8; escaping=underscores"},
            {"text/plain;escaping=values;version=0.0.4", "text/plain; version=0.0.4; charset=utf-8; escaping=values"},
            {"*/*;version=1.0.0", "text/plain; version=0.0.4; charset=utf-8"},
            {"application/openmetrics-text;version=0.0.1;escaping=values",
                "application/openmetrics-text; version=1.0.0; charset=utf-8; escaping=values"},
            {"application/openmetrics-text;version=2.0.0;escaping=allow-utf-8",
                "application/openmetrics-text; version=2.0.0; charset=utf-8; escaping=allow-utf-8"},
            {"application/openmetrics-text;version=2.0.0", "application/openmetrics-text; version=2.0.0; charset=utf-8"},
            {PROTOBUF + ";escaping=underscores;q=0.9,text/plain;version=1.0.0;escaping=allow-utf-8;q=0.8",
                ExpositionFormat.PROTOBUF.contentType() + "; escaping=underscores"},
            {PROTOBUF + ";q=0.1,text/plain;version=1.0.0;escaping=allow-utf-8;q=0.8",
                "text/plain; version=1.0.0; charset=utf-8; escaping=allow-utf-8"},
        };
        for (Object[] row : matrix) {
            assertEquals(row[1], ScrapeFormat.negotiate((String) row[0]).contentType(), String.valueOf(row[0]));
        }
    }

    private static List<String> familyNames(String openMetrics) {
        List<String> names = new ArrayList<>();
        for (StrictOpenMetricsParser.Family f : StrictOpenMetricsParser.parse(openMetrics)) {
            names.add(f.name());
        }
        return names;
    }

    /** The values scheme read back by its rules: after U__, "__" is "_", "_hex_" a code point, else itself. */
    static String decodeValues(String escaped) {
        if (!escaped.startsWith("U__")) {
            throw new AssertionError("no U__ prefix: " + escaped);
        }
        StringBuilder out = new StringBuilder();
        String s = escaped.substring(3);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c != '_') {
                out.append(c);
            } else if (i + 1 < s.length() && s.charAt(i + 1) == '_') {
                out.append('_');
                i++;
            } else {
                int end = s.indexOf('_', i + 1);
                if (end < 0) {
                    throw new AssertionError("unterminated code point in " + escaped);
                }
                out.appendCodePoint(Integer.parseInt(s.substring(i + 1, end), 16));
                i = end;
            }
        }
        return out.toString();
    }
}
