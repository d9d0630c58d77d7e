package io.promptly.core.jvm;

import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Supplier;

/**
 * One reading of a source (a {@code MemoryUsage}, the lines of {@code /proc/self/status}) shared by the few
 * families that report parts of it, so that a scrape reads the source once and the parts agree (heap
 * {@code used ≤ committed} holds by construction).
 *
 * <p>Rule: consumer {@code i} is served the current reading unless it was already served that reading or the
 * reading is older than {@code maxAgeNanos}; then the source is read again. In a scrape that collects every
 * consumer, the first one reads and the others reuse; the next scrape's first consumer has seen the reading and
 * reads again, so no scrape reports a value collected by an earlier one (except within {@code maxAgeNanos} when
 * only some consumers are collected).
 *
 * <p>Thread-safe. Overlapping scrapes stay correct but may read the source more often, and may mix two
 * readings taken microseconds apart. Cost per call: one {@code System.nanoTime()}; a refresh calls the source
 * and allocates one small holder.
 *
 * @param <T> what the source returns (treat it as immutable)
 */
final class SharedReading<T> {
    private final Supplier<T> source;
    private final long maxAgeNanos;
    private final AtomicReferenceArray<Stamped<T>> lastServed;
    private volatile Stamped<T> current;

    /**
     * Creates a shared reading of {@code source} for {@code consumers} consumers, numbered from 0.
     *
     * @throws IllegalArgumentException when {@code consumers} is below 1 or {@code maxAgeNanos} is negative
     */
    SharedReading(Supplier<T> source, int consumers, long maxAgeNanos) {
        if (consumers < 1) {
            throw new IllegalArgumentException("consumers must be ≥ 1, got " + consumers);
        }
        if (maxAgeNanos < 0) {
            throw new IllegalArgumentException("maxAgeNanos must be ≥ 0, got " + maxAgeNanos);
        }
        this.source = source;
        this.maxAgeNanos = maxAgeNanos;
        this.lastServed = new AtomicReferenceArray<>(consumers);
    }

    /**
     * The reading to serve consumer {@code consumer}, reading the source again when the rule above asks.
     * Whatever the source throws propagates (a callback then drops its sample).
     */
    T get(int consumer) {
        long now = System.nanoTime();
        Stamped<T> s = current;
        if (s == null || lastServed.get(consumer) == s || now - s.nanoTime > maxAgeNanos) {
            s = new Stamped<>(source.get(), now);
            current = s; // volatile store publishes the holder; its fields are final
        }
        lastServed.set(consumer, s);
        return s.value;
    }

    /** A reading and when it was taken. Immutable. */
    private static final class Stamped<T> {
        final T value;
        final long nanoTime;

        Stamped(T value, long nanoTime) {
            this.value = value;
            this.nanoTime = nanoTime;
        }
    }
}
