package org.socketlab.export;

import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.socketlab.capture.PcapWriter;
import org.socketlab.capture.PcapngWriter;
import org.socketlab.capture.SecondHost;
import org.socketlab.i18n.Lang;
import org.socketlab.i18n.Messages;
import org.socketlab.journal.Event;
import org.socketlab.journal.Payload;

/**
 * The segments a journal saw on the wire, written as a pcap file (Wireshark, tcpdump -r): only captured segments
 * whose bytes the journal kept ({@code packet_b64}), in the order they crossed the wire, each stamped with the
 * capture's own time. Inferred segments were never on any wire and are never written.
 *
 * <p>A session of two hosts joined by SocketLab's wire (segments with the wire's word, {@link Payload.Passage}) is
 * written as pcapng with two interfaces, the client's host (0) and the server's (1): each packet where it left and
 * where it arrived (twice when duplicated, only where it left when lost on the link), at the journal's real times of
 * both, so the link's delay per direction shows in the file. The lab captures the client's host; the server host's
 * moments are the capture's stamp moved by the passage's own times. The two hosts speak IPv4 only (the lab's link has
 * no IPv6 address), so an IPv6 packet of such a session (the client host's own loopback) is left out of that file.
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
        /** Whether the file holds both hosts' views (pcapng): some packet crossed SocketLab's wire. */
        public boolean twoHosts() {
            return packets.stream().anyMatch(s -> s.link() != null);
        }

        /** The line that says what a written file holds (argument: how many captured segments), as a message key. */
        public String writtenKey() {
            return twoHosts() ? "export.pcap.writtenTwoHosts" : "export.pcap.written";
        }

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
        return write(events, out, Lang.EN);
    }

    /** {@link #write(List, OutputStream)}, a pcapng file's interface descriptions and comments in {@code lang}. */
    public static Contents write(List<Event> events, OutputStream out, Lang lang) throws IOException {
        Contents contents = contents(events);
        if (contents.twoHosts()) {
            writeBothHosts(contents, out, Messages.of(lang));
            return contents;
        }
        PcapWriter pcap = new PcapWriter(out);
        for (Payload.Segment s : contents.packets()) {
            Long wallNs = s.wallNs();
            byte[] packet = s.packet();
            if (wallNs != null && packet != null) pcap.write(wallNs, packet); // contents() kept only these
        }
        pcap.flush();
        return contents;
    }

    /** A packet as one host saw it: the interface, the moment (ns since the epoch), a comment or none. */
    private record Sighting(int iface, long epochNanos, byte[] packet, @Nullable String comment) {
    }

    private static final int CLIENT_HOST = 0, SERVER_HOST = 1;

    private static void writeBothHosts(Contents contents, OutputStream out, Messages m) throws IOException {
        PcapngWriter pcap = new PcapngWriter(out);
        pcap.addInterface("client-host", m.get("export.pcap.clientHost", SecondHost.CLIENT_ADDRESS));
        pcap.addInterface("server-host", m.get("export.pcap.serverHost", SecondHost.SERVER_ADDRESS));
        List<Sighting> seen = new ArrayList<>();
        for (Payload.Segment s : contents.packets()) sightings(s, seen, m);
        seen.sort(Comparator.comparingLong(Sighting::epochNanos));
        for (Sighting x : seen) pcap.write(x.iface(), x.epochNanos(), x.packet(), x.comment());
        pcap.flush();
    }

    /** Where and when one captured segment was seen: on the client's host as captured, and on the other end. */
    private static void sightings(Payload.Segment s, List<Sighting> seen, Messages m) {
        Long wallNs = s.wallNs();
        byte[] packet = s.packet();
        if (wallNs == null || packet == null || (packet[0] & 0xf0) != 0x40) return; // contents() kept only these, IPv4
        Payload.Passage link = s.link();
        if (link == null) {
            seen.add(new Sighting(CLIENT_HOST, wallNs, packet, null));
            return;
        }
        boolean toServer = s.src() != null && s.src().startsWith(SecondHost.CLIENT_ADDRESS + ":");
        String fate = link.fate();
        String comment = switch (fate) {
            case Payload.Passage.LOST -> m.get("export.pcap.lost");
            case Payload.Passage.DROPPED -> m.get("export.pcap.dropped");
            case Payload.Passage.REORDERED -> m.get("export.pcap.reordered");
            default -> null;
        };
        // The client's host's moment of this packet, on the journal's clock: its departure, or its first arrival.
        long anchor = toServer ? link.departedNs() : link.arrived() ? link.arrivedNs().getFirst() : link.departedNs();
        long offset = wallNs - anchor;
        int departedOn = toServer ? CLIENT_HOST : SERVER_HOST, arrivedOn = toServer ? SERVER_HOST : CLIENT_HOST;
        seen.add(new Sighting(departedOn, link.departedNs() + offset, packet, link.arrived() ? null : comment));
        List<Long> arrivals = link.arrivedNs();
        for (int i = 0; i < arrivals.size(); i++)
            seen.add(new Sighting(arrivedOn, arrivals.get(i) + offset, packet,
                    i > 0 ? m.get("export.pcap.duplicate") : comment));
    }
}
