package io.promptly.exposition;

import io.promptly.core.NameEscaping;

/**
 * Parses an HTTP {@code Accept} header (RFC 9110 media ranges with parameters and q-values) in place and keeps
 * the best supported exposition format seen so far, packed in an int:
 * {@code qThousandths << 6 | escapingSlot << 3 | kind}, or {@link #NONE}. {@code kind} is an
 * {@link ExpositionFormat} ordinal or {@link #TEXT_1_0_0} for text 1.0.0; {@code escapingSlot} is 0 when the range named no known
 * {@code escaping=}, else 1 + the {@link NameEscaping} ordinal.
 *
 * <p>Tolerant by design, because scrapers have sent odd headers: parameters in any order, case and spacing;
 * quoted parameter values; a q above 1, negative or unparsable counts as 1 (ignored) rather than failing.
 * Stateless; safe from any thread; allocates nothing.
 */
final class AcceptHeader {
    /** No acceptable supported format seen. */
    static final int NONE = -1;

    private static final int Q_MAX = 1000;
    private static final int MALFORMED = -1;
    private static final int UNSUPPORTED = -1;
    private static final String PROTOBUF_PROTO = "io.prometheus.client.MetricFamily";
    private static final int Q_SHIFT = 6;
    private static final int ESCAPING_SHIFT = 3;
    private static final int KIND_MASK = 7;
    /** The kind of text 1.0.0 (a text body with quoted names), after the {@link ExpositionFormat} ordinals. */
    static final int TEXT_1_0_0 = 4;

    private AcceptHeader() {
    }

    /** The format for a best-so-far value: {@link ExpositionFormat#TEXT} when nothing acceptable was seen. */
    static ExpositionFormat choose(int best) {
        if (best == NONE) {
            return ExpositionFormat.TEXT;
        }
        int kind = kind(best);
        return kind == TEXT_1_0_0 ? ExpositionFormat.TEXT : ExpositionFormat.values()[kind];
    }

    /** The kind of a (not NONE) best value: a format ordinal, or {@link #TEXT_1_0_0}. */
    static int kind(int best) {
        return best & KIND_MASK;
    }

    /** The escaping slot of a (not NONE) best value: 0 for none named, else 1 + the NameEscaping ordinal. */
    static int escapingSlot(int best) {
        return (best >>> ESCAPING_SHIFT) & KIND_MASK;
    }

    /** Scans one header value, returning the better of {@code best} and its best media range. */
    static int scan(String header, int best) {
        if (header == null) {
            return best;
        }
        int length = header.length();
        int i = 0;
        while (i < length) {
            int end = rangeEnd(header, i);
            int candidate = mediaRange(header, i, end);
            if (candidate != NONE && (best == NONE || (candidate >>> Q_SHIFT) > (best >>> Q_SHIFT))) {
                best = candidate;
            }
            i = end + 1;
        }
        return best;
    }

    /** Index of the comma ending the media range starting at {@code from} (or the length), skipping quotes. */
    private static int rangeEnd(String h, int from) {
        boolean quoted = false;
        for (int i = from; i < h.length(); i++) {
            char c = h.charAt(i);
            if (quoted) {
                if (c == '\\') {
                    i++;
                } else if (c == '"') {
                    quoted = false;
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                return i;
            }
        }
        return h.length();
    }

    /** Index of the semicolon ending the parameter starting at {@code from} (or {@code end}), skipping quotes. */
    private static int paramEnd(String h, int from, int end) {
        boolean quoted = false;
        for (int i = from; i < end; i++) {
            char c = h.charAt(i);
            if (quoted) {
                if (c == '\\') {
                    i++;
                } else if (c == '"') {
                    quoted = false;
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ';') {
                return i;
            }
        }
        return end;
    }

    /** Evaluates one media range {@code h[from, end)}: packed format and q, or NONE. */
    private static int mediaRange(String h, int from, int end) {
        int typeEnd = paramEnd(h, from, end);
        int ts = skipSpace(h, from, typeEnd);
        int te = trimEnd(h, ts, typeEnd);
        if (ts == te) {
            return NONE;
        }
        int kind;
        if (equalsIgnoreCase(h, ts, te, "application/openmetrics-text")) {
            kind = ExpositionFormat.OPENMETRICS.ordinal();
        } else if (equalsIgnoreCase(h, ts, te, "application/vnd.google.protobuf")) {
            kind = ExpositionFormat.PROTOBUF.ordinal();
        } else if (equalsIgnoreCase(h, ts, te, "text/plain") || equalsIgnoreCase(h, ts, te, "*/*")
                || equalsIgnoreCase(h, ts, te, "text/*")) {
            kind = ExpositionFormat.TEXT.ordinal();
        } else {
            return NONE;
        }
        int q = Q_MAX;
        int escapingSlot = 0;
        boolean plainText = equalsIgnoreCase(h, ts, te, "text/plain");
        boolean textVersion1 = false;
        boolean delimited = false;
        boolean metricFamily = false;
        int p = typeEnd;
        while (p < end) {
            int pe = paramEnd(h, p + 1, end);
            int ks = skipSpace(h, p + 1, pe);
            int eq = indexOf(h, '=', ks, pe);
            if (eq >= 0) {
                int ke = trimEnd(h, ks, eq);
                int vs = skipSpace(h, eq + 1, pe);
                int ve = trimEnd(h, vs, pe);
                if (ve - vs >= 2 && h.charAt(vs) == '"' && h.charAt(ve - 1) == '"') {
                    vs++;
                    ve--;
                }
                if (equalsIgnoreCase(h, ks, ke, "q")) {
                    q = qValue(h, vs, ve);
                } else if (equalsIgnoreCase(h, ks, ke, "version")) {
                    kind = versionCheck(kind, h, vs, ve);
                    textVersion1 = plainText && equalsIgnoreCase(h, vs, ve, "1.0.0");
                } else if (equalsIgnoreCase(h, ks, ke, "proto")) {
                    metricFamily = equalsIgnoreCase(h, vs, ve, PROTOBUF_PROTO);
                } else if (equalsIgnoreCase(h, ks, ke, "encoding")) {
                    delimited = equalsIgnoreCase(h, vs, ve, "delimited");
                } else if (equalsIgnoreCase(h, ks, ke, "escaping")) {
                    NameEscaping e = NameEscaping.fromHeaderValue(h, vs, ve);
                    escapingSlot = e == null ? 0 : 1 + e.ordinal();
                }
            }
            p = pe;
        }
        if (kind == ExpositionFormat.PROTOBUF.ordinal() && !(delimited && metricFamily)) {
            return NONE;
        }
        if (kind == UNSUPPORTED || q == 0) {
            return NONE;
        }
        if (textVersion1) {
            kind = TEXT_1_0_0;
        }
        return q << Q_SHIFT | escapingSlot << ESCAPING_SHIFT | kind;
    }

    /**
     * OpenMetrics: 1.0.0 and 0.0.1 are answered with 1.0.0, 2.0.0 with (experimental) 2.0.0, other versions not
     * at all; other kinds keep their kind (text/plain's version 1.0.0 is recognised by the caller).
     */
    private static int versionCheck(int kind, String h, int vs, int ve) {
        if (kind == ExpositionFormat.OPENMETRICS.ordinal() || kind == ExpositionFormat.OPENMETRICS_2_0.ordinal()) {
            if (equalsIgnoreCase(h, vs, ve, "1.0.0") || equalsIgnoreCase(h, vs, ve, "0.0.1")) {
                return ExpositionFormat.OPENMETRICS.ordinal();
            }
            if (equalsIgnoreCase(h, vs, ve, "2.0.0")) {
                return ExpositionFormat.OPENMETRICS_2_0.ordinal();
            }
            return UNSUPPORTED;
        }
        return kind;
    }

    /**
     * q in thousandths: {@code 0}, {@code 0.5}, {@code 1.000} as RFC 9110 writes them; digits beyond the third
     * decimal are ignored; anything malformed, negative or above 1 counts as 1 (the parameter is ignored).
     */
    private static int qValue(String h, int vs, int ve) {
        int value = parseThousandths(h, vs, ve);
        if (value == MALFORMED || value > Q_MAX) {
            return Q_MAX;
        }
        return value;
    }

    private static int parseThousandths(String h, int vs, int ve) {
        int i = vs;
        long whole = 0;
        int digits = 0;
        while (i < ve && isDigit(h.charAt(i))) {
            whole = Math.min(whole * 10 + (h.charAt(i) - '0'), 10 * Q_MAX);
            i++;
            digits++;
        }
        int fraction = 0;
        int scale = 100;
        if (i < ve && h.charAt(i) == '.') {
            i++;
            while (i < ve && isDigit(h.charAt(i))) {
                fraction += (h.charAt(i) - '0') * scale;
                scale /= 10;
                i++;
                digits++;
            }
        }
        if (digits == 0 || i != ve) {
            return MALFORMED;
        }
        return (int) Math.min(whole * Q_MAX + fraction, Integer.MAX_VALUE >> (Q_SHIFT + 1));
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static int skipSpace(String h, int from, int end) {
        while (from < end && isSpace(h.charAt(from))) {
            from++;
        }
        return from;
    }

    private static int trimEnd(String h, int from, int end) {
        while (end > from && isSpace(h.charAt(end - 1))) {
            end--;
        }
        return end;
    }

    private static boolean isSpace(char c) {
        return c == ' ' || c == '\t';
    }

    private static int indexOf(String h, char c, int from, int end) {
        for (int i = from; i < end; i++) {
            if (h.charAt(i) == c) {
                return i;
            }
        }
        return -1;
    }

    private static boolean equalsIgnoreCase(String h, int from, int end, String expected) {
        return end - from == expected.length() && h.regionMatches(true, from, expected, 0, expected.length());
    }
}
