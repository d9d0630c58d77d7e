package io.promptly.agrona;

import io.aeron.AeronCounters;
import io.promptly.core.Registry;
import org.agrona.concurrent.status.CountersReader;

import java.io.File;
import java.util.ArrayList;
import java.util.List;

/**
 * Ready-made families for an Aeron media driver's counters: the system counters ({@code aeron_bytes_sent_total},
 * {@code aeron_naks_received_total}, {@code aeron_errors_total}, cycle times in seconds...), the stream positions
 * ({@code aeron_publication_position}, {@code aeron_subscriber_position}...) labelled
 * {@code registration_id, session_id, stream_id, channel}, back-pressure events, channel status and client
 * heartbeats, and {@code aeron_stat} for every other counter (archive, cluster, application counters).
 *
 * <pre>{@code
 * AeronMetrics.register(Registry.DEFAULT, aeron.countersReader());            // from a connected client
 * AeronCnc cnc = AeronMetrics.registerCnc(Registry.DEFAULT, new File(aeronDir)); // from the CnC file alone
 * }</pre>
 *
 * <p>Static helpers; thread-safe. Registration allocates; scrapes allocate nothing in steady state.
 */
public final class AeronMetrics {
    private static final String[] NONE = new String[0];
    private static final CounterLabelExtractor NO_LABELS = (id, type, registrationId, label) -> NONE;
    private static final double NANOS_PER_SECOND = 1e9;

    private AeronMetrics() {
    }

    /**
     * Registers {@link #families()} over {@code reader} (e.g. {@code aeron.countersReader()} or
     * {@link AeronCnc#countersReader()}).
     *
     * @return the registered collectables (unregister them when the reader's buffers are unmapped)
     * @throws IllegalArgumentException when an argument is null or a family clashes with a registered one
     */
    public static List<CountersCollectable> register(Registry registry, CountersReader reader) {
        return AgronaCounters.register(registry, reader, families());
    }

    /**
     * Maps the CnC file of the media driver running in {@code aeronDirectory} and registers {@link #families()}
     * over its counters. Close the returned {@link AeronCnc} to unregister them.
     *
     * @throws IllegalStateException when there is no CnC file or its version is not this Aeron's
     * @throws IllegalArgumentException when an argument is null or a family clashes with a registered one
     */
    public static AeronCnc registerCnc(Registry registry, File aeronDirectory) {
        if (registry == null) {
            throw new IllegalArgumentException("registry must not be null");
        }
        AeronCnc cnc = AeronCnc.open(aeronDirectory);
        try {
            cnc.attach(registry, register(registry, cnc.countersReader()));
            return cnc;
        } catch (RuntimeException e) {
            cnc.close();
            throw e;
        }
    }

    /** A new array of every Aeron family, system counters first, {@code aeron_stat} (any other) last. */
    public static CounterFamily[] families() {
        List<CounterFamily> f = new ArrayList<>();
        system(f, AeronCounters.SYSTEM_COUNTER_ID_BYTES_SENT, "aeron_bytes_sent", "Bytes sent by the media driver.");
        system(f, AeronCounters.SYSTEM_COUNTER_ID_BYTES_RECEIVED, "aeron_bytes_received",
                "Bytes received by the media driver.");
        system(f, AeronCounters.SYSTEM_COUNTER_ID_RECEIVER_PROXY_FAILS, "aeron_receiver_proxy_fails",
                "Failed offers to the receiver proxy.");
        system(f, AeronCounters.SYSTEM_COUNTER_ID_SENDER_PROXY_FAILS, "aeron_sender_proxy_fails",
                "Failed offers to the sender proxy.");
        system(f, AeronCounters.SYSTEM_COUNTER_ID_CONDUCTOR_PROXY_FAILS, "aeron_conductor_proxy_fails",
                "Failed offers to the conductor proxy.");
        system(f, AeronCounters.SYSTEM_COUNTER_ID_NAK_MESSAGES_SENT, "aeron_naks_sent", "NAKs sent.");
        system(f, AeronCounters.SYSTEM_COUNTER_ID_NAK_MESSAGES_RECEIVED, "aeron_naks_received", "NAKs received.");
        system(f, AeronCounters.SYSTEM_COUNTER_ID_STATUS_MESSAGES_SENT, "aeron_status_messages_sent",
                "Status messages sent.");
        system(f, AeronCounters.SYSTEM_COUNTER_ID_STATUS_MESSAGES_RECEIVED, "aeron_status_messages_received",
                "Status messages received.");
        system(f, AeronCounters.SYSTEM_COUNTER_ID_HEARTBEATS_SENT, "aeron_heartbeats_sent", "Heartbeats sent.");
        system(f, AeronCounters.SYSTEM_COUNTER_ID_HEARTBEATS_RECEIVED, "aeron_heartbeats_received",
                "Heartbeats received.");
        system(f, AeronCounters.SYSTEM_COUNTER_ID_RETRANSMITS_SENT, "aeron_retransmits_sent", "Retransmits sent.");
        system(f, AeronCounters.SYSTEM_COUNTER_ID_FLOW_CONTROL_UNDER_RUNS, "aeron_flow_control_under_runs",
                "Flow control under runs.");
        system(f, AeronCounters.SYSTEM_COUNTER_ID_FLOW_CONTROL_OVER_RUNS, "aeron_flow_control_over_runs",
                "Flow control over runs.");
        system(f, AeronCounters.SYSTEM_COUNTER_ID_INVALID_PACKETS, "aeron_invalid_packets", "Invalid packets.");
        system(f, AeronCounters.SYSTEM_COUNTER_ID_ERRORS, "aeron_errors", "Errors (see the driver's error log).");
        system(f, AeronCounters.SYSTEM_COUNTER_ID_SHORT_SENDS, "aeron_short_sends", "Short sends.");
        system(f, AeronCounters.SYSTEM_COUNTER_ID_FREE_FAILS, "aeron_free_fails",
                "Failed attempts to free log buffers.");
        system(f, AeronCounters.SYSTEM_COUNTER_ID_SENDER_FLOW_CONTROL_LIMITS, "aeron_sender_flow_control_limits",
                "Times the sender was limited by flow control.");
        system(f, AeronCounters.SYSTEM_COUNTER_ID_UNBLOCKED_PUBLICATIONS, "aeron_unblocked_publications",
                "Unblocked publications.");
        system(f, AeronCounters.SYSTEM_COUNTER_ID_UNBLOCKED_COMMANDS, "aeron_unblocked_commands",
                "Unblocked control commands.");
        system(f, AeronCounters.SYSTEM_COUNTER_ID_POSSIBLE_TTL_ASYMMETRY, "aeron_possible_ttl_asymmetry",
                "Possible TTL asymmetries.");
        f.add(systemGauge(AeronCounters.SYSTEM_COUNTER_ID_CONTROLLABLE_IDLE_STRATEGY,
                "aeron_controllable_idle_strategy_status", "Status of the controllable idle strategy."));
        system(f, AeronCounters.SYSTEM_COUNTER_ID_LOSS_GAP_FILLS, "aeron_loss_gap_fills", "Loss gap fills.");
        system(f, AeronCounters.SYSTEM_COUNTER_ID_CLIENT_TIMEOUTS, "aeron_client_timeouts", "Client liveness timeouts.");
        system(f, AeronCounters.SYSTEM_COUNTER_ID_RESOLUTION_CHANGES, "aeron_resolution_changes",
                "Name resolution changes.");
        f.add(systemGauge(AeronCounters.SYSTEM_COUNTER_ID_CONDUCTOR_MAX_CYCLE_TIME,
                "aeron_conductor_max_cycle_time_seconds", "Longest conductor duty cycle.").withDivisor(NANOS_PER_SECOND));
        system(f, AeronCounters.SYSTEM_COUNTER_ID_CONDUCTOR_CYCLE_TIME_THRESHOLD_EXCEEDED,
                "aeron_conductor_cycle_time_threshold_exceeded", "Conductor cycles over the time threshold.");
        f.add(systemGauge(AeronCounters.SYSTEM_COUNTER_ID_SENDER_MAX_CYCLE_TIME,
                "aeron_sender_max_cycle_time_seconds", "Longest sender duty cycle.").withDivisor(NANOS_PER_SECOND));
        system(f, AeronCounters.SYSTEM_COUNTER_ID_SENDER_CYCLE_TIME_THRESHOLD_EXCEEDED,
                "aeron_sender_cycle_time_threshold_exceeded", "Sender cycles over the time threshold.");
        f.add(systemGauge(AeronCounters.SYSTEM_COUNTER_ID_RECEIVER_MAX_CYCLE_TIME,
                "aeron_receiver_max_cycle_time_seconds", "Longest receiver duty cycle.").withDivisor(NANOS_PER_SECOND));
        system(f, AeronCounters.SYSTEM_COUNTER_ID_RECEIVER_CYCLE_TIME_THRESHOLD_EXCEEDED,
                "aeron_receiver_cycle_time_threshold_exceeded", "Receiver cycles over the time threshold.");
        f.add(systemGauge(AeronCounters.SYSTEM_COUNTER_ID_NAME_RESOLVER_MAX_TIME,
                "aeron_name_resolver_max_time_seconds", "Longest name resolution.").withDivisor(NANOS_PER_SECOND));
        system(f, AeronCounters.SYSTEM_COUNTER_ID_NAME_RESOLVER_TIME_THRESHOLD_EXCEEDED,
                "aeron_name_resolver_time_threshold_exceeded", "Name resolutions over the time threshold.");
        f.add(systemGauge(AeronCounters.SYSTEM_COUNTER_ID_AERON_VERSION, "aeron_version",
                "Media driver version (major << 16 | minor << 8 | patch)."));
        f.add(systemGauge(AeronCounters.SYSTEM_COUNTER_ID_BYTES_CURRENTLY_MAPPED, "aeron_mapped_bytes",
                "Bytes currently mapped by the media driver."));
        system(f, AeronCounters.SYSTEM_COUNTER_ID_RETRANSMITTED_BYTES, "aeron_retransmitted_bytes",
                "Bytes retransmitted.");
        system(f, AeronCounters.SYSTEM_COUNTER_ID_RETRANSMIT_OVERFLOW, "aeron_retransmit_overflow",
                "Retransmits dropped because the retransmit queue was full.");
        system(f, AeronCounters.SYSTEM_COUNTER_ID_ERROR_FRAMES_RECEIVED, "aeron_error_frames_received",
                "Error frames received.");
        system(f, AeronCounters.SYSTEM_COUNTER_ID_ERROR_FRAMES_SENT, "aeron_error_frames_sent", "Error frames sent.");
        system(f, AeronCounters.SYSTEM_COUNTER_ID_PUBLICATIONS_REVOKED, "aeron_publications_revoked",
                "Publications revoked.");
        system(f, AeronCounters.SYSTEM_COUNTER_ID_PUBLICATION_IMAGES_REVOKED, "aeron_publication_images_revoked",
                "Publication images revoked.");
        system(f, AeronCounters.SYSTEM_COUNTER_ID_IMAGES_REJECTED, "aeron_images_rejected", "Images rejected.");
        f.add(systemGauge(AeronCounters.SYSTEM_COUNTER_ID_CONTROL_PROTOCOL_VERSION, "aeron_control_protocol_version",
                "Control protocol version (major << 16 | minor << 8 | patch)."));

        f.add(stream("aeron_publisher_limit", "Publisher limit position, bytes.",
                AeronCounters.DRIVER_PUBLISHER_LIMIT_TYPE_ID));
        f.add(stream("aeron_sender_position", "Sender position, bytes.", AeronCounters.DRIVER_SENDER_POSITION_TYPE_ID));
        f.add(stream("aeron_receiver_hwm", "Receiver high-water mark position, bytes.",
                AeronCounters.DRIVER_RECEIVER_HWM_TYPE_ID));
        f.add(stream("aeron_subscriber_position", "Subscriber position, bytes.",
                AeronCounters.DRIVER_SUBSCRIBER_POSITION_TYPE_ID));
        f.add(stream("aeron_receiver_position", "Receiver position, bytes.", AeronCounters.DRIVER_RECEIVER_POS_TYPE_ID));
        f.add(stream("aeron_sender_limit", "Sender limit position, bytes.", AeronCounters.DRIVER_SENDER_LIMIT_TYPE_ID));
        f.add(stream("aeron_publication_position", "Publication position, bytes.",
                AeronCounters.DRIVER_PUBLISHER_POS_TYPE_ID));
        f.add(CounterFamily.counter("aeron_sender_back_pressure_events", "Back-pressure events of a sender.",
                AeronLabels.STREAM_LABEL_NAMES, AeronLabels.STREAM, AeronCounters.DRIVER_SENDER_BPE_TYPE_ID));
        f.add(CounterFamily.gauge("aeron_send_channel_status", "Send channel status (1 active, -1 errored).",
                AeronLabels.CHANNEL_LABEL_NAMES, AeronLabels.CHANNEL, AeronCounters.DRIVER_SEND_CHANNEL_STATUS_TYPE_ID));
        f.add(CounterFamily.gauge("aeron_receive_channel_status", "Receive channel status (1 active, -1 errored).",
                AeronLabels.CHANNEL_LABEL_NAMES, AeronLabels.CHANNEL,
                AeronCounters.DRIVER_RECEIVE_CHANNEL_STATUS_TYPE_ID));
        f.add(CounterFamily.gauge("aeron_client_heartbeat_timestamp_seconds",
                "Last heartbeat of a client (Unix time).", new String[] {"client_id"},
                (id, type, registrationId, label) -> new String[] {Long.toString(registrationId)},
                AeronCounters.DRIVER_HEARTBEAT_TYPE_ID).withDivisor(1e3));
        f.add(CounterFamily.anyOther("aeron_stat", "Aeron counters without a family of their own."));
        return f.toArray(new CounterFamily[0]);
    }

    private static void system(List<CounterFamily> f, int id, String name, String help) {
        f.add(CounterFamily.counter(name, help, NONE, NO_LABELS, AeronCounters.DRIVER_SYSTEM_COUNTER_TYPE_ID)
                .withKeyId(id));
    }

    private static CounterFamily systemGauge(int id, String name, String help) {
        return CounterFamily.gauge(name, help, NONE, NO_LABELS, AeronCounters.DRIVER_SYSTEM_COUNTER_TYPE_ID)
                .withKeyId(id);
    }

    private static CounterFamily stream(String name, String help, int typeId) {
        return CounterFamily.gauge(name, help, AeronLabels.STREAM_LABEL_NAMES, AeronLabels.STREAM, typeId);
    }
}
