package io.promptly.exposition;

import java.util.List;

class ProtobufWriterContractTest extends FormatWriterContractTest {
    @Override
    ExpositionFormat format() {
        return ExpositionFormat.PROTOBUF;
    }

    @Override
    List<Sample> read(byte[] body) {
        return ProtobufSamples.samples(body);
    }

    @Override
    byte[] emptyBody() {
        return new byte[0];
    }
}
