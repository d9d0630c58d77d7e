package io.promptly.agrona;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.promptly.core.Registry;
import io.promptly.exposition.ExpositionFormat;
import io.promptly.exposition.Sample;
import io.promptly.exposition.ScrapeRenderer;
import io.promptly.exposition.TextFormatParser;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.status.CountersManager;
import org.agrona.concurrent.status.CountersReader;
import org.junit.jupiter.api.Test;

/**
 * Counters allocated, updated, freed and re-allocated (slots re-used at once) by one thread while two threads
 * scrape: no scrape shows a label with another counter's value or type, none shows a series twice, and once
 * the churn stops a scrape equals what {@link CountersReader#forEach} reports.
 */
class CountersChurnTest {
    private static final int EVEN_TYPE = 1;
    private static final int ODD_TYPE = 2;
    private static final int LIVE = 150;

    private static CounterFamily[] families() {
        return new CounterFamily[] {
            CounterFamily.counter("churn_even", "Even counters.", new String[] {"label"},
                    (id, type, registrationId, label) -> new String[] {label}, EVEN_TYPE),
            CounterFamily.gauge("churn_odd", "Odd counters, with a registration id.",
                    new String[] {"label", "registration_id"},
                    (id, type, registrationId, label) -> new String[] {label, Long.toString(registrationId)},
                    ODD_TYPE),
            CounterFamily.anyOther("churn_other", "Anything else.")};
    }

    @Test
    void scrapesDuringChurnNeverShowAStaleLabelOrAnotherCountersValue() throws Exception {
        CountersManager manager = new CountersManager(
                new UnsafeBuffer(ByteBuffer.allocateDirect(256 * CountersReader.METADATA_LENGTH)),
                new UnsafeBuffer(ByteBuffer.allocateDirect(256 * CountersReader.COUNTER_LENGTH)),
                StandardCharsets.US_ASCII, () -> 0L, 0L);
        Registry registry = new Registry();
        AgronaCounters.register(registry, manager, families());
        int[] ids = new int[LIVE];
        long[] numbers = new long[LIVE];
        long next = 1;
        for (int i = 0; i < LIVE; i++) {
            ids[i] = allocate(manager, next);
            numbers[i] = next++;
        }
        AtomicBoolean stop = new AtomicBoolean();
        ConcurrentLinkedQueue<String> problems = new ConcurrentLinkedQueue<>();
        AtomicInteger scrapes = new AtomicInteger();
        List<Thread> scrapers = new ArrayList<>();
        for (int t = 0; t < 2; t++) {
            Thread scraper = new Thread(() -> {
                ScrapeRenderer renderer = new ScrapeRenderer();
                while (!stop.get() && problems.isEmpty()) {
                    String body = new String(renderer.render(registry, ExpositionFormat.TEXT).toByteArray(),
                            StandardCharsets.UTF_8);
                    check(TextFormatParser.parse(body), problems);
                    scrapes.incrementAndGet();
                }
            });
            scraper.start();
            scrapers.add(scraper);
        }
        SplittableRandom random = new SplittableRandom(18);
        long deadline = System.nanoTime() + 1_500_000_000L;
        int churned = 0;
        while (System.nanoTime() < deadline && problems.isEmpty()) {
            int k = random.nextInt(LIVE);
            manager.free(ids[k]);
            ids[k] = allocate(manager, next);
            numbers[k] = next++;
            churned++;
        }
        stop.set(true);
        for (Thread s : scrapers) {
            s.join();
        }
        assertTrue(problems.isEmpty(), String.join("\n", problems));
        assertTrue(scrapes.get() > 10 && churned > 1000, scrapes + " scrapes, " + churned + " re-allocations");

        // quiet now: the scrape equals the reader, counter for counter
        List<Sample> samples = TextFormatParser.parse(new String(
                new ScrapeRenderer().render(registry, ExpositionFormat.TEXT).toByteArray(), StandardCharsets.UTF_8));
        Map<String, Double> scraped = new HashMap<>();
        for (Sample s : samples) {
            scraped.put(s.labels().get("label"), s.value());
        }
        Map<String, Double> expected = new HashMap<>();
        manager.forEach((value, id, label) -> expected.put(label, (double) value));
        assertEquals(expected, scraped);
        assertEquals(LIVE, scraped.size());
    }

    /** Even numbers get the even type, odd ones the odd type and their number as registration id. */
    private static int allocate(CountersManager manager, long n) {
        boolean even = n % 2 == 0;
        int id = manager.allocate("c-" + n, even ? EVEN_TYPE : ODD_TYPE);
        if (!even) {
            manager.setCounterRegistrationId(id, n);
        }
        manager.setCounterValue(id, n);
        return id;
    }

    private static void check(List<Sample> samples, ConcurrentLinkedQueue<String> problems) {
        Set<String> seen = new HashSet<>();
        for (Sample s : samples) {
            String label = s.labels().get("label");
            if (!seen.add(s.name() + label)) {
                problems.add("series twice: " + s);
            }
            if (s.name().equals("churn_other")) {
                problems.add("unmapped type: " + s);
                continue;
            }
            long n = Long.parseLong(label.substring(2));
            if (s.value() != 0 && s.value() != n) {
                problems.add("label " + label + " with value " + s.value());
            }
            boolean even = s.name().equals("churn_even_total");
            if (even != (n % 2 == 0)) {
                problems.add("label " + label + " in family " + s.name());
            }
            String registrationId = s.labels().get("registration_id");
            if (!even && !registrationId.equals("0") && !registrationId.equals(Long.toString(n))) {
                problems.add("label " + label + " with registration id " + registrationId);
            }
        }
    }

    @Test
    void aFamilyWithoutTypeIdsIsRejectedByName() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> CounterFamily.gauge(
                "no_types", "None.", new String[0], (id, type, registrationId, label) -> new String[0]));
        assertTrue(e.getMessage().contains("no_types"), e.getMessage());
    }

    @Test
    void anExtractorThatThrowsDropsItsCounterAndTheScrapeGoesOn() {
        CountersManager manager = new CountersManager(
                new UnsafeBuffer(ByteBuffer.allocateDirect(8 * CountersReader.METADATA_LENGTH)),
                new UnsafeBuffer(ByteBuffer.allocateDirect(8 * CountersReader.COUNTER_LENGTH)));
        manager.setCounterValue(manager.allocate("bad", 7), 1);
        manager.setCounterValue(manager.allocate("good", 7), 2);
        Registry registry = new Registry();
        AgronaCounters.register(registry, manager, CounterFamily.gauge("picky", "Throws on bad.",
                new String[] {"label"}, (id, type, registrationId, label) -> {
                    if (label.equals("bad")) {
                        throw new IllegalStateException("bad label");
                    }
                    return new String[] {label};
                }, 7));
        ScrapeRenderer renderer = new ScrapeRenderer();
        List<Sample> samples = TextFormatParser.parse(new String(renderer.render(registry, ExpositionFormat.TEXT)
                .toByteArray(), StandardCharsets.UTF_8));
        assertEquals(1, samples.size());
        assertEquals("good", samples.get(0).labels().get("label"));
        assertFalse(renderer.droppedSamples() == 0, "the dropped sample is counted");
    }

    @Test
    void aerionStreamLabelsParseIntoTheirFields() {
        assertEquals(List.of("3", "-1234", "10", "aeron:udp?endpoint=localhost:20121"),
                List.of(AeronLabels.stream("sub-pos: 3 -1234 10 aeron:udp?endpoint=localhost:20121 @0")));
        assertEquals(List.of("5", "7", "1001", "aeron:ipc"),
                List.of(AeronLabels.stream("pub-pos (sampled): 5 7 1001 aeron:ipc")));
        assertEquals(null, AeronLabels.stream("client-heartbeat: 1"));
    }
}
