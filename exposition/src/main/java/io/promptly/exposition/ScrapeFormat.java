package io.promptly.exposition;

import io.promptly.core.NameEscaping;
import java.util.List;

/**
 * What one scrape is answered with: the {@link ExpositionFormat}, the {@link NameEscaping} its names are written
 * with, and the exact {@code Content-Type}, chosen from the scraper's {@code Accept} header(s) by
 * {@link #negotiate}.
 * <ul>
 *   <li>A scraper that names no {@code escaping=} (Prometheus 2.x, curl) gets {@link NameEscaping#DEFAULT}
 *       (underscores) and today's {@code Content-Type}: for legacy names the body is the same as ever.</li>
 *   <li>{@code escaping=allow-utf-8} (Prometheus 3) gets UTF-8 names, quoted in the text formats where they are
 *       not legacy; {@code underscores}, {@code dots}, {@code values} get names escaped by that scheme. The
 *       {@code Content-Type} then states the escaping used.</li>
 *   <li>{@code text/plain;version=1.0.0} is answered as text 1.0.0 (the 0.0.4 grammar plus quoted names), its
 *       {@code Content-Type} always stating the escaping; text 0.0.4 cannot quote names, so
 *       {@code allow-utf-8} on a 0.0.4 range is answered with underscores.</li>
 *   <li>{@code application/openmetrics-text;version=2.0.0} is answered with the experimental
 *       {@link ExpositionFormat#OPENMETRICS_2_0} (never by default: a range without a version, or with 1.0.0 or
 *       0.0.1, is OpenMetrics 1.0.0); escaping as for 1.0.0.</li>
 * </ul>
 *
 * <p>Immutable; the instances are constants (one per format, text version and escaping), so negotiation
 * allocates nothing. Safe from any thread.
 */
public final class ScrapeFormat {
    private static final int KINDS = AcceptHeader.TEXT_1_0_0 + 1;
    private static final int TEXT_1_0_0 = AcceptHeader.TEXT_1_0_0;
    /** {@code [kind][0]}: no escaping named; {@code [kind][1 + ordinal]}: that escaping named. */
    private static final ScrapeFormat[][] TABLE = table();

    private final ExpositionFormat format;
    private final NameEscaping escaping;
    private final String contentType;
    private final boolean escapingNamed;

    private ScrapeFormat(ExpositionFormat format, NameEscaping escaping, String contentType, boolean named) {
        this.format = format;
        this.escaping = escaping;
        this.contentType = contentType;
        this.escapingNamed = named;
    }

    private static ScrapeFormat[][] table() {
        NameEscaping[] schemes = NameEscaping.values();
        ScrapeFormat[][] t = new ScrapeFormat[KINDS][schemes.length + 1];
        for (int kind = 0; kind < KINDS; kind++) {
            ExpositionFormat format = kind == TEXT_1_0_0 ? ExpositionFormat.TEXT : ExpositionFormat.values()[kind];
            String base = kind == TEXT_1_0_0 ? "text/plain; version=1.0.0; charset=utf-8" : format.contentType();
            t[kind][0] = kind == TEXT_1_0_0
                    ? new ScrapeFormat(format, NameEscaping.DEFAULT,
                            base + "; escaping=" + NameEscaping.DEFAULT.headerValue(), false)
                    : new ScrapeFormat(format, NameEscaping.DEFAULT, base, false);
            for (NameEscaping e : schemes) {
                NameEscaping used = kind == ExpositionFormat.TEXT.ordinal() && e == NameEscaping.ALLOW_UTF8
                        ? NameEscaping.UNDERSCORES : e; // text 0.0.4 cannot quote names
                t[kind][1 + e.ordinal()] = new ScrapeFormat(format, used, base + "; escaping=" + used.headerValue(),
                        true);
            }
        }
        return t;
    }

    /**
     * The legacy answer in {@code format}: names escaped by {@link NameEscaping#DEFAULT}, the format's own
     * {@code Content-Type} (what a scraper naming no escaping gets).
     *
     * @throws IllegalArgumentException when {@code format} is null
     */
    public static ScrapeFormat of(ExpositionFormat format) {
        if (format == null) {
            throw new IllegalArgumentException("format must not be null");
        }
        return TABLE[format.ordinal()][0];
    }

    /**
     * {@code format} with names written by {@code escaping}, the {@code Content-Type} stating it (as if a scraper
     * had asked for it; for text, version 1.0.0 when {@code escaping} is {@link NameEscaping#ALLOW_UTF8}).
     *
     * @throws IllegalArgumentException when an argument is null
     */
    public static ScrapeFormat of(ExpositionFormat format, NameEscaping escaping) {
        if (format == null || escaping == null) {
            throw new IllegalArgumentException("format and escaping must not be null");
        }
        int kind = format == ExpositionFormat.TEXT && escaping == NameEscaping.ALLOW_UTF8 ? TEXT_1_0_0
                : format.ordinal();
        return TABLE[kind][1 + escaping.ordinal()];
    }

    /**
     * Picks the answer to a request with {@code Accept} header {@code accept}: the format as
     * {@link ExpositionFormat#negotiate(String)} picks it, with the {@code escaping=} and {@code version=} of the
     * media range that won (an unknown escaping value counts as none named). Never throws; allocates nothing.
     *
     * @param accept the header value; null means absent
     */
    public static ScrapeFormat negotiate(String accept) {
        return chosen(AcceptHeader.scan(accept, AcceptHeader.NONE));
    }

    /**
     * Like {@link #negotiate(String)} for several {@code Accept} headers, read as one comma-separated list.
     *
     * @param accepts the header values in order; null or empty means absent, null elements are skipped
     */
    public static ScrapeFormat negotiate(List<String> accepts) {
        if (accepts == null) {
            return TABLE[ExpositionFormat.TEXT.ordinal()][0];
        }
        int best = AcceptHeader.NONE;
        for (int i = 0; i < accepts.size(); i++) {
            best = AcceptHeader.scan(accepts.get(i), best);
        }
        return chosen(best);
    }

    private static ScrapeFormat chosen(int best) {
        if (best == AcceptHeader.NONE) {
            return TABLE[ExpositionFormat.TEXT.ordinal()][0];
        }
        return TABLE[AcceptHeader.kind(best)][AcceptHeader.escapingSlot(best)];
    }

    /** The exposition format. */
    public ExpositionFormat format() {
        return format;
    }

    /** How names are written. */
    public NameEscaping escaping() {
        return escaping;
    }

    /** Whether the scraper named an escaping (then the {@code Content-Type} states it). */
    public boolean escapingNamed() {
        return escapingNamed;
    }

    /** The {@code Content-Type} header value of the body. */
    public String contentType() {
        return contentType;
    }

    @Override
    public String toString() {
        return contentType;
    }
}
