package io.promptly.exposition;

import static io.promptly.exposition.ExpositionFormat.OPENMETRICS;
import static io.promptly.exposition.ExpositionFormat.OPENMETRICS_2_0;
import static io.promptly.exposition.ExpositionFormat.PROTOBUF;
import static io.promptly.exposition.ExpositionFormat.TEXT;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/** Content negotiation over real scraper headers, q-values, parameter spelling and malformed input. */
class ExpositionFormatNegotiationTest {
    /** What Prometheus 2.42 sends by default. */
    static final String PROMETHEUS_2_42 = "application/openmetrics-text;version=1.0.0,"
            + "application/openmetrics-text;version=0.0.1;q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1";
    /** What Prometheus 2.42 sends with --enable-feature=native-histograms. */
    static final String PROMETHEUS_2_42_NATIVE = "application/vnd.google.protobuf;"
            + "proto=io.prometheus.client.MetricFamily;encoding=delimited,"
            + "application/openmetrics-text;version=1.0.0;q=0.8,"
            + "application/openmetrics-text;version=0.0.1;q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1";

    static List<Arguments> table() {
        return Arrays.asList(
                Arguments.of(PROMETHEUS_2_42, OPENMETRICS),
                Arguments.of(PROMETHEUS_2_42_NATIVE, PROTOBUF),
                Arguments.of(null, TEXT),
                Arguments.of("", TEXT),
                Arguments.of("   ", TEXT),
                Arguments.of("*/*", TEXT),
                Arguments.of("text/plain", TEXT),
                Arguments.of("text/plain;version=0.0.4", TEXT),
                Arguments.of("text/html,application/xhtml+xml", TEXT),
                // OpenMetrics versions
                Arguments.of("application/openmetrics-text", OPENMETRICS),
                Arguments.of("application/openmetrics-text;version=0.0.1", OPENMETRICS),
                Arguments.of("application/openmetrics-text; version=1.0.0; charset=utf-8", OPENMETRICS),
                Arguments.of("application/openmetrics-text;version=2.0.0", OPENMETRICS_2_0),
                Arguments.of("application/openmetrics-text;version=2.0.0,application/openmetrics-text;q=0.2",
                        OPENMETRICS_2_0),
                Arguments.of("application/openmetrics-text;version=2.0.0;q=0.1,application/openmetrics-text;q=0.2",
                        OPENMETRICS),
                Arguments.of("application/openmetrics-text;version=3.0.0", TEXT),
                Arguments.of("application/openmetrics-text;version=2.0.0-rc0", TEXT),
                // parameters in any order, spacing, case, quoting
                Arguments.of("APPLICATION/OpenMetrics-Text ; Version = \"1.0.0\" ; Q = 0.9", OPENMETRICS),
                Arguments.of("application/vnd.google.protobuf; encoding=delimited;"
                        + " proto=io.prometheus.client.MetricFamily", PROTOBUF),
                Arguments.of("application/vnd.google.protobuf;proto=\"io.prometheus.client.MetricFamily\";"
                        + "encoding=\"delimited\"", PROTOBUF),
                // protobuf needs both parameters, and the delimited encoding
                Arguments.of("application/vnd.google.protobuf", TEXT),
                Arguments.of("application/vnd.google.protobuf;proto=io.prometheus.client.MetricFamily", TEXT),
                Arguments.of("application/vnd.google.protobuf;proto=io.prometheus.client.MetricFamily;"
                        + "encoding=text", TEXT),
                Arguments.of("application/vnd.google.protobuf;proto=other.Message;encoding=delimited", TEXT),
                // q-values: highest wins, ties go to the earlier range, q=0 is refusal
                Arguments.of("text/plain;q=0.5,application/openmetrics-text;q=0.6", OPENMETRICS),
                Arguments.of("application/openmetrics-text;q=0.5,text/plain;q=0.6", TEXT),
                Arguments.of("application/openmetrics-text;q=0.5,text/plain;q=0.5", OPENMETRICS),
                Arguments.of("text/plain;q=0.5,application/openmetrics-text;q=0.5", TEXT),
                Arguments.of("application/openmetrics-text;q=0", TEXT),
                Arguments.of("application/openmetrics-text;q=0.000,text/plain;q=0.001", TEXT),
                Arguments.of("application/openmetrics-text;q=0,application/vnd.google.protobuf;"
                        + "proto=io.prometheus.client.MetricFamily;encoding=delimited;q=0.01", PROTOBUF),
                Arguments.of("application/openmetrics-text;q=0.8,*/*;q=0.9", TEXT),
                // malformed q: never throws, counts as 1
                Arguments.of("application/openmetrics-text;version=0.0.1,text/plain;version=0.0.4;q=0.5,*/*;q=2",
                        OPENMETRICS),
                Arguments.of("text/plain;q=0.5,application/openmetrics-text;q=abc", OPENMETRICS),
                Arguments.of("text/plain;q=0.5,application/openmetrics-text;q=", OPENMETRICS),
                Arguments.of("text/plain;q=0.5,application/openmetrics-text;q=-1", OPENMETRICS),
                Arguments.of("text/plain;q=0.9,application/openmetrics-text;q=1.5", OPENMETRICS),
                Arguments.of("application/openmetrics-text;q=0.1234,text/plain;q=0.123", OPENMETRICS),
                // garbage never throws
                Arguments.of(",,,;;;===\"", TEXT),
                Arguments.of("application/openmetrics-text;version=\"1.0.0", TEXT),
                Arguments.of(";q=1,application/openmetrics-text", OPENMETRICS),
                Arguments.of("application/openmetrics-text;;version;=;q=0.3", OPENMETRICS),
                // a comma inside a quoted parameter does not split the range
                Arguments.of("text/plain;foo=\"a,application/openmetrics-text\";q=0.5", TEXT));
    }

    @ParameterizedTest
    @MethodSource("table")
    void negotiatesTheBestSupportedFormat(String accept, ExpositionFormat expected) {
        assertEquals(expected, ExpositionFormat.negotiate(accept), String.valueOf(accept));
    }

    @Test
    void severalAcceptHeadersAreReadAsOneListInOrder() {
        assertEquals(OPENMETRICS, ExpositionFormat.negotiate(Arrays.asList(
                "text/plain;q=0.5", "application/openmetrics-text;version=1.0.0")));
        assertEquals(TEXT, ExpositionFormat.negotiate(Arrays.asList(
                "text/plain", "application/openmetrics-text;version=1.0.0"))); // tie: first header wins
        assertEquals(PROTOBUF, ExpositionFormat.negotiate(Arrays.asList(null, "*/*;q=0.1",
                "application/vnd.google.protobuf;proto=io.prometheus.client.MetricFamily;encoding=delimited")));
        assertEquals(TEXT, ExpositionFormat.negotiate(Collections.emptyList()));
        assertEquals(TEXT, ExpositionFormat.negotiate((List<String>) null));
    }

    @Test
    void renderAnswersWithTheContentTypeOfTheBodyItWrote() {
        Rendered rendered = Exposition.render(RichRegistry.create(), PROMETHEUS_2_42);
        assertEquals(OPENMETRICS, rendered.format());
        assertEquals("application/openmetrics-text; version=1.0.0; charset=utf-8", rendered.contentType());
        String body = new String(rendered.body(), java.nio.charset.StandardCharsets.UTF_8);
        assertEquals(true, body.endsWith("# EOF\n"));

        Rendered text = Exposition.render(RichRegistry.create(), (String) null);
        assertEquals("text/plain; version=0.0.4; charset=utf-8", text.contentType());
        assertEquals(false, new String(text.body(), java.nio.charset.StandardCharsets.UTF_8).contains("# EOF"));

        Rendered protobuf = Exposition.render(RichRegistry.create(), List.of(PROMETHEUS_2_42_NATIVE));
        assertEquals(PROTOBUF, protobuf.format());
        assertEquals(8, ProtobufSamples.families(protobuf.body()).size());
    }
}
