package io.promptly.core.quantile;

/**
 * Clock used for window rotation: nanosecond ticks from an arbitrary origin, monotonic (differences between two
 * readings are meaningful, absolute values are not). {@link #SYSTEM} is {@link System#nanoTime()}; tests inject a
 * fake clock to move time without sleeping.
 *
 * <p>Implementations must be safe to call from any thread. {@link WindowedQuantiles} reads it on a scrape and only
 * occasionally on the record path, never once per observation.
 */
@FunctionalInterface
public interface NanoClock {
    /** The system's monotonic clock, {@link System#nanoTime()}. */
    NanoClock SYSTEM = System::nanoTime;

    /**
     * Returns the current tick in nanoseconds.
     *
     * @return the current reading; only differences between readings are meaningful
     */
    long nanoTime();
}
