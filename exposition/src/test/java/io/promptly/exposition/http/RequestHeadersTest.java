package io.promptly.exposition.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class RequestHeadersTest {
    private static boolean gzip(String... headers) {
        return RequestHeaders.acceptsGzip(Arrays.asList(headers));
    }

    @Test
    void acceptEncodingFollowsRfc9110Codings() {
        // RFC 9110 §12.5.3: codings are case-insensitive, q=0 means "not acceptable", "*" matches any coding
        // not listed elsewhere in the header.
        assertEquals(true, gzip("gzip"));
        assertEquals(true, gzip("GZip"));
        assertEquals(true, gzip("deflate, gzip;q=0.5"));
        assertEquals(true, gzip("x-gzip"));
        assertEquals(true, gzip("*"));
        assertEquals(true, gzip("identity", "gzip"));
        assertEquals(true, gzip("gzip;q=oops"));
        assertEquals(false, gzip("gzip;q=0"));
        assertEquals(false, gzip("gzip; q=0.000"));
        assertEquals(false, gzip("*, gzip;q=0"));
        assertEquals(false, gzip("*;q=0"));
        assertEquals(false, gzip("deflate, br"));
        assertEquals(false, gzip(""));
        assertEquals(false, gzip("gzipped"));
        assertEquals(false, RequestHeaders.acceptsGzip(null));
        assertEquals(false, RequestHeaders.acceptsGzip(Collections.singletonList(null)));
    }

    @Test
    void nameParametersAreDecodedAndRepeatable() {
        assertEquals(List.of("a", "b_total", "c d", "ü/x"),
                RequestHeaders.names("name[]=a&name%5B%5D=b_total&x=1&name[]=c+d&name[]=%C3%BC%2Fx"));
        assertEquals(List.of(""), RequestHeaders.names("name[]"));
        assertEquals(List.of("a"), RequestHeaders.names("&&name[]=a&"));
        assertNull(RequestHeaders.names("x=1&name=a"));
        assertNull(RequestHeaders.names(""));
        assertNull(RequestHeaders.names(null));
    }
}
