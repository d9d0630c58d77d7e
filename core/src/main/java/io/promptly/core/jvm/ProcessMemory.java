package io.promptly.core.jvm;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The process's resident and virtual memory sizes, parsed from a Linux {@code /proc/<pid>/status} file (the
 * {@code VmRSS} and {@code VmSize} lines, in kibibytes, as proc(5) documents them).
 *
 * <p>Immutable; safe from any thread. {@link #read} reads and parses the whole file (a few KB, allocates).
 */
final class ProcessMemory {
    /** This process's status file on Linux. */
    static final Path PROC_SELF_STATUS = Path.of("/proc/self/status");

    private static final long BYTES_PER_KIB = 1024L;

    private final long residentBytes;
    private final long virtualBytes;

    private ProcessMemory(long residentBytes, long virtualBytes) {
        this.residentBytes = residentBytes;
        this.virtualBytes = virtualBytes;
    }

    /**
     * Reads and parses {@code statusFile}.
     *
     * @throws UncheckedIOException when the file cannot be read
     * @throws IllegalStateException when a {@code VmRSS} or {@code VmSize} line is missing or malformed
     */
    static ProcessMemory read(Path statusFile) {
        List<String> lines;
        try {
            // ISO-8859-1 maps every byte: the "Name:" line holds whatever bytes the process name has
            lines = Files.readAllLines(statusFile, StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + statusFile, e);
        }
        return parse(lines, statusFile.toString());
    }

    /**
     * Parses the lines of a status file.
     *
     * @throws IllegalStateException when a {@code VmRSS} or {@code VmSize} line is missing or malformed
     */
    static ProcessMemory parse(List<String> lines, String source) {
        long rss = -1;
        long size = -1;
        for (String line : lines) {
            if (line.startsWith("VmRSS:")) {
                rss = kibibytes(line, source);
            } else if (line.startsWith("VmSize:")) {
                size = kibibytes(line, source);
            }
        }
        if (rss < 0 || size < 0) {
            throw new IllegalStateException(source + " has no " + (rss < 0 ? "VmRSS" : "VmSize") + " line");
        }
        return new ProcessMemory(rss * BYTES_PER_KIB, size * BYTES_PER_KIB);
    }

    /** Resident set size in bytes ({@code VmRSS}). */
    long residentBytes() {
        return residentBytes;
    }

    /** Virtual memory size in bytes ({@code VmSize}). */
    long virtualBytes() {
        return virtualBytes;
    }

    /** The number in a line such as {@code "VmRSS:\t  1234 kB"}. */
    private static long kibibytes(String line, String source) {
        String[] parts = line.substring(line.indexOf(':') + 1).trim().split("\\s+");
        if (parts.length != 2 || !parts[1].equals("kB")) {
            throw new IllegalStateException("unexpected line \"" + line + "\" in " + source
                    + " (expected \"<name>: <number> kB\")");
        }
        long value;
        try {
            value = Long.parseLong(parts[0]);
        } catch (NumberFormatException e) {
            throw new IllegalStateException("unexpected number in line \"" + line + "\" in " + source, e);
        }
        if (value < 0) {
            throw new IllegalStateException("negative size in line \"" + line + "\" in " + source);
        }
        return value;
    }
}
