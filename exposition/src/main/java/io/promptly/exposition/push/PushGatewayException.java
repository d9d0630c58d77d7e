package io.promptly.exposition.push;

import java.io.IOException;

/**
 * The Pushgateway answered a push or delete with a status outside 2xx; carries the status and the body it sent
 * (its explanation, e.g. an inconsistent metric). Immutable.
 */
public final class PushGatewayException extends IOException {
    private static final long serialVersionUID = 1L;
    private static final int MAX_BODY_IN_MESSAGE = 500;

    private final int statusCode;
    private final String body;

    /** Creates an exception for {@code method} on {@code uri} answered with {@code statusCode} and {@code body}. */
    public PushGatewayException(String method, String uri, int statusCode, String body) {
        super(method + " " + uri + " answered " + statusCode + ": " + abbreviate(body));
        this.statusCode = statusCode;
        this.body = body == null ? "" : body;
    }

    /** The HTTP status code the Pushgateway answered. */
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
