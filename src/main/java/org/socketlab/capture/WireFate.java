package org.socketlab.capture;

import java.util.Locale;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * What SocketLab's wire did with one IPv4 packet between the lab's two hosts (issue 55), as the wire program says it
 * (packaging/linux/wire.c): a line of its standard output. The packet is named by what the captures at both ends also
 * see of it (protocol, ports, IP id, TCP numbers and payload length), so its fate can be put on the segment the capture
 * journals.
 *
 * @param number    the packet's number in its direction (1, 2...; a duplicate's copy has its original's)
 * @param toServer  whether it went from the first host (the client's) to the second (the server's)
 * @param fate      what happened to it
 * @param inNs      when the wire read it (CLOCK_MONOTONIC, ns: the clock of {@link System#nanoTime()})
 * @param outNs     when the wire sent it on; 0 when it never did
 * @param frameLen  the Ethernet frame's length in bytes
 * @param proto     the IP protocol number (6 TCP, 17 UDP, 1 ICMP)
 * @param srcPort   the source port (TCP, UDP; 0 otherwise)
 * @param dstPort   the destination port
 * @param ipId      the IP header's identification
 * @param seq       the TCP sequence number (0 otherwise), unsigned
 * @param ack       the TCP acknowledgment number, unsigned
 * @param tcpFlags  the TCP flags byte
 * @param payload   the payload's length in bytes
 * @param held      how many frames of its direction the wire holds after this event (0: none on the wire)
 */
public record WireFate(long number, boolean toServer, Fate fate, long inNs, long outNs, int frameLen, int proto,
        int srcPort, int dstPort, int ipId, long seq, long ack, int tcpFlags, int payload, int held) {

    /** What the wire did. */
    public enum Fate {
        /** read by the wire and waiting there: {@code outNs} is when it is due (its fate line comes then) */
        QUEUED,
        /** the same, and a copy of it queued to leave just after it (its own line comes as {@link #DUPLICATED}) */
        QUEUED_TWICE,
        /** carried after its delay, in order */
        DELIVERED,
        /** carried, ahead of an earlier packet of its direction */
        REORDERED,
        /** a second copy carried (the original has its own line) */
        DUPLICATED,
        /** lost on the way (at random, or in a burst) */
        LOST,
        /** dropped: its direction's queue was full */
        DROPPED;

        /** The wire's word for it. */
        public String word() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** Whether this is the line the wire tells as it reads the packet and queues it (its plan). */
        public boolean queued() {
            return this == QUEUED || this == QUEUED_TWICE;
        }

        /** Whether the packet arrived. */
        public boolean arrived() {
            return this == DELIVERED || this == REORDERED || this == DUPLICATED;
        }

        static @Nullable Fate of(String word) {
            for (Fate f : values()) if (f.word().equals(word)) return f;
            return null;
        }
    }

    /** How long it was on the wire, in ns (0 when it never arrived; for a queued one, how long it will be). */
    public long delayNs() {
        return outNs > 0 ? outNs - inNs : 0;
    }

    /** A line of the wire's output read back; empty for anything else ("wire ready", "unsaid N"). */
    public static Optional<WireFate> parse(String line) {
        String[] w = line.strip().split(" ");
        if (w.length != 15 || !(w[1].equals("ab") || w[1].equals("ba"))) return Optional.empty();
        Fate fate = Fate.of(w[2]);
        if (fate == null) return Optional.empty();
        try {
            return Optional.of(new WireFate(Long.parseLong(w[0]), w[1].equals("ab"), fate, Long.parseLong(w[3]),
                    Long.parseLong(w[4]), Integer.parseInt(w[5]), Integer.parseInt(w[6]), Integer.parseInt(w[7]),
                    Integer.parseInt(w[8]), Integer.parseInt(w[9]), Long.parseLong(w[10]), Long.parseLong(w[11]),
                    Integer.parseInt(w[12]), Integer.parseInt(w[13]), Integer.parseInt(w[14])));
        } catch (NumberFormatException notANumber) {
            return Optional.empty();
        }
    }
}
