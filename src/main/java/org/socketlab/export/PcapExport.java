package org.socketlab.export;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Comparator;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.socketlab.capture.PcapWriter;
import org.socketlab.journal.Event;
import org.socketlab.journal.Payload;

/**
 * The segments a journal saw on the wire, written as a pcap file (Wireshark, tcpdump -r): only captured segments
 * whose bytes the journal kept ({@code packet_b64}), in the order they crossed the wire, each stamped with the
 * capture's own time. Inferred segments were never on any wire and are never written.
 */
public final class PcapExport {
    private PcapExport() {
    }

    /**
     * What a journal holds for a pcap file.
     *
     * @param packets      the captured segments with their bytes, in wire order: what is written
     * @param withoutBytes captured segments of a journal written before their bytes were kept (not written)
     * @param inferred     deduced segments (never written: they were not on the wire)
     */
    public record Contents(List<Payload.Segment> packets, int withoutBytes, int inferred) {
        /** The one line that says why a file holds no packet, as a message key; null when it holds some. */
        public @Nullable String emptyReasonKey() {
            if (!packets.isEmpty()) return null;
            if (withoutBytes > 0) return "export.pcap.noBytes";
            return inferred > 0 ? "export.pcap.onlyInferred" : "export.pcap.noSegments";
        }
    }

    public static Contents contents(List<Event> events) {
        List<Payload.Segment> captured = events.stream().map(Event::payload)
                .filter(p -> p instanceof Payload.Segment s && s.captured()).map(p -> (Payload.Segment) p).toList();
        List<Payload.Segment> packets = captured.stream().filter(s -> s.packet() != null && s.wallNs() != null)
                // journaled in another order at times (a queued connection's packets at its accept): the wire's order
                .sorted(Comparator.comparingLong(Payload.Segment::wallNs)).toList();
        int inferred = (int) events.stream().filter(e -> e.payload() instanceof Payload.Segment s && !s.captured())
                .count();
        return new Contents(packets, captured.size() - packets.size(), inferred);
    }

    /** Writes the pcap file (a header and no packet when there is none) and returns what it holds. */
    public static Contents write(List<Event> events, OutputStream out) throws IOException {
        Contents contents = contents(events);
        PcapWriter pcap = new PcapWriter(out);
        for (Payload.Segment s : contents.packets()) {
            Long wallNs = s.wallNs();
            byte[] packet = s.packet();
            if (wallNs != null && packet != null) pcap.write(wallNs, packet); // contents() kept only these
        }
        pcap.flush();
        return contents;
    }
}
