package io.promptly.exposition.push;

import java.io.IOException;

/**
 * A push or delete that did not succeed: either the Pushgateway answered with a status outside 2xx (then
 * {@link #statusCode()} and {@link #body()} carry its answer, e.g. why a metric was inconsistent), or no answer
 * came (refused connection, timeout, connection closed; then {@link #statusCode()} is {@link #NO_ANSWER} and
 * {@link #getCause()} says why). The message names the method and the URL (never credentials). Immutable.
 */
public final class PushGatewayException extends IOException {
    private static final long serialVersionUID = 1L;
    private static final int MAX_BODY_IN_MESSAGE = 500;

    /** {@link #statusCode()} of a request that got no answer. */
    public static final int NO_ANSWER = 0;

    private final int statusCode;
    private final String body;

    /** Creates an exception for {@code method} on {@code uri} answered with {@code statusCode} and {@code body}. */
    public PushGatewayException(String method, String uri, int statusCode, String body) {
        super(method + " " + uri + " answered " + statusCode + ": " + abbreviate(body));
        this.statusCode = statusCode;
        this.body = body == null ? "" : body;
    }

    /**
     * Creates an exception for a request ({@code where}: method and URL) that got no answer because of
     * {@code cause}; {@code what} says what happened (e.g. "failed").
     */
    public PushGatewayException(String where, String what, IOException cause) {
        super(where + " " + what + ": " + cause, cause);
        this.statusCode = NO_ANSWER;
        this.body = "";
    }

    /** Whether the Pushgateway answered (with a status outside 2xx) rather than not at all. */
    public boolean answered() {
        return statusCode != NO_ANSWER;
    }

    /** The HTTP status code the Pushgateway answered, or {@link #NO_ANSWER}. */
    public int statusCode() {
        return statusCode;
    }

    /** The response body (empty when there was none). */
    public String body() {
        return body;
    }

    private static String abbreviate(String body) {
        if (body == null) {
            return "";
        }
        String trimmed = body.strip();
        return trimmed.length() <= MAX_BODY_IN_MESSAGE ? trimmed : trimmed.substring(0, MAX_BODY_IN_MESSAGE) + "…";
    }
}
