package org.socketlab.lesson;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The kernel's own timers for a segment it must send again (Linux, net/ipv4/tcp_timer.c), with the limits this
 * network's sysctls set: how long after a lost SYN, SYN-ACK or data segment TCP tries again, and when it gives a
 * connection up. A lesson's step waits as long as these say (issue 76 item 4).
 *
 * @param synRetries        {@code tcp_syn_retries}: how many times a SYN is sent again before connect() fails
 * @param synLinearTimeouts {@code tcp_syn_linear_timeouts}: how many of those come 1 s apart before the doubling
 *                          (0 on kernels before 6.5, which lack it)
 * @param synackRetries     {@code tcp_synack_retries}: how many times a SYN-ACK is sent again
 */
public record TcpTimers(int synRetries, int synLinearTimeouts, int synackRetries) {
    /** The first timeout of a handshake segment ({@code TCP_TIMEOUT_INIT}). */
    static final Duration INITIAL = Duration.ofSeconds(1);
    /** The longest retransmission timeout ({@code TCP_RTO_MAX}). */
    static final Duration MAX_RTO = Duration.ofSeconds(120);
    /** The shortest one ({@code TCP_RTO_MIN}). */
    static final Duration MIN_RTO = Duration.ofMillis(200);
    /** Linux's defaults (6.5 and later). */
    public static final TcpTimers LINUX_DEFAULTS = new TcpTimers(6, 4, 5);

    private static final Path SYSCTLS = Path.of("/proc/sys/net/ipv4");

    public TcpTimers {
        synRetries = Math.clamp(synRetries, 1, 127);
        synLinearTimeouts = Math.clamp(synLinearTimeouts, 0, 127);
        synackRetries = Math.clamp(synackRetries, 1, 127);
    }

    /** This network namespace's values; a value that cannot be read is Linux's default. */
    public static TcpTimers ofThisNetwork() {
        return new TcpTimers(read("tcp_syn_retries", LINUX_DEFAULTS.synRetries),
                read("tcp_syn_linear_timeouts", 0), read("tcp_synack_retries", LINUX_DEFAULTS.synackRetries));
    }

    private static int read(String name, int otherwise) {
        try {
            return Integer.parseInt(Files.readString(SYSCTLS.resolve(name)).strip());
        } catch (IOException | NumberFormatException | SecurityException unreadable) {
            return otherwise;
        }
    }

    /**
     * How long after its {@code sent}-th transmission (0: the first) a SYN is sent again: 1 s, then 1 s again for the
     * linear timeouts, then doubling (tcp_retransmit_timer: {@code total_rto > tcp_syn_linear_timeouts} doubles).
     */
    Duration synTimeout(int sent) {
        return sent <= synLinearTimeouts ? INITIAL : capped(INITIAL, sent - synLinearTimeouts);
    }

    /**
     * How long after the SYN-ACK's timer was last set a SYN-ACK is sent again, {@code fired} times having fired:
     * 1 s, 2 s, 4 s... (the request's timer, {@code TCP_TIMEOUT_INIT << num_timeout}).
     */
    Duration synackTimeout(int fired) {
        return capped(INITIAL, fired);
    }

    /** A retransmission timeout of {@code rto} after {@code backoffs} doublings, at most {@link #MAX_RTO}. */
    static Duration capped(Duration rto, int backoffs) {
        Duration d = rto;
        for (int i = 0; i < backoffs && d.compareTo(MAX_RTO) < 0; i++) d = d.multipliedBy(2);
        return d.compareTo(MAX_RTO) > 0 ? MAX_RTO : d;
    }

    /**
     * When connect() gives up on a SYN never answered, from its first send: every timeout of the SYN and its
     * retransmissions added ({@code tcp_syn_retries} plus the linear ones: 131 s with Linux's defaults). No step waits
     * longer than this for TCP.
     */
    public Duration synGiveUp() {
        Duration total = Duration.ZERO;
        for (int sent = 0; sent <= synRetries + synLinearTimeouts; sent++) total = total.plus(synTimeout(sent));
        return total;
    }
}
