package io.promptly.exposition;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.promptly.core.Registry;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Whole text 0.0.4 outputs compared with expected files written by hand from the format document. */
class PrometheusTextGoldenTest {
    private static byte[] render(Registry registry) {
        return new ScrapeRenderer().render(registry, ExpositionFormat.TEXT).toByteArray();
    }

    @Test
    void richRegistryMatchesHandWrittenExposition() {
        byte[] expected = Golden.bytes("rich-text-0.0.4.txt");
        byte[] actual = render(RichRegistry.create());
        assertEquals(new String(expected, StandardCharsets.UTF_8), new String(actual, StandardCharsets.UTF_8));
        assertArrayEquals(expected, actual, "byte-exact (U+FFFD as EF BF BD, raw tab and é)");
    }

    @Test
    void loneSurrogateInLabelValueIsWrittenAsReplacementCharacterBytes() {
        byte[] actual = render(RichRegistry.create());
        byte[] expected = {'"', (byte) 0xC3, (byte) 0xA9, '\t', (byte) 0xEF, (byte) 0xBF, (byte) 0xBD, 'x', '"'};
        assertEquals(true, indexOf(actual, expected) >= 0, "branch label value bytes");
    }

    @Test
    void emptyRegistryWritesAnEmptyBody() {
        assertEquals(0, render(new Registry()).length);
    }

    @Test
    void contentTypeIsVersion004() {
        assertEquals("text/plain; version=0.0.4; charset=utf-8", ExpositionFormat.TEXT.contentType());
    }

    static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
