package io.promptly.core;

/**
 * A monotonic nanosecond clock: what a summary's window rotates by. Tests inject a manual one.
 *
 * <p>Implementations must be safe to call from any thread.
 */
@FunctionalInterface
public interface NanoClock {
    /** The system's monotonic clock, {@link System#nanoTime()}. */
    NanoClock SYSTEM = System::nanoTime;

    /** Current time in nanoseconds from an arbitrary origin. */
    long nanoTime();
}
