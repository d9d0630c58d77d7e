package io.promptly.core.instrument;

/**
 * Times consecutive stages into one {@link Timing} with one clock read per stage: each {@link #lap()} records
 * the time since the previous lap (or since {@link Timing#laps()}) and makes its own reading the next start.
 *
 * <pre>{@code
 * Laps laps = perItem.laps();          // one per thread (or per batch), not shared
 * for (Item item : batch) {
 *     process(item);
 *     laps.lap();                      // one nanoTime read, one observe
 * }
 * }</pre>
 *
 * <p>Not thread-safe: one thread uses it (hand it over with a happens-before edge). Cost per lap: one read of the
 * timing's clock and one update of its target; allocates nothing. Time spent between stages that should not be
 * counted can be skipped with {@link #restart()}.
 */
public final class Laps {
    private final Timing timing;
    private long lastNanos;

    Laps(Timing timing, long startNanos) {
        this.timing = timing;
        this.lastNanos = startNanos;
    }

    /**
     * Records the time since the previous lap and starts the next one at the same clock reading.
     *
     * @return the seconds recorded
     */
    public double lap() {
        long now = timing.nanoTime();
        long elapsed = now - lastNanos;
        lastNanos = now;
        return timing.observeNanos(elapsed);
    }

    /** Starts the next lap now without recording anything (one clock read). */
    public void restart() {
        lastNanos = timing.nanoTime();
    }

    /** The clock reading the current lap started at (see {@link Timing#nanoTime()}). */
    public long startNanos() {
        return lastNanos;
    }
}
