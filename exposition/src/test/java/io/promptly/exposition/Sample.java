package io.promptly.exposition;

import java.util.Map;

/** One sample read back from any format: name, labels in order, value. Test model, format-neutral. */
public record Sample(String name, Map<String, String> labels, double value) {
}
