package io.promptly.micrometer;

import io.micrometer.core.instrument.AbstractMeter;
import io.micrometer.core.instrument.Counter;
import io.promptly.core.CounterHandle;

/**
 * A Micrometer {@link Counter} recording into one pre-bound Promptly {@link CounterHandle}: an increment is the
 * handle's lock-free add, no lookup, no allocation. Amounts that are not positive (negative, zero, NaN) are
 * ignored, as {@code micrometer-registry-prometheus} does.
 *
 * <p>Thread-safe.
 */
final class PromptlyCounter extends AbstractMeter implements Counter {
    private final CounterHandle handle;

    PromptlyCounter(Id id, CounterHandle handle) {
        super(id);
        this.handle = handle;
    }

    @Override
    public void increment(double amount) {
        if (amount > 0) {
            handle.inc(amount);
        }
    }

    @Override
    public double count() {
        return handle.get();
    }
}
