package org.socketlab.syscall;

import java.util.Arrays;
import java.util.EnumSet;

import java.util.Set;
import java.util.stream.Collectors;

/** The flags argument of send/recv/sendto/recvfrom that SocketLab offers; several may be or-ed together. */
public enum MsgFlag {
    /** recv: look at the data without taking it from the receive buffer. */
    MSG_PEEK,
    /** recv: wait until the whole buffer is filled (or end of stream, an error, a signal). */
    MSG_WAITALL,
    /** This one call does not block, as if the socket were O_NONBLOCK. */
    MSG_DONTWAIT,
    /** send: EPIPE without the SIGPIPE signal (Linux). */
    MSG_NOSIGNAL;

    public int value(PlatformConstants c) {
        return switch (this) {
            case MSG_PEEK -> c.msgPeek();
            case MSG_WAITALL -> c.msgWaitAll();
            case MSG_DONTWAIT -> c.msgDontWait();
            case MSG_NOSIGNAL -> c.msgNoSignal();
        };
    }

    /** The flags or-ed into one int; a flag this OS lacks is refused by the caller before. */
    public static int bits(Set<MsgFlag> flags, PlatformConstants c) {
        int bits = 0;
        for (MsgFlag f : flags) bits |= f.value(c);
        return bits;
    }

    /** As strace writes them: {@code 0}, {@code MSG_PEEK|MSG_WAITALL}, in declaration order. */
    public static String text(Set<MsgFlag> flags) {
        if (flags.isEmpty()) return "0";
        return Arrays.stream(values()).filter(flags::contains).map(Enum::name)
                .collect(Collectors.joining("|"));
    }

    /** Parses {@link #text}: {@code 0} or names joined with {@code |}; throws IllegalArgumentException on anything else. */
    public static Set<MsgFlag> parse(String text) {
        EnumSet<MsgFlag> set = EnumSet.noneOf(MsgFlag.class);
        String t = text == null ? "" : text.strip();
        if (t.isEmpty() || t.equals("0")) return set;
        for (String part : t.split("\\|")) set.add(valueOf(part.strip()));
        return set;
    }
}
