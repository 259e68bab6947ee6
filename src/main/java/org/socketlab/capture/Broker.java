package org.socketlab.capture;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.IntPredicate;
import org.jspecify.annotations.Nullable;

/**
 * The lab network's broker, as this program reaches it: one end of a socketpair labnet handed to the program it started
 * (packaging/linux/labnet/), never a name another process could find. The broker keeps the lab network's capture and
 * firewall rights and takes <b>structured requests</b> only (a request type and parameters it checks itself): a capture
 * of the lab's loopback or of one of its log groups, and nft operations on SocketLab's own table from fixed templates.
 * What it runs writes to this program's pipes and ends when this program shuts the request's reply socket
 * ({@link BrokerProcess}).
 *
 * @param channel the inherited end, marked close-on-exec before this program starts any other
 * @param pid     the broker's process (for messages and tests)
 */
public record Broker(int channel, long pid) {
    /** How labnet names the inherited end in the environment: {@code fd:pid}. */
    public static final String VARIABLE = "SOCKETLAB_LABNET";
    /** The exit status of a request the broker refused (its one-line reason is on the request's stderr). */
    public static final int REFUSED = 126;

    /**
     * The broker named by {@code value} ({@code fd:pid}), if that fd is open here and is a socket and {@code
     * keepFromChildren} takes it: it marks it close-on-exec, or has it marked before this program starts any other
     * ({@code ProcessStarts}), so no program this one starts inherits it (Java's own process start closes it too).
     */
    static Optional<Broker> inherited(@Nullable String value, IntPredicate keepFromChildren) {
        if (value == null) return Optional.empty();
        String[] parts = value.split(":", -1);
        if (parts.length != 2 || !parts[0].matches("[0-9]{1,5}") || !parts[1].matches("[0-9]{1,10}"))
            return Optional.empty();
        int fd = Integer.parseInt(parts[0]);
        if (fd < 3 || !isSocket(fd) || !keepFromChildren.test(fd)) return Optional.empty();
        return Optional.of(new Broker(fd, Long.parseLong(parts[1])));
    }

    private static boolean isSocket(int fd) {
        try {
            return Files.readSymbolicLink(Path.of("/proc/self/fd/" + fd)).toString().startsWith("socket:");
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }

    /** A capture of {@code device} ({@code lo} or {@code nflog:N}) as pcap on the process's standard output. */
    public Process capture(String device, int snapLength) throws IOException {
        return capture(List.of("capture", device, String.valueOf(snapLength)));
    }

    /**
     * One nft transaction on the lab's table ({@code inet socketlab}), written by the broker from its templates:
     * {@code fresh GROUP MARKER}, {@code reset GROUP MARKER}, {@code drop ID GROUP to-server|to-client PORT KIND N,N...}.
     */
    public Process nft(List<String> operations) throws IOException {
        List<String> words = new ArrayList<>(List.of("nft"));
        words.addAll(operations);
        return request(words);
    }

    /**
     * A capture of the log group {@code nflog:N} of the second host {@code host} ({@link #host()}'s pid): labnet's
     * {@code capture-in}, the packets that host's drop rules dropped, as pcap on the process's standard output.
     */
    Process captureIn(int host, String logGroup, int snapLength) throws IOException {
        return capture(List.of("capture-in", String.valueOf(host), logGroup, String.valueOf(snapLength)));
    }

    /**
     * One nft transaction on the lab's table in the second host {@code host} (labnet's {@code nft-in}): the same
     * operations as {@link #nft}, acting on what arrives at that host over the link.
     */
    Process nftIn(int host, List<String> operations) throws IOException {
        List<String> words = new ArrayList<>(List.of("nft-in", String.valueOf(host)));
        words.addAll(operations);
        return request(words);
    }

    /**
     * {@code command} contained (labnet's {@code contain}): in a room of its own made by the broker, below a small init:
     * user, mount, PID and IPC namespaces, the network {@code limits.network()} (or one of its own), a fresh root holding only read-only system folders, a few files of /etc, a
     * minimal /dev, its own /proc and /tmp, {@code limits.workFolder()}'s path as an empty working folder and the folders
     * of {@code limits} read-only at their own paths; with {@code limits}, as nobody when this program is root, no
     * capability and no way to make namespaces. With a {@link Containment.Trace} the broker runs strace outside the
     * room, attached before the program's first instruction. The folders and the record's pipe go over as descriptors,
     * never as names. {@link Process#destroy()} ends everything in the room; so does the end of this program.
     */
    public ContainedProcess contain(Containment limits, List<String> command) throws IOException {
        List<String> words = new ArrayList<>(List.of("contain", String.valueOf(limits.processes()),
                String.valueOf(limits.cpuSeconds()), String.valueOf(limits.openFiles()),
                String.valueOf(limits.memoryMb()), String.valueOf(limits.fileMb()),
                limits.network() == 0 ? "-" : String.valueOf(limits.network())));
        StringBuilder kinds = new StringBuilder("t");
        List<Path> places = new ArrayList<>(List.of(limits.workFolder()));
        for (Path p : limits.readOnly()) {
            kinds.append(p.equals(limits.startFolder()) ? 's' : 'r');
            places.add(p);
        }
        words.add(kinds.toString());
        Containment.Trace trace = limits.trace();
        words.add(trace == null ? "0" : String.valueOf(trace.strings()));
        words.add(trace == null ? "-" : trace.calls());
        words.addAll(command);
        return BrokerProcess.start(this, words, places, trace == null ? new int[0] : new int[]{trace.record()}, true);
    }

    /**
     * The lab's second host (labnet's {@code host}): a network namespace joined to the lab's by a veth pair, the lab's
     * end {@value SecondHost#LINK}; with {@code wire} (a {@link LinkConditions#words()}, empty for none) the hosts are
     * joined through a middle namespace by SocketLab's own wire program, whose fates come on the standard output. Its {@link BrokerStarted#startedPid()} (once made; -1 when it could not be, the reason on
     * its standard error) names it to {@link #endpoint}; {@link Process#destroy()} removes it.
     */
    BrokerStarted host(List<String> wire) throws IOException {
        return host(wire, -1);
    }

    /**
     * As {@link #host(List)}, the wire's standard input {@code orders} (a pipe's read end, closed by the caller once
     * this returns; -1: none): "set" lines there change the link live (packaging/linux/wire.c).
     */
    BrokerStarted host(List<String> wire, int orders) throws IOException {
        List<String> words = new ArrayList<>(List.of("host"));
        if (!wire.isEmpty()) {
            words.add("wire");
            words.addAll(wire);
        }
        return BrokerProcess.start(this, words, List.of(), orders >= 0 && !wire.isEmpty()
                ? new int[]{orders}
                : new int[0], true);
    }

    /**
     * A room's network (labnet's {@code network}): a namespace with its loopback only, joined to nothing. Its
     * {@link BrokerStarted#startedPid()} (once made; -1 when it could not be, the reason on its standard error) names it
     * to {@link #endpoint} and to {@link #contain}; with it comes a sock_diag socket of it
     * ({@link BrokerStarted#takeHandedDescriptor()}); {@link Process#destroy()} lets it go.
     */
    BrokerStarted network() throws IOException {
        return BrokerProcess.start(this, List.of("network"), List.of(), new int[0], true);
    }

    /**
     * The endpoint program (the one beside labnet, never one this program names) started as {@code name} in the
     * network namespace of the host {@code host} ({@link #host()}'s pid), with {@code control} as its channel: its pid
     * once started, its exit status, {@link Process#destroy()} to end it.
     */
    BrokerStarted endpoint(String name, int host, int control) throws IOException {
        return BrokerProcess.start(this, List.of("endpoint", name, String.valueOf(host)), List.of(),
                new int[]{control}, true);
    }

    /**
     * labnet's {@code link}: both ends of the link to the host {@code host} ({@link #host()}'s pid) send at most
     * {@code kbit} kbit/s through a token bucket (tbf); 0 removes it. Its exit status is 0 once set on both ends.
     */
    Process link(int host, int kbit) throws IOException {
        return request(List.of("link", String.valueOf(host), String.valueOf(kbit)));
    }

    /** labnet's {@code netem}: whether this kernel has netem, tried on the lab's own loopback (one line on stdout). */
    Process netem() throws IOException {
        return request(List.of("netem"));
    }

    /** A capture's output comes on sockets: it can be read to its end before the capture has exited. */
    private Process capture(List<String> words) throws IOException {
        return BrokerProcess.start(this, words, List.of(), new int[0], false, BrokerProcess.Outputs.SOCKETS);
    }

    Process request(List<String> words) throws IOException {
        return BrokerProcess.start(this, words, List.of(), false);
    }
}
