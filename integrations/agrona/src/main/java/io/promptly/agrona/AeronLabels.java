package io.promptly.agrona;

/**
 * Parses the labels Aeron's media driver gives its stream counters, e.g.
 * {@code sub-pos: 3 -1234 10 aeron:udp?endpoint=localhost:20121 @0} or
 * {@code pub-pos (sampled): 3 -1234 10 aeron:ipc}: after the colon, registration id, session id, stream id and
 * channel (a subscriber position's trailing {@code @joinPosition} dropped).
 *
 * <p>Stateless; thread-safe. Allocates (it runs once per counter allocation, never per scrape).
 */
public final class AeronLabels {
    /** Label names of a stream counter: {@code registration_id, session_id, stream_id, channel}. */
    public static final String[] STREAM_LABEL_NAMES = {"registration_id", "session_id", "stream_id", "channel"};
    /** Label names of a channel status counter: {@code registration_id, channel}. */
    public static final String[] CHANNEL_LABEL_NAMES = {"registration_id", "channel"};

    /** Extracts {@link #STREAM_LABEL_NAMES} from a stream counter's label; null when the label has another form. */
    public static final CounterLabelExtractor STREAM = (id, type, registrationId, label) -> stream(label);

    /**
     * Extracts {@link #CHANNEL_LABEL_NAMES} ({@code snd-channel: aeron:udp?...}): the counter's registration id
     * and the text after the colon.
     */
    public static final CounterLabelExtractor CHANNEL = (id, type, registrationId, label) ->
            new String[] {Long.toString(registrationId), afterColon(label)};

    private AeronLabels() {
    }

    /**
     * The registration id, session id, stream id and channel of a stream counter's label, or null when the label
     * does not have that form.
     */
    public static String[] stream(String label) {
        if (label == null) {
            return null;
        }
        int colon = label.indexOf(": ");
        if (colon < 0) {
            return null;
        }
        String[] parts = label.substring(colon + 2).split(" ", 4);
        if (parts.length < 4 || !isLong(parts[0]) || !isLong(parts[1]) || !isLong(parts[2])) {
            return null;
        }
        String channel = parts[3];
        int at = channel.lastIndexOf(" @");
        if (at >= 0 && isLong(channel.substring(at + 2))) {
            channel = channel.substring(0, at);
        }
        return new String[] {parts[0], parts[1], parts[2], channel};
    }

    /** The text after the first {@code ": "} (the whole label when there is none). */
    public static String afterColon(String label) {
        int colon = label.indexOf(": ");
        return colon < 0 ? label : label.substring(colon + 2);
    }

    private static boolean isLong(String s) {
        if (s.isEmpty()) {
            return false;
        }
        try {
            Long.parseLong(s);
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
