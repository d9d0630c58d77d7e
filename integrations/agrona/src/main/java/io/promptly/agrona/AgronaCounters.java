package io.promptly.agrona;

import io.promptly.core.Registry;
import org.agrona.concurrent.status.CountersReader;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Registers Agrona counters (any {@link CountersReader}: an application's {@code CountersManager}, Aeron's CnC
 * file) as Prometheus families: one {@link CountersCollectable} per {@link CounterFamily}.
 *
 * <pre>{@code
 * AgronaCounters.register(Registry.DEFAULT, countersManager,
 *         CounterFamily.counter("orders_matched", "Orders matched.", new String[] {"venue"},
 *                 (id, type, registrationId, label) -> new String[] {label}, ORDERS_TYPE_ID),
 *         CounterFamily.anyOther("agrona_counter", "Agrona counters not mapped to a family."));
 * }</pre>
 *
 * <p>Static helpers; thread-safe. Registration allocates; scrapes then allocate nothing in steady state (see
 * {@link CountersCollectable}). Agrona 2.x needs {@code --add-exports java.base/jdk.internal.misc=ALL-UNNAMED}.
 */
public final class AgronaCounters {
    private AgronaCounters() {
    }

    /**
     * Registers one collectable per family over {@code reader}; an {@link CounterFamily#anyOther} family takes the
     * counters whose type id no other family of this call names.
     *
     * @return the registered collectables, in the order of {@code families} (unregister them when the reader's
     *         buffers go away)
     * @throws IllegalArgumentException when an argument is null, or a family clashes with a registered one
     */
    public static List<CountersCollectable> register(Registry registry, CountersReader reader,
            CounterFamily... families) {
        if (registry == null || reader == null || families == null) {
            throw new IllegalArgumentException("registry, counters reader and families must not be null");
        }
        List<CountersCollectable> collectables = collectables(reader, families);
        List<CountersCollectable> registered = new ArrayList<>();
        try {
            for (CountersCollectable c : collectables) {
                registry.register(c);
                registered.add(c);
            }
        } catch (RuntimeException e) {
            for (CountersCollectable c : registered) {
                registry.unregister(c);
            }
            throw e;
        }
        return collectables;
    }

    /**
     * The collectables for {@code families} over {@code reader}, not registered anywhere.
     *
     * @throws IllegalArgumentException when an argument or a family is null
     */
    public static List<CountersCollectable> collectables(CountersReader reader, CounterFamily... families) {
        if (reader == null || families == null) {
            throw new IllegalArgumentException("counters reader and families must not be null");
        }
        int claimedCount = 0;
        for (CounterFamily f : families) {
            if (f == null) {
                throw new IllegalArgumentException("family must not be null");
            }
            claimedCount += f.typeIdsShared().length;
        }
        int[] claimed = new int[claimedCount];
        int n = 0;
        for (CounterFamily f : families) {
            // a key-matched family (one system counter) claims its type too: anyOther never repeats a counter
            for (int t : f.typeIdsShared()) {
                claimed[n++] = t;
            }
        }
        int[] excluded = Arrays.copyOf(claimed, n);
        List<CountersCollectable> out = new ArrayList<>(families.length);
        for (CounterFamily f : families) {
            out.add(new CountersCollectable(reader, f, excluded));
        }
        return out;
    }
}
