package org.socketlab.syscall;

import java.util.Arrays;

import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The bits of {@code struct pollfd}'s events and revents. POLLIN, POLLPRI, POLLOUT and POLLRDHUP are asked for;
 * POLLERR, POLLHUP and POLLNVAL the kernel reports whether asked or not.
 */
public enum PollEvent {
    POLLIN, POLLPRI, POLLOUT, POLLRDHUP, POLLERR, POLLHUP, POLLNVAL;

    /** The bit on this OS, or -1 when it has none (POLLRDHUP is Linux's). */
    public int value(PlatformConstants c) {
        return switch (this) {
            case POLLIN -> c.pollIn();
            case POLLPRI -> c.pollPri();
            case POLLOUT -> c.pollOut();
            case POLLRDHUP -> c.pollRdHup();
            case POLLERR -> c.pollErr();
            case POLLHUP -> c.pollHup();
            case POLLNVAL -> c.pollNval();
        };
    }

    /** Whether a program asks for it in {@code events} (the others are always reported). */
    public boolean askable() {
        return this == POLLIN || this == POLLPRI || this == POLLOUT || this == POLLRDHUP;
    }

    public static short bits(Set<PollEvent> events, PlatformConstants c) {
        int bits = 0;
        for (PollEvent e : events) if (e.value(c) > 0) bits |= e.value(c);
        return (short) bits;
    }

    /** The named bits set in {@code bits}; bits with no name here are left out. */
    public static Set<PollEvent> of(short bits, PlatformConstants c) {
        EnumSet<PollEvent> set = EnumSet.noneOf(PollEvent.class);
        for (PollEvent e : values()) if (e.value(c) > 0 && (bits & e.value(c)) != 0) set.add(e);
        return set;
    }

    /** As strace writes them: {@code POLLIN|POLLOUT}; {@code 0} for none. */
    public static String text(Set<PollEvent> events) {
        if (events.isEmpty()) return "0";
        return Arrays.stream(values()).filter(events::contains).map(Enum::name)
                .collect(Collectors.joining("|"));
    }

    /** Parses {@link #text}; throws IllegalArgumentException on an unknown name. */
    public static Set<PollEvent> parse(String text) {
        EnumSet<PollEvent> set = EnumSet.noneOf(PollEvent.class);
        String t = text == null ? "" : text.strip();
        if (t.isEmpty() || t.equals("0")) return set;
        for (String part : t.split("\\|")) set.add(valueOf(part.strip()));
        return set;
    }
}
