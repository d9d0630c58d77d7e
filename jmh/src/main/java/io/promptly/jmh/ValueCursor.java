package io.promptly.jmh;

import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * A benchmark thread's position in {@link BenchmarkData#VALUES}: each call to {@link #next()} returns the next
 * value, wrapping at 64k. Per thread, so threads sharing one metric do not share (or contend on) the cursor;
 * different threads start at different offsets so they do not observe the same value at the same time.
 *
 * <p>JMH creates one per benchmark thread; not thread-safe. {@link #next()} is an array load and an increment.
 */
@State(Scope.Thread)
public class ValueCursor {
    private static final int THREAD_OFFSET = 7919;
    private static int threadsSeen;

    private int index;

    /** Starts this thread at its own offset into the shared values. */
    public ValueCursor() {
        synchronized (ValueCursor.class) {
            index = (threadsSeen++ * THREAD_OFFSET) & BenchmarkData.VALUE_MASK;
        }
    }

    /** The next value, cycling through the 64k shared values. */
    double next() {
        int i = index;
        index = (i + 1) & BenchmarkData.VALUE_MASK;
        return BenchmarkData.VALUES[i];
    }
}
