package io.promptly.core;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Predicate;

/**
 * A set of metric families, each registered once under a unique name, and the collection of all of them.
 * {@link #DEFAULT} is the process-wide registry (aioprometheus's {@code REGISTRY}); create others freely.
 *
 * <p>Thread-safe. Registration and removal take a lock and copy an array (they are rare); {@link #collect} takes
 * no lock and allocates nothing: it walks the array published by the last change, so a scrape concurrent with a
 * registration sees the registry either before or after it.
 */
public final class Registry {
    /** Declared before {@link #DEFAULT}: static fields initialise in order, and the constructor reads it. */
    private static final Collectable[] NONE = new Collectable[0];

    /** The process-wide default registry. */
    public static final Registry DEFAULT = new Registry();

    private final Object lock = new Object();
    private volatile Collectable[] collectables = NONE;
    /** The rule names are checked by, or null to follow {@link NameValidation#defaultValidation()}. */
    private final NameValidation validation;

    /** Creates an empty registry that checks names by the process default ({@link NameValidation}). */
    public Registry() {
        this.validation = null;
    }

    /**
     * Creates an empty registry that checks names by {@code validation}: {@link NameValidation#UTF_8} lets its
     * metrics have UTF-8 names (escaped for scrapers that do not ask for them), whatever the process default.
     *
     * @throws IllegalArgumentException when {@code validation} is null
     */
    public Registry(NameValidation validation) {
        Names.requireNonNull(validation, "name validation");
        this.validation = validation;
    }

    /** The rule this registry checks names by. */
    public NameValidation nameValidation() {
        return validation != null ? validation : NameValidation.defaultValidation();
    }

    /**
     * Registers a collectable.
     *
     * @return {@code collectable}, for chaining
     * @throws IllegalArgumentException when a family of the same name (or one whose samples would collide with
     *                                  it, such as {@code x} as a counter and {@code x_total}) is registered
     */
    public <C extends Collectable> C register(C collectable) {
        Names.requireNonNull(collectable, "collectable");
        MetricMetadata added = collectable.metadata();
        if (nameValidation() == NameValidation.LEGACY && (!added.legacyName()
                || collectable instanceof Metric && !((Metric<?>) collectable).legacyNames())) {
            throw new IllegalArgumentException("metric \"" + added.name() + "\" has a UTF-8 metric or label name,"
                    + " but this registry accepts legacy names only ([a-zA-Z_:][a-zA-Z0-9_:]*): create it with"
                    + " new Registry(NameValidation.UTF_8) or set -D" + NameValidation.PROPERTY + "=utf-8");
        }
        synchronized (lock) {
            Collectable[] current = collectables;
            for (Collectable c : current) {
                if (c == collectable) {
                    throw new IllegalArgumentException("metric \"" + added.name() + "\" is already registered");
                }
                String clash = clash(c.metadata(), added);
                if (clash != null) {
                    throw new IllegalArgumentException("metric \"" + added.name() + "\" (" + added.type()
                            + ") clashes with registered metric \"" + c.metadata().name() + "\" ("
                            + c.metadata().type() + "): both would write " + clash);
                }
            }
            Collectable[] next = Arrays.copyOf(current, current.length + 1);
            next[current.length] = collectable;
            collectables = next;
        }
        return collectable;
    }

    /**
     * Removes a collectable.
     *
     * @return true when it was registered here
     */
    public boolean unregister(Collectable collectable) {
        synchronized (lock) {
            Collectable[] current = collectables;
            for (int i = 0; i < current.length; i++) {
                if (current[i] == collectable) {
                    Collectable[] next = new Collectable[current.length - 1];
                    System.arraycopy(current, 0, next, 0, i);
                    System.arraycopy(current, i + 1, next, i, current.length - i - 1);
                    collectables = next;
                    return true;
                }
            }
            return false;
        }
    }

    /** Removes every collectable. */
    public void clear() {
        synchronized (lock) {
            collectables = NONE;
        }
    }

    /**
     * The collectable registered under {@code name}, or null. {@code name} is the family name or, for a counter,
     * its sample name {@code <name>_total} (so a counter registered as {@code logged_users} or
     * {@code logged_users_total} is found by either), and for an info its {@code <name>_info}.
     */
    public Collectable get(String name) {
        if (name == null) {
            return null;
        }
        Collectable[] current = collectables;
        for (Collectable c : current) {
            if (c.metadata().name().equals(name)) {
                return c;
            }
        }
        for (Collectable c : current) {
            MetricMetadata m = c.metadata();
            if (m.type() == MetricType.COUNTER && name.equals(m.name() + "_total")
                    || m.type() == MetricType.INFO && name.equals(m.name() + "_info")) {
                return c;
            }
        }
        return null;
    }

    /** A snapshot of what is registered, in registration order. */
    public List<Collectable> collectables() {
        return new ArrayList<>(Arrays.asList(collectables));
    }

    /**
     * Collects every family, in registration order, into {@code sink}. Allocates nothing.
     *
     * @throws IllegalArgumentException when {@code sink} is null
     */
    public void collect(MetricSink sink) {
        Names.requireNonNull(sink, "sink");
        Collectable[] current = collectables;
        for (int i = 0; i < current.length; i++) {
            current[i].collect(sink);
        }
    }

    /**
     * Collects the families {@code filter} accepts, in registration order, into {@code sink}.
     *
     * @throws IllegalArgumentException when {@code sink} or {@code filter} is null
     */
    public void collect(MetricSink sink, Predicate<MetricMetadata> filter) {
        Names.requireNonNull(sink, "sink");
        Names.requireNonNull(filter, "filter");
        Collectable[] current = collectables;
        for (int i = 0; i < current.length; i++) {
            if (filter.test(current[i].metadata())) {
                current[i].collect(sink);
            }
        }
    }

    /**
     * The sample name two families would both write (as they are, or once a scraper's escaping has rewritten
     * them), or null when they can live together.
     */
    private static String clash(MetricMetadata a, MetricMetadata b) {
        for (NameEscaping e : NameEscaping.values()) {
            if (e != NameEscaping.ALLOW_UTF8 && a.legacyName() && b.legacyName()) {
                continue; // legacy names: what they write as they are decides (dots only doubles underscores)
            }
            for (String x : sampleNames(a, e)) {
                for (String y : sampleNames(b, e)) {
                    if (x.equals(y)) {
                        return "\"" + x + "\"" + (e == NameEscaping.ALLOW_UTF8 ? ""
                                : " under escaping=" + e.headerValue());
                    }
                }
            }
        }
        return null;
    }

    private static String[] sampleNames(MetricMetadata m, NameEscaping escaping) {
        String n = escaping.escapeMetricName(m.name());
        switch (m.type()) {
            case COUNTER:
                return new String[] {n, n + "_total", n + "_created"};
            case HISTOGRAM:
                return new String[] {n, n + "_bucket", n + "_sum", n + "_count", n + "_created"};
            case SUMMARY:
                return new String[] {n, n + "_sum", n + "_count", n + "_created"};
            case GAUGE_HISTOGRAM: // OpenMetrics writes _gcount/_gsum, text 0.0.4 (as a histogram) _count/_sum
                return new String[] {n, n + "_bucket", n + "_gcount", n + "_gsum", n + "_count", n + "_sum"};
            case INFO:
                return new String[] {n, n + "_info"};
            default:
                return new String[] {n};
        }
    }
}
