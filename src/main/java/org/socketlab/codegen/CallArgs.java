package org.socketlab.codegen;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.socketlab.journal.CallArg;
import org.socketlab.journal.Payload;
import org.socketlab.syscall.MsgFlag;
import org.socketlab.syscall.PollEvent;
import org.socketlab.syscall.SockType;
import org.socketlab.syscall.SocketOption;

/**
 * A journaled call's arguments as text ({@code SOCK_STREAM|SOCK_CLOEXEC}, {@code {tv_sec=0, tv_usec=300000}}) read as
 * values; what cannot be read gives the stated default, never an exception.
 */
final class CallArgs {

    private CallArgs() {
    }

    /**
     * The socket type of a traced program's {@code socket()}: glibc and the runtimes of Python and Rust ask for
     * {@code SOCK_STREAM|SOCK_CLOEXEC} (the descriptor is closed across exec, which the socket's life never sees).
     */
    static Optional<SockType> sockType(String text) {
        if (text == null) return Optional.empty();
        for (String part : text.split("\\|")) {
            Optional<SockType> t = enumOf(SockType.class, part.strip());
            if (t.isPresent()) return t;
        }
        return Optional.empty();
    }

    /**
     * The flags or-ed into a socket type or given to accept4() ({@code SOCK_STREAM|SOCK_CLOEXEC|SOCK_NONBLOCK}):
     * {@code SOCK_NONBLOCK} and {@code SOCK_CLOEXEC}, in that order, as the program asked for them.
     */
    static List<String> typeFlags(String text) {
        if (text == null) return List.of();
        List<String> parts = List.of(text.split("\\|")).stream().map(String::strip).toList();
        return List.of("SOCK_NONBLOCK", "SOCK_CLOEXEC").stream().filter(parts::contains).toList();
    }

    static Set<MsgFlag> flags(Payload.Call c) {
        try {
            return MsgFlag.parse(c.arg(CallArg.FLAGS));
        } catch (IllegalArgumentException unknown) {
            return Set.of();
        }
    }

    /** poll's events, the same for every fd: read from the first {@code events=} of its {@code fds}. */
    static Set<PollEvent> pollEvents(String fds) {
        Matcher m = Pattern.compile("events=([A-Z|0]+)")
                .matcher(fds == null ? "" : fds);
        try {
            return m.find() ? PollEvent.parse(m.group(1)) : Set.of();
        } catch (IllegalArgumentException unknown) {
            return Set.of();
        }
    }

    static Op.Bytes bytes(Payload.Call c) {
        byte[] held = c.data() == null ? new byte[0] : c.data();
        int asked = intOf(c.arg(CallArg.LEN), (int) c.dataLength());
        if (asked <= held.length) return new Op.Bytes(held);
        // The journal holds the bytes the kernel took (a long session's only their start); the rest is unknown: filled.
        byte[] all = Arrays.copyOf(held, asked);
        Arrays.fill(all, held.length, asked, held.length > 0 ? held[held.length - 1] : (byte) '.');
        return new Op.Bytes(all, held.length);
    }

    /**
     * SO_LINGER is journaled as {@code {l_onoff=1, l_linger=0}}, SO_RCVTIMEO/SO_SNDTIMEO as
     * {@code {tv_sec=0, tv_usec=300000}} (given back in milliseconds); other options as their int.
     */
    static int optionValue(SocketOption option, String value) {
        if (value == null) return 0;
        if (option.isTimeout()) return (int) (field(value, "tv_sec=") * 1000 + field(value, "tv_usec=") / 1000);
        if (option == SocketOption.SO_LINGER) {
            if (value.contains("l_onoff=0")) return -1;
            int at = value.indexOf("l_linger=");
            return at < 0 ? 0 : intOf(value.substring(at + 9).replace("}", "").strip(), 0);
        }
        return intOf(value, 0);
    }

    /** The number after {@code name} in a journaled struct ({@code tv_usec=300000}), 0 where it is not there. */
    static long field(String struct, String name) {
        int at = struct.indexOf(name);
        if (at < 0) return 0;
        int end = at + name.length();
        while (end < struct.length() && Character.isDigit(struct.charAt(end))) end++;
        return intOf(struct.substring(at + name.length(), end), 0);
    }

    static int intOf(String text, int otherwise) {
        try {
            return text == null ? otherwise : Integer.parseInt(text.strip());
        } catch (NumberFormatException e) {
            return otherwise;
        }
    }

    static <E extends Enum<E>> Optional<E> enumOf(Class<E> type, String name) {
        if (name == null) return Optional.empty();
        try {
            return Optional.of(Enum.valueOf(type, name));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
