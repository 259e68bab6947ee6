package org.socketlab.journal;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.socketlab.i18n.Messages;
import org.socketlab.kernel.IcmpMessage;
import org.socketlab.kernel.TcpFlag;

/**
 * The journal's events of the wire: a segment, captured or inferred ({@code segment}), and the capture's status
 * ({@code capture}). Its records are {@link Payload}'s, named as {@code Payload.X} everywhere ({@link Payload} extends this
 * holder, and a member type is inherited).
 */
public interface WireEvents {
    /**
     * A segment between two endpoints, either seen on the wire ({@code captured}) or deduced ({@code inferred}).
     * Captured TCP segments carry the real 32-bit {@code seqNo} and {@code ackNo} (the latter only with ACK) and the
     * unscaled {@code window} field; inferred ones leave them null. A captured segment also carries the addresses it
     * had on the wire ({@code src}, {@code dst}: {@code 127.0.0.1:40112}; for ICMP the hosts with port 0), the exact
     * 4-tuple that made it the lab's, and {@code wireNs}, when it crossed the wire: the kernel's capture stamp moved
     * onto the journal's monotonic clock; inferred ones leave them null. A captured segment also keeps {@code packet},
     * its bytes as captured from the IP header on (headers and the first payload bytes, at most the snap length), and
     * {@code wallNs}, the capture's own stamp (CLOCK_REALTIME, ns since the epoch): what a pcap file needs.
     * {@code lost} (captured only): a rule of the lab network dropped it in the receiver's input: it was seen leaving
     * and never arrived (known exactly: the rule logged that very packet, see {@code lab/NetworkConditions}).
     * {@code arrivedNs} (captured only, between two hosts joined by a link that takes time): when it arrived at the
     * receiver's host, on the journal's clock, {@code wireNs} being when it left the sender's; null where leaving and
     * arriving are one moment (one machine, a plain link), when it never arrived, and in older journals.
     * {@code link} (captured only, with SocketLab's wire between two hosts, issue 55): what the wire did with it, from
     * the wire's own word ({@link Passage}); its departure is then {@code wireNs} and its first arrival
     * {@code arrivedNs}; null on loopback, on the plain link and in journals older than the wire.
     */
    record Segment(String from, String to, String proto, List<String> flags, @Nullable Long seqNo,
            @Nullable Long ackNo, int len, String origin, @Nullable Integer window, @Nullable String src,
            @Nullable String dst, @Nullable Long wireNs, byte @Nullable [] packet, @Nullable Long wallNs,
            boolean lost, @Nullable Long arrivedNs, @Nullable Passage link) implements Payload {
        public static final String CAPTURED = "captured", INFERRED = "inferred";
        /** At most this many bytes of a captured packet are kept: the capture's snap length (256) always fits. */
        public static final int MAX_PACKET = 512;
        public Segment {
            flags = List.copyOf(flags);
            if (packet != null && packet.length > MAX_PACKET) packet = Arrays.copyOf(packet, MAX_PACKET);
            packet = packet == null ? null : packet.clone();
        }
        /** Whether it carries this TCP flag (an ICMP message's name is none). */
        public boolean has(TcpFlag flag) {
            return flags.contains(flag.name());
        }
        /** Whether it is this ICMP message (its name is in the journal's flags). */
        public boolean is(IcmpMessage message) {
            return flags.contains(message.name());
        }
        /** Its TCP flags, read from the journal's names (an ICMP message's name is none of them). */
        public Set<TcpFlag> tcpFlags() {
            return TcpFlag.of(flags);
        }
        /** A segment without the wire's word on it (loopback, the plain link, an older journal). */
        public Segment(String from, String to, String proto, List<String> flags, @Nullable Long seqNo,
                @Nullable Long ackNo, int len, String origin, @Nullable Integer window, @Nullable String src,
                @Nullable String dst, @Nullable Long wireNs, byte @Nullable [] packet, @Nullable Long wallNs,
                boolean lost, @Nullable Long arrivedNs) {
            this(from, to, proto, flags, seqNo, ackNo, len, origin, window, src, dst, wireNs, packet, wallNs, lost,
                    arrivedNs, null);
        }
        /**
         * Whether it never reached its receiver: dropped by a rule of the lab network, or lost (or dropped) on the
         * wire between the hosts.
         */
        public boolean neverArrived() {
            return lost || link != null && !link.arrived();
        }
        /** Whether the wire between the hosts delivered it twice. */
        public boolean arrivedTwice() {
            return link != null && link.arrivedNs().size() > 1;
        }
        /** A segment without an arrival of its own (one machine, a plain link, lost, or an older journal). */
        public Segment(String from, String to, String proto, List<String> flags, @Nullable Long seqNo,
                @Nullable Long ackNo, int len, String origin, @Nullable Integer window, @Nullable String src,
                @Nullable String dst, @Nullable Long wireNs, byte @Nullable [] packet, @Nullable Long wallNs,
                boolean lost) {
            this(from, to, proto, flags, seqNo, ackNo, len, origin, window, src, dst, wireNs, packet, wallNs, lost,
                    null);
        }
        /** This segment, arrived at the receiver's host at {@code atNs} (journal clock). */
        public Segment withArrival(long atNs) {
            return new Segment(from, to, proto, flags, seqNo, ackNo, len, origin, window, src, dst, wireNs, packet,
                    wallNs, lost, atNs, link);
        }
        /**
         * When it arrived at its receiver, on the journal's clock: {@code arrivedNs}, else {@code wireNs} (one moment
         * on one machine); null for an inferred segment.
         */
        public @Nullable Long arrivalNs() {
            return arrivedNs != null ? arrivedNs : wireNs;
        }
        /**
         * When it left the sender's host, on the journal's clock: {@code wireNs} (the capture of the sender's host);
         * null for an inferred segment.
         */
        public @Nullable Long departureNs() {
            return wireNs;
        }
        /** A segment that arrived (or an inferred one). */
        public Segment(String from, String to, String proto, List<String> flags, @Nullable Long seqNo,
                @Nullable Long ackNo, int len, String origin, @Nullable Integer window, @Nullable String src,
                @Nullable String dst, @Nullable Long wireNs, byte @Nullable [] packet, @Nullable Long wallNs) {
            this(from, to, proto, flags, seqNo, ackNo, len, origin, window, src, dst, wireNs, packet, wallNs, false);
        }
        /** This segment, marked lost: dropped by a rule of the lab network before its receiver got it. */
        public Segment asLost() {
            return new Segment(from, to, proto, flags, seqNo, ackNo, len, origin, window, src, dst, wireNs, packet,
                    wallNs, true, arrivedNs, link);
        }
        /** A segment without its captured bytes (inferred, or journals written before they were kept). */
        public Segment(String from, String to, String proto, List<String> flags, @Nullable Long seqNo,
                @Nullable Long ackNo, int len, String origin, @Nullable Integer window, @Nullable String src,
                @Nullable String dst, @Nullable Long wireNs) {
            this(from, to, proto, flags, seqNo, ackNo, len, origin, window, src, dst, wireNs, null, null);
        }
        @Override
        public byte @Nullable [] packet() {
            return packet == null ? null : packet.clone();
        }
        @Override
        public boolean equals(@Nullable Object o) {
            return o instanceof Segment s && s.from.equals(from) && s.to.equals(to) && s.proto.equals(proto)
                    && s.flags.equals(flags) && Objects.equals(s.seqNo, seqNo) && Objects.equals(s.ackNo, ackNo)
                    && s.len == len && s.origin.equals(origin) && Objects.equals(s.window, window)
                    && Objects.equals(s.src, src) && Objects.equals(s.dst, dst) && Objects.equals(s.wireNs, wireNs)
                    && Arrays.equals(s.packet, packet) && Objects.equals(s.wallNs, wallNs) && s.lost == lost
                    && Objects.equals(s.arrivedNs, arrivedNs) && Objects.equals(s.link, link);
        }
        @Override
        public int hashCode() {
            return Objects.hash(from, to, proto, flags, seqNo, ackNo, len, origin, window, src, dst, wireNs, wallNs,
                    arrivedNs, link)
                    * 31 + Arrays.hashCode(packet);
        }
        public Segment(String from, String to, String proto, List<String> flags, @Nullable Long seqNo,
                @Nullable Long ackNo, int len, String origin, @Nullable Integer window, @Nullable String src,
                @Nullable String dst) {
            this(from, to, proto, flags, seqNo, ackNo, len, origin, window, src, dst, null);
        }
        public Segment(String from, String to, String proto, List<String> flags, @Nullable Long seqNo,
                @Nullable Long ackNo, int len, String origin, @Nullable Integer window) {
            this(from, to, proto, flags, seqNo, ackNo, len, origin, window, null, null, null);
        }
        public Segment(String from, String to, String proto, List<String> flags, @Nullable Long seqNo,
                @Nullable Long ackNo, int len, String origin) {
            this(from, to, proto, flags, seqNo, ackNo, len, origin, null, null, null, null);
        }
        public boolean captured() {
            return CAPTURED.equals(origin);
        }
        @Override
        public String type() {
            return "segment";
        }
    }

    /**
     * What SocketLab's wire between the lab's two hosts did with one packet (issue 55), as the wire itself told it
     * (packaging/linux/wire.c), matched to the captured segment: {@code fate} one of {@link #DELIVERED},
     * {@link #REORDERED} (it overtook an earlier packet of its direction), {@link #DUPLICATED} (it arrived twice),
     * {@link #LOST} (at random or in a burst) or {@link #DROPPED} (the wire's queue was full); {@code departedNs} when it
     * left its host and {@code arrivedNs} when it reached the other (none when it never did, two when duplicated), on
     * the journal's clock. The side the lab captures gives its own moment (a departure from the client's host, an
     * arrival there); the wire gives the other side's (it reads and sends each frame beside that host's interface): a
     * packet to the server arrives when the wire sent it on, as its later line says, never when it planned (issue 76).
     * {@code wireLateNs}: how much longer than the wire planned the packet took to cross (its delay, jitter draw and
     * rate's wait): the wire, a process of its own, read it late or sent it after the moment it planned. Part of its
     * crossing, truly (a busy computer wakes the wire late: 53 ms at load 22 on two cores). 0 when none or not known
     * (an older journal).
     */
    record Passage(String fate, long departedNs, List<Long> arrivedNs, long wireLateNs) {
        public static final String DELIVERED = "delivered", REORDERED = "reordered", DUPLICATED = "duplicated",
                LOST = "lost", DROPPED = "dropped";
        public Passage {
            arrivedNs = List.copyOf(arrivedNs);
            wireLateNs = Math.max(0, wireLateNs);
        }
        public Passage(String fate, long departedNs, List<Long> arrivedNs) {
            this(fate, departedNs, arrivedNs, 0);
        }
        /** Whether it reached the other host. */
        public boolean arrived() {
            return !arrivedNs.isEmpty();
        }
        /** How long it took to cross (to its first arrival), in ns; 0 when it never arrived. */
        public long delayNs() {
            return arrived() ? arrivedNs.getFirst() - departedNs : 0;
        }
    }

    /**
     * Capture of the wire: {@code started}, {@code stopped} or {@code unavailable}, with a one-line reason in
     * English ("tcpdump not installed"), kept readable in the file, and its stable {@code reasonCode} (message key
     * {@code capture.reason.CODE}) with the {@code reasonArgs} its text needs, which readers show in their language.
     * Journals older than the code have only the English reason. Without capture only inferred segments are journaled.
     */
    record Capture(String status, @Nullable String reason, @Nullable String reasonCode,
            List<String> reasonArgs) implements Payload {
        public static final String STARTED = "started", STOPPED = "stopped", UNAVAILABLE = "unavailable";
        public Capture {
            reasonArgs = reasonArgs == null ? List.of() : List.copyOf(reasonArgs);
        }
        /** A reason without a code: an old journal's. */
        public Capture(String status, @Nullable String reason) {
            this(status, reason, null, List.of());
        }
        @Override
        public String type() {
            return "capture";
        }

        /** The reason in the reader's language; an old journal's English reason as it was written. */
        public String reasonText(Messages m) {
            String key = "capture.reason." + reasonCode;
            if (reasonCode == null || !m.has(key)) return reason == null ? "" : reason;
            return reasonArgs.isEmpty() ? m.get(key) : m.get(key, reasonArgs.toArray());
        }
    }
}
