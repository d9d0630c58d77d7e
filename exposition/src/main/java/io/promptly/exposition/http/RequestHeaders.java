package io.promptly.exposition.http;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The small parsers the metrics handler needs: whether {@code Accept-Encoding} allows gzip, and the
 * {@code name[]} values of a query string.
 *
 * <p>Stateless; safe from any thread.
 */
final class RequestHeaders {
    static final String NAME_PARAMETER = "name[]";

    private RequestHeaders() {
    }

    /**
     * Whether the {@code Accept-Encoding} values allow a gzip body: {@code gzip} (or {@code x-gzip}) listed with
     * a q-value above 0, or {@code *} above 0 without gzip being refused. A malformed q counts as 1.
     */
    static boolean acceptsGzip(List<String> acceptEncoding) {
        if (acceptEncoding == null) {
            return false;
        }
        int gzip = -1; // -1 not listed, 0 refused, 1 accepted
        int wildcard = -1;
        for (int h = 0; h < acceptEncoding.size(); h++) {
            String header = acceptEncoding.get(h);
            if (header == null) {
                continue;
            }
            for (String item : header.split(",")) {
                int semicolon = item.indexOf(';');
                String coding = (semicolon < 0 ? item : item.substring(0, semicolon)).trim();
                int verdict = semicolon < 0 ? 1 : (qValue(item.substring(semicolon + 1)) > 0 ? 1 : 0);
                if (coding.equalsIgnoreCase("gzip") || coding.equalsIgnoreCase("x-gzip")) {
                    gzip = Math.max(gzip, verdict);
                } else if (coding.equals("*")) {
                    wildcard = Math.max(wildcard, verdict);
                }
            }
        }
        return gzip == 1 || (gzip == -1 && wildcard == 1);
    }

    private static double qValue(String parameters) {
        for (String p : parameters.split(";")) {
            int eq = p.indexOf('=');
            if (eq > 0 && p.substring(0, eq).trim().equalsIgnoreCase("q")) {
                try {
                    return Double.parseDouble(p.substring(eq + 1).trim());
                } catch (NumberFormatException malformed) {
                    return 1;
                }
            }
        }
        return 1;
    }

    /**
     * The URL-decoded values of every {@code name[]} parameter of a raw query string, in order, or null when
     * there is none (meaning: no filter).
     *
     * @throws IllegalArgumentException when a parameter is not valid percent-encoding
     */
    static List<String> names(String rawQuery) {
        if (rawQuery == null || rawQuery.isEmpty()) {
            return null;
        }
        List<String> names = null;
        int start = 0;
        while (start <= rawQuery.length()) {
            int end = rawQuery.indexOf('&', start);
            if (end < 0) {
                end = rawQuery.length();
            }
            if (end > start) {
                String pair = rawQuery.substring(start, end);
                int eq = pair.indexOf('=');
                String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                if (key.equals(NAME_PARAMETER)) {
                    if (names == null) {
                        names = new ArrayList<>();
                    }
                    names.add(eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
                }
            }
            start = end + 1;
        }
        return names;
    }
}
