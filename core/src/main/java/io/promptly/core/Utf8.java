package io.promptly.core;

import java.io.ByteArrayOutputStream;

/**
 * UTF-8 encoding and the exposition formats' escaping, done once when a family or series is created so that
 * writers only copy bytes. An unpaired surrogate becomes U+FFFD (never {@code ?}, never invalid UTF-8).
 *
 * <p>Stateless; safe from any thread. Allocates: call it off the hot paths only.
 */
final class Utf8 {
    /** Escape {@code \}, {@code "} and newline: label values in both text formats, HELP in OpenMetrics. */
    static final int ESCAPE_QUOTE = 1;
    /** Escape only {@code \} and newline: HELP in text 0.0.4. */
    static final int NO_QUOTE = 0;

    private static final int REPLACEMENT_CHAR = 0xFFFD;

    private Utf8() {
    }

    /**
     * {@code s} with every unpaired surrogate replaced by U+FFFD: the string whose UTF-8 {@link #encode} writes.
     * Returns {@code s} itself (no allocation) when it is already well-formed.
     */
    static String wellFormed(String s) {
        int n = s.length();
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (Character.isSurrogate(c)) {
                if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                    i++;
                } else {
                    return replaceUnpaired(s);
                }
            }
        }
        return s;
    }

    private static String replaceUnpaired(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                sb.append(c).append(s.charAt(++i));
            } else {
                sb.append(Character.isSurrogate(c) ? (char) REPLACEMENT_CHAR : c);
            }
        }
        return sb.toString();
    }

    /** Plain UTF-8 of {@code s}, unpaired surrogates replaced by U+FFFD. */
    static byte[] encode(String s) {
        return encode(s, false, NO_QUOTE);
    }

    /** Escaped UTF-8 of a label value (both text formats). */
    static byte[] escapeLabelValue(String s) {
        return encode(s, true, ESCAPE_QUOTE);
    }

    /** Escaped UTF-8 of HELP text: {@code quoteMode} is {@link #ESCAPE_QUOTE} for OpenMetrics. */
    static byte[] escapeHelp(String s, int quoteMode) {
        return encode(s, true, quoteMode);
    }

    private static byte[] encode(String s, boolean escape, int quoteMode) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(s.length() + 8);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (escape && c == '\\') {
                out.write('\\');
                out.write('\\');
            } else if (escape && c == '\n') {
                out.write('\\');
                out.write('n');
            } else if (escape && c == '"' && quoteMode == ESCAPE_QUOTE) {
                out.write('\\');
                out.write('"');
            } else if (c < 0x80) {
                out.write(c);
            } else if (c < 0x800) {
                out.write(0xC0 | (c >> 6));
                out.write(0x80 | (c & 0x3F));
            } else if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                int cp = Character.toCodePoint(c, s.charAt(++i));
                out.write(0xF0 | (cp >> 18));
                out.write(0x80 | ((cp >> 12) & 0x3F));
                out.write(0x80 | ((cp >> 6) & 0x3F));
                out.write(0x80 | (cp & 0x3F));
            } else {
                int cp = Character.isSurrogate(c) ? REPLACEMENT_CHAR : c;
                out.write(0xE0 | (cp >> 12));
                out.write(0x80 | ((cp >> 6) & 0x3F));
                out.write(0x80 | (cp & 0x3F));
            }
        }
        return out.toByteArray();
    }
}
