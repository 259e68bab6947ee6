package org.socketlab.syscall;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How many descriptors this process may have open (its soft RLIMIT_NOFILE, which the JVM raises to the hard limit at
 * start). An endpoint's control channel is descriptor {@link EndpointProcess#CONTROL}, and a lab holds tcpdump's
 * pipes, the broker's sockets and each endpoint's: below {@link #NEEDED} a call fails half-way with EBADF or EMFILE
 * (the JDK's own "spawn helper" text), so the program says so before it starts anything.
 */
public final class OpenFilesLimit {
    /** Enough for a lab with several endpoints, their pipes and tcpdump's; far below any desktop's default (1024). */
    public static final long NEEDED = 256;
    private static final Pattern LINE = Pattern.compile("(?m)^Max\\sopen\\sfiles\\s+(\\d+|unlimited)\\s");

    private OpenFilesLimit() {
    }

    /** The limit now, where the system says it ({@code /proc/self/limits}); empty elsewhere. */
    public static OptionalLong current() {
        try {
            // Read to its end: a /proc file's size is not its length.
            try (InputStream in = Files.newInputStream(Path.of("/proc/self/limits"))) {
                return parse(new String(in.readAllBytes(), StandardCharsets.US_ASCII));
            }
        } catch (IOException | UnsupportedOperationException e) {
            return OptionalLong.empty();
        }
    }

    /** The soft limit in a {@code /proc/PID/limits} text. */
    public static OptionalLong parse(String limits) {
        Matcher m = LINE.matcher(limits);
        if (!m.find()) return OptionalLong.empty();
        return m.group(1).equals("unlimited")
                ? OptionalLong.of(Long.MAX_VALUE)
                : OptionalLong.of(Long.parseLong(m.group(1)));
    }

    /** The limit when it is below {@link #NEEDED}; empty when it is enough or unknown. */
    public static OptionalLong tooLow() {
        OptionalLong now = current();
        return now.isPresent() && now.getAsLong() < NEEDED ? now : OptionalLong.empty();
    }
}
