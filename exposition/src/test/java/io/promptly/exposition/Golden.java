package io.promptly.exposition;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** Loads hand-written expected outputs from src/test/resources/golden. */
final class Golden {
    private Golden() {
    }

    static byte[] bytes(String file) {
        try (InputStream in = Golden.class.getResourceAsStream("/golden/" + file)) {
            if (in == null) {
                throw new IllegalArgumentException("no golden file " + file);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
