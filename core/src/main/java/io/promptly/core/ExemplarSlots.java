package io.promptly.core;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * The latest exemplar of each of a series' {@code size} slots (one for a counter, one per classic bucket for a
 * histogram). The slot array is allocated on the first offer; a sampled exemplar is a new immutable
 * {@link Exemplar} swapped in with a release store, read with acquire loads — so a reader sees a whole exemplar.
 *
 * <p>Thread-safety: any thread may offer and read. An offer reads the clock once; a skipped offer allocates
 * nothing. Two racing offers both store; the later store wins (either exemplar is a valid sample).
 */
final class ExemplarSlots {
    private static final VarHandle SLOTS = MethodHandles.arrayElementVarHandle(Exemplar[].class);

    private final ExemplarSampler sampler;
    private final int size;
    private volatile Exemplar[] slots;

    ExemplarSlots(ExemplarSampler sampler, int size) {
        this.sampler = sampler;
        this.size = size;
    }

    /** Offers an exemplar for {@code slot}; stored when the sampler says so. Labels must be checked already. */
    void offer(int slot, double value, Labels labels) {
        Exemplar[] s = slots;
        if (s == null) {
            s = allocate();
        }
        long now = sampler.clock.currentTimeMillis();
        if (sampler.replaces((Exemplar) SLOTS.getAcquire(s, slot), now)) {
            SLOTS.setRelease(s, slot, new Exemplar(value, labels, now));
        }
    }

    /**
     * Offers an exemplar from {@code source} (whose {@link ExemplarSource#available()} said yes) for
     * {@code slot}: its labels are asked for only when the slot takes a new exemplar, and dropped when they are
     * not valid exemplar labels.
     */
    void offerFrom(ExemplarSource source, int slot, double value) {
        Exemplar[] s = slots;
        if (s == null) {
            s = allocate();
        }
        long now = sampler.clock.currentTimeMillis();
        if (sampler.replaces((Exemplar) SLOTS.getAcquire(s, slot), now)) {
            Labels labels = source.labels();
            if (Exemplar.fits(labels)) {
                SLOTS.setRelease(s, slot, new Exemplar(value, labels, now));
            }
        }
    }

    /** The metric's exemplar source, or null. */
    ExemplarSource source() {
        return sampler.source;
    }

    /** The latest exemplar of {@code slot}, or null. */
    Exemplar get(int slot) {
        Exemplar[] s = slots;
        return s == null ? null : (Exemplar) SLOTS.getAcquire(s, slot);
    }

    private synchronized Exemplar[] allocate() {
        Exemplar[] s = slots;
        if (s == null) {
            s = new Exemplar[size];
            slots = s;
        }
        return s;
    }
}
