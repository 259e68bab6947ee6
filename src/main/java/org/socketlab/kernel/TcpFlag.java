package org.socketlab.kernel;

import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A TCP header flag, in the order the journal writes a segment's flags ({@code ["SYN","ACK"]}, {@code ["PSH","ACK"]}):
 * the engine tests these, and the names are read and written only where a segment's text enters or leaves (the
 * capture, the journal).
 */
public enum TcpFlag {
    SYN(0x02), FIN(0x01), RST(0x04), PSH(0x08), ACK(0x10), URG(0x20), ECE(0x40), CWR(0x80);

    /** Its bit in the TCP header's flags byte (RFC 9293 section 3.1, RFC 3168 for ECE and CWR). */
    public final int bit;

    TcpFlag(int bit) {
        this.bit = bit;
    }

    /** The flag a journal or capture name names, if it is a TCP flag (an ICMP message's name is not). */
    public static Optional<TcpFlag> named(String name) {
        for (TcpFlag f : values()) if (f.name().equals(name)) return Optional.of(f);
        return Optional.empty();
    }

    /** The flags set in a TCP header's flags byte. */
    public static Set<TcpFlag> ofBits(int bits) {
        EnumSet<TcpFlag> set = EnumSet.noneOf(TcpFlag.class);
        for (TcpFlag f : values()) if ((bits & f.bit) != 0) set.add(f);
        return set;
    }

    /** The TCP flags among a segment's journaled names; other names (an ICMP message's) are none of them. */
    public static Set<TcpFlag> of(List<String> names) {
        EnumSet<TcpFlag> set = EnumSet.noneOf(TcpFlag.class);
        for (String n : names) named(n).ifPresent(set::add);
        return set;
    }

    /** The names as the journal writes them, in its order. */
    public static List<String> names(Set<TcpFlag> flags) {
        return (flags.isEmpty() ? EnumSet.noneOf(TcpFlag.class) : EnumSet.copyOf(flags)).stream().map(Enum::name)
                .toList();
    }
}
