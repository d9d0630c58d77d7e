package io.promptly.jmh;

import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.promptly.exposition.ExpositionFormat;
import io.promptly.exposition.ScrapeRenderer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;

/**
 * Prints the size of each {@link ScrapeFixture} shape as one line per series count: {@code series sampleLines
 * families shape} (the shape is {@code counters} unless a count is written {@code realistic:10000}), followed (as {@code # } comments) by the sample lines and bytes each client actually wrote in text
 * 0.0.4, so the results table can normalise per line and a reader can see the shapes agree.
 *
 * <p>Run: {@code java -cp jmh/target/benchmarks.jar io.promptly.jmh.ScrapeShape 1000 10000 realistic:10000}.
 */
public final class ScrapeShape {
    private ScrapeShape() {
    }

    /**
     * Prints the shape of each series count given.
     *
     * @throws IOException never (writes to memory)
     * @throws IllegalArgumentException when a count is not a positive multiple of 1,000
     */
    public static void main(String[] args) throws IOException {
        String[] sizes = args.length == 0 ? new String[] {"1000", "10000"} : args;
        StringBuilder comments = new StringBuilder();
        for (String size : sizes) {
            int colon = size.indexOf(':');
            String shape = colon < 0 ? ScrapeFixture.COUNTERS : size.substring(0, colon);
            int series = Integer.parseInt(size.substring(colon + 1));
            ScrapeFixture fixture = new ScrapeFixture(series, shape);
            System.out.println(series + " " + fixture.sampleLines() + " " + fixture.families() + " " + shape);

            ByteArrayOutputStream out = new ByteArrayOutputStream();
            new ScrapeRenderer().write(fixture.promptly(), ExpositionFormat.TEXT, family -> true, out);
            comments.append(describe(size, "promptly", out));

            out = new ByteArrayOutputStream();
            PrometheusTextFormatWriter.create().write(out, fixture.clientJava().scrape());
            comments.append(describe(size, "client_java", out));

            out = new ByteArrayOutputStream();
            Writer writer = new OutputStreamWriter(out, StandardCharsets.UTF_8);
            io.prometheus.client.exporter.common.TextFormat.write004(writer,
                    fixture.simpleclient().metricFamilySamples());
            writer.flush();
            comments.append(describe(size, "simpleclient", out));

            out = new ByteArrayOutputStream();
            fixture.micrometer().scrape(out);
            comments.append(describe(size, "micrometer", out));
        }
        System.out.print(comments);
    }

    private static String describe(String series, String client, ByteArrayOutputStream out) {
        String text = new String(out.toByteArray(), StandardCharsets.UTF_8);
        int samples = 0;
        for (String line : text.split("\n")) {
            if (!line.isEmpty() && line.charAt(0) != '#') {
                samples++;
            }
        }
        return "# " + series + " " + client + ": " + samples + " sample lines, " + out.size() + " bytes\n";
    }
}
