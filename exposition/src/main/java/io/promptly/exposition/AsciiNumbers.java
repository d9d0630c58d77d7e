package io.promptly.exposition;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.math.BigInteger;
import java.nio.ByteOrder;

/**
 * Numbers written straight into a caller's {@code byte[]} for the exposition writers: decimal ASCII longs
 * (signed and unsigned), sample values in exposition form, protobuf varints and little-endian doubles.
 *
 * <p>Every method writes at {@code offset} and returns the offset just past the last byte it wrote. The caller
 * guarantees room: {@link #MAX_LONG_CHARS}, {@link #MAX_UNSIGNED_LONG_CHARS}, {@link #MAX_DOUBLE_CHARS},
 * {@link #MAX_VARINT_BYTES} or {@link #FIXED64_BYTES} bytes from {@code offset}. A shorter array fails with
 * {@link ArrayIndexOutOfBoundsException}, possibly after a partial write.
 *
 * <p>Doubles: {@code NaN}, {@code +Inf}, {@code -Inf}; {@code -0.0} as {@code -0}; integral values of magnitude
 * below 2<sup>63</sup> as plain integers ({@code 3}, {@code -17}); every other value with the shortest digit string
 * that parses back to the same bits ({@code Double.parseDouble}, Go's {@code strconv.ParseFloat}), the one
 * closest to the exact value when several are equally short. The form is plain ({@code 0.001}, {@code 1.5})
 * when the decimal exponent of the first digit is in [-4, 15], otherwise exponent form with a signed exponent of
 * at least two digits ({@code 1.2345e-07}, {@code 1e+300}, {@code 9.223372036854776e+18}). The digits come from
 * the Schubfach idea (R. Giulietti, "The Schubfach way to render doubles", 2020): scale the double's rounding
 * interval by a power of ten so that it is between 1 and 10 wide, then take the multiple of ten in it if there
 * is one, else the nearer of the two integers around the scaled double; a 126-bit power of ten and round-to-odd
 * products make every comparison exact. Before that, a fast path covers the values that dominate real scrapes,
 * decimals of few digits ({@code 0.25}, {@code 1234.5678}, {@code 0.137}): one multiplication by a power of ten,
 * a rounding, and one division that confirms the integer found reads back as the double; it writes the same
 * digits the full path would (see {@code FAST_FRACTION_DIGITS} for the proof) and gives way to the full path
 * otherwise, after one multiplication and comparison for most full-precision values.
 *
 * <p>Thread-safety: stateless; any thread may call any method (the tables are immutable after class
 * initialisation). Cost: no allocation, no lock; a double's digits take one table read and nine 64-bit
 * multiplications, printing them a few more multiplications and eight-byte stores (about 40 ns for a random
 * non-integral double on a loaded 2-core JDK 17 machine where {@code Double.toString} took 140 ns or more). Class initialisation builds the power-of-ten table once with
 * {@link BigInteger} (about 10 KB).
 */
public final class AsciiNumbers {
    /** Longest output of {@link #writeLong}: {@code -9223372036854775808}. */
    public static final int MAX_LONG_CHARS = 20;
    /** Longest output of {@link #writeUnsignedLong}: {@code 18446744073709551615}. */
    public static final int MAX_UNSIGNED_LONG_CHARS = 20;
    /**
     * Longest output of {@link #writeDouble}: sign, 17 digits, point, {@code e}, exponent sign and three exponent
     * digits ({@code -2.2250738585072014e-308}, 24 bytes; the plain form needs at most 23, integers 20).
     */
    public static final int MAX_DOUBLE_CHARS = 24;
    /** Longest output of {@link #writeVarint}: a 64-bit value in groups of seven bits. */
    public static final int MAX_VARINT_BYTES = 10;
    /** Output size of {@link #writeFixed64Double}. */
    public static final int FIXED64_BYTES = 8;

    /** Plain form is used when the decimal exponent of the first significant digit is in [-4, 15]. */
    private static final int PLAIN_MIN_EXPONENT = -4;
    private static final int PLAIN_MAX_EXPONENT = 15;
    /** Doubles of at least this magnitude are not written through the long path. */
    private static final double TWO_TO_63 = 0x1p63;

    private static final int SIGNIFICAND_BITS = 52;
    private static final long SIGNIFICAND_MASK = (1L << SIGNIFICAND_BITS) - 1;
    private static final long HIDDEN_BIT = 1L << SIGNIFICAND_BITS;
    private static final int EXPONENT_MASK = 0x7FF;
    /** A normal double is (hidden bit | significand) * 2^(biased exponent - this). */
    private static final int EXPONENT_OFFSET = 1075;
    /** The binary exponent of subnormals and of the smallest normal binade. */
    private static final int MIN_BINARY_EXPONENT = -1074;

    /** Range of e in the 10^e table: e = -k for k = floor(log10 of the interval width) over all doubles. */
    private static final int MIN_TABLE_POWER = -292;
    private static final int MAX_TABLE_POWER = 324;
    /** 10^e as g = floor(10^e * 2^(125 - floor(log2 10^e))) + 1, stored as g >>> 63, g & (2^63 - 1). */
    private static final long[] SCALED_POWERS_OF_TEN = scaledPowersOfTen();
    /** A compile-time constant, so usable by the table initialiser above. */
    private static final long LOW_63_BITS = Long.MAX_VALUE;

    /**
     * The fast path's number of fraction digits D for a normal double of each biased exponent, or 0 where there is
     * no fast path. For a double v in [2^E, 2^(E+1)), D is the largest with 10^(D+1) * ulp(v) < 1/4, ulp(v) =
     * 2^(E-52), if that is in [1, 22] (10^D is then an exact double and v * 10^D is below 2^48). Why the result
     * equals the shortest-digits one: every decimal that reads back as v is within ulp(v)/2 of v, so the interval
     * of them is narrower than 10^-(D+1) and holds at most one multiple of 10^-(D+1). (1) If one decimal of at
     * most D fraction digits reads back as v, it is that multiple, and every decimal with D + 2 or more fraction
     * digits has more significant digits (the first-digit exponents of two decimals this close differ by at most
     * one), so it is the shortest, and unique, hence also the nearest of the shortest: the digits Schubfach
     * finds. (2) Such a decimal c is within ulp(v)/2 of v, so c * 10^D is within 1/80 of v * 10^D, whose
     * double product is off by at most 2^-6: the product rounds to c * 10^D, and that integer (below 2^48, exact)
     * divided by the exact 10^D, one correctly rounded division, gives v exactly when c reads back as v. So
     * the fast path tries that one integer and falls back to Schubfach when the division does not give v; the
     * product's distance from it (at most 1/80 + 2^-6 when there is a short decimal) spares the division for the
     * full-precision values that dominate the rest.
     */
    private static final byte[] FAST_FRACTION_DIGITS = fastFractionDigits();
    /** Most fraction digits of the fast path: 10^22 is the largest power of ten that is an exact double. */
    private static final int FAST_MAX_FRACTION_DIGITS = 22;
    /** 10^0 .. 10^22, each an exact double. */
    private static final double[] FAST_POWERS_OF_TEN = fastPowersOfTen();
    /** Above 1/80 + 2^-6 (the most a short decimal's scaled product is off an integer), below 1/2. */
    private static final double FAST_TOLERANCE = 1.0 / 32;

    /** "00", "01", ... "99" back to back: two digits per lookup. */
    private static final byte[] DIGIT_PAIRS = digitPairs();
    private static final long[] POWERS_OF_TEN = powersOfTen();

    private static final VarHandle LONG_LITTLE_ENDIAN =
            MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private AsciiNumbers() {
    }

    /**
     * Writes {@code value} in decimal ASCII, with a leading {@code -} when negative.
     *
     * @return the offset after the last digit
     * @throws ArrayIndexOutOfBoundsException if fewer than {@link #MAX_LONG_CHARS} bytes may be needed and are
     *         not there
     */
    public static int writeLong(byte[] dst, int offset, long value) {
        if (value < 0) {
            dst[offset] = '-';
            // -Long.MIN_VALUE wraps to itself, which read as unsigned is the right magnitude, 2^63.
            return writeUnsignedLong(dst, offset + 1, -value);
        }
        return writeUnsignedLong(dst, offset, value);
    }

    /**
     * Writes {@code value}, read as an unsigned 64-bit integer, in decimal ASCII.
     *
     * @return the offset after the last digit
     * @throws ArrayIndexOutOfBoundsException if the digits do not fit in {@code dst}
     */
    public static int writeUnsignedLong(byte[] dst, int offset, long value) {
        if (value >= 0) {
            int length = decimalLength(value);
            writeDigits(dst, offset, value, length);
            return offset + length;
        }
        long quotient = (value >>> 1) / 5; // unsigned value / 10, now below 2^63
        int lastDigit = (int) (value - quotient * 10);
        int length = decimalLength(quotient);
        writeDigits(dst, offset, quotient, length);
        dst[offset + length] = (byte) ('0' + lastDigit);
        return offset + length + 1;
    }

    /** Largest value {@link #writeUnsignedLongPadded} writes with one eight-byte store: 10^8 - 1. */
    private static final long MAX_EIGHT_DIGITS = 99_999_999L;

    /**
     * Writes {@code value} (unsigned) in decimal as {@link #writeUnsignedLong} does; a value below 10^8 goes as
     * one eight-byte store of its digits, the bytes past them zeros for the next write to overwrite, so the
     * caller guarantees {@link #MAX_UNSIGNED_LONG_CHARS} bytes of room (a sample line's reserved room).
     *
     * @return the offset after the last digit
     */
    static int writeUnsignedLongPadded(byte[] dst, int offset, long value) {
        if (value < 0 || value > MAX_EIGHT_DIGITS) {
            return writeUnsignedLong(dst, offset, value);
        }
        long digits = eightDigits((int) value) - ZEROS; // digit values 0-9, leading zeros as 0 bytes
        // the first nonzero byte is the first digit: its index is the count of leading zeros (at least 1 digit)
        int leadingZeros = Math.min(Long.numberOfTrailingZeros(digits) >>> 3, Long.BYTES - 1);
        LONG_LITTLE_ENDIAN.set(dst, offset, (digits + ZEROS) >>> (leadingZeros << 3));
        return offset + Long.BYTES - leadingZeros;
    }

    /** Eight ASCII '0' bytes. */
    private static final long ZEROS = 0x3030_3030_3030_3030L;

    /**
     * Writes a sample value in exposition form (see the class comment): {@code NaN}, {@code +Inf}, {@code -Inf},
     * integers below 2<sup>63</sup> without a fraction, anything else as the shortest decimal that parses back
     * to the same bits.
     *
     * @return the offset after the last character
     * @throws ArrayIndexOutOfBoundsException if fewer than {@link #MAX_DOUBLE_CHARS} bytes may be needed and are
     *         not there
     */
    public static int writeDouble(byte[] dst, int offset, double value) {
        long bits = Double.doubleToRawLongBits(value);
        int biasedExponent = (int) (bits >>> SIGNIFICAND_BITS) & EXPONENT_MASK;
        if (biasedExponent == EXPONENT_MASK) {
            return writeNonFinite(dst, offset, bits);
        }
        if (Math.abs(value) < TWO_TO_63) {
            long integral = (long) value;
            // exact: either value is integral, or it is below 2^52 and so is its truncation
            if (integral == value) {
                if (bits == Long.MIN_VALUE) { // -0.0 would otherwise be written as 0
                    dst[offset] = '-';
                    dst[offset + 1] = '0';
                    return offset + 2;
                }
                return writeLong(dst, offset, integral);
            }
        }
        int pos = offset;
        if (bits < 0) {
            dst[pos++] = '-';
        }
        int fractionDigits = FAST_FRACTION_DIGITS[biasedExponent];
        if (fractionDigits != 0) {
            // a decimal of at most fractionDigits fraction digits that reads back as value is the shortest
            // (see FAST_FRACTION_DIGITS); when there is one, it is the integer nearest |value| * 10^digits
            double scale = FAST_POWERS_OF_TEN[fractionDigits];
            double scaled = Math.abs(value) * scale;
            long candidate = (long) (scaled + 0.5);
            double candidateDouble = candidate;
            double off = scaled - candidateDouble;
            if (off < FAST_TOLERANCE && off > -FAST_TOLERANCE && candidateDouble / scale == Math.abs(value)) {
                return writeDecimal(dst, pos, candidate, -fractionDigits);
            }
        }
        long significand = bits & SIGNIFICAND_MASK;
        if (biasedExponent == 0) {
            return writeShortest(dst, pos, significand, MIN_BINARY_EXPONENT);
        }
        return writeShortest(dst, pos, HIDDEN_BIT | significand, biasedExponent - EXPONENT_OFFSET);
    }

    /**
     * Returns how many bytes {@link #writeVarint} writes for {@code value}: 1 to {@value #MAX_VARINT_BYTES}.
     */
    public static int varintSize(long value) {
        int bits = Long.SIZE - Long.numberOfLeadingZeros(value | 1);
        return (bits + 6) / 7;
    }

    /**
     * Writes {@code value} as a protobuf varint: the unsigned 64-bit value in base-128 groups, least significant
     * first, the high bit set on every byte but the last. An {@code int32} field's negative value must be passed
     * sign-extended (as protobuf does), which takes ten bytes.
     *
     * @return the offset after the last byte
     * @throws ArrayIndexOutOfBoundsException if {@link #varintSize} bytes do not fit in {@code dst}
     */
    public static int writeVarint(byte[] dst, int offset, long value) {
        int pos = offset;
        long rest = value;
        while ((rest & ~0x7FL) != 0) {
            dst[pos++] = (byte) (rest | 0x80);
            rest >>>= 7;
        }
        dst[pos++] = (byte) rest;
        return pos;
    }

    /**
     * Writes the IEEE 754 bits of {@code value} (NaN payloads kept) as eight little-endian bytes, the protobuf
     * {@code double} / {@code fixed64} wire form.
     *
     * @return {@code offset + 8}
     * @throws ArrayIndexOutOfBoundsException if eight bytes do not fit in {@code dst} at {@code offset}
     */
    public static int writeFixed64Double(byte[] dst, int offset, double value) {
        LONG_LITTLE_ENDIAN.set(dst, offset, Double.doubleToRawLongBits(value));
        return offset + FIXED64_BYTES;
    }

    private static int writeNonFinite(byte[] dst, int offset, long bits) {
        if ((bits & SIGNIFICAND_MASK) != 0) {
            dst[offset] = 'N';
            dst[offset + 1] = 'a';
            dst[offset + 2] = 'N';
            return offset + 3;
        }
        dst[offset] = (byte) (bits < 0 ? '-' : '+');
        dst[offset + 1] = 'I';
        dst[offset + 2] = 'n';
        dst[offset + 3] = 'f';
        return offset + 4;
    }

    /**
     * Writes the shortest decimal of c * 2^q (c > 0) that rounds back to it. The rounding interval, scaled by 4,
     * is [cbl, cbr] * 2^(q-2); it is closed when c is even (a tie rounds to the even c) and open when c is odd.
     * k is chosen so that the interval scaled by 10^-k is between 1 and 10 wide: it then holds at most one
     * multiple of 10 (a shorter decimal) and at least one of s = floor(v 10^-k), s + 1.
     */
    private static int writeShortest(byte[] dst, int pos, long c, int q) {
        long excluded = c & 1; // 1 when the interval's ends are excluded
        long cb = c << 2;
        long cbr = cb + 2;
        long cbl;
        int k;
        if (c != HIDDEN_BIT || q == MIN_BINARY_EXPONENT) {
            cbl = cb - 2;
            k = floorLog10Pow2(q);
        } else { // lowest significand of a binade: the double below is half as far as the one above
            cbl = cb - 1;
            k = floorLog10ThreeQuartersPow2(q);
        }
        // (x << shift) * g / 2^127 is x * 2^q * 10^-k for x = cb, cbl, cbr: four times the scaled interval
        int shift = q + floorLog2Pow10(-k) + 2;
        int index = (-k - MIN_TABLE_POWER) << 1;
        long g1 = SCALED_POWERS_OF_TEN[index];
        long g0 = SCALED_POWERS_OF_TEN[index + 1];
        // 4 * (v, lower end, upper end) * 10^-k, rounded to odd: compares exactly against even integers
        long vb = roundToOddProduct(g1, g0, cb << shift);
        long vbl = roundToOddProduct(g1, g0, cbl << shift);
        long vbr = roundToOddProduct(g1, g0, cbr << shift);

        long s = vb >> 2;
        long lowerTen = s / 10 * 10;
        long upperTen = lowerTen + 10;
        long t = s + 1;
        long digits;
        if (vbl + excluded <= lowerTen << 2) {
            digits = lowerTen;
        } else if ((upperTen << 2) + excluded <= vbr) {
            digits = upperTen;
        } else {
            boolean sInside = vbl + excluded <= s << 2;
            boolean tInside = (t << 2) + excluded <= vbr;
            if (sInside != tInside) {
                digits = sInside ? s : t;
            } else { // both inside: the closer to v, ties to the even one
                long fromMidpoint = vb - ((s + t) << 1);
                digits = fromMidpoint < 0 || (fromMidpoint == 0 && (s & 1) == 0) ? s : t;
            }
        }
        return writeDecimal(dst, pos, digits, k);
    }

    /**
     * Returns (g * cp) / 2^127 rounded to odd: the floor, with its lowest bit set when the quotient is not an
     * integer. g = g1 * 2^63 + g0 with g0, g1, cp below 2^63; bits of g0 * cp below 2^64 are not looked at (the
     * published error analysis shows they never change the result).
     */
    private static long roundToOddProduct(long g1, long g0, long cp) {
        long low = Math.multiplyHigh(g0, cp);
        long middle = g1 * cp;
        long high = Math.multiplyHigh(g1, cp);
        long sum = (middle >>> 1) + low; // both below 2^63: no unsigned overflow
        long floor = high + (sum >>> 63);
        return floor | (((sum & LOW_63_BITS) + LOW_63_BITS) >>> 63);
    }

    /** Writes digits * 10^exponent (digits > 0) in plain or exponent form, without trailing zeros. */
    private static int writeDecimal(byte[] dst, int pos, long digits, int exponent) {
        long f = digits;
        int e = exponent;
        if (f % 10 == 0) { // rare for a 16- or 17-digit s, the rule for the shorter ones
            while (f % 100_000_000 == 0) {
                f /= 100_000_000;
                e += 8;
            }
            if (f % 10_000 == 0) {
                f /= 10_000;
                e += 4;
            }
            if (f % 100 == 0) {
                f /= 100;
                e += 2;
            }
            if (f % 10 == 0) {
                f /= 10;
                e += 1;
            }
        }
        int length = decimalLength(f);
        int leading = e + length - 1; // decimal exponent of the first digit
        if (leading < PLAIN_MIN_EXPONENT || leading > PLAIN_MAX_EXPONENT) {
            return writeExponentForm(dst, pos, f, length, leading);
        }
        if (leading < 0) {
            return writeSmallFraction(dst, pos, f, length, leading);
        }
        if (e >= 0) { // integral: not reached from writeDouble, kept correct anyway
            writeDigits(dst, pos, f, length);
            int end = pos + leading + 1;
            for (int p = pos + length; p < end; p++) {
                dst[p] = '0';
            }
            return end;
        }
        return writePointInside(dst, pos, f, length, leading + 1);
    }

    /** Writes d.ddde±XX for the {@code length} digits of f with first-digit exponent {@code exponent}. */
    private static int writeExponentForm(byte[] dst, int pos, long f, int length, int exponent) {
        int p;
        if (length == 1) {
            dst[pos] = (byte) ('0' + f);
            p = pos + 1;
        } else {
            writeDigits(dst, pos + 1, f, length);
            dst[pos] = dst[pos + 1];
            dst[pos + 1] = '.';
            p = pos + length + 1;
        }
        return writeExponent(dst, p, exponent);
    }

    /** Writes 0.000ddd: the digits of f with first-digit exponent {@code leading} in [-4, -1]. */
    private static int writeSmallFraction(byte[] dst, int pos, long f, int length, int leading) {
        dst[pos] = '0';
        dst[pos + 1] = '.';
        int p = pos + 2;
        for (int i = -1; i > leading; i--) {
            dst[p++] = '0';
        }
        writeDigits(dst, p, f, length);
        return p + length;
    }

    /** Writes ddd.ddd: the digits of f with a point after the first {@code integerDigits} (< length) of them. */
    private static int writePointInside(byte[] dst, int pos, long f, int length, int integerDigits) {
        // digits one to the right, then the integer digits back one to the left to open a slot for the point
        writeDigits(dst, pos + 1, f, length);
        for (int i = 0; i < integerDigits; i++) {
            dst[pos + i] = dst[pos + i + 1];
        }
        dst[pos + integerDigits] = '.';
        return pos + length + 1;
    }

    /** Writes e, the sign and at least two digits of {@code exponent}. */
    private static int writeExponent(byte[] dst, int pos, int exponent) {
        int p = pos;
        dst[p++] = 'e';
        int magnitude = exponent;
        if (exponent < 0) {
            dst[p++] = '-';
            magnitude = -exponent;
        } else {
            dst[p++] = '+';
        }
        if (magnitude >= 100) {
            dst[p++] = (byte) ('0' + magnitude / 100);
            magnitude %= 100;
        }
        dst[p] = DIGIT_PAIRS[magnitude << 1];
        dst[p + 1] = DIGIT_PAIRS[(magnitude << 1) + 1];
        return p + 2;
    }

    /**
     * Writes the {@code length} decimal digits of {@code value} (0 <= value < 10^length, length <= 19) at
     * {@code pos}. Numbers of nine digits or more are written eight bytes at a time, left to right: the first
     * group's store spills zero bytes that the next group's store overwrites.
     */
    private static void writeDigits(byte[] dst, int pos, long value, int length) {
        if (length <= 8) {
            writeShortDigits(dst, pos, (int) value, length);
            return;
        }
        long high = value / 100_000_000;
        int low = (int) (value - high * 100_000_000);
        if (length <= 16) {
            writeLeadingGroup(dst, pos, (int) high, length - 8);
        } else {
            long top = high / 100_000_000;
            writeLeadingGroup(dst, pos, (int) top, length - 16);
            LONG_LITTLE_ENDIAN.set(dst, pos + length - 16, eightDigits((int) (high - top * 100_000_000)));
        }
        LONG_LITTLE_ENDIAN.set(dst, pos + length - 8, eightDigits(low));
    }

    /** Writes the {@code digits} (1 to 8) digits of {@code value}, then 8 - digits zero bytes to be overwritten. */
    private static void writeLeadingGroup(byte[] dst, int pos, int value, int digits) {
        LONG_LITTLE_ENDIAN.set(dst, pos, eightDigits(value) >>> ((Long.BYTES - digits) << 3));
    }

    /**
     * Returns the eight ASCII digits of {@code value} (0 <= value < 10^8), most significant in the lowest byte,
     * computed in parallel lanes: two 32-bit lanes of four digits, split into 16-bit lanes of two, then bytes.
     * x * 10486 >>> 20 is x / 100 for x < 10^4, and x * 103 >>> 10 is x / 10 for x < 100; no lane overflows.
     */
    private static long eightDigits(int value) {
        int firstFour = value / 10_000;
        long fours = firstFour | ((long) (value - firstFour * 10_000) << 32);
        long hundreds = ((fours * 10_486) >>> 20) & 0x0000_007F_0000_007FL;
        long twos = hundreds | ((fours - hundreds * 100) << 16);
        long tens = ((twos * 103) >>> 10) & 0x000F_000F_000F_000FL;
        long ones = tens | ((twos - tens * 10) << 8);
        return ones + 0x3030_3030_3030_3030L;
    }

    /** Writes the {@code length} (at most 8) decimal digits of {@code value} at {@code pos}, two per lookup. */
    private static void writeShortDigits(byte[] dst, int pos, int value, int length) {
        int end = pos + length;
        int w = value;
        while (w >= 10_000) { // four digits per step: two independent pair lookups
            int quotient = w / 10_000;
            end -= 4;
            writeFourDigits(dst, end, w - quotient * 10_000);
            w = quotient;
        }
        if (w >= 100) {
            int quotient = w / 100;
            int pair = (w - quotient * 100) << 1;
            w = quotient;
            end -= 2;
            dst[end] = DIGIT_PAIRS[pair];
            dst[end + 1] = DIGIT_PAIRS[pair + 1];
        }
        if (w >= 10) {
            dst[end - 2] = DIGIT_PAIRS[w << 1];
            dst[end - 1] = DIGIT_PAIRS[(w << 1) + 1];
        } else {
            dst[end - 1] = (byte) ('0' + w);
        }
    }

    /** Writes {@code value} (0 <= value < 10000) as exactly four digits. */
    private static void writeFourDigits(byte[] dst, int pos, int value) {
        int high = value / 100;
        int highPair = high << 1;
        int lowPair = (value - high * 100) << 1;
        dst[pos] = DIGIT_PAIRS[highPair];
        dst[pos + 1] = DIGIT_PAIRS[highPair + 1];
        dst[pos + 2] = DIGIT_PAIRS[lowPair];
        dst[pos + 3] = DIGIT_PAIRS[lowPair + 1];
    }

    /** Number of decimal digits of {@code value}, 0 <= value <= Long.MAX_VALUE; 1 for 0. */
    static int decimalLength(long value) {
        if (value < 10) {
            return 1;
        }
        // bits * 1233 / 4096 is floor(bits * log10(2)) for bits <= 63: the length is that or one more
        int guess = ((Long.SIZE - Long.numberOfLeadingZeros(value)) * 1233) >>> 12;
        return guess + (value >= POWERS_OF_TEN[guess] ? 1 : 0);
    }

    /** floor(q * log10(2)) for |q| <= 2500 (the multiplier is log10(2) * 2^41, rounded down). */
    static int floorLog10Pow2(int q) {
        return (int) ((q * 661_971_961_083L) >> 41);
    }

    /** floor(log10(3/4 * 2^q)) for |q| <= 2500. */
    static int floorLog10ThreeQuartersPow2(int q) {
        return (int) ((q * 661_971_961_083L - 274_743_187_321L) >> 41);
    }

    /** floor(e * log2(10)) for |e| <= 1000 (the multiplier is log2(10) * 2^38, rounded down). */
    static int floorLog2Pow10(int e) {
        return (int) ((e * 913_124_641_741L) >> 38);
    }

    private static long[] scaledPowersOfTen() {
        long[] table = new long[(MAX_TABLE_POWER - MIN_TABLE_POWER + 1) * 2];
        BigInteger ten = BigInteger.TEN;
        for (int e = MIN_TABLE_POWER; e <= MAX_TABLE_POWER; e++) {
            int shift = 125 - floorLog2Pow10(e); // brings 10^e into [2^125, 2^126)
            BigInteger g;
            if (e >= 0) {
                BigInteger power = ten.pow(e);
                g = shift >= 0 ? power.shiftLeft(shift) : power.shiftRight(-shift);
            } else {
                g = BigInteger.ONE.shiftLeft(shift).divide(ten.pow(-e));
            }
            g = g.add(BigInteger.ONE);
            int i = (e - MIN_TABLE_POWER) << 1;
            table[i] = g.shiftRight(63).longValueExact();
            table[i + 1] = g.longValue() & LOW_63_BITS;
        }
        return table;
    }

    private static byte[] fastFractionDigits() {
        byte[] digits = new byte[EXPONENT_MASK + 1];
        for (int biased = 1; biased < EXPONENT_MASK; biased++) {
            int e = biased - 1023; // v in [2^e, 2^(e+1)), ulp 2^(e-52): 10^(D+1) < 2^(50-e)
            int twoPower = 50 - e;
            if (twoPower < 1) {
                continue;
            }
            // 10^n < 2^k exactly when n <= floor(k log10 2), as 10^n (n >= 1) is never a power of two
            int d = floorLog10Pow2(twoPower) - 1;
            if (d >= 1 && d <= FAST_MAX_FRACTION_DIGITS) {
                digits[biased] = (byte) d;
            }
        }
        return digits;
    }

    private static double[] fastPowersOfTen() {
        double[] powers = new double[FAST_MAX_FRACTION_DIGITS + 1];
        double p = 1;
        for (int i = 0; i < powers.length; i++) {
            powers[i] = p; // every 10^i up to 10^22 is exact, and so is each product on the way
            p *= 10;
        }
        return powers;
    }

    private static byte[] digitPairs() {
        byte[] pairs = new byte[200];
        for (int i = 0; i < 100; i++) {
            pairs[i << 1] = (byte) ('0' + i / 10);
            pairs[(i << 1) + 1] = (byte) ('0' + i % 10);
        }
        return pairs;
    }

    private static long[] powersOfTen() {
        long[] powers = new long[19];
        long p = 1;
        for (int i = 0; i < powers.length; i++) {
            powers[i] = p;
            p *= 10;
        }
        return powers;
    }
}
