package org.socketlab.capture;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The TCP congestion control of the network this program runs in (issue 55), as the kernel says it: what a loss shows
 * (how the window shrinks, how fast it grows back) depends on it. In a private lab network labnet chose it (CUBIC where
 * this system lets a namespace choose it, else Reno: packaging/linux/labnet/util.c), in each host; elsewhere it is this
 * computer's default.
 *
 * @param name    the algorithm new connections use ({@code cubic}, {@code reno}, {@code bbr}...), or "-" when unknown
 * @param allowed what this system lets a namespace or a program without privileges choose
 */
public record CongestionControl(String name, List<String> allowed) {
    private static final Path CURRENT = Path.of("/proc/sys/net/ipv4/tcp_congestion_control");
    private static final Path ALLOWED = Path.of("/proc/sys/net/ipv4/tcp_allowed_congestion_control");

    /** As the kernel of this program's network namespace says it now. */
    public static CongestionControl ofThisNetwork() {
        return new CongestionControl(read(CURRENT).stream().findFirst().orElse("-"), read(ALLOWED));
    }

    /** Whether CUBIC could be had here (the lab then has it). */
    public boolean cubicAllowed() {
        return allowed.contains("cubic");
    }

    private static List<String> read(Path file) {
        try {
            return List.of(Files.readString(file).strip().split("\\s+"));
        } catch (IOException | RuntimeException unreadable) {
            return List.of();
        }
    }
}
