package io.promptly.exposition;

import java.nio.charset.StandardCharsets;
import java.util.List;

class PrometheusTextWriterContractTest extends FormatWriterContractTest {
    @Override
    ExpositionFormat format() {
        return ExpositionFormat.TEXT;
    }

    @Override
    List<Sample> read(byte[] body) {
        return TextFormatParser.parse(new String(body, StandardCharsets.UTF_8));
    }

    @Override
    byte[] emptyBody() {
        return new byte[0];
    }
}
