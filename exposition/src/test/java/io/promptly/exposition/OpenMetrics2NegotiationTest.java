package io.promptly.exposition;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.promptly.core.Counter;
import io.promptly.core.Registry;
import io.promptly.exposition.http.MetricsServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Who gets OpenMetrics 2.0: only a scraper whose winning media range is
 * {@code application/openmetrics-text;version=2.0.0} — never a range without a version, never 1.0.0 or 0.0.1,
 * never today's Prometheus 2 and 3 headers; q-values, escaping and several headers as for every other format.
 */
class OpenMetrics2NegotiationTest {
    private static final String OM1 = "application/openmetrics-text; version=1.0.0; charset=utf-8";
    private static final String OM2 = "application/openmetrics-text; version=2.0.0; charset=utf-8";
    private static final String TEXT = "text/plain; version=0.0.4; charset=utf-8";
    private static final String PROTOBUF_RANGE =
            "application/vnd.google.protobuf;proto=io.prometheus.client.MetricFamily;encoding=delimited";
    private static final String PROTOBUF = ExpositionFormat.PROTOBUF.contentType();
    private static final String PROMETHEUS_2 = "application/openmetrics-text;version=1.0.0,"
            + "application/openmetrics-text;version=0.0.1;q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1";
    private static final String PROMETHEUS_3 = "application/openmetrics-text;version=1.0.0;"
            + "escaping=allow-utf-8;q=0.5,application/openmetrics-text;version=0.0.1;q=0.4,"
            + "text/plain;version=1.0.0;escaping=allow-utf-8;q=0.3,text/plain;version=0.0.4;q=0.2,*/*;q=0.1";

    @Test
    void onlyAnExplicitVersion200RangeGetsOpenMetrics20() {
        String[][] matrix = {
            {"application/openmetrics-text;version=2.0.0", OM2},
            {"application/openmetrics-text; Version=\"2.0.0\"; charset=utf-8", OM2},
            {"application/openmetrics-text;version=1.0.0", OM1},
            {"application/openmetrics-text;version=0.0.1", OM1},
            {"application/openmetrics-text", OM1},
            {"application/openmetrics-text;version=2.0.1", TEXT},
            {"application/openmetrics-text;version=2.0.0-rc0", TEXT},
            {"text/plain", TEXT},
            {"text/plain;version=1.0.0", "text/plain; version=1.0.0; charset=utf-8; escaping=underscores"},
            {"*/*", TEXT},
            {null, TEXT},
            {PROMETHEUS_2, OM1},
            {PROMETHEUS_3, OM1 + "; escaping=allow-utf-8"},
            {PROTOBUF_RANGE, PROTOBUF},
            // q-values decide between 2.0.0 and the others; ties go to the earlier range
            {"application/openmetrics-text;version=2.0.0;q=0.9,application/openmetrics-text;version=1.0.0;q=0.8",
                OM2},
            {"application/openmetrics-text;version=1.0.0;q=0.9,application/openmetrics-text;version=2.0.0;q=0.8",
                OM1},
            {"application/openmetrics-text;version=2.0.0;q=0.5,application/openmetrics-text;version=1.0.0;q=0.5",
                OM2},
            {"text/plain;q=0.6,application/openmetrics-text;version=2.0.0;q=0.5", TEXT},
            {PROTOBUF_RANGE + ";q=0.4,application/openmetrics-text;version=2.0.0;q=0.5", OM2},
            {PROTOBUF_RANGE + ",application/openmetrics-text;version=2.0.0;q=0.9", PROTOBUF},
            {"application/openmetrics-text;version=2.0.0;q=0", TEXT},
            {"application/openmetrics-text;version=2.0.0;q=0,application/openmetrics-text;q=0.1", OM1},
            // escaping on the 2.0.0 range
            {"application/openmetrics-text;version=2.0.0;escaping=allow-utf-8", OM2 + "; escaping=allow-utf-8"},
            {"application/openmetrics-text;escaping=dots;version=2.0.0", OM2 + "; escaping=dots"},
            {"application/openmetrics-text;version=2.0.0;escaping=values", OM2 + "; escaping=values"},
        };
        for (String[] row : matrix) {
            ScrapeFormat f = ScrapeFormat.negotiate(row[0]);
            assertEquals(row[1], f.contentType(), String.valueOf(row[0]));
            assertEquals(row[1].equals(OM2) || row[1].startsWith(OM2 + ";"),
                    f.format() == ExpositionFormat.OPENMETRICS_2_0, String.valueOf(row[0]));
            assertEquals(f.format(), ExpositionFormat.negotiate(row[0]), String.valueOf(row[0]));
        }
        assertEquals(ExpositionFormat.OPENMETRICS_2_0, ScrapeFormat.negotiate(
                List.of("text/plain;q=0.1", "application/openmetrics-text;version=2.0.0")).format());
        assertEquals(OM2, ScrapeFormat.of(ExpositionFormat.OPENMETRICS_2_0).contentType());
    }

    @Test
    void theServerAnswersAVersion200ScrapeWithA20BodyAndOthersAsBefore() throws Exception {
        Registry registry = new Registry();
        Counter.builder("jobs_total").help("Jobs.").register(registry).inc(3);
        MetricsServer server = MetricsServer.builder().registry(registry).host("127.0.0.1").port(0).start();
        try {
            HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            HttpResponse<String> om2 = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                    + server.port() + "/metrics")).header("Accept", "application/openmetrics-text;version=2.0.0")
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(OM2, om2.headers().firstValue("Content-Type").orElseThrow());
            List<StrictOpenMetrics2Parser.Line> lines = StrictOpenMetrics2Parser.lines(om2.body());
            StrictOpenMetrics2Parser.Line jobs = lines.stream().filter(l -> l.name().equals("jobs_total"))
                    .findFirst().orElseThrow();
            assertEquals(3.0, jobs.value());
            HttpResponse<String> om1 = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                    + server.port() + "/metrics")).header("Accept", PROMETHEUS_2).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(OM1, om1.headers().firstValue("Content-Type").orElseThrow());
            StrictOpenMetricsParser.parse(om1.body());
        } finally {
            server.stop();
        }
    }
}
