package io.promptly.core;

import java.math.BigDecimal;
import java.math.MathContext;

/**
 * Canonical strings for {@code le} and {@code quantile} label values: Go's {@code strconv.FormatFloat(x, 'g', -1,
 * 64)} (shortest digits that round-trip; exponent form when the decimal exponent is below -4 or at least 6) with
 * {@code .0} appended when the result is a plain integer.
 * {@code -0.0} is written as {@code 0.0}; infinities as {@code +Inf}/{@code -Inf}, NaN as {@code NaN}.
 *
 * <p>Stateless; safe from any thread. Allocates (uses {@link BigDecimal}): called when metrics are built only.
 */
final class GoFloat {
    private static final int MAX_SIGNIFICANT_DIGITS = 17;
    /** Go's shortest {@code %g} switches to exponent form at decimal exponent 6 and above. */
    private static final int EXPONENT_FORM_AT_GO = 6;

    private GoFloat() {
    }

    static String format(double x) {
        if (Double.isNaN(x)) {
            return "NaN";
        }
        if (Double.isInfinite(x)) {
            return x > 0 ? "+Inf" : "-Inf";
        }
        if (x == 0) {
            return "0.0";
        }
        BigDecimal shortest = shortest(x);
        String digits = shortest.unscaledValue().abs().toString();
        // strip trailing zeros of the digit string, adjusting the scale
        int scale = shortest.scale();
        int end = digits.length();
        while (end > 1 && digits.charAt(end - 1) == '0') {
            end--;
            scale--;
        }
        digits = digits.substring(0, end);
        int decimalExponent = digits.length() - 1 - scale;
        StringBuilder sb = new StringBuilder(24);
        if (x < 0) {
            sb.append('-');
        }
        if (decimalExponent < -4 || decimalExponent >= EXPONENT_FORM_AT_GO) {
            sb.append(digits.charAt(0));
            if (digits.length() > 1) {
                sb.append('.').append(digits, 1, digits.length());
            }
            sb.append('e').append(decimalExponent < 0 ? '-' : '+');
            int abs = Math.abs(decimalExponent);
            if (abs < 10) {
                sb.append('0');
            }
            sb.append(abs);
            return sb.toString();
        }
        if (decimalExponent >= digits.length() - 1) {
            sb.append(digits);
            for (int i = digits.length() - 1; i < decimalExponent; i++) {
                sb.append('0');
            }
            sb.append(".0");
        } else if (decimalExponent >= 0) {
            sb.append(digits, 0, decimalExponent + 1).append('.').append(digits, decimalExponent + 1, digits.length());
        } else {
            sb.append("0.");
            for (int i = -1; i > decimalExponent; i--) {
                sb.append('0');
            }
            sb.append(digits);
        }
        return sb.toString();
    }

    /** The decimal with the fewest significant digits that parses back to exactly {@code x}. */
    private static BigDecimal shortest(double x) {
        BigDecimal exact = new BigDecimal(x);
        for (int precision = 1; precision < MAX_SIGNIFICANT_DIGITS; precision++) {
            BigDecimal candidate = exact.round(new MathContext(precision));
            if (candidate.doubleValue() == x) {
                return candidate;
            }
        }
        return exact.round(new MathContext(MAX_SIGNIFICANT_DIGITS));
    }
}
