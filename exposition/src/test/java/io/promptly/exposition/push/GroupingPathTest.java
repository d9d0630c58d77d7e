package io.promptly.exposition.push;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Expected paths follow the Pushgateway README ("URL" section): {@code /metrics/job/<JOB>{/<LABEL>/<VALUE>}},
 * a value containing {@code /} or empty goes as {@code <LABEL>@base64/<base64url>}, and the empty value is
 * spelled {@code @base64/=}; its example encodes {@code /var/tmp} as {@code L3Zhci90bXA} (we send the padded
 * form {@code L3Zhci90bXA=}, which it also accepts).
 */
class GroupingPathTest {
    private static Map<String, String> key(String... namesAndValues) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            m.put(namesAndValues[i], namesAndValues[i + 1]);
        }
        return m;
    }

    @Test
    void pathsFollowThePushgatewayRules() {
        assertEquals("/metrics/job/some_job", GroupingPath.of("some_job", null));
        assertEquals("/metrics/job/some_job/instance/some_instance",
                GroupingPath.of("some_job", key("instance", "some_instance")));
        assertEquals("/metrics/job/directory_cleaner/path@base64/L3Zhci90bXA=",
                GroupingPath.of("directory_cleaner", key("path", "/var/tmp")));
        assertEquals("/metrics/job/example/first_label@base64/=", GroupingPath.of("example", key("first_label", "")));
        assertEquals("/metrics/job@base64/YS9i", GroupingPath.of("a/b", key()));
        assertEquals("/metrics/job/a%20b/x/%C3%BC%E2%82%AC", GroupingPath.of("a b", key("x", "ü€")));
        assertEquals("/metrics/job/j/x/100%25/y/a%3Fb%23c", GroupingPath.of("j", key("x", "100%", "y", "a?b#c")));
        assertEquals("/metrics/job/j/x/A-z.0_9~", GroupingPath.of("j", key("x", "A-z.0_9~")));
    }

    @Test
    void base64ValuesDecodeBackToTheOriginalUtf8() {
        String value = "ü/x/\uD83D\uDE00";
        String path = GroupingPath.of("j", key("v", value));
        String encoded = path.substring(path.indexOf("v@base64/") + "v@base64/".length());
        assertTrue(!encoded.contains("+") && !encoded.contains("/"), encoded);
        assertEquals(value, new String(Base64.getUrlDecoder().decode(encoded), StandardCharsets.UTF_8));
    }

    @Test
    void invalidJobOrLabelNamesAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> GroupingPath.of("", null));
        assertThrows(IllegalArgumentException.class, () -> GroupingPath.of(null, null));
        assertThrows(IllegalArgumentException.class, () -> GroupingPath.of("j", key("job", "x")));
        assertThrows(IllegalArgumentException.class, () -> GroupingPath.of("j", key("__x", "x")));
        assertThrows(IllegalArgumentException.class, () -> GroupingPath.of("j", key("1a", "x")));
        assertThrows(IllegalArgumentException.class, () -> GroupingPath.of("j", key("a-b", "x")));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> GroupingPath.of("j", key("ok", null)));
        assertTrue(e.getMessage().contains("ok"), e.getMessage());
    }
}
