package io.promptly.exposition.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.Random;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;

class GzipEncoderTest {
    private static byte[] gunzip(byte[] data, int length) throws IOException {
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(data, 0, length))) {
            return in.readAllBytes();
        }
    }

    @Test
    void reusedEncoderProducesMembersThatGzipInputStreamDecodes() throws IOException {
        GzipEncoder encoder = new GzipEncoder(64);
        Random random = new Random(42);
        int[] sizes = {0, 1, 100, 70_000, 3, 300_000};
        for (int size : sizes) {
            byte[] input = new byte[size + 7];
            for (int i = 0; i < input.length; i++) {
                // half compressible text, half noise, so the output both shrinks and grows past the start size
                input[i] = (byte) (i % 2 == 0 ? 'a' + (i / 2) % 26 : random.nextInt());
            }
            encoder.encode(input, 7, size);
            assertArrayEquals(Arrays.copyOfRange(input, 7, 7 + size), gunzip(encoder.array(), encoder.length()),
                    "size " + size);
        }
        encoder.end();
    }
}
