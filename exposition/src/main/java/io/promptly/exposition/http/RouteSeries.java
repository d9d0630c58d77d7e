package io.promptly.exposition.http;

import io.promptly.core.Counter;
import io.promptly.core.CounterHandle;
import io.promptly.core.GaugeHandle;
import io.promptly.core.HistogramHandle;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The bound series of one (method, route) pair of {@link HttpRequestMetrics}: its in-flight gauge and duration
 * handles, and the request counter's handles of the statuses seen so far, so that a request costs no label lookup
 * (no hashing of label values, no varargs array). Statuses live in a small open-addressed table of
 * {@value #STATUS_SLOTS} slots; a status that finds it full is counted through the per-call lookup instead.
 *
 * <p>Thread-safe: slots are filled with a CAS; a handle is the same object whichever thread created it first.
 * Cost: one acquire read per probe, usually one probe; about 200 B per pair.
 */
final class RouteSeries {
    private static final int STATUS_SLOTS = 16;

    final GaugeHandle inFlight;
    final HistogramHandle duration;
    private final Counter requests;
    private final String method;
    private final String route;
    private final AtomicReferenceArray<StatusSeries> statuses = new AtomicReferenceArray<>(STATUS_SLOTS);

    RouteSeries(GaugeHandle inFlight, HistogramHandle duration, Counter requests, String method, String route) {
        this.inFlight = inFlight;
        this.duration = duration;
        this.requests = requests;
        this.method = method;
        this.route = route;
    }

    /** The counter handle of {@code status} (already reduced to a label value {@code statusText}). */
    CounterHandle requests(int status, String statusText) {
        int start = status & (STATUS_SLOTS - 1);
        for (int probe = 0; probe < STATUS_SLOTS; probe++) {
            int slot = (start + probe) & (STATUS_SLOTS - 1);
            StatusSeries s = statuses.get(slot);
            if (s == null) {
                StatusSeries created = new StatusSeries(status, requests.labels(method, route, statusText));
                s = statuses.compareAndExchange(slot, null, created);
                if (s == null) {
                    return created.handle;
                }
            }
            if (s.status == status) {
                return s.handle;
            }
        }
        return requests.labels(method, route, statusText);
    }

    /** One status and its counter handle. Immutable. */
    private static final class StatusSeries {
        final int status;
        final CounterHandle handle;

        StatusSeries(int status, CounterHandle handle) {
            this.status = status;
            this.handle = handle;
        }
    }
}
