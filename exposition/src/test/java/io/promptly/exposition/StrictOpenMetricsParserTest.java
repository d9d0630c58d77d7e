package io.promptly.exposition;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** The strict parser itself: it must accept the spec's own shapes and reject each rule's violation. */
class StrictOpenMetricsParserTest {
    private static final String VALID = "# HELP a Help \\\"x\\\".\n"
            + "# TYPE a counter\n"
            + "a_total{x=\"1\"} 3 # {trace_id=\"t\"} 1 1.5\n"
            + "a_total{x=\"2\"} 1.5e3\n"
            + "# TYPE h_seconds histogram\n"
            + "# UNIT h_seconds seconds\n"
            + "h_seconds_bucket{le=\"0.1\"} 1\n"
            + "h_seconds_bucket{le=\"1.0\"} 2 # {} 0.5\n"
            + "h_seconds_bucket{le=\"+Inf\"} 3\n"
            + "h_seconds_count 3\n"
            + "h_seconds_sum 2.5\n"
            + "# TYPE s summary\n"
            + "s{quantile=\"0.5\"} NaN\n"
            + "s_count 0\n"
            + "s_sum 0\n"
            + "# TYPE i info\n"
            + "i_info{v=\"1\"} 1\n"
            + "# TYPE f stateset\n"
            + "f{f=\"a\"} 1\n"
            + "f{f=\"b\"} 0\n"
            + "g -Inf 123\n"
            + "# EOF\n";

    @Test
    void acceptsABodyFollowingEveryRule() {
        List<StrictOpenMetricsParser.Family> families = StrictOpenMetricsParser.parse(VALID);
        assertEquals(6, families.size());
        assertEquals("counter", families.get(0).type());
        assertEquals(1.5, families.get(0).points().get(0).exemplar().timestamp());
        assertEquals("unknown", families.get(5).type());
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "",                                                         // no EOF
        "a 1\n",                                                    // no EOF
        "a 1\n\n# EOF\n",                                           // blank line
        "# a comment\n# EOF\n",                                     // other comment
        "a 0x10\n# EOF\n",                                          // hex number
        "a 1d\n# EOF\n",                                            // Java suffix
        "a Infinity1\n# EOF\n",                                     // not a number
        "a{b=\"\\t\"} 1\n# EOF\n",                                  // bad escape
        "a{1b=\"x\"} 1\n# EOF\n",                                   // bad label name
        "a{b=\"x\",b=\"y\"} 1\n# EOF\n",                            // duplicate label
        "a 1\na 2\n# EOF\n",                                        // duplicate sample
        "a 1\nb 1\na 2\n# EOF\n",                                   // interleaved family
        "# TYPE a gauge\n# TYPE a gauge\na 1\n# EOF\n",             // TYPE twice
        "# TYPE a gauge\na 1\n# HELP a late\n# EOF\n",              // metadata after samples
        "# TYPE a untyped\n# EOF\n",                                // text 0.0.4 type name
        "# TYPE a_x gauge\n# UNIT a_x seconds\n# EOF\n",            // unit not a suffix
        "# TYPE a_seconds info\n# UNIT a_seconds seconds\n# EOF\n", // unit on info
        "# TYPE a_seconds stateset\n# UNIT a_seconds seconds\n# EOF\n",
        "# TYPE a counter\na_total NaN\n# EOF\n",                   // NaN counter
        "# TYPE a counter\na_total -1\n# EOF\n",                    // negative counter
        "# TYPE a gauge\na 1 # {x=\"y\"} 1\n# EOF\n",               // exemplar on a gauge
        "# TYPE a histogram\na_bucket{le=\"1.0\"} 1\n# EOF\n",      // no +Inf
        "# TYPE a histogram\na_bucket{le=\"1\"} 1\na_bucket{le=\"+Inf\"} 1\n# EOF\n",     // not canonical
        "# TYPE a histogram\na_bucket{le=\"0.10\"} 1\na_bucket{le=\"+Inf\"} 1\n# EOF\n",  // not shortest
        "# TYPE a histogram\na_bucket{le=\"2.0\"} 2\na_bucket{le=\"+Inf\"} 1\n# EOF\n",   // not cumulative
        "# TYPE a histogram\na_bucket{le=\"+Inf\"} 1.0\n# EOF\n",                         // count not integer
        "# TYPE a histogram\na_bucket{le=\"+Inf\"} 1\na_count 1\n# EOF\n",                // _count without _sum
        "# TYPE a histogram\na_bucket{le=\"+Inf\"} 1\na_sum 1\n# EOF\n",                  // _sum without _count
        "# TYPE a histogram\na_bucket{le=\"+Inf\"} 1\na_count 2\na_sum 1\n# EOF\n",       // _count != +Inf
        "# TYPE a histogram\na_bucket{le=\"+Inf\"} 1\na_count 1\na_sum -5\n# EOF\n",      // negative sum
        "# TYPE a histogram\na_bucket{le=\"+Inf\"} 1\na_count 1\na_sum NaN\n# EOF\n",     // NaN sum
        "# TYPE a histogram\na_bucket{le=\"-1.0\"} 0\na_bucket{le=\"+Inf\"} 1\na_count 1\na_sum 1\n# EOF\n",
        "# TYPE a summary\na{quantile=\"1.5\"} 1\n# EOF\n",         // quantile > 1
        "# TYPE a summary\na{quantile=\"-0.0\"} 1\n# EOF\n",        // negative zero
        "# TYPE a summary\na{quantile=\"0.5\"} -1\n# EOF\n",        // negative quantile value
        "# TYPE a summary\na_count 1\na_sum -1\n# EOF\n",           // negative summary sum
        "# TYPE a summary\na_count 1\na_sum NaN\n# EOF\n",          // NaN summary sum
        "# TYPE a info\na_info 2\n# EOF\n",                         // info value not 1
        "# TYPE a counter\na_total 1 # {x=\"0123456789012345678901234567890123456789012345678901234567890123456789"
            + "0123456789012345678901234567890123456789012345678901234567\"} 1\n# EOF\n", // exemplar > 128
    })
    void rejectsEachViolation(String body) {
        assertThrows(IllegalArgumentException.class, () -> StrictOpenMetricsParser.parse(body), body);
    }

    @Test
    void rejectsInvalidUtf8() {
        byte[] body = {'a', '{', 'b', '=', '"', (byte) 0xC3, '"', '}', ' ', '1', '\n', '#', ' ', 'E', 'O', 'F', '\n'};
        assertThrows(IllegalArgumentException.class, () -> StrictOpenMetricsParser.parse(body));
    }

    @Test
    void gaugeHistogramsFollowTheirOwnSumRules() {
        String ok = "# TYPE q gaugehistogram\nq_bucket{le=\"-1.0\"} 1\nq_bucket{le=\"+Inf\"} 2\nq_gcount 2\n"
                + "q_gsum -3\n# EOF\n";
        StrictOpenMetricsParser.parse(ok);
        for (String bad : new String[] {
            // a negative gsum needs a negative bound
            "# TYPE q gaugehistogram\nq_bucket{le=\"1.0\"} 1\nq_bucket{le=\"+Inf\"} 2\nq_gcount 2\nq_gsum -3\n",
            // gsum never NaN
            "# TYPE q gaugehistogram\nq_bucket{le=\"+Inf\"} 2\nq_gcount 2\nq_gsum NaN\n",
            // gcount is the +Inf bucket
            "# TYPE q gaugehistogram\nq_bucket{le=\"+Inf\"} 2\nq_gcount 3\nq_gsum 1\n",
            // buckets cumulative, never negative
            "# TYPE q gaugehistogram\nq_bucket{le=\"1.0\"} 3\nq_bucket{le=\"+Inf\"} 2\n",
            "# TYPE q gaugehistogram\nq_bucket{le=\"+Inf\"} -1\n"}) {
            assertThrows(IllegalArgumentException.class, () -> StrictOpenMetricsParser.parse(bad + "# EOF\n"), bad);
        }
    }
}
