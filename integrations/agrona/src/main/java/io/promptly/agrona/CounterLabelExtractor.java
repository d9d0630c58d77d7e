package io.promptly.agrona;

/**
 * Turns one Agrona counter's identity (type id, registration id, label) into the label values of its series, in
 * the order of its {@link CounterFamily#labelNames()}.
 *
 * <p>Called once per counter allocation (the result is encoded and cached per counter id until the slot is freed
 * or re-used), from a scrape thread; may allocate. Must be thread-safe (two scrapes may call it at once).
 * Returning null leaves the counter out of the family.
 */
@FunctionalInterface
public interface CounterLabelExtractor {
    /**
     * The label values of the counter, one per label name of its family, or null to leave it out.
     *
     * @param counterId      the counter's id (its slot in the counters buffer)
     * @param typeId         the counter's type id
     * @param registrationId the counter's registration id ({@code 0} when it was allocated without one)
     * @param label          the counter's label as Agrona stores it
     */
    String[] labelValues(int counterId, int typeId, long registrationId, String label);
}
