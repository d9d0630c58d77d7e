package io.promptly.core;

/**
 * The wall clock exemplars are stamped with (and rate-limited by): read once per offered exemplar, never on
 * the plain record path. Tests inject a manual one.
 *
 * <p>Implementations must be safe to call from any thread.
 */
@FunctionalInterface
public interface ExemplarClock {
    /** The system clock, {@link System#currentTimeMillis()}. */
    ExemplarClock SYSTEM = System::currentTimeMillis;

    /** Milliseconds since the Unix epoch. */
    long currentTimeMillis();
}
