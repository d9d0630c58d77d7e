package io.promptly.core;

/**
 * Anything a {@link Registry} can collect: one metric family, described by its {@link MetricMetadata}, whose
 * samples are pushed into a {@link MetricSink}. Every Promptly metric is one; users may write their own.
 *
 * <p>Implementations must allow {@link #collect} from any thread, concurrently with updates, and should not
 * allocate while collecting.
 */
public interface Collectable {
    /** The family this collectable exposes. */
    MetricMetadata metadata();

    /**
     * Writes the family: {@link MetricSink#family}, the samples, {@link MetricSink#endFamily}.
     *
     * @param sink where the samples go; driven by the calling thread only
     */
    void collect(MetricSink sink);
}
