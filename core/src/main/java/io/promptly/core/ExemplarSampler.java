package io.promptly.core;

/**
 * The exemplar rate limit of one metric: a slot (a counter series, a histogram bucket) takes a new exemplar
 * when it has none or when its exemplar is at least {@code intervalMillis} old (or stamped in the future, after
 * the wall clock stepped back). Otherwise the offer is skipped, without allocating.
 *
 * <p>Also holds the metric's optional {@link ExemplarSource}, read on the plain record paths.
 *
 * <p>Immutable; safe from any thread. One clock read per offer.
 */
final class ExemplarSampler {
    /** Default interval: at most one new exemplar per slot every 5 seconds. */
    static final long DEFAULT_INTERVAL_MILLIS = 5_000;

    static final ExemplarSampler DEFAULT = new ExemplarSampler(DEFAULT_INTERVAL_MILLIS, ExemplarClock.SYSTEM, null);

    final long intervalMillis;
    final ExemplarClock clock;
    /** Asked on every plain record for an exemplar, or null (the default: plain records never sample). */
    final ExemplarSource source;

    /**
     * @param source the metric's {@link ExemplarSource}, or null for none
     * @throws IllegalArgumentException when the interval is negative or the clock null
     */
    ExemplarSampler(long intervalMillis, ExemplarClock clock, ExemplarSource source) {
        if (intervalMillis < 0) {
            throw new IllegalArgumentException("exemplar interval " + intervalMillis + " ms must be ≥ 0");
        }
        Names.requireNonNull(clock, "exemplar clock");
        this.intervalMillis = intervalMillis;
        this.clock = clock;
        this.source = source;
    }

    /** Whether an exemplar sampled at {@code nowMillis} replaces {@code current}. */
    boolean replaces(Exemplar current, long nowMillis) {
        if (current == null) {
            return true;
        }
        long age = nowMillis - current.timestampMillis();
        return age >= intervalMillis || age < 0;
    }
}
