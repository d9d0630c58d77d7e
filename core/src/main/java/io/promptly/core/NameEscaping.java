package io.promptly.core;

/**
 * How metric and label names outside the legacy character set are written for a scraper, negotiated through the
 * {@code escaping=} parameter of its {@code Accept} header (Prometheus "UTF-8 escaping schemes"). A legacy metric
 * name matches {@code [a-zA-Z_:][a-zA-Z0-9_:]*}, a legacy label name {@code [a-zA-Z_][a-zA-Z0-9_]*}.
 * <ul>
 *   <li>{@link #ALLOW_UTF8}: names as they are; a text format quotes a name that is not legacy
 *       ({@code {"http.server.duration",le="0.1"}});</li>
 *   <li>{@link #UNDERSCORES} (the default when a scraper names none): a legacy name as it is; in any other name,
 *       each character outside the legacy set (and a leading digit) becomes {@code _};</li>
 *   <li>{@link #DOTS}: every name: {@code _} becomes {@code __}, {@code .} becomes {@code _dot_}, any other
 *       character outside the legacy set (and a leading digit) {@code _};</li>
 *   <li>{@link #VALUES}: a legacy name as it is; any other name becomes {@code U__} followed by the name with
 *       {@code _} doubled and each character outside the legacy set (and a leading digit) written as
 *       {@code _<code point in lowercase hex>_} — reversible: {@code U__http_2e_server} is
 *       {@code http.server}.</li>
 * </ul>
 * A label name is escaped with the label-name set (no {@code :}), so that the escaped form is always a legal
 * legacy label name.
 *
 * <p>Immutable; safe from any thread. {@link #escapeMetricName}/{@link #escapeLabelName} allocate: they run when a
 * metric or series is created, never during a scrape.
 */
public enum NameEscaping {
    /** No escaping: UTF-8 names, quoted where the format needs it. */
    ALLOW_UTF8("allow-utf-8"),
    /** Characters outside the legacy set become underscores (the default). */
    UNDERSCORES("underscores"),
    /** Dots become {@code _dot_}, underscores are doubled, other characters become underscores. */
    DOTS("dots"),
    /** {@code U__}-prefixed, reversible value encoding. */
    VALUES("values");

    /** The escaping a scraper gets when its {@code Accept} header names none. */
    public static final NameEscaping DEFAULT = UNDERSCORES;

    private final String headerValue;

    NameEscaping(String headerValue) {
        this.headerValue = headerValue;
    }

    /** The value of the {@code escaping=} media-type parameter naming this scheme ({@code allow-utf-8}, ...). */
    public String headerValue() {
        return headerValue;
    }

    /**
     * The scheme an {@code escaping=} parameter value names (case-insensitive; {@code allow-utf8}, which an
     * earlier version of the content-negotiation document wrote, is read as {@code allow-utf-8}), or null when it
     * names none.
     */
    public static NameEscaping fromHeaderValue(CharSequence value, int from, int to) {
        for (NameEscaping e : values()) {
            if (regionEqualsIgnoreCase(value, from, to, e.headerValue)) {
                return e;
            }
        }
        return regionEqualsIgnoreCase(value, from, to, "allow-utf8") ? ALLOW_UTF8 : null;
    }

    private static boolean regionEqualsIgnoreCase(CharSequence s, int from, int to, String expected) {
        if (to - from != expected.length()) {
            return false;
        }
        for (int i = 0; i < expected.length(); i++) {
            char c = s.charAt(from + i);
            if (Character.toLowerCase(c) != expected.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /** Whether {@code name} is a legacy metric name ({@code [a-zA-Z_:][a-zA-Z0-9_:]*}). */
    public static boolean isLegacyMetricName(String name) {
        return isLegacy(name, true);
    }

    /** Whether {@code name} is a legacy label name ({@code [a-zA-Z_][a-zA-Z0-9_]*}). */
    public static boolean isLegacyLabelName(String name) {
        return isLegacy(name, false);
    }

    private static boolean isLegacy(String name, boolean metric) {
        if (name.isEmpty()) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            if (!legacy(name.charAt(i), i, metric)) {
                return false;
            }
        }
        return true;
    }

    private static boolean legacy(int codePoint, int index, boolean metric) {
        return codePoint >= 'a' && codePoint <= 'z' || codePoint >= 'A' && codePoint <= 'Z' || codePoint == '_'
                || metric && codePoint == ':' || index > 0 && codePoint >= '0' && codePoint <= '9';
    }

    /** {@code name} (a valid metric name) as this scheme writes it; {@link #ALLOW_UTF8} returns it unchanged. */
    public String escapeMetricName(String name) {
        return escape(name, true);
    }

    /** {@code name} (a valid label name) as this scheme writes it; {@link #ALLOW_UTF8} returns it unchanged. */
    public String escapeLabelName(String name) {
        return escape(name, false);
    }

    private String escape(String name, boolean metric) {
        if (this == ALLOW_UTF8 || this != DOTS && isLegacy(name, metric)) {
            return name;
        }
        StringBuilder out = new StringBuilder(name.length() + 8);
        if (this == VALUES) {
            out.append("U__");
        }
        int index = 0;
        for (int i = 0; i < name.length(); index++) {
            int cp = name.codePointAt(i);
            i += Character.charCount(cp);
            if (cp == '_' && this != UNDERSCORES) {
                out.append("__");
            } else if (cp == '.' && this == DOTS) {
                out.append("_dot_");
            } else if (legacy(cp, index, metric)) {
                out.append((char) cp);
            } else if (this == VALUES) {
                out.append('_').append(Integer.toHexString(cp >= Character.MIN_SURROGATE && cp <= Character.MAX_SURROGATE ? 0xFFFD : cp))
                        .append('_');
            } else {
                out.append('_');
            }
        }
        return out.toString();
    }
}
