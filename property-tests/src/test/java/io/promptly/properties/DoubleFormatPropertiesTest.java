package io.promptly.properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.doubles;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import io.promptly.exposition.AsciiNumbers;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * Properties of {@link AsciiNumbers}: every double is written so that {@link Double#parseDouble} gives back the
 * same bits, with the fewest significant digits and, among those, the decimal nearest the exact value (both
 * checked in exact integer arithmetic); every long reads back through {@link Long#parseLong}.
 */
class DoubleFormatPropertiesTest {
    private static final int BIT_PATTERN_EXAMPLES = 200_000;
    private static final int ANY_DOUBLE_EXAMPLES = 20_000;
    private static final int LONG_EXAMPLES = 100_000;
    private static final int FEW_DIGIT_EXAMPLES = 50_000;
    /** Enough for 10^p of any double's neighbours: p stays within [-340, 310]. */
    private static final int MAX_POWER_OF_TEN = 400;
    private static final BigInteger[] POWERS_OF_TEN = powersOfTen();

    @Test
    void everyBitPatternReadsBackBitExactWithTheFewestDigits() {
        qt().withExamples(BIT_PATTERN_EXAMPLES)
                .forAll(longs().all().map(Double::longBitsToDouble))
                .checkAssert(DoubleFormatPropertiesTest::assertExpositionForm);
    }

    @Test
    void anyDoubleReadsBackBitExactWithTheFewestDigits() {
        // doubles().any() draws bit patterns from [-Inf, -0.0] and [+0.0, +Inf]; the property above covers NaN
        qt().withExamples(ANY_DOUBLE_EXAMPLES)
                .forAll(doubles().any())
                .checkAssert(DoubleFormatPropertiesTest::assertExpositionForm);
    }

    /**
     * The formatter's fast path covers decimals of few digits (gauges like 0.25 or 1234.5678, millisecond
     * latencies): a decimal of at most 15 significant digits is the only one of that length that reads back as
     * its double, so the output must be that decimal, digit for digit ({@link BigDecimal} decides), and satisfy
     * the exact shortest/nearest oracle.
     */
    @Test
    void fewDigitDecimalsAreWrittenAsThemselves() {
        qt().withExamples(FEW_DIGIT_EXAMPLES)
                .forAll(longs().between(1, 999_999_999_999_999L), integers().between(0, 15),
                        integers().between(-12, 12))
                .checkAssert((unscaled, keptDigits, scale) -> {
                    long digits = unscaled % POWERS_OF_TEN[keptDigits].longValueExact() + 1;
                    BigDecimal decimal = new BigDecimal(BigInteger.valueOf(digits), -scale + keptDigits);
                    double value = Double.parseDouble(decimal.toString());
                    assertExpositionForm(value);
                    assertExpositionForm(-value);
                    assertEquals(0, decimal.compareTo(new BigDecimal(written(value))),
                            () -> decimal + " was written as " + written(value));
                });
    }

    /**
     * Next to a short decimal the fast path must step aside: the doubles one and a few ulps away from a
     * few-digit decimal need their full digits, judged by the exact oracle.
     */
    @Test
    void neighboursOfFewDigitDecimalsReadBackBitExactWithTheFewestDigits() {
        qt().withExamples(FEW_DIGIT_EXAMPLES)
                .forAll(longs().between(1, 99_999_999L), integers().between(1, 12), integers().between(-3, 3))
                .checkAssert((digits, fractionDigits, ulps) -> {
                    double value = Double.parseDouble(new BigDecimal(BigInteger.valueOf(digits), fractionDigits)
                            .toString());
                    long bits = Double.doubleToRawLongBits(value) + ulps;
                    assertExpositionForm(Double.longBitsToDouble(bits));
                });
    }

    /** Full-precision values in the magnitudes where the fast path is tried (and must fall back). */
    @Test
    void fullPrecisionDoublesOfScrapeMagnitudesReadBackBitExactWithTheFewestDigits() {
        qt().withExamples(FEW_DIGIT_EXAMPLES)
                .forAll(doubles().between(-9.0, 15.0), doubles().between(1.0, 10.0))
                .checkAssert((exponent, mantissa) -> assertExpositionForm(mantissa * Math.pow(10, exponent)));
    }

    private static String written(double value) {
        byte[] dst = new byte[AsciiNumbers.MAX_DOUBLE_CHARS];
        return new String(dst, 0, AsciiNumbers.writeDouble(dst, 0, value), StandardCharsets.US_ASCII);
    }

    @Test
    void everyLongReadsBackThroughLongParseLong() {
        byte[] dst = new byte[AsciiNumbers.MAX_LONG_CHARS];
        qt().withExamples(LONG_EXAMPLES)
                .forAll(longs().all())
                .checkAssert(value -> {
                    int end = AsciiNumbers.writeLong(dst, 0, value);
                    assertEquals(value, Long.parseLong(new String(dst, 0, end, StandardCharsets.US_ASCII)));
                });
    }

    @Test
    void everyLongReadsBackUnsignedThroughParseUnsignedLong() {
        byte[] dst = new byte[AsciiNumbers.MAX_UNSIGNED_LONG_CHARS];
        qt().withExamples(LONG_EXAMPLES)
                .forAll(longs().all())
                .checkAssert(value -> {
                    int end = AsciiNumbers.writeUnsignedLong(dst, 0, value);
                    assertEquals(value,
                            Long.parseUnsignedLong(new String(dst, 0, end, StandardCharsets.US_ASCII)));
                });
    }

    private static void assertExpositionForm(double value) {
        byte[] dst = new byte[AsciiNumbers.MAX_DOUBLE_CHARS];
        String written = new String(dst, 0, AsciiNumbers.writeDouble(dst, 0, value), StandardCharsets.US_ASCII);
        if (Double.isNaN(value)) {
            assertEquals("NaN", written);
            return;
        }
        if (Double.isInfinite(value)) {
            assertEquals(value > 0 ? "+Inf" : "-Inf", written);
            return;
        }
        assertEquals(Double.doubleToRawLongBits(value), Double.doubleToRawLongBits(Double.parseDouble(written)),
                () -> "wrote " + written + " for " + new BigDecimal(value));
        if (value == 0 || (Math.abs(value) < 0x1p63 && value == Math.rint(value))) {
            assertFalse(written.contains(".") || written.contains("e"), () -> "integral, yet wrote " + written);
            return;
        }
        int digits = new BigDecimal(written).stripTrailingZeros().precision();
        assertTrue(digits <= 17, () -> written + " has more than 17 significant digits");
        Neighbours neighbours = Neighbours.of(value, digits);
        assertFalse(digits > 1 && existsShorterDecimal(value, neighbours.coarser()),
                () -> "a decimal of fewer than " + digits + " digits reads back as " + written);
        BigDecimal nearest = nearestDecimal(value, neighbours);
        assertTrue(nearest != null && nearest.compareTo(new BigDecimal(written)) == 0,
                () -> "wrote " + written + ", the nearest " + digits + "-digit decimal is " + nearest);
    }

    @Test
    void oracleFindsShorterDecimalsWhereTheyExist() {
        // guards the oracle itself: 0.1 reads back from "0.1", 1/3 needs all of its 16 digits
        assertTrue(existsShorterDecimal(0.1, Neighbours.of(0.1, 16)));
        assertTrue(existsShorterDecimal(0.1, Neighbours.of(0.1, 17).coarser()));
        assertTrue(existsShorterDecimal(0.1, Neighbours.of(0.1, 1)));
        assertTrue(existsShorterDecimal(-Double.MIN_VALUE, Neighbours.of(-Double.MIN_VALUE, 1)));
        assertTrue(existsShorterDecimal(1e300, Neighbours.of(1e300, 4)));
        assertFalse(existsShorterDecimal(1.0 / 3, Neighbours.of(1.0 / 3, 15)));
        assertFalse(existsShorterDecimal(1.0 / 3, Neighbours.of(1.0 / 3, 16).coarser()));
        assertTrue(existsShorterDecimal(1.0 / 3, Neighbours.of(1.0 / 3, 16)));
        assertFalse(existsShorterDecimal(Double.MAX_VALUE, Neighbours.of(Double.MAX_VALUE, 16)));
        // 5e-324 and 4e-324 both read back as the smallest subnormal (4.94e-324); 5 is nearer
        assertEquals(0, new BigDecimal("5e-324").compareTo(nearestDecimal(Double.MIN_VALUE,
                Neighbours.of(Double.MIN_VALUE, 1))));
        assertEquals(0, new BigDecimal("-0.1").compareTo(nearestDecimal(-0.1, Neighbours.of(-0.1, 1))));
    }

    /**
     * Oracle: whether a decimal with fewer than n + 1 significant digits parses back to {@code value}, given the
     * n-digit neighbours of its exact value. The decimals that parse back to it form an interval around its exact
     * value, and a shorter decimal is also an n-digit one, so the two n-digit decimals nearest the exact value,
     * just below and just above it, decide.
     */
    static boolean existsShorterDecimal(double value, Neighbours neighbours) {
        return parsesBackTo(neighbours.below(), value)
                || (neighbours.inexact() && parsesBackTo(neighbours.above(), value));
    }

    /**
     * Oracle: of the n-digit decimals that parse back to {@code value}, given the n-digit neighbours of its exact
     * value, the one nearest that value (the even one on a tie), or null if neither neighbour parses back.
     */
    static BigDecimal nearestDecimal(double value, Neighbours neighbours) {
        boolean belowParses = parsesBackTo(neighbours.below(), value);
        if (!neighbours.inexact()) {
            return belowParses ? neighbours.below() : null;
        }
        boolean aboveParses = parsesBackTo(neighbours.above(), value);
        if (belowParses && aboveParses) {
            int side = neighbours.remainder().shiftLeft(1).compareTo(neighbours.denominator());
            boolean belowIsEven = !neighbours.quotient().testBit(0);
            return side < 0 || (side == 0 && belowIsEven) ? neighbours.below() : neighbours.above();
        }
        return belowParses ? neighbours.below() : aboveParses ? neighbours.above() : null;
    }

    /**
     * The {@code kept}-digit decimals nearest |value| = m * 2^e, away from zero and toward it: quotient * 10^p and
     * (quotient + 1) * 10^p, where |value| / 10^p = quotient + remainder / denominator, all exact integers.
     */
    private record Neighbours(boolean negative, BigInteger quotient, BigInteger remainder,
            BigInteger denominator, int p) {
        static Neighbours of(double value, int kept) {
            long bits = Double.doubleToRawLongBits(value);
            int biasedExponent = (int) (bits >>> 52) & 0x7FF;
            long significand = bits & ((1L << 52) - 1);
            BigInteger m = BigInteger.valueOf(biasedExponent == 0 ? significand : significand | (1L << 52));
            int e = biasedExponent == 0 ? -1074 : biasedExponent - 1075;
            int p = (int) Math.floor(Math.log10(Math.abs(value))) - kept + 1; // a first guess, corrected below
            while (true) {
                BigInteger numerator = m.shiftLeft(Math.max(e, 0)).multiply(powerOfTen(Math.max(-p, 0)));
                BigInteger denominator = powerOfTen(Math.max(p, 0)).shiftLeft(Math.max(-e, 0));
                BigInteger[] quotientAndRemainder = numerator.divideAndRemainder(denominator);
                if (quotientAndRemainder[0].compareTo(powerOfTen(kept)) >= 0) {
                    p++;
                } else if (quotientAndRemainder[0].compareTo(powerOfTen(kept - 1)) < 0) {
                    p--;
                } else {
                    return new Neighbours(value < 0, quotientAndRemainder[0], quotientAndRemainder[1],
                            denominator, p);
                }
            }
        }

        /** The neighbours with one digit fewer: floor(floor(x / 10^p) / 10) = floor(x / 10^(p+1)). */
        Neighbours coarser() {
            BigInteger[] byTen = quotient.divideAndRemainder(BigInteger.TEN);
            return new Neighbours(negative, byTen[0], byTen[1].multiply(denominator).add(remainder),
                    denominator.multiply(BigInteger.TEN), p + 1);
        }

        boolean inexact() {
            return remainder.signum() != 0;
        }

        BigDecimal below() {
            return signed(quotient);
        }

        BigDecimal above() {
            return signed(quotient.add(BigInteger.ONE));
        }

        private BigDecimal signed(BigInteger magnitude) {
            return new BigDecimal(negative ? magnitude.negate() : magnitude, -p);
        }
    }

    private static BigInteger powerOfTen(int exponent) {
        return POWERS_OF_TEN[exponent];
    }

    private static BigInteger[] powersOfTen() {
        BigInteger[] powers = new BigInteger[MAX_POWER_OF_TEN + 1];
        powers[0] = BigInteger.ONE;
        for (int i = 1; i < powers.length; i++) {
            powers[i] = powers[i - 1].multiply(BigInteger.TEN);
        }
        return powers;
    }

    private static boolean parsesBackTo(BigDecimal decimal, double value) {
        return Double.doubleToRawLongBits(Double.parseDouble(decimal.toString()))
                == Double.doubleToRawLongBits(value);
    }
}
