package io.promptly.exposition;

import java.util.List;

/**
 * The exposition formats Promptly writes, each with the exact {@code Content-Type} of its body, and the choice
 * of one from a scraper's {@code Accept} header(s).
 *
 * <p>Immutable; safe from any thread. {@link #negotiate} parses the header in place (no regular expressions,
 * no substrings): O(header length), no allocation.
 */
public enum ExpositionFormat {
    /** Prometheus text format 0.0.4. */
    TEXT("text/plain; version=0.0.4; charset=utf-8"),
    /** OpenMetrics text 1.0.0 (also answered when a scraper asks for OpenMetrics 0.0.1). */
    OPENMETRICS("application/openmetrics-text; version=1.0.0; charset=utf-8"),
    /** Length-delimited {@code io.prometheus.client.MetricFamily} protobuf messages. */
    PROTOBUF("application/vnd.google.protobuf; proto=io.prometheus.client.MetricFamily; encoding=delimited"),
    /**
     * OpenMetrics text 2.0.0 — <b>experimental</b>, after the specification's release candidate 2.0.0-rc0:
     * answered only to a scraper whose {@code Accept} names {@code application/openmetrics-text;version=2.0.0},
     * never by default.
     */
    OPENMETRICS_2_0("application/openmetrics-text; version=2.0.0; charset=utf-8");

    private final String contentType;

    ExpositionFormat(String contentType) {
        this.contentType = contentType;
    }

    /** The {@code Content-Type} header value of a body in this format. */
    public String contentType() {
        return contentType;
    }

    /**
     * Picks the format to answer a request with {@code Accept} header {@code accept}: the supported media range
     * with the highest q-value (earliest wins a tie); {@code q=0} is "not acceptable"; a malformed q counts as 1.
     * OpenMetrics versions 1.0.0 and 0.0.1 (or none) give {@link #OPENMETRICS}, version 2.0.0
     * {@link #OPENMETRICS_2_0} (other versions are not acceptable); protobuf needs
     * {@code proto=io.prometheus.client.MetricFamily} and {@code encoding=delimited}. Wildcards, an absent or
     * empty header, or nothing supported give {@link #TEXT}. Never throws.
     *
     * @param accept the header value; null means absent
     */
    public static ExpositionFormat negotiate(String accept) {
        return AcceptHeader.choose(AcceptHeader.scan(accept, AcceptHeader.NONE));
    }

    /**
     * Like {@link #negotiate(String)} for a request carrying several {@code Accept} headers, read as one
     * comma-separated list in order.
     *
     * @param accepts the header values in order; null or empty means absent, null elements are skipped
     */
    public static ExpositionFormat negotiate(List<String> accepts) {
        if (accepts == null) {
            return TEXT;
        }
        int best = AcceptHeader.NONE;
        for (int i = 0; i < accepts.size(); i++) {
            best = AcceptHeader.scan(accepts.get(i), best);
        }
        return AcceptHeader.choose(best);
    }
}
