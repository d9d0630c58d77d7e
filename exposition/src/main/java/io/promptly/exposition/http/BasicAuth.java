package io.promptly.exposition.http;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.List;

/**
 * Checks a request's {@code Authorization: Basic ...} header against one user name and password (RFC 7617,
 * UTF-8). The decoded credentials and the expected ones are compared as SHA-256 digests with
 * {@link MessageDigest#isEqual}, so the time taken does not depend on how much of a guess is right, nor on the
 * expected credentials' length.
 *
 * <p>Immutable; safe from any thread. Each check allocates (decoding, digest): authentication is not a hot path.
 */
final class BasicAuth {
    private static final String SCHEME = "Basic";

    private final byte[] expectedDigest;
    private final String challenge;

    BasicAuth(String user, String password, String realm) {
        if (user == null || password == null) {
            throw new IllegalArgumentException("basic auth user and password must not be null");
        }
        if (user.indexOf(':') >= 0) {
            throw new IllegalArgumentException("basic auth user \"" + user + "\" must not contain ':' (RFC 7617)");
        }
        this.expectedDigest = sha256((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        this.challenge = SCHEME + " realm=\"" + realm + "\", charset=\"UTF-8\"";
    }

    /** The {@code WWW-Authenticate} value of a 401 answer. */
    String challenge() {
        return challenge;
    }

    /** Whether one of the {@code Authorization} header values carries the expected credentials. */
    boolean allows(List<String> authorization) {
        if (authorization == null) {
            return false;
        }
        boolean ok = false;
        for (int i = 0; i < authorization.size(); i++) {
            ok |= allows(authorization.get(i));
        }
        return ok;
    }

    private boolean allows(String header) {
        if (header == null) {
            return false;
        }
        String value = header.trim();
        if (value.length() <= SCHEME.length() || !value.regionMatches(true, 0, SCHEME, 0, SCHEME.length())
                || value.charAt(SCHEME.length()) != ' ') {
            return false;
        }
        byte[] decoded;
        try {
            decoded = Base64.getDecoder().decode(value.substring(SCHEME.length() + 1).trim());
        } catch (IllegalArgumentException notBase64) {
            return false;
        }
        return MessageDigest.isEqual(expectedDigest, sha256(decoded));
    }

    private static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform must provide SHA-256", e);
        }
    }
}
