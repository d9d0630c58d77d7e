package io.promptly.exposition;

import io.promptly.core.MetricSink;
import io.promptly.core.NameEscaping;

/**
 * A {@link MetricSink} that writes one exposition format into an {@link ExpositionBuffer}, plus what a whole
 * scrape needs around the families: {@link #start()} before the first and {@link #finish()} after the last.
 *
 * <p>Implementations are reused scrape after scrape by one thread at a time and allocate nothing.
 */
interface FormatWriter extends MetricSink {
    /** The format written. */
    ExpositionFormat format();

    /**
     * Begins a scrape whose metric and label names are written by {@code escaping}: forgets any state left by a
     * scrape that failed half-way.
     */
    void start(NameEscaping escaping);

    /** Ends a scrape (OpenMetrics writes {@code # EOF}). */
    void finish();

    /**
     * Samples left out of the scrape since {@link #start()}: those a collectable reported dropped
     * ({@link io.promptly.core.MetricSink#sampleDropped}), and those this format cannot carry (an OpenMetrics
     * negative quantile, a protobuf metric that outgrew its replayed family's announced length).
     */
    long droppedSamples();
}
