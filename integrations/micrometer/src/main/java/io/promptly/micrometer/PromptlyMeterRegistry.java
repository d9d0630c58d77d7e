package io.promptly.micrometer;

import io.micrometer.core.instrument.Clock;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.LongTaskTimer;
import io.micrometer.core.instrument.Measurement;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Statistic;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.cumulative.CumulativeFunctionCounter;
import io.micrometer.core.instrument.cumulative.CumulativeFunctionTimer;
import io.micrometer.core.instrument.distribution.CountAtBucket;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import io.micrometer.core.instrument.distribution.HistogramSnapshot;
import io.micrometer.core.instrument.distribution.pause.PauseDetector;
import io.micrometer.core.instrument.internal.DefaultGauge;
import io.micrometer.core.instrument.internal.DefaultLongTaskTimer;
import io.micrometer.core.instrument.internal.DefaultMeter;
import io.micrometer.core.instrument.util.TimeUtils;
import io.promptly.core.CallbackMetric;
import io.promptly.core.Collectable;
import io.promptly.core.Counter;
import io.promptly.core.EncodedLabel;
import io.promptly.core.Histogram;
import io.promptly.core.HistogramHandle;
import io.promptly.core.MetricMetadata;
import io.promptly.core.MetricType;
import io.promptly.core.Registry;
import io.promptly.core.SeriesLabels;
import io.promptly.core.Summary;
import io.promptly.core.SummaryHandle;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.DoubleSupplier;
import java.util.function.ToDoubleFunction;
import java.util.function.ToLongFunction;

/**
 * A Micrometer {@link MeterRegistry} whose meters are Promptly metrics in a Promptly {@link Registry}, so that
 * code instrumented with Micrometer (Spring Boot, HikariCP, Tomcat, JVM binders...) is scraped by Promptly's
 * writers. Names, labels and families follow {@code micrometer-registry-prometheus}: base units, {@code _total}
 * on counters, {@code _seconds} on timers, a {@code _max} gauge beside every timer and distribution summary,
 * percentiles as summary quantiles (Promptly's sketch over the meter's expiry window), SLO boundaries and
 * percentile histograms as classic histogram buckets.
 *
 * <pre>{@code
 * Registry registry = new Registry();
 * MeterRegistry micrometer = new PromptlyMeterRegistry(registry);
 * Metrics.addRegistry(micrometer);   // or hand it to Spring Boot / your binders
 * }</pre>
 *
 * <p>Meters of one name share one Promptly family, so they must have the same Micrometer name, type and tag keys
 * (Prometheus requires one label set per family; Micrometer does not). A meter that breaks this, or whose name
 * clashes with a family already in the Promptly registry, works but is not exported: registration failure
 * listeners ({@code config().onMeterRegistrationFailed}) are told why, as {@code micrometer-registry-prometheus}
 * does. The first meter of a family fixes its bucket bounds, quantiles and window.
 *
 * <p>Thread-safe. Creating or removing a meter takes a lock (rare); recording into a counter, timer or
 * distribution summary goes to a Promptly handle bound when the meter was created: no lookup, no lock, no
 * allocation. Gauges, function counters, function timers and long task timers are read when scraped.
 */
public final class PromptlyMeterRegistry extends MeterRegistry {
    /** Default step: the window of a timer's max and (unless configured) of its percentiles, one minute. */
    public static final Duration DEFAULT_STEP = Duration.ofMinutes(1);

    private final Registry registry;
    private final Duration step;
    private final Object lock = new Object();
    /** Families by Prometheus name; guarded by {@link #lock}. */
    private final Map<String, Family> families = new HashMap<>();
    /** What removing each exported meter undoes. */
    private final Map<Meter.Id, Binding> bindings = new ConcurrentHashMap<>();

    /** A registry exporting into {@code registry}, on the system clock, with a one-minute step. */
    public PromptlyMeterRegistry(Registry registry) {
        this(registry, Clock.SYSTEM, DEFAULT_STEP);
    }

    /**
     * A registry exporting into {@code registry}.
     *
     * @param registry the Promptly registry the meters' families are registered in
     * @param clock    Micrometer's clock (windows of maxima, percentiles and long task timers)
     * @param step     the default window of maxima and percentiles (Micrometer's distribution expiry)
     * @throws IllegalArgumentException when an argument is null or the step is not positive
     */
    public PromptlyMeterRegistry(Registry registry, Clock clock, Duration step) {
        super(requireNonNull(clock, "clock"));
        this.registry = requireNonNull(registry, "registry");
        this.step = requireNonNull(step, "step");
        if (step.isNegative() || step.isZero()) {
            throw new IllegalArgumentException("step " + step + " must be positive");
        }
        config().namingConvention(PrometheusNames.INSTANCE);
        config().onMeterRemoved(this::onMeterRemoved);
    }

    /** The Promptly registry the meters are exported into. */
    public Registry promptlyRegistry() {
        return registry;
    }

    @Override
    protected io.micrometer.core.instrument.Counter newCounter(Meter.Id id) {
        String name = getConventionName(id);
        Family f = family(id, name, () -> new Family(name, id, keys(id), Counter.builder(name).help(help(id))
                .labelNames(keys(id)).build(), null, registry));
        String[] values = values(id);
        if (f == null) {
            return new PromptlyCounter(id, Counter.builder(name).build().labels());
        }
        Counter counter = (Counter) f.primary;
        PromptlyCounter meter = new PromptlyCounter(id, counter.labels(values));
        bind(id, f, () -> counter.remove(values));
        return meter;
    }

    @Override
    protected <T> io.micrometer.core.instrument.Gauge newGauge(Meter.Id id, T obj, ToDoubleFunction<T> valueFunction) {
        DefaultGauge<T> gauge = new DefaultGauge<>(id, obj, valueFunction);
        callbackSeries(id, getConventionName(id), false, gauge::value);
        return gauge;
    }

    @Override
    protected <T> FunctionCounter newFunctionCounter(Meter.Id id, T obj, ToDoubleFunction<T> countFunction) {
        CumulativeFunctionCounter<T> counter = new CumulativeFunctionCounter<>(id, obj, countFunction);
        callbackSeries(id, getConventionName(id), true, counter::count);
        return counter;
    }

    @Override
    protected io.micrometer.core.instrument.Timer newTimer(Meter.Id id, DistributionStatisticConfig config,
                                                         PauseDetector pauseDetector) {
        Recorder[] recorder = new Recorder[1];
        PromptlyTimer[] timer = new PromptlyTimer[1];
        distribution(id, config, true, recorder, () -> timer[0].max(TimeUnit.SECONDS));
        timer[0] = new PromptlyTimer(id, clock, config, pauseDetector, recorder[0]);
        return timer[0];
    }

    @Override
    protected io.micrometer.core.instrument.DistributionSummary newDistributionSummary(
            Meter.Id id, DistributionStatisticConfig config, double scale) {
        Recorder[] recorder = new Recorder[1];
        PromptlyDistributionSummary[] summary = new PromptlyDistributionSummary[1];
        distribution(id, config, false, recorder, () -> summary[0].max());
        summary[0] = new PromptlyDistributionSummary(id, clock, config, scale, recorder[0]);
        return summary[0];
    }

    @Override
    protected LongTaskTimer newLongTaskTimer(Meter.Id id, DistributionStatisticConfig config) {
        DefaultLongTaskTimer ltt = new DefaultLongTaskTimer(id, clock, TimeUnit.SECONDS, config, true);
        String name = getConventionName(id);
        boolean histogram = config.isPublishingHistogram();
        Family f = family(id, name, () -> {
            SnapshotFamily primary = new SnapshotFamily(new MetricMetadata(name,
                    histogram ? MetricType.GAUGE_HISTOGRAM : MetricType.SUMMARY, help(id), ""));
            CallbackMetric max = CallbackMetric.gauge(name + "_max").help(help(id)).labelNames(keys(id)).build();
            return new Family(name, id, keys(id), primary, max, registry);
        });
        if (f != null) {
            SnapshotFamily primary = (SnapshotFamily) f.primary;
            SeriesLabels labels = SeriesLabels.of(keys(id), values(id));
            boolean asHistogram = primary.metadata().type() == MetricType.GAUGE_HISTOGRAM;
            Object series = primary.add(labels, (l, sink) -> writeLongTaskTimer(ltt, asHistogram, l, sink));
            String[] values = values(id);
            f.max.addSeries(() -> ltt.max(TimeUnit.SECONDS), values);
            bind(id, f, () -> {
                primary.remove(series);
                f.max.remove(values);
            });
        }
        return ltt;
    }

    @Override
    protected <T> FunctionTimer newFunctionTimer(Meter.Id id, T obj, ToLongFunction<T> countFunction,
                                                 ToDoubleFunction<T> totalTimeFunction, TimeUnit totalTimeFunctionUnit) {
        CumulativeFunctionTimer<T> ft = new CumulativeFunctionTimer<>(id, obj, countFunction, totalTimeFunction,
                totalTimeFunctionUnit, TimeUnit.SECONDS);
        String name = getConventionName(id);
        Family f = family(id, name, () -> new Family(name, id, keys(id),
                new SnapshotFamily(new MetricMetadata(name, MetricType.SUMMARY, help(id), "")), null, registry));
        if (f != null) {
            SnapshotFamily primary = (SnapshotFamily) f.primary;
            Object series = primary.add(SeriesLabels.of(keys(id), values(id)), (l, sink) -> {
                long count = (long) ft.count();
                double sum = ft.totalTime(TimeUnit.SECONDS);
                sink.summaryStart(l);
                sink.summaryEnd(l, count, sum);
            });
            bind(id, f, () -> primary.remove(series));
        }
        return ft;
    }

    @Override
    protected Meter newMeter(Meter.Id id, Meter.Type type, Iterable<Measurement> measurements) {
        String name = getConventionName(id);
        String[] keys = keys(id);
        String[] statKeys = java.util.Arrays.copyOf(keys, keys.length + 1);
        statKeys[keys.length] = "statistic";
        Family f = family(id, name, () -> new Family(name, id, keys, new HashMap<String, CallbackMetric>(), null, null));
        if (f == null) {
            return new DefaultMeter(id, type, measurements);
        }
        List<Runnable> undo = new ArrayList<>();
        synchronized (lock) {
            @SuppressWarnings("unchecked")
            Map<String, CallbackMetric> byName = (Map<String, CallbackMetric>) f.primary;
            for (Measurement m : measurements) {
                Statistic statistic = m.getStatistic();
                String family = name + customSuffix(statistic);
                boolean counter = statistic == Statistic.TOTAL || statistic == Statistic.TOTAL_TIME
                        || statistic == Statistic.COUNT;
                CallbackMetric metric = byName.get(family);
                try {
                    if (metric == null) {
                        metric = (counter ? CallbackMetric.counter(family) : CallbackMetric.gauge(family))
                                .help(help(id)).labelNames(statKeys).register(registry);
                        byName.put(family, metric);
                        f.registered.add(metric);
                    }
                    String[] values = java.util.Arrays.copyOf(values(id), statKeys.length);
                    values[keys.length] = statistic.toString();
                    metric.addSeries(m::getValue, values);
                    CallbackMetric added = metric;
                    undo.add(() -> added.remove(values));
                } catch (IllegalArgumentException e) {
                    meterRegistrationFailed(id, e.getMessage());
                }
            }
        }
        bind(id, f, () -> undo.forEach(Runnable::run));
        return new DefaultMeter(id, type, measurements);
    }

    @Override
    protected TimeUnit getBaseTimeUnit() {
        return TimeUnit.SECONDS;
    }

    @Override
    protected DistributionStatisticConfig defaultHistogramConfig() {
        return DistributionStatisticConfig.builder().expiry(step).build().merge(DistributionStatisticConfig.DEFAULT);
    }

    // ---- internals -------------------------------------------------------------------------------------------

    /** Binds a timer's or distribution summary's recorder and max series; the family when exported, else null. */
    private Family distribution(Meter.Id id, DistributionStatisticConfig config, boolean seconds,
                                Recorder[] recorder, DoubleSupplier max) {
        String name = getConventionName(id);
        Family f = family(id, name, () -> {
            Collectable primary;
            if (config.isPublishingHistogram()) {
                primary = Histogram.builder(name).help(help(id)).labelNames(keys(id))
                        .buckets(bounds(config, seconds)).build();
            } else {
                primary = summary(name, id, config).help(help(id)).labelNames(keys(id)).build();
            }
            CallbackMetric maxMetric = CallbackMetric.gauge(name + "_max").help(help(id)).labelNames(keys(id)).build();
            return new Family(name, id, keys(id), primary, maxMetric, registry);
        });
        if (f == null) {
            recorder[0] = new Recorder(null, summary(name, id, config).quantiles().build().labels());
            return null;
        }
        String[] values = values(id);
        if (f.primary instanceof Histogram) {
            Histogram h = (Histogram) f.primary;
            HistogramHandle handle = h.labels(values);
            recorder[0] = new Recorder(handle, null);
            bind(id, f, () -> {
                h.remove(values);
                f.max.remove(values);
            });
        } else {
            Summary s = (Summary) f.primary;
            SummaryHandle handle = s.labels(values);
            recorder[0] = new Recorder(null, handle);
            bind(id, f, () -> {
                s.remove(values);
                f.max.remove(values);
            });
        }
        f.max.addSeries(max, values);
        return f;
    }

    private Summary.Builder summary(String name, Meter.Id id, DistributionStatisticConfig config) {
        double[] percentiles = config.getPercentiles();
        Duration expiry = config.getExpiry() != null ? config.getExpiry() : step;
        int buffers = config.getBufferLength() != null ? Math.max(1, Math.min(64, config.getBufferLength())) : 3;
        return Summary.builder(name).quantiles(percentiles == null ? new double[0] : percentiles)
                .maxAge(expiry).ageBuckets(buffers).clock(clock::monotonicTime);
    }

    /** The meter's bucket bounds, in seconds for a timer (as {@code micrometer-registry-prometheus}). */
    private static double[] bounds(DistributionStatisticConfig config, boolean seconds) {
        NavigableSet<Double> set = config.getHistogramBuckets(true);
        double[] b = new double[set.size()];
        int i = 0;
        for (double v : set) {
            b[i++] = seconds ? TimeUtils.nanosToUnit(v, TimeUnit.SECONDS) : v;
        }
        return b;
    }

    private void callbackSeries(Meter.Id id, String name, boolean counter, DoubleSupplier value) {
        Family f = family(id, name, () -> new Family(name, id, keys(id), (counter ? CallbackMetric.counter(name)
                : CallbackMetric.gauge(name)).help(help(id)).labelNames(keys(id)).build(), null, registry));
        if (f != null) {
            CallbackMetric metric = (CallbackMetric) f.primary;
            String[] values = values(id);
            metric.addSeries(value, values);
            bind(id, f, () -> metric.remove(values));
        }
    }

    /**
     * A long task timer's series: {@code _count} active tasks, {@code _sum} their total duration. Both fall when a
     * task ends, yet they are written in OpenMetrics too (as {@code micrometer-registry-prometheus} does), because
     * they are the timer's whole point and Prometheus prefers OpenMetrics when it scrapes.
     */
    private static void writeLongTaskTimer(DefaultLongTaskTimer ltt, boolean histogram, SeriesLabels labels,
                                           io.promptly.core.MetricSink sink) {
        HistogramSnapshot snapshot = ltt.takeSnapshot();
        long active = snapshot.count();
        double duration = snapshot.total(TimeUnit.SECONDS);
        if (!histogram) {
            sink.summaryStart(labels);
            sink.summaryEnd(labels, active, duration, true);
            return;
        }
        CountAtBucket[] counts = snapshot.histogramCounts();
        EncodedLabel[] les = new EncodedLabel[counts.length];
        for (int i = 0; i < counts.length; i++) {
            les[i] = EncodedLabel.le(counts[i].bucket(TimeUnit.SECONDS));
        }
        sink.histogramStart(labels);
        for (int i = 0; i < counts.length; i++) {
            if (Double.isFinite(counts[i].bucket())) {
                sink.histogramBucket(labels, les[i], Math.min(active, (long) counts[i].count()));
            }
        }
        sink.histogramBucket(labels, EncodedLabel.le(Double.POSITIVE_INFINITY), active);
        sink.histogramEnd(labels, active, duration, true);
    }

    private static String customSuffix(Statistic statistic) {
        switch (statistic) {
            case TOTAL:
            case TOTAL_TIME:
                return "_sum";
            case COUNT:
                return "";
            case MAX:
                return "_max";
            case ACTIVE_TASKS:
                return "_active_count";
            case DURATION:
                return "_duration_sum";
            default:
                return "_value";
        }
    }

    /**
     * The family {@code id} joins, created (by {@code create}, which registers its collectables) when it is the
     * first of its name; null — after telling the registration failure listeners — when the meter cannot join it.
     */
    private Family family(Meter.Id id, String name, FamilyFactory create) {
        String reason;
        synchronized (lock) {
            Family f = families.get(name);
            if (f == null) {
                try {
                    f = create.create();
                    families.put(name, f);
                    return f;
                } catch (IllegalArgumentException e) {
                    reason = e.getMessage();
                }
            } else if (!f.micrometerName.equals(id.getName())) {
                reason = "A meter with the same Prometheus name (" + name + ") is already registered with the "
                        + "Micrometer name '" + f.micrometerName + "': meters named '" + id.getName()
                        + "' are not exported";
            } else if (f.type != id.getType()) {
                reason = "Prometheus requires that all meters with the same name have the same type. There is "
                        + "already an existing meter named '" + name + "' that is a " + f.type
                        + ". The meter you are attempting to register is a " + id.getType() + ".";
            } else if (!f.tagKeys.equals(java.util.Arrays.asList(keys(id)))) {
                reason = "Prometheus requires that all meters with the same name have the same set of tag keys. "
                        + "There is already an existing meter named '" + name + "' containing tag keys "
                        + f.tagKeys + ". The meter you are attempting to register has keys "
                        + java.util.Arrays.asList(keys(id)) + ".";
            } else {
                return f;
            }
        }
        meterRegistrationFailed(id, reason);
        return null;
    }

    private void bind(Meter.Id id, Family f, Runnable remove) {
        synchronized (lock) {
            f.meters++;
        }
        bindings.put(id, new Binding(f, remove));
    }

    private void onMeterRemoved(Meter meter) {
        Binding b = bindings.remove(meter.getId());
        if (b == null) {
            return;
        }
        b.remove.run();
        synchronized (lock) {
            Family f = b.family;
            if (--f.meters == 0 && families.get(f.name) == f) {
                families.remove(f.name);
                for (Collectable c : f.registered) {
                    registry.unregister(c);
                }
            }
        }
    }

    private String[] keys(Meter.Id id) {
        List<Tag> tags = getConventionTags(id);
        String[] k = new String[tags.size()];
        for (int i = 0; i < k.length; i++) {
            k[i] = tags.get(i).getKey();
        }
        return k;
    }

    private String[] values(Meter.Id id) {
        List<Tag> tags = getConventionTags(id);
        String[] v = new String[tags.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = tags.get(i).getValue();
        }
        return v;
    }

    private static String help(Meter.Id id) {
        return id.getDescription() == null ? "" : id.getDescription();
    }

    private static <T> T requireNonNull(T value, String what) {
        if (value == null) {
            throw new IllegalArgumentException(what + " must not be null");
        }
        return value;
    }

    /** Creates a family and registers its collectables. */
    @FunctionalInterface
    private interface FamilyFactory {
        Family create();
    }

    /** One Prometheus family: what its meters share. Mutable fields guarded by the registry's lock. */
    private static final class Family {
        final String name;
        final String micrometerName;
        final Meter.Type type;
        final List<String> tagKeys;
        /** Counter, Summary, Histogram, CallbackMetric, SnapshotFamily, or a custom meter's metrics by name. */
        final Object primary;
        /** The {@code _max} gauge of a timer, distribution summary or long task timer, else null. */
        final CallbackMetric max;
        final List<Collectable> registered = new ArrayList<>();
        int meters;

        /**
         * A family: registers {@code primary} when it is a collectable and {@code register} is set, then
         * {@code max} when there is one — both or neither.
         */
        Family(String name, Meter.Id id, String[] keys, Object primary, CallbackMetric max, Registry register) {
            this.name = name;
            this.micrometerName = id.getName();
            this.type = id.getType();
            this.tagKeys = java.util.Arrays.asList(keys);
            this.primary = primary;
            this.max = max;
            if (primary instanceof Collectable) {
                if (register != null) {
                    register.register((Collectable) primary);
                }
                registered.add((Collectable) primary);
            }
            if (max != null) {
                try {
                    register.register(max);
                } catch (IllegalArgumentException e) {
                    register.unregister((Collectable) primary);
                    throw e;
                }
                registered.add(max);
            }
        }
    }

    /** What removing one meter undoes. Immutable. */
    private static final class Binding {
        final Family family;
        final Runnable remove;

        Binding(Family family, Runnable remove) {
            this.family = family;
            this.remove = remove;
        }
    }
}
