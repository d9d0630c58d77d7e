package io.promptly.core.quantile;

import java.util.concurrent.atomic.AtomicLong;

/** A clock the sketch tests move by hand. Thread-safe. */
final class FakeClock implements NanoClock {
    private final AtomicLong now;

    FakeClock(long start) {
        now = new AtomicLong(start);
    }

    @Override
    public long nanoTime() {
        return now.get();
    }

    void advance(long nanos) {
        now.addAndGet(nanos);
    }
}
