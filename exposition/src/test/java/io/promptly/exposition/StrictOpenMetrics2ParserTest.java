package io.promptly.exposition;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The strict OpenMetrics 2.0 parser itself: it accepts the specification's own examples (2.0.0-rc0, copied from
 * the spec: the complete exposition, the UTF-8 quoting example and the per-type examples, each with its
 * {@code # EOF}) and rejects each rule's violation, the spec's own incorrect examples included.
 */
class StrictOpenMetrics2ParserTest {
    private static final String EOF = "# EOF\n";

    /** The spec's "complete exposition" example. */
    static final String SPEC_COMPLETE = "# TYPE acme_http_router_request_seconds summary\n"
            + "# UNIT acme_http_router_request_seconds seconds\n"
            + "# HELP acme_http_router_request_seconds Latency though all of ACME's HTTP request router.\n"
            + "acme_http_router_request_seconds{path=\"/api/v1\",method=\"GET\"} "
            + "{count:807283,sum:9036.32,quantile:[0.95:2,0.99:20]} st@1605281325.0\n"
            + "acme_http_router_request_seconds{path=\"/api/v2\",method=\"GET\"} "
            + "{count:34,sum:479.3,quantile:[0.95:2.5,0.99:2.9]} st@1605301325.0\n"
            + "# TYPE go_goroutines gauge\n"
            + "# HELP go_goroutines Number of goroutines that currently exist.\n"
            + "go_goroutines 69\n"
            + "# TYPE process_cpu_seconds_total counter\n"
            + "# UNIT process_cpu_seconds_total seconds\n"
            + "# HELP process_cpu_seconds_total Total user and system CPU time spent in seconds.\n"
            + "process_cpu_seconds_total 4.20072246e+06\n"
            + "# TYPE acme_http_request_seconds histogram\n"
            + "# UNIT acme_http_request_seconds seconds\n"
            + "# HELP acme_http_request_seconds Latency histogram of all of ACME's HTTP requests.\n"
            + "acme_http_request_seconds{path=\"/api/v1\",method=\"GET\"} {count:2,sum:1.2e2,schema:0,"
            + "zero_threshold:1e-4,zero_count:0,positive_spans:[1:2],positive_buckets:[1,1],"
            + "bucket:[0.5:1,1:2,+Inf:2]} st@1605301325.0\n"
            + "# TYPE acme_http_request_seconds:rate5m gaugehistogram\n"
            + "acme_http_request_seconds:rate5m{path=\"/api/v1\",method=\"GET\"} {gcount:0.01,gsum:2.0,schema:0,"
            + "zero_threshold:1e-4,zero_count:0.0,positive_spans:[1:2],positive_buckets:[0.005,0.005]}\n"
            + "# TYPE \"foodb.read.errors\" counter\n"
            + "# HELP \"foodb.read.errors\" The number of errors in the read path for fooDb.\n"
            + "{\"foodb.read.errors\",\"service.name\"=\"my_service\"} 3482\n"
            + EOF;

    /** The spec's examples of single families (its "openmetrics-add-eof" blocks), without the EOF. */
    static final String[] SPEC_EXAMPLES = {
        "# TYPE \"process.cpu.seconds\" counter\n# UNIT \"process.cpu.seconds\" seconds\n"
            + "# HELP \"process.cpu.seconds\" Total user and system CPU time spent in seconds.\n"
            + "{\"process.cpu.seconds\",\"node.name\"=\"my_node\"} 4.20072246e+06\n"
            + "# TYPE \"quoting_example\" gauge\n# HELP \"quoting_example\" Number of goroutines that currently exist.\n"
            + "{\"quoting_example\",\"foo\"=\"bar\"} 4.5\n",
        "# TYPE foo_total counter\n",
        "# TYPE foo_seconds_total counter\n# UNIT foo_seconds_total seconds\n",
        "# TYPE foo_total counter\n# UNIT foo_total seconds\n",
        "# TYPE foo_seconds_total counter\n# UNIT foo_seconds_total seconds\n"
            + "# HELP foo_seconds_total Some text and \\n some \\\" escaping\n",
        "bar_seconds_count 0\n",
        "bar_seconds_count{} 0\n",
        "bar_seconds_count{a=\"x\",b=\"escaping\\\" example \\n \"} 0\n",
        "{\"\\\"bar\\\".seconds.count\",\"b\\\\\"=\"escaping\\\" example \\n \"} 0\n",
        "# TYPE foo gauge\nfoo 17.0\n",
        "# TYPE foo gauge\nfoo{a=\"bb\"} 17.0\nfoo{a=\"ccc\"} 17.0\n",
        "# TYPE foo gauge\n",
        "# TYPE foo gauge\nfoo{a=\"b\"} 17.0 1520879607.789\n",
        "# TYPE foo gauge\nfoo 17.0 1520879607.789\n",
        "# TYPE foo gauge\nfoo 17.0 123\nfoo 18.0 456\n",
        "# TYPE foo_total counter\nfoo_total 17.0\n",
        "# TYPE foo_total counter\nfoo_total 17.0 1520879607.789\n",
        "# TYPE foo_total counter\nfoo_total 17.0 st@1520430000.123\n",
        "# TYPE foo_total counter\nfoo_total 17.0 1520879607.789 st@1520430000.123\n",
        "# TYPE foo counter\nfoo 17.0 1520879607.789 st@1520879607.789\n",
        "# TYPE foo_total counter\nfoo_total 17.0 1520879607.789 st@1520430000.123 # {trace_id=\"KOO5S4vxi0o\"} "
            + "0.67 1520879606.1\n",
        "# TYPE foo stateset\nfoo{foo=\"a\"} 0\nfoo{foo=\"bb\"} 1\nfoo{foo=\"ccc\"} 0\n",
        "# TYPE foo stateset\nfoo{entity=\"controller\",foo=\"a\"} 1.0\nfoo{entity=\"controller\",foo=\"bb\"} 0.0\n"
            + "foo{entity=\"controller\",foo=\"ccc\"} 0.0\nfoo{entity=\"replica\",foo=\"a\"} 1.0\n"
            + "foo{entity=\"replica\",foo=\"bb\"} 0.0\nfoo{entity=\"replica\",foo=\"ccc\"} 1.0\n",
        "# TYPE foo stateset\nfoo{entity=\"controller\",foo=\"a\"} 1.0 1000000000.000\n"
            + "foo{entity=\"controller\",foo=\"a\"} 0.0 1000000001.000\n"
            + "foo{entity=\"controller\",foo=\"bb\"} 0.0 1000000000.000\n"
            + "foo{entity=\"controller\",foo=\"bb\"} 1.0 1000000001.000\n"
            + "foo{entity=\"controller\",foo=\"ccc\"} 0.0 1000000000.000\n"
            + "foo{entity=\"controller\",foo=\"ccc\"} 0.0 1000000001.000\n"
            + "foo{entity=\"replica\",foo=\"a\"} 1.0 1000000000.000\n"
            + "foo{entity=\"replica\",foo=\"a\"} 1.0 1000000001.000\n"
            + "foo{entity=\"replica\",foo=\"bb\"} 0.0 1000000000.000\n"
            + "foo{entity=\"replica\",foo=\"bb\"} 1.0 1000000001.000\n"
            + "foo{entity=\"replica\",foo=\"ccc\"} 0.0 1000000000.000\n"
            + "foo{entity=\"replica\",foo=\"ccc\"} 0.0 1000000001.000\n",
        "# TYPE foo_info info\nfoo_info{name=\"pretty name\",version=\"8.2.7\"} 1\n",
        "# TYPE foo_info info\nfoo_info{entity=\"controller\",name=\"pretty name\",version=\"8.2.7\"} 1.0\n"
            + "foo_info{entity=\"replica\",name=\"prettier name\",version=\"8.1.9\"} 1.0\n",
        "# TYPE foo summary\nfoo {count:17,sum:324789.3,quantile:[]} st@1520430000.123\n",
        "# TYPE foo summary\nfoo {count:0,sum:0.0,quantile:[0.95:123.7,0.99:150]} st@1520430000.123\n",
        "# TYPE foo histogram\nfoo {count:17,sum:324789.3,bucket:[0.0:0,1e-05:0,0.0001:5,0.1:8,1.0:10,10.0:11,"
            + "100000.0:11,1e+06:15,1e+23:16,1.1e+23:17,+Inf:17]} st@1520430000.123\n",
        "# TYPE acme_http_request_seconds histogram\nacme_http_request_seconds{path=\"/api/v1\",method=\"GET\"} "
            + "{count:59,sum:1.2e2,schema:7,zero_threshold:1e-4,zero_count:0,negative_spans:[1:2],"
            + "negative_buckets:[5,7],positive_spans:[-1:2,3:4],positive_buckets:[5,7,10,9,8,8]} "
            + "st@1520430000.123\n",
        "# TYPE acme_http_request_seconds histogram\nacme_http_request_seconds{path=\"/api/v1\",method=\"GET\"} "
            + "{count:0,sum:0,schema:3,zero_threshold:1e-4,zero_count:0} st@1520430000.123\n",
        "# TYPE acme_http_request_seconds histogram\n# UNIT acme_http_request_seconds seconds\n"
            + "# HELP acme_http_request_seconds Latency histogram of all of ACME's HTTP requests.\n"
            + "acme_http_request_seconds{path=\"/api/v1\",method=\"GET\"} {count:2,sum:1.2e2,schema:0,"
            + "zero_threshold:1e-4,zero_count:0,positive_spans:[1:2],positive_buckets:[1,1],"
            + "bucket:[0.5:1,1:2,+Inf:2]}\n",
        "# TYPE foo histogram\nfoo {count:17,sum:324789.3,schema:0,zero_threshold:1e-4,zero_count:0,"
            + "positive_spans:[0:2],positive_buckets:[5,12]} st@1520430000.123 # {trace_id=\"shaZ8oxi\"} 0.67 "
            + "1520879607.789 # {trace_id=\"ookahn0M\"} 1.2 1520879608.589\n",
        "# TYPE foo histogram\nfoo {count:17,sum:324789.3,bucket:[0.01:0,0.1:8,1.0:11,10.0:17,+Inf:17]} "
            + "st@1520430000.123 # {} 0.054 1520879607.7 # {trace_id=\"KOO5S4vxi0o\"} 1.67 1520879602.890 "
            + "# {trace_id=\"oHg5SJYRHA0\"} 9.8 1520879607.789\n",
        "# TYPE foo histogram\nfoo {count:17,sum:324789.3,schema:0,zero_threshold:1e-4,zero_count:0,"
            + "positive_spans:[0:2],positive_buckets:[5,12],bucket:[0.01:0,0.1:8,1.0:11,10.0:17,+Inf:17]} "
            + "st@1520430000.123 # {} 0.054 1520879607.7 # {trace_id=\"KOO5S4vxi0o\"} 1.67 1520879602.890 "
            + "# {trace_id=\"oHg5SJYRHA0\"} 9.8 1520879607.789\n",
        "# TYPE foo gaugehistogram\nfoo {gcount:42,gsum:3289.3,bucket:[0.01:20,0.1:25,1:34,+Inf:42]}\n",
        "# TYPE acme_http_request_seconds gaugehistogram\n"
            + "acme_http_request_seconds{path=\"/api/v1\",method=\"GET\"} {gcount:59,gsum:1.2e2,schema:7,"
            + "zero_threshold:1e-4,zero_count:0,negative_spans:[1:2],negative_buckets:[5,7],"
            + "positive_spans:[-1:2,3:4],positive_buckets:[5,7,10,9,8,8]}\n",
        "# TYPE foo unknown\nfoo 42.23\n",
        "foo 42.23\n",
    };

    @Test
    void acceptsTheSpecsCompleteExposition() {
        List<StrictOpenMetrics2Parser.Family> families = StrictOpenMetrics2Parser.parse(SPEC_COMPLETE);
        assertEquals(6, families.size());
        StrictOpenMetrics2Parser.Line summary = families.get(0).lines().get(0);
        assertEquals(807283, summary.composite().count());
        assertEquals(1605281325.0, summary.startTimestamp());
        StrictOpenMetrics2Parser.Line histogram = families.get(3).lines().get(0);
        assertEquals(0, histogram.composite().schema());
        assertEquals(List.of(1.0, 1.0), histogram.composite().positiveBuckets());
        assertEquals(3, histogram.composite().buckets().size());
        assertEquals("foodb.read.errors", families.get(5).name());
        assertEquals(Map.of("service.name", "my_service"), families.get(5).lines().get(0).labels());
        // no LF after the EOF is allowed too
        StrictOpenMetrics2Parser.parse(SPEC_COMPLETE.substring(0, SPEC_COMPLETE.length() - 1));
    }

    @Test
    void acceptsEachOfTheSpecsExamples() {
        for (String example : SPEC_EXAMPLES) {
            StrictOpenMetrics2Parser.parse(example + EOF);
        }
    }

    @Test
    void readsEscapesAndTimestamps() {
        StrictOpenMetrics2Parser.Line l = StrictOpenMetrics2Parser.lines(
                "{\"\\\"bar\\\".seconds.count\",\"b\\\\\"=\"escaping\\\" example \\n \"} 0\n" + EOF).get(0);
        assertEquals("\"bar\".seconds.count", l.name());
        assertEquals(Map.of("b\\", "escaping\" example \n "), l.labels());
        assertNull(l.timestamp());
        StrictOpenMetrics2Parser.Line c = StrictOpenMetrics2Parser.lines("# TYPE foo_total counter\n"
                + "foo_total 17.0 1520879607.789 st@1520430000.123 # {trace_id=\"K\"} 0.67 1520879606.1\n" + EOF)
                .get(0);
        assertEquals(1520879607.789, c.timestamp());
        assertEquals(1520430000.123, c.startTimestamp());
        assertEquals(1520879606.1, c.exemplars().get(0).timestamp());
    }

    @Test
    void rejectsTheSpecsIncorrectInterleavedStateSet() {
        String interleaved = "# TYPE foo_seconds summary\n# UNIT foo_seconds seconds\n# TYPE foo stateset\n"
                + "foo{entity=\"controller\",env=\"dev\",foo=\"a\"} 1.0\n"
                + "foo{entity=\"controller\",env=\"dev\",foo=\"bb\"} 0.0\n"
                + "foo{entity=\"controller\",env=\"prod\",foo=\"a\"} 1.0\n"
                + "foo{entity=\"controller\",env=\"dev\",foo=\"ccc\"} 0.0\n"
                + "foo{entity=\"controller\",env=\"prod\",foo=\"bb\"} 0.0\n"
                + "foo{entity=\"controller\",env=\"prod\",foo=\"ccc\"} 0.0\n";
        assertThrows(IllegalArgumentException.class, () -> StrictOpenMetrics2Parser.parse(interleaved + EOF));
    }

    @Test
    void rejectsEachRulesViolation() {
        String[] bad = {
            // structure
            "foo 1\n# EOF\nfoo 2\n", "foo 1\n# EOF\n\n", "# EOF \n", "foo 1\r\n", "\uFEFFfoo 1\n",
            "# comment\n", "#TYPE foo gauge\n", "# TYPE foo Gauge\n", "# TYPE foo gauges\n", "# type foo gauge\n",
            "# TYPE foo gauge\n# TYPE foo gauge\n", "# TYPE foo gauge\nfoo 1\n# HELP foo late\n",
            "# TYPE foo gauge\nfoo 1\n# TYPE bar gauge\nbar 1\nfoo 2\n",
            // names and labels
            "0foo 1\n", "foo{a=\"1\",} 1\n", "foo{a=\"1\",a=\"2\"} 1\n", "foo{a=1} 1\n", "foo{\"\"=\"1\"} 1\n",
            "{\"\"} 1\n", "{foo} 1\n", "foo{_a=\"1\"} 1\n", "_foo 1\n",
            "foo{a=\"b\nc\"} 1\n", "foo{a=\"\\\"} 1\n", "foo {a=\"1\"} 1\n", "foo  1\n",
            "# HELP foo a \"quote\"\nfoo 1\n",
            // numbers
            "foo 0x10\n", "foo 1f\n", "foo 1.5d\n", "foo .\n", "foo 1e\n", "foo Infinit\n", "foo --1\n", "foo\n",
            "foo 1 \n", "foo 1e999\n", "foo 1 1e\n",
            // same metric twice without increasing timestamps, interleaved metrics
            "foo 1\nfoo 2\n", "foo 1 5\nfoo 2 5\n", "foo{a=\"1\"} 1\nfoo{a=\"2\"} 1\nfoo{a=\"1\"} 1 7\n",
            // counter
            "# TYPE foo counter\nfoo NaN\n", "# TYPE foo counter\nfoo -1\n", "# TYPE foo counter\nfoo {count:1,sum:1,quantile:[]}\n",
            // info, stateset
            "# TYPE foo info\nfoo 1\n", "# TYPE foo_info info\nfoo_info 2\n",
            "# TYPE foo_info info\n# UNIT foo_info seconds\n", "# TYPE foo stateset\nfoo{foo=\"a\"} 2\n",
            "# TYPE foo stateset\nfoo{bar=\"a\"} 1\n",
            // start timestamps and exemplars where the type has none
            "# TYPE foo gauge\nfoo 1 st@5\n", "# TYPE foo gaugehistogram\nfoo {gcount:1,gsum:1,bucket:[+Inf:1]} st@5\n",
            "# TYPE foo gauge\nfoo 1 # {a=\"b\"} 1 1\n", "# TYPE foo_total counter\nfoo_total 1 # {a=\"b\"} 1\n",
            "# TYPE foo_total counter\nfoo_total 1 st@1 st@2\n", "# TYPE foo_total counter\nfoo_total 1 st@\n",
            // histograms
            "# TYPE foo histogram\nfoo 1\n", "# TYPE foo histogram\nfoo {count:1,sum:1}\n",
            "# TYPE foo histogram\nfoo {count:1,sum:1,bucket:[1:1]}\n",
            "# TYPE foo histogram\nfoo {count:1,sum:1,bucket:[+Inf:1,1:1]}\n",
            "# TYPE foo histogram\nfoo {count:2,sum:1,bucket:[+Inf:1]}\n",
            "# TYPE foo histogram\nfoo {count:2,sum:1,bucket:[2:1,1:2,+Inf:2]}\n",
            "# TYPE foo histogram\nfoo {count:2,sum:1,bucket:[1:2,2:1,+Inf:2]}\n",
            "# TYPE foo histogram\nfoo {count:2,sum:1,bucket:[1:1,1:1,+Inf:2]}\n",
            "# TYPE foo histogram\nfoo {count:2,sum:1,bucket:[1:-1,+Inf:2]}\n",
            "# TYPE foo histogram\nfoo {count:2,sum:1,bucket:[1:1,-Inf:1,+Inf:2]}\n",
            "# TYPE foo histogram\nfoo {count:2, sum:1,bucket:[+Inf:2]}\n",
            "# TYPE foo histogram\nfoo {sum:1,count:2,bucket:[+Inf:2]}\n",
            "# TYPE foo histogram\nfoo {count:2,sum:1,bucket:[+inf:2]}\n",
            "# TYPE foo histogram\nfoo{le=\"1\"} {count:2,sum:1,bucket:[+Inf:2]}\n",
            "# TYPE foo histogram\nfoo {count:-1,sum:1,bucket:[+Inf:-1]}\n",
            "# TYPE foo histogram\nfoo {count:1,sum:1,schema:9,zero_threshold:0,zero_count:1}\n",
            "# TYPE foo histogram\nfoo {count:1,sum:1,schema:0,zero_threshold:-1,zero_count:1}\n",
            "# TYPE foo histogram\nfoo {count:1,sum:1,schema:0,zero_threshold:inf,zero_count:1}\n",
            "# TYPE foo histogram\nfoo {count:1,sum:1,schema:0,zero_count:1,zero_threshold:0}\n",
            "# TYPE foo histogram\nfoo {count:3,sum:1,schema:0,zero_threshold:0,zero_count:0,"
                + "positive_spans:[0:2],positive_buckets:[1]}\n",
            "# TYPE foo histogram\nfoo {count:3,sum:1,schema:0,zero_threshold:0,zero_count:0,"
                + "positive_spans:[0:1,-1:1],positive_buckets:[1,1]}\n",
            "# TYPE foo histogram\nfoo {count:3,sum:1,schema:0,zero_threshold:0,zero_count:0,"
                + "positive_spans:[0:0],positive_buckets:[]}\n",
            "# TYPE foo histogram\nfoo {count:1,sum:1,schema:0,zero_threshold:0,zero_count:0,"
                + "positive_spans:[0:1],positive_buckets:[2]}\n",
            "# TYPE foo histogram\nfoo {count:3,sum:1,schema:0,zero_threshold:0,zero_count:0,"
                + "positive_buckets:[1],positive_spans:[0:1]}\n",
            "# TYPE foo histogram\nfoo {count:3,sum:1,schema:0,zero_threshold:0,zero_count:0,"
                + "positive_spans:[0:1],positive_buckets:[1],negative_spans:[0:1],negative_buckets:[1]}\n",
            "# TYPE foo histogram\nfoo {count:2,sum:1,bucket:[+Inf:2],schema:0,zero_threshold:0,zero_count:2}\n",
            "# TYPE foo histogram\nfoo {gcount:2,gsum:1,bucket:[+Inf:2]}\n",
            // gauge histograms
            "# TYPE foo gaugehistogram\nfoo {count:2,sum:1,bucket:[+Inf:2]}\n",
            "# TYPE foo gaugehistogram\nfoo {gcount:3,gsum:1,bucket:[+Inf:2]}\n",
            // summaries
            "# TYPE foo summary\nfoo {count:1,sum:1}\n", "# TYPE foo summary\nfoo {count:1,sum:-1,quantile:[]}\n",
            "# TYPE foo summary\nfoo {count:1.5,sum:1,quantile:[]}\n",
            "# TYPE foo summary\nfoo {count:NaN,sum:1,quantile:[]}\n",
            "# TYPE foo summary\nfoo {count:1,sum:1,quantile:[0.9:1,0.5:1]}\n",
            "# TYPE foo summary\nfoo {count:1,sum:1,quantile:[1.5:1]}\n",
            "# TYPE foo summary\nfoo {count:1,sum:1,quantile:[0.5:-1]}\n",
            "# TYPE foo summary\nfoo{quantile=\"0.5\"} {count:1,sum:1,quantile:[]}\n",
            "# TYPE foo summary\nfoo {count:1,sum:1,quantile:[0.5:1,]}\n",
            "# TYPE foo summary\nfoo {count:1,sum:1,quantile:[0.5:1]} # {a=\"b\"} 1 1\n",
        };
        for (String body : bad) {
            String full = body.contains("# EOF") ? body : body + EOF;
            assertThrows(IllegalArgumentException.class, () -> StrictOpenMetrics2Parser.parse(full), full);
        }
        assertThrows(IllegalArgumentException.class, () -> StrictOpenMetrics2Parser.parse("foo 1\n"));
        assertThrows(IllegalArgumentException.class, () -> StrictOpenMetrics2Parser.parse(""));
        StrictOpenMetrics2Parser.parse(EOF); // an empty metric set
        byte[] invalid = {'f', '{', 'a', '=', '"', (byte) 0xC3, '"', '}', ' ', '1', '\n', '#', ' ', 'E', 'O', 'F'};
        assertThrows(IllegalArgumentException.class, () -> StrictOpenMetrics2Parser.parse(invalid));
        StrictOpenMetrics2Parser.parse("f 1\n# EOF".getBytes(StandardCharsets.UTF_8));
    }
}
