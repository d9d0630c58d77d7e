package io.promptly.exposition;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.CodedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class AsciiNumbersTest {
    private static final int OFFSET = 3;
    private static final byte FILL = (byte) '#';

    // ---------------------------------------------------------------- longs

    @Test
    void longsMatchLongToString() {
        for (long value : interestingLongs()) {
            assertEquals(Long.toString(value), writeLong(value), "value " + value);
        }
    }

    @Test
    void paddedUnsignedLongsMatchLongToUnsignedStringAndLeaveBytesBeforeUntouched() {
        SplittableRandom random = new SplittableRandom(20261125);
        List<Long> values = new ArrayList<>(interestingLongs());
        for (long v : new long[] {9, 10, 99_999_999L, 100_000_000L, 12_345_678L, 10_000_000L, 1_000_000L}) {
            values.add(v);
        }
        for (int i = 0; i < 100_000; i++) {
            values.add(random.nextLong() >>> random.nextInt(64));
        }
        for (long value : values) {
            byte[] dst = new byte[OFFSET + AsciiNumbers.MAX_UNSIGNED_LONG_CHARS];
            Arrays.fill(dst, FILL);
            int end = AsciiNumbers.writeUnsignedLongPadded(dst, OFFSET, value);
            assertEquals(Long.toUnsignedString(value), new String(dst, OFFSET, end - OFFSET, StandardCharsets.US_ASCII),
                    "value " + value);
            assertEquals(FILL, dst[OFFSET - 1], "byte before the digits, value " + value);
        }
    }

    @Test
    void randomLongsMatchLongToString() {
        SplittableRandom random = new SplittableRandom(20240611);
        for (int i = 0; i < 100_000; i++) {
            long value = random.nextLong() >> random.nextInt(64);
            assertEquals(Long.toString(value), writeLong(value));
        }
    }

    @Test
    void unsignedLongsMatchLongToUnsignedString() {
        List<Long> values = interestingLongs();
        values.add(Long.parseUnsignedLong("9999999999999999999"));
        values.add(Long.parseUnsignedLong("10000000000000000000"));
        values.add(Long.parseUnsignedLong("10000000000000000001"));
        values.add(Long.parseUnsignedLong("18446744073709551615"));
        SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < 10_000; i++) {
            values.add(random.nextLong());
        }
        for (long value : values) {
            String written = write((dst, off) -> AsciiNumbers.writeUnsignedLong(dst, off, value));
            assertEquals(Long.toUnsignedString(value), written, "value " + Long.toUnsignedString(value));
        }
    }

    @Test
    void longestLongsFillExactlyTheDocumentedMaximum() {
        assertEquals(AsciiNumbers.MAX_LONG_CHARS, writeLong(Long.MIN_VALUE).length());
        assertEquals(AsciiNumbers.MAX_UNSIGNED_LONG_CHARS,
                write((dst, off) -> AsciiNumbers.writeUnsignedLong(dst, off, -1L)).length());
    }

    // ---------------------------------------------------------------- doubles: spelling

    @Test
    void nonFiniteDoublesUseExpositionSpelling() {
        assertEquals("NaN", writeDouble(Double.NaN));
        assertEquals("NaN", writeDouble(Double.longBitsToDouble(0x7ff0000000000001L)));
        assertEquals("NaN", writeDouble(Double.longBitsToDouble(0xfff8000000000000L)));
        assertEquals("NaN", writeDouble(Double.longBitsToDouble(0xffffffffffffffffL)));
        assertEquals("+Inf", writeDouble(Double.POSITIVE_INFINITY));
        assertEquals("-Inf", writeDouble(Double.NEGATIVE_INFINITY));
    }

    @Test
    void negativeZeroParsesBackAsNegativeZero() {
        String written = writeDouble(-0.0);
        assertEquals(Double.doubleToRawLongBits(-0.0), Double.doubleToRawLongBits(Double.parseDouble(written)));
        assertEquals("0", writeDouble(0.0));
    }

    @Test
    void integralDoublesBelowTwoTo63AreWrittenAsPlainIntegers() {
        double[] values = {1, -1, 3, -17, 10, 1_000_000, 1e15, 1e18, 0x1p52, 0x1p53, 0x1p53 + 2, 0x1p62,
            Math.nextDown(0x1p63), -Math.nextDown(0x1p63), 123456789012345678.0};
        for (double value : values) {
            String expected = new BigDecimal(value).toBigIntegerExact().toString();
            assertEquals(expected, writeDouble(value), "value " + value);
        }
    }

    @Test
    void twoTo63AndBeyondAreWrittenShortestNotAsIntegers() {
        for (double value : new double[] {0x1p63, -0x1p63, 0x1p64, 1e19, 1e21, 1e22, 1e23, Double.MAX_VALUE}) {
            String written = writeDouble(value);
            assertTrue(written.contains("e+"), "exponent form expected for " + value + ", got " + written);
            assertShortestRoundTrip(value, written);
        }
    }

    @Test
    void exponentAndPlainFormsFollowTheDocumentedGoStyleLayout() {
        // forms from the exposition format's examples; Go's strconv.ParseFloat and Double.parseDouble read all
        assertEquals("1.5", writeDouble(1.5));
        assertEquals("-0.25", writeDouble(-0.25));
        assertEquals("0.001", writeDouble(0.001));
        assertEquals("0.0001", writeDouble(0.0001));
        assertEquals("1e-05", writeDouble(0.00001));
        assertEquals("1.2345e-07", writeDouble(1.2345e-7));
        assertEquals("1e+300", writeDouble(1e300));
        assertEquals("5e-324", writeDouble(Double.MIN_VALUE));
        assertEquals("-1.7976931348623157e+308", writeDouble(-Double.MAX_VALUE));
        assertEquals("1234.5", writeDouble(1234.5));
        assertEquals("0.1", writeDouble(0.1));
    }

    @Test
    void longestDoubleFillsExactlyTheDocumentedMaximum() {
        String longest = writeDouble(-2.2250738585072014e-308);
        assertEquals(AsciiNumbers.MAX_DOUBLE_CHARS, longest.length(), longest);
    }

    // ---------------------------------------------------------------- doubles: shortest round trip

    @Test
    void namedHardDoublesRoundTripWithTheFewestDigits() {
        double[] values = {0.1, 0.2, 0.3, 1.0 / 3, 2.0 / 3, 0.5, 1e23, 8.41e21, 5e-324, Double.MIN_VALUE,
            2 * Double.MIN_VALUE, 3 * Double.MIN_VALUE, Double.MIN_NORMAL, Math.nextDown(Double.MIN_NORMAL),
            Math.nextUp(Double.MIN_NORMAL), Double.MAX_VALUE, Math.nextDown(Double.MAX_VALUE), 1e-7, 1.2345e-7,
            1e300, 9007199254740993.0, 4503599627370495.5, 0x1p-1074, 0x1p-1073, 0x1p-1022, 2.9802322387695312e-8,
            5.764607523034235e39, 1.152921504606847e40, 2.305843009213694e40, 123456.789, 1e-4, 9.999999999999999e-5,
            0.30000000000000004, 1.7976931348623157e308, 4.9406564584124654e-324, 2.2250738585072009e-308};
        for (double value : values) {
            assertShortestRoundTrip(value, writeDouble(value));
            assertShortestRoundTrip(-value, writeDouble(-value));
        }
    }

    @Test
    void powersOfTwoAndTheirNeighboursRoundTripWithTheFewestDigits() {
        // the lowest significand of each binade has an asymmetric rounding interval
        for (int exponent = -1074; exponent <= 1023; exponent++) {
            double power = Math.scalb(1.0, exponent);
            for (double value : new double[] {power, Math.nextUp(power), Math.nextDown(power)}) {
                if (value != 0 && !Double.isInfinite(value)) {
                    assertShortestRoundTrip(value, writeDouble(value));
                }
            }
        }
    }

    @Test
    void powersOfTenAndTheirNeighboursRoundTripWithTheFewestDigits() {
        for (int exponent = -323; exponent <= 308; exponent++) {
            double power = Double.parseDouble("1e" + exponent);
            for (double value : new double[] {power, Math.nextUp(power), Math.nextDown(power)}) {
                assertShortestRoundTrip(value, writeDouble(value));
            }
        }
    }

    @Test
    void smallestSubnormalsRoundTripWithTheFewestDigits() {
        for (long bits = 1; bits <= 2_000; bits++) {
            double value = Double.longBitsToDouble(bits);
            assertShortestRoundTrip(value, writeDouble(value));
        }
    }

    @Test
    void doublesFromRandomBitsRoundTripWithTheFewestDigits() {
        SplittableRandom random = new SplittableRandom(42);
        for (int i = 0; i < 5_000; i++) {
            double value = Double.longBitsToDouble(random.nextLong());
            String written = writeDouble(value);
            assertTrue(written.length() <= AsciiNumbers.MAX_DOUBLE_CHARS, written);
            if (Double.isNaN(value)) {
                assertEquals("NaN", written);
            } else if (!Double.isInfinite(value)) {
                assertShortestRoundTrip(value, written);
            }
        }
    }

    @Test
    void typicalGaugeAndLatencyValuesAreWrittenAsTheDecimalsTheyCameFrom() {
        // the values the formatter's fast path is for; each decimal has at most 15 digits, so it is the only
        // decimal of its length that reads back as its double: BigDecimal decides what must be written
        String[] decimals = {"0.25", "0.5", "0.75", "3.25", "1234.5678", "0.137", "0.001", "0.0001", "49.997",
            "1708668.5", "99.99", "0.1", "0.2", "0.3", "123456789.123", "0.000123", "0.00001234", "12345678901.25",
            "999999999999.9", "0.9999999", "1.000001"};
        for (String decimal : decimals) {
            double value = Double.parseDouble(decimal);
            assertEquals(0, new BigDecimal(decimal).compareTo(new BigDecimal(writeDouble(value))), decimal);
            assertEquals(0, new BigDecimal("-" + decimal).compareTo(new BigDecimal(writeDouble(-value))), decimal);
            assertShortestRoundTrip(value, writeDouble(value));
        }
    }

    @Test
    void neighboursOfShortDecimalsRoundTripWithTheFewestDigits() {
        // one ulp from a short decimal the fast path's candidate does not read back: Schubfach must decide
        SplittableRandom random = new SplittableRandom(19);
        for (int i = 0; i < 20_000; i++) {
            double value = Double.parseDouble(new BigDecimal(BigInteger.valueOf(1 + random.nextLong(100_000_000L)),
                    random.nextInt(1, 13)).toString());
            for (double v : new double[] {Math.nextUp(value), Math.nextDown(value), value}) {
                assertShortestRoundTrip(v, writeDouble(v));
            }
        }
    }

    @Test
    void shorterDecimalOracleFindsShorterDecimalsWhereTheyExist() {
        assertTrue(existsShorterDecimal(0.1, 17));
        assertTrue(existsShorterDecimal(0.1, 2));
        assertTrue(existsShorterDecimal(-Double.MIN_VALUE, 2));
        assertFalse(existsShorterDecimal(1.0 / 3, 16));
        assertTrue(existsShorterDecimal(1.0 / 3, 17));
        assertFalse(existsShorterDecimal(Double.MAX_VALUE, 17));
    }

    @Test
    void writeDoubleTouchesOnlyItsOwnBytes() {
        byte[] dst = new byte[OFFSET + AsciiNumbers.MAX_DOUBLE_CHARS + 4];
        Arrays.fill(dst, FILL);
        int end = AsciiNumbers.writeDouble(dst, OFFSET, 0.1);
        assertEquals(OFFSET + 3, end);
        assertEquals("###0.1####", new String(dst, 0, end + 4, StandardCharsets.US_ASCII).substring(0, 10));
    }

    @Test
    void floorLogarithmHelpersAreExactOverTheDoubleRange() {
        for (int q = -1100; q <= 1100; q++) {
            // 10^k <= 2^q < 10^(k+1), and the same for 3 * 2^(q-2)
            int k = AsciiNumbers.floorLog10Pow2(q);
            assertTrue(compareTenToTwo(k, 1, q) <= 0 && compareTenToTwo(k + 1, 1, q) > 0,
                    "floorLog10Pow2(" + q + ") = " + k);
            int k3 = AsciiNumbers.floorLog10ThreeQuartersPow2(q);
            assertTrue(compareTenToTwo(k3, 3, q - 2) <= 0 && compareTenToTwo(k3 + 1, 3, q - 2) > 0,
                    "floorLog10ThreeQuartersPow2(" + q + ") = " + k3);
        }
        for (int e = -400; e <= 400; e++) {
            // 2^f <= 10^e < 2^(f+1)
            int f = AsciiNumbers.floorLog2Pow10(e);
            assertTrue(compareTenToTwo(e, 1, f) >= 0 && compareTenToTwo(e, 1, f + 1) < 0,
                    "floorLog2Pow10(" + e + ") = " + f);
        }
    }

    @Test
    void decimalLengthCountsDigitsAtEveryPowerOfTen() {
        for (int digits = 1; digits <= 19; digits++) {
            long lowest = digits == 1 ? 0 : BigInteger.TEN.pow(digits - 1).longValueExact();
            assertEquals(digits, AsciiNumbers.decimalLength(lowest));
            long highest = digits == 19 ? Long.MAX_VALUE : BigInteger.TEN.pow(digits).longValueExact() - 1;
            assertEquals(digits, AsciiNumbers.decimalLength(highest));
        }
    }

    // ---------------------------------------------------------------- protobuf

    @Test
    void varintOf300IsTheSpecExample() {
        // protobuf encoding guide: 300 = 0b1_0010_1100 -> 1010_1100 0000_0010
        byte[] dst = new byte[AsciiNumbers.MAX_VARINT_BYTES];
        assertEquals(2, AsciiNumbers.writeVarint(dst, 0, 300));
        assertEquals((byte) 0xAC, dst[0]);
        assertEquals((byte) 0x02, dst[1]);
        assertEquals(2, AsciiNumbers.varintSize(300));
    }

    @Test
    void varintsMatchProtobufJava() throws IOException {
        List<Long> values = interestingLongs();
        for (int shift = 0; shift < 64; shift++) {
            values.add(1L << shift);
            values.add((1L << shift) - 1);
        }
        SplittableRandom random = new SplittableRandom(3);
        for (int i = 0; i < 10_000; i++) {
            values.add(random.nextLong() >>> random.nextInt(64));
        }
        for (long value : values) {
            ByteArrayOutputStream expected = new ByteArrayOutputStream();
            CodedOutputStream coded = CodedOutputStream.newInstance(expected);
            coded.writeUInt64NoTag(value);
            coded.flush();
            byte[] dst = new byte[OFFSET + AsciiNumbers.MAX_VARINT_BYTES];
            int end = AsciiNumbers.writeVarint(dst, OFFSET, value);
            assertArrayEquals(expected.toByteArray(), Arrays.copyOfRange(dst, OFFSET, end), "value " + value);
            assertEquals(CodedOutputStream.computeUInt64SizeNoTag(value), AsciiNumbers.varintSize(value),
                    "size of " + value);
        }
    }

    @Test
    void fixed64DoublesMatchProtobufJava() throws IOException {
        double[] values = {0.0, -0.0, 1.0, -2.5, Double.MIN_VALUE, Double.MAX_VALUE, Double.NaN,
            Double.longBitsToDouble(0x7ff0000000000abcL), Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 0.1};
        for (double value : values) {
            ByteArrayOutputStream expected = new ByteArrayOutputStream();
            CodedOutputStream coded = CodedOutputStream.newInstance(expected);
            coded.writeDoubleNoTag(value);
            coded.flush();
            byte[] dst = new byte[OFFSET + AsciiNumbers.FIXED64_BYTES];
            assertEquals(OFFSET + 8, AsciiNumbers.writeFixed64Double(dst, OFFSET, value));
            assertArrayEquals(expected.toByteArray(), Arrays.copyOfRange(dst, OFFSET, OFFSET + 8), "value " + value);
        }
        // IEEE 754: 1.0 is 0x3FF0000000000000, little-endian on the wire
        byte[] one = new byte[8];
        AsciiNumbers.writeFixed64Double(one, 0, 1.0);
        assertArrayEquals(new byte[] {0, 0, 0, 0, 0, 0, (byte) 0xF0, 0x3F}, one);
    }

    // ---------------------------------------------------------------- helpers

    /**
     * Integral values below 2^63 as exact integers; any other value: round trip to the same bits, and no decimal
     * with fewer significant digits rounds to the value.
     */
    private static void assertShortestRoundTrip(double value, String written) {
        if (Math.abs(value) < 0x1p63 && value == Math.rint(value)) {
            assertEquals(new BigDecimal(value).toBigIntegerExact().toString(), written);
            return;
        }
        double parsed = Double.parseDouble(written);
        assertEquals(Double.doubleToRawLongBits(value), Double.doubleToRawLongBits(parsed),
                "wrote " + written + " for " + new BigDecimal(value));
        assertFalse(written.endsWith(".0"), written);
        int digits = new BigDecimal(written).stripTrailingZeros().precision();
        assertFalse(existsShorterDecimal(value, digits), "a decimal of fewer than " + digits
                + " digits reads back as " + written);
    }

    /**
     * Independent oracle: whether some decimal with fewer than {@code digits} significant digits parses back to
     * {@code value}. The values that parse back form an interval around the exact value, and a decimal of fewer
     * digits is also one of {@code digits - 1} digits, so it suffices to try the two (digits - 1)-digit decimals
     * nearest the exact value, just below and just above it.
     */
    static boolean existsShorterDecimal(double value, int digits) {
        if (digits <= 1) {
            return false;
        }
        BigDecimal exact = new BigDecimal(value);
        return parsesBackTo(exact.round(new MathContext(digits - 1, RoundingMode.FLOOR)), value)
                || parsesBackTo(exact.round(new MathContext(digits - 1, RoundingMode.CEILING)), value);
    }

    private static boolean parsesBackTo(BigDecimal decimal, double value) {
        return Double.doubleToRawLongBits(Double.parseDouble(decimal.toString()))
                == Double.doubleToRawLongBits(value);
    }

    /** Sign of 10^tenExponent - factor * 2^twoExponent, in exact integer arithmetic. */
    private static int compareTenToTwo(int tenExponent, int factor, int twoExponent) {
        BigInteger left = BigInteger.TEN.pow(Math.max(tenExponent, 0)).shiftLeft(Math.max(-twoExponent, 0));
        BigInteger right = BigInteger.valueOf(factor).shiftLeft(Math.max(twoExponent, 0))
                .multiply(BigInteger.TEN.pow(Math.max(-tenExponent, 0)));
        return left.compareTo(right);
    }

    private static List<Long> interestingLongs() {
        List<Long> values = new ArrayList<>(List.of(0L, 1L, -1L, 9L, -9L, 10L, -10L, 99L, -99L, 100L, -100L,
                Long.MAX_VALUE, Long.MIN_VALUE, Long.MAX_VALUE - 1, Long.MIN_VALUE + 1,
                (long) Integer.MAX_VALUE, (long) Integer.MAX_VALUE + 1, (long) Integer.MIN_VALUE));
        long power = 1;
        for (int i = 0; i <= 18; i++) {
            values.add(power - 1);
            values.add(power);
            values.add(power + 1);
            values.add(-power);
            values.add(-power + 1);
            values.add(-power - 1);
            power *= 10;
        }
        return values;
    }

    private static String writeLong(long value) {
        return write((dst, off) -> AsciiNumbers.writeLong(dst, off, value));
    }

    private static String writeDouble(double value) {
        return write((dst, off) -> AsciiNumbers.writeDouble(dst, off, value));
    }

    /** Runs a writer at a non-zero offset in a filled buffer; checks the bytes around what it says it wrote. */
    private static String write(Writer writer) {
        byte[] dst = new byte[OFFSET + AsciiNumbers.MAX_DOUBLE_CHARS + 4];
        Arrays.fill(dst, FILL);
        int end = writer.write(dst, OFFSET);
        for (int i = 0; i < OFFSET; i++) {
            assertEquals(FILL, dst[i], "byte before the offset overwritten");
        }
        for (int i = end; i < dst.length; i++) {
            assertEquals(FILL, dst[i], "byte after the returned end overwritten");
        }
        return new String(dst, OFFSET, end - OFFSET, StandardCharsets.US_ASCII);
    }

    @FunctionalInterface
    private interface Writer {
        int write(byte[] dst, int offset);
    }
}
