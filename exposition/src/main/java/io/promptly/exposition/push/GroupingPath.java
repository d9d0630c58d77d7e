package io.promptly.exposition.push;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

/**
 * Builds the Pushgateway URL path of a job and grouping key: {@code /metrics/job/<job>/<label>/<value>...}.
 * Following the Pushgateway's rules, a job or value that is empty or contains {@code /} is written as
 * {@code <label>@base64/<base64url with = padding>} (an empty value as {@code @base64/=}); any other value is
 * percent-encoded as a path segment (everything but {@code A-Z a-z 0-9 - . _ ~}, as UTF-8 bytes).
 *
 * <p>Stateless; safe from any thread.
 */
final class GroupingPath {
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private GroupingPath() {
    }

    /**
     * The path for {@code job} and {@code groupingKey} (iteration order kept).
     *
     * @throws IllegalArgumentException when {@code job} is null or empty, or a grouping label name is invalid,
     *                                  is {@code job}, or has a null value
     */
    static String of(String job, Map<String, String> groupingKey) {
        if (job == null || job.isEmpty()) {
            throw new IllegalArgumentException("Pushgateway job name must not be null or empty, got "
                    + (job == null ? "null" : "\"\""));
        }
        StringBuilder path = new StringBuilder("/metrics");
        segment(path, "job", job);
        if (groupingKey != null) {
            for (Map.Entry<String, String> e : groupingKey.entrySet()) {
                String name = e.getKey();
                checkLabelName(name);
                if (e.getValue() == null) {
                    throw new IllegalArgumentException("grouping key label \"" + name + "\" has a null value");
                }
                segment(path, name, e.getValue());
            }
        }
        return path.toString();
    }

    private static void segment(StringBuilder path, String name, String value) {
        path.append('/').append(name);
        if (value.isEmpty()) {
            path.append("@base64/="); // base64 of nothing is nothing, but a path segment cannot be empty
        } else if (value.indexOf('/') >= 0) {
            path.append("@base64/")
                    .append(Base64.getUrlEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8)));
        } else {
            path.append('/');
            percentEncode(path, value);
        }
    }

    /** Appends {@code value} percent-encoded as one path segment (RFC 3986 unreserved characters kept). */
    static void percentEncode(StringBuilder out, String value) {
        byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
        for (byte b : utf8) {
            int c = b & 0xff;
            if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '.' || c == '_' || c == '~') {
                out.append((char) c);
            } else {
                out.append('%').append(HEX[c >>> 4]).append(HEX[c & 0xf]);
            }
        }
    }

    private static void checkLabelName(String name) {
        boolean ok = name != null && !name.isEmpty() && !name.startsWith("__") && !name.equals("job");
        for (int i = 0; ok && i < name.length(); i++) {
            char c = name.charAt(i);
            ok = c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (i > 0 && c >= '0' && c <= '9');
        }
        if (!ok) {
            throw new IllegalArgumentException("grouping key label name \"" + name + "\" is invalid: it must match"
                    + " [a-zA-Z_][a-zA-Z0-9_]*, must not start with \"__\" and must not be \"job\"");
        }
    }
}
