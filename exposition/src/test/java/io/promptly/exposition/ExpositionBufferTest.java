package io.promptly.exposition;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ExpositionBufferTest {
    @Test
    void detachedBufferGrowsToHoldEverything() {
        ExpositionBuffer b = new ExpositionBuffer(64);
        for (int i = 0; i < 1000; i++) {
            b.putAscii("abcdefghij");
        }
        assertEquals(10_000, b.position());
        assertEquals(10_000, b.totalBytes());
        assertEquals("abcdefghij", new String(b.array(), 9_990, 10, StandardCharsets.US_ASCII));
    }

    @Test
    void resetKeepsTheGrownArray() {
        ExpositionBuffer b = new ExpositionBuffer(64);
        b.putBytes(new byte[1000]);
        byte[] grown = b.array();
        b.reset();
        assertEquals(0, b.position());
        b.putBytes(new byte[1000]);
        assertSame(grown, b.array());
    }

    @Test
    void attachedBufferFlushesInChunksAndKeepsItsSize() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ExpositionBuffer b = new ExpositionBuffer(128);
        b.attach(out);
        for (int i = 0; i < 100; i++) {
            b.putLong(1_000_000_000L + i);
            b.putByte((byte) '\n');
        }
        b.flush();
        assertEquals(128, b.array().length);
        assertEquals(1100, out.size());
        assertEquals(1100, b.totalBytes());
        assertEquals("1000000000\n1000000001\n", out.toString(StandardCharsets.US_ASCII).substring(0, 22));
    }

    @Test
    void lengthPrefixShiftsTheBodyWhenTheReservationWasWrong() {
        for (int length : new int[] {0, 1, 127, 128, 16_383, 16_384, 300_000}) {
            ExpositionBuffer b = new ExpositionBuffer(64);
            b.pin();
            b.putByte((byte) 0x7F);
            int slot = b.beginLengthPrefixed(2);
            byte[] body = new byte[length];
            for (int i = 0; i < length; i++) {
                body[i] = (byte) i;
            }
            b.putBytes(body);
            b.endLengthPrefixed(slot, 2);
            byte[] expected = new byte[1 + AsciiNumbers.varintSize(length) + length];
            expected[0] = 0x7F;
            int p = AsciiNumbers.writeVarint(expected, 1, length);
            System.arraycopy(body, 0, expected, p, length);
            assertArrayEquals(expected, b.toByteArray(), "length " + length);
        }
    }

    @Test
    void numbersAreWrittenInExpositionForm() {
        ExpositionBuffer b = new ExpositionBuffer(64);
        b.putDouble(Double.NaN);
        b.putByte((byte) ' ');
        b.putDouble(Double.NEGATIVE_INFINITY);
        b.putByte((byte) ' ');
        b.putUnsignedLong(-1L);
        b.putByte((byte) ' ');
        b.putLong(Long.MIN_VALUE);
        assertEquals("NaN -Inf 18446744073709551615 -9223372036854775808",
                new String(b.toByteArray(), StandardCharsets.US_ASCII));
    }

    @Test
    void badArgumentsAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> new ExpositionBuffer(10));
        assertThrows(IllegalArgumentException.class, () -> new ExpositionBuffer().attach(null));
        assertThrows(IllegalArgumentException.class, () -> new ExpositionBuffer().putAscii("\u00e9"));
    }
}
