package io.promptly.properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.arbitrary;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import io.promptly.core.Registry;
import io.promptly.core.SeriesLabels;
import io.promptly.exposition.ExpositionFormat;
import io.promptly.exposition.ScrapeRenderer;
import io.promptly.exposition.TestFamily;
import io.prometheus.client.Metrics;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;

/**
 * Any label value — full Unicode, quotes, backslashes, newlines, lone surrogates — written by a writer and read
 * back by an independent reader equals the value, with each unpaired surrogate read back as U+FFFD: the text
 * formats through a small unescaping parser written here from the format documents (strict UTF-8 decoding),
 * protobuf through protobuf-java.
 */
class LabelValueRoundTripPropertiesTest {
    private static final int EXAMPLES = 2_000;

    /** Code points anywhere in Unicode, often the ones the formats treat specially or that break UTF-8. */
    private static Gen<String> labelValues() {
        Gen<Integer> special = arbitrary().pick(Arrays.asList((int) '\\', (int) '"', (int) '\n', (int) '\r',
                (int) '\t', 0, (int) '{', (int) '}', (int) ',', (int) '=', (int) 'n', 0xD800, 0xDBFF, 0xDC00,
                0xDFFF, 0xFFFD, 0xFEFF, 0x10FFFF, 0x1F600, 0x7F, 0x80, 0x7FF, 0x800, 0xFFFF));
        Gen<Integer> codePoints = integers().between(0, Character.MAX_CODE_POINT).mix(special, 50);
        return lists().of(codePoints).ofSizeBetween(0, 24).map(LabelValueRoundTripPropertiesTest::string);
    }

    private static String string(List<Integer> codePoints) {
        StringBuilder sb = new StringBuilder();
        for (int cp : codePoints) {
            sb.appendCodePoint(cp); // a surrogate code point becomes a lone surrogate char
        }
        return sb.toString();
    }

    /** What a correct writer must deliver: the string with every unpaired surrogate replaced by U+FFFD. */
    static String expected(String s) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                sb.append(c).append(s.charAt(++i));
            } else if (Character.isSurrogate(c)) {
                sb.append('\ufffd');
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    private static Registry registryWith(String value) {
        Registry registry = new Registry();
        registry.register(TestFamily.gauge("g", "", TestFamily.labels("k", "a", "v", value), 1));
        return registry;
    }

    @Test
    void textFormatLabelValuesRoundTrip() {
        qt().withExamples(EXAMPLES).forAll(labelValues()).checkAssert(value -> {
            byte[] body = new ScrapeRenderer().render(registryWith(value), ExpositionFormat.TEXT).toByteArray();
            assertEquals(expected(value), lastLabelValue(sampleLine(strictUtf8(body))));
        });
    }

    @Test
    void openMetricsLabelValuesRoundTrip() {
        qt().withExamples(EXAMPLES).forAll(labelValues()).checkAssert(value -> {
            byte[] body = new ScrapeRenderer().render(registryWith(value), ExpositionFormat.OPENMETRICS)
                    .toByteArray();
            assertEquals(expected(value), lastLabelValue(sampleLine(strictUtf8(body))));
        });
    }

    @Test
    void protobufLabelValuesRoundTrip() {
        qt().withExamples(EXAMPLES).forAll(labelValues()).checkAssert(value -> {
            byte[] body = new ScrapeRenderer().render(registryWith(value), ExpositionFormat.PROTOBUF).toByteArray();
            try {
                Metrics.MetricFamily family = Metrics.MetricFamily.parseDelimitedFrom(new ByteArrayInputStream(body));
                Metrics.LabelPair pair = family.getMetric(0).getLabel(1);
                assertEquals("v", pair.getName());
                assertEquals(expected(value), pair.getValue());
                // the raw bytes must be valid UTF-8 too (protobuf-java would otherwise substitute silently)
                strictUtf8(pair.getValueBytes().toByteArray());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    @Test
    void expectedReplacesOnlyUnpairedSurrogates() {
        assertEquals("a\ufffdb\ud83d\ude00\ufffd", expected("a\udc00b\ud83d\ude00\ud800"));
    }

    private static String strictUtf8(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new AssertionError("invalid UTF-8 written", e);
        }
    }

    /** The one sample line of the body (comments skipped); a raw newline inside a value would split it. */
    private static String sampleLine(String body) {
        String line = null;
        for (String l : body.split("\n", -1)) {
            if (!l.isEmpty() && !l.startsWith("#")) {
                assertEquals(null, line, "more than one sample line: a newline was not escaped");
                line = l;
            }
        }
        return line;
    }

    /**
     * Reads {@code g{k="a",v="..."} 1} and returns the unescaped value of {@code v}, per the formats: inside
     * quotes, {@code \\} is a backslash, {@code \"} a quote, {@code \n} a newline; any other escape is an error.
     */
    static String lastLabelValue(String line) {
        String prefix = "g{k=\"a\",v=\"";
        assertEquals(prefix, line.substring(0, Math.min(prefix.length(), line.length())));
        StringBuilder value = new StringBuilder();
        int i = prefix.length();
        while (true) {
            char c = line.charAt(i);
            if (c == '"') {
                break;
            }
            if (c == '\\') {
                char next = line.charAt(i + 1);
                if (next == '\\') {
                    value.append('\\');
                } else if (next == '"') {
                    value.append('"');
                } else if (next == 'n') {
                    value.append('\n');
                } else {
                    throw new AssertionError("invalid escape \\" + next + " in " + line);
                }
                i += 2;
            } else {
                value.append(c);
                i++;
            }
        }
        assertEquals("} 1", line.substring(i + 1), "rest of the line after the value");
        return value.toString();
    }
}
