package io.promptly.agrona;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.aeron.driver.status.SystemCounterDescriptor;
import io.promptly.agrona.example.AeronCountersExample;
import io.promptly.core.Registry;
import io.promptly.exposition.ExpositionFormat;
import io.promptly.exposition.Sample;
import io.promptly.exposition.ScrapeRenderer;
import io.promptly.exposition.TextFormatParser;
import io.prometheus.client.Metrics;
import java.io.ByteArrayInputStream;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.agrona.ExpandableDirectByteBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.status.CountersReader;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Against an embedded media driver (one for the class, in a temp dir deleted on close): Aeron's counters as
 * {@link AeronMetrics} exposes them equal what {@link CountersReader} reports, and promtool and protobuf-java
 * accept the output.
 */
class AeronDriverCountersTest {
    private static Path dir;
    private static AeronCountersExample example;

    @BeforeAll
    static void startDriver() throws IOException {
        dir = Files.createTempDirectory("promptly-aeron-test-");
        example = new AeronCountersExample(dir.resolve("aeron"), 0);
        assertEquals(20, example.exchange(20));
    }

    @AfterAll
    static void stopDriver() throws IOException {
        if (example != null) {
            example.close();
        }
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    private static String text(Registry registry) {
        return new String(new ScrapeRenderer().render(registry, ExpositionFormat.TEXT).toByteArray(),
                StandardCharsets.UTF_8);
    }

    @Test
    void everySystemCounterDescriptorHasItsOwnFamily() {
        Set<Integer> keyed = new HashSet<>();
        Set<String> names = new HashSet<>();
        for (CounterFamily f : AeronMetrics.families()) {
            if (f.keyId() != CounterFamily.ANY_KEY) {
                assertTrue(keyed.add(f.keyId()), "two families for system counter " + f.keyId());
            }
            assertTrue(names.add(f.metadata().name()), "duplicate family " + f.metadata().name());
        }
        for (SystemCounterDescriptor d : SystemCounterDescriptor.values()) {
            assertTrue(keyed.contains(d.id()), "no family for system counter " + d + " (" + d.id() + ")");
        }
    }

    @Test
    void scrapedValuesEqualWhatTheCountersReaderReports() {
        CountersReader reader = example.aeron().countersReader();
        for (int attempt = 0; attempt < 20; attempt++) {
            Map<Integer, Long> before = values(reader);
            String body = text(example.registry());
            Map<Integer, Long> after = values(reader);
            List<Sample> samples = TextFormatParser.parse(body);
            int checked = 0;
            boolean allStable = true;
            for (Map.Entry<Integer, Long> e : before.entrySet()) {
                int id = e.getKey();
                if (!e.getValue().equals(after.get(id))) {
                    allStable = false;
                    continue; // moved during the scrape: either value is right
                }
                Sample s = find(samples, reader, id);
                assertNotNull(s, "counter " + id + " (" + reader.getCounterLabel(id) + ") not in\n" + body);
                double expected = e.getValue() / divisorOf(s.name());
                assertEquals(expected, s.value(), Math.abs(expected) * 1e-12, "counter " + id + " "
                        + reader.getCounterLabel(id));
                checked++;
            }
            assertTrue(checked > 40, "only " + checked + " counters checked");
            if (allStable) {
                return;
            }
        }
    }

    @Test
    void streamCountersCarryTheirParsedLabels() {
        List<Sample> samples = TextFormatParser.parse(text(example.registry()));
        Sample pub = null;
        Sample app = null;
        for (Sample s : samples) {
            if (s.name().equals("aeron_publication_position")) {
                pub = s;
            }
            if (s.name().equals("aeron_stat") && "example-messages-received".equals(s.labels().get("label"))) {
                app = s;
            }
        }
        assertNotNull(pub, "no publication position");
        assertEquals(Integer.toString(AeronCountersExample.STREAM_ID), pub.labels().get("stream_id"));
        assertEquals("aeron:ipc", pub.labels().get("channel"));
        assertTrue(Long.parseLong(pub.labels().get("registration_id")) > 0);
        assertTrue(pub.value() >= 20 * 96, "position " + pub.value());
        assertNotNull(app, "no application counter");
        assertEquals(Integer.toString(AeronCountersExample.MESSAGES_TYPE_ID), app.labels().get("type_id"));
        assertTrue(app.value() >= 20);
    }

    @Test
    void promtoolAcceptsTheDriverCounters() throws Exception {
        Assumptions.assumeTrue(new File("/usr/bin/promtool").canExecute(), "promtool not installed; skipping");
        // rendered into an Agrona buffer, as a user pushing scrapes over Aeron would
        AgronaScrapeWriter writer = new AgronaScrapeWriter();
        ExpandableDirectByteBuffer buffer = new ExpandableDirectByteBuffer(64);
        int length = writer.write(example.registry(), ExpositionFormat.TEXT, buffer, 16);
        byte[] body = new byte[length];
        buffer.getBytes(16, body);
        Process process = new ProcessBuilder("/usr/bin/promtool", "check", "metrics").redirectErrorStream(true)
                .start();
        try (OutputStream stdin = process.getOutputStream()) {
            stdin.write(body);
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(30, TimeUnit.SECONDS), "promtool did not finish");
        assertEquals("", output.trim(), "promtool output for:\n" + new String(body, StandardCharsets.UTF_8));
        assertTrue(length > 1000);
    }

    @Test
    void protobufJavaParsesTheSameFamiliesAsTheTextParser() throws Exception {
        CountersReader reader = example.aeron().countersReader();
        AgronaScrapeWriter writer = new AgronaScrapeWriter();
        UnsafeBuffer view = writer.render(example.registry(), ExpositionFormat.PROTOBUF);
        byte[] bytes = new byte[view.capacity()];
        view.getBytes(0, bytes);
        ByteArrayInputStream in = new ByteArrayInputStream(bytes);
        Map<String, Integer> seriesPerFamily = new HashMap<>();
        Metrics.MetricFamily family;
        int appCounters = 0;
        while ((family = Metrics.MetricFamily.parseDelimitedFrom(in)) != null) {
            seriesPerFamily.put(family.getName(), family.getMetricCount());
            if (family.getName().equals("aeron_errors_total")) {
                assertEquals(Metrics.MetricType.COUNTER, family.getType());
            }
            if (family.getName().equals("aeron_stat")) {
                for (Metrics.Metric m : family.getMetricList()) {
                    for (Metrics.LabelPair p : m.getLabelList()) {
                        if (p.getName().equals("label") && p.getValue().equals("example-messages-received")) {
                            appCounters++;
                            assertEquals(example.messages().get(), (long) m.getGauge().getValue());
                        }
                    }
                }
            }
        }
        assertEquals(1, appCounters);
        assertEquals(1, seriesPerFamily.get("aeron_errors_total"));
        assertEquals(1, seriesPerFamily.get("aeron_publication_position"));
        int allocated = values(reader).size();
        int total = 0;
        for (int n : seriesPerFamily.values()) {
            total += n;
        }
        assertEquals(allocated, total, "every allocated counter is one series: " + seriesPerFamily);
    }

    @Test
    void theCncFileOfARunningDriverGivesTheSameSystemCounters() {
        Registry registry = new Registry();
        try (AeronCnc cnc = AeronMetrics.registerCnc(registry, example.aeronDirectory())) {
            List<Sample> samples = TextFormatParser.parse(text(registry));
            Sample version = null;
            for (Sample s : samples) {
                if (s.name().equals("aeron_version")) {
                    version = s;
                }
            }
            assertNotNull(version);
            assertTrue(version.value() >= (1 << 16) * 1 + (49 << 8), "version " + version.value());
            assertTrue(cnc.countersReader().maxCounterId() > 0);
        }
        assertTrue(registry.collectables().isEmpty(), "close unregisters");
    }

    /** Every allocated counter's id and value. */
    private static Map<Integer, Long> values(CountersReader reader) {
        Map<Integer, Long> out = new HashMap<>();
        reader.forEach((value, id, label) -> out.put(id, value));
        return out;
    }

    private static double divisorOf(String sampleName) {
        if (sampleName.endsWith("_cycle_time_seconds") || sampleName.equals("aeron_name_resolver_max_time_seconds")) {
            return 1e9;
        }
        if (sampleName.equals("aeron_client_heartbeat_timestamp_seconds")) {
            return 1e3;
        }
        return 1;
    }

    /** The scraped sample of counter {@code id}, found by the family the mapping puts it in. */
    private static Sample find(List<Sample> samples, CountersReader reader, int id) {
        int type = reader.getCounterTypeId(id);
        long registrationId = reader.getCounterRegistrationId(id);
        String label = reader.getCounterLabel(id);
        int key = reader.metaDataBuffer().getInt(CountersReader.metaDataOffset(id) + CountersReader.KEY_OFFSET);
        List<Sample> candidates = new ArrayList<>();
        for (CounterFamily f : AeronMetrics.families()) {
            boolean takes = f.anyType() || java.util.Arrays.binarySearch(f.typeIds(), type) >= 0;
            if (!takes || f.keyId() != CounterFamily.ANY_KEY && f.keyId() != key) {
                continue;
            }
            String[] values = f.extractor().labelValues(id, type, registrationId, label);
            String[] names = f.labelNames();
            String sampleName = f.metadata().type() == io.promptly.core.MetricType.COUNTER
                    ? f.metadata().name() + "_total" : f.metadata().name();
            for (Sample s : samples) {
                if (!s.name().equals(sampleName) || s.labels().size() != names.length) {
                    continue;
                }
                boolean all = true;
                for (int i = 0; i < names.length; i++) {
                    all &= values[i].equals(s.labels().get(names[i]));
                }
                if (all) {
                    candidates.add(s);
                }
            }
            if (!f.anyType()) {
                break;
            }
        }
        return candidates.isEmpty() ? null : candidates.get(0);
    }
}
