package io.promptly.exposition;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;

class OpenMetricsWriterContractTest extends FormatWriterContractTest {
    @Override
    ExpositionFormat format() {
        return ExpositionFormat.OPENMETRICS;
    }

    @Override
    List<Sample> read(byte[] body) {
        String text = new String(body, StandardCharsets.UTF_8);
        assertTrue(text.endsWith("# EOF\n"), "OpenMetrics must end with # EOF");
        return TextFormatParser.parse(text);
    }

    @Override
    byte[] emptyBody() {
        return "# EOF\n".getBytes(StandardCharsets.US_ASCII);
    }
}
