package io.promptly.agrona;

import io.aeron.CncFileDescriptor;
import io.promptly.core.Registry;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.IoUtil;
import org.agrona.concurrent.status.CountersReader;

import java.io.File;
import java.nio.MappedByteBuffer;
import java.util.List;

/**
 * A running media driver's CnC file mapped read-only for its counters ({@link #countersReader()}), as
 * {@code AeronStat} reads it. {@link #close()} unregisters what {@link AeronMetrics#registerCnc} registered.
 *
 * <p>Open and close from one thread; the reader may be used from any thread while open. Opening maps the file
 * (allocates); reading counters allocates nothing.
 */
public final class AeronCnc implements AutoCloseable {
    private final CountersReader reader;
    private Registry registry;
    private List<CountersCollectable> registered = List.of();

    private AeronCnc(CountersReader reader) {
        this.reader = reader;
    }

    /**
     * Maps {@code aeronDirectory}/cnc.dat.
     *
     * @throws IllegalArgumentException when {@code aeronDirectory} is null
     * @throws IllegalStateException when there is no CnC file there or its version is not this Aeron's
     */
    public static AeronCnc open(File aeronDirectory) {
        if (aeronDirectory == null) {
            throw new IllegalArgumentException("aeron directory must not be null");
        }
        File file = new File(aeronDirectory, CncFileDescriptor.CNC_FILE);
        if (!file.isFile()) {
            throw new IllegalStateException("no CnC file " + file + ": is a media driver running with aeron.dir="
                    + aeronDirectory + "?");
        }
        MappedByteBuffer cnc = IoUtil.mapExistingFile(file, "cnc");
        try {
            UnsafeBuffer meta = CncFileDescriptor.createMetaDataBuffer(cnc);
            int version = meta.getIntVolatile(CncFileDescriptor.cncVersionOffset(0));
            if (version == 0) {
                throw new IllegalStateException("CnC file " + file + " is not ready (version 0)");
            }
            CncFileDescriptor.checkVersion(version);
            CountersReader reader = new CountersReader(CncFileDescriptor.createCountersMetaDataBuffer(cnc, meta),
                    CncFileDescriptor.createCountersValuesBuffer(cnc, meta));
            return new AeronCnc(reader);
        } catch (RuntimeException e) {
            IoUtil.unmap(cnc);
            throw e instanceof IllegalStateException ? e : new IllegalStateException("CnC file " + file
                    + " cannot be read: " + e.getMessage(), e);
        }
    }

    /** The driver's counters. */
    public CountersReader countersReader() {
        return reader;
    }

    void attach(Registry registry, List<CountersCollectable> registered) {
        this.registry = registry;
        this.registered = registered;
    }

    /**
     * Unregisters the families registered over this file. The mapping is released by the garbage collector once
     * nothing reads it: unmapping here could crash the JVM under a scrape still in flight. (When the driver
     * restarts, its new CnC file is a new file: open it again.)
     */
    @Override
    public void close() {
        if (registry != null) {
            for (CountersCollectable c : registered) {
                registry.unregister(c);
            }
            registry = null;
        }
    }
}
