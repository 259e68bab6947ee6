package org.socketlab.lab;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.jspecify.annotations.Nullable;
import org.socketlab.i18n.LocalizedException;
import org.socketlab.syscall.ProcessStarts;

/**
 * A port for a lesson or a checked program: free on loopback for TCP and UDP, with its byte-swapped twin another
 * unprivileged port free for TCP (the byte-order lesson binds both, {@code {port_swapped}} in lesson files).
 * <p>
 * Chosen at random below the kernel's ephemeral range, not by the kernel (port 0), for two reasons seen in whole test
 * runs (test JVMs side by side): a port from that range, free when asked, may be given the next moment to any other
 * program's connect() as its local port; and port 0 asked with SO_REUSEADDR (Java's default) may be a port whose
 * earlier connections wait in TIME_WAIT, which the lesson's own bind() (without SO_REUSEADDR) refuses with EADDRINUSE.
 * Below the range only an explicit bind takes a port, and the check binds as the lesson will, without SO_REUSEADDR,
 * with sockets no program started meanwhile inherits ({@link PortCheckSocket}).
 * <p>
 * Each process hands out the ports of its own slice of that room (its pid chooses it), one after the other: two
 * processes choosing at random over the whole room (test JVMs side by side, each running lessons) picked the same port
 * between one's check and its bind often enough to fail a whole run now and then; a port of the slice comes back only
 * after {@value #SLICE} others, and its TIME_WAIT, if any, is refused by the check.
 */
public final class FreePort {
    /** The lowest port chosen below the ephemeral range (well-known and registered service ports stay out). */
    private static final int LOWEST = 10_000;
    /** Linux's default first ephemeral port, used where the kernel's setting cannot be read (another OS). */
    private static final int LINUX_DEFAULT_START = 32_768;
    private static final Path RANGE = Path.of("/proc/sys/net/ipv4/ip_local_port_range");
    /** How many ports a process's slice has. */
    private static final int SLICE = 1_000;
    /** Where in its slice this process hands out the next port (it starts anywhere in it). */
    private static final AtomicInteger CURSOR = new AtomicInteger(ThreadLocalRandom.current().nextInt(SLICE));

    private FreePort() {
    }

    /** A free port, as described above; a {@link LocalizedException} saying so when none is found in 200 tries. */
    public static int find() {
        int below = ephemeralStart();
        boolean roomBelow = usable(below).length >= SLICE;
        LocalizedException none = new LocalizedException("lab.noFreePort");
        for (int attempt = 0; attempt < 200; attempt++) {
            // Where the ephemeral range leaves no room below it, the kernel's own choice (port 0), checked as well; a
            // slice that gave no free port in 150 tries leaves the rest to the whole room.
            int wanted = !roomBelow
                    ? 0
                    : attempt < 150 ? inSlice(below) : anyInRoom(below);
            try {
                int port = ProcessStarts.privately(() -> checked(wanted));
                if (port > 0) return port;
            } catch (IOException e) {
                none.addSuppressed(e);
            }
        }
        throw none;
    }

    /**
     * The port {@code wanted} (0: the kernel's choice) if it is free for TCP and UDP with its twin, else 0; its sockets
     * are open only while no program is being started ({@link ProcessStarts#privately}), so none inherits them.
     */
    private static int checked(int wanted) throws IOException {
        try (PortCheckSocket tcp = PortCheckSocket.tcp(wanted)) {
            int port = tcp.port(), twin = swapped(port);
            if (twin < 1024 || twin == port) return 0;
            try (PortCheckSocket udp = PortCheckSocket.udp(port);
                    PortCheckSocket swapped = PortCheckSocket.tcp(twin)) {
                return port;
            }
        }
    }

    /** This process's next port, from the slice of the room it holds (its first port is the slice's lock). */
    private static int inSlice(int below) {
        int[] ports = usable(below);
        int slice = claimSlice(ports);
        return ports[slice * SLICE + 1 + Math.floorMod(CURSOR.getAndIncrement(), SLICE - 1)];
    }

    /**
     * Claims a slice of the room for this process (once; idempotent): the first slice, starting at the one its pid
     * chooses, whose first port it can bind, and holds that port bound (not listening) for its lifetime. Two processes
     * of one network namespace (test JVMs side by side, a window and a {@code check}) then never hand out the same
     * ports: sharing a slice, each swept the other's ports and a lesson's bind() got EADDRINUSE now and then. The kernel
     * lets the port go when the process ends. Where every slice is held, the pid's is shared, as before.
     */
    public static void claimSlice() {
        int below = ephemeralStart();
        int[] ports = usable(below);
        if (ports.length >= SLICE) claimSlice(ports);
    }

    private static synchronized int claimSlice(int[] ports) {
        if (claimed >= 0) return claimed;
        int slices = Math.max(1, ports.length / SLICE);
        int first = (int) (ProcessHandle.current().pid() % slices);
        for (int i = 0; i < slices; i++) {
            int slice = (first + i) % slices;
            try {
                sliceLock = PortCheckSocket.tcp(ports[slice * SLICE]);
                return claimed = slice;
            } catch (IOException taken) {
                // another process holds this slice: the next one
            }
        }
        return claimed = first;
    }

    /** The slice this process hands ports from, -1 before the first; its lock stays bound while the process lives. */
    private static int claimed = -1;

    @SuppressWarnings("unused") // held, never read: bound, it keeps the slice this process's
    private static @Nullable PortCheckSocket sliceLock;

    private static int anyInRoom(int below) {
        int[] ports = usable(below);
        return ports[ThreadLocalRandom.current().nextInt(ports.length)];
    }

    /**
     * The room's ports that may be handed out, in order: those whose twin ({@link #swapped}) lies outside the room. The
     * twin is bound for a moment to check it is free; were it another handed-out port, that moment could refuse the
     * other's real bind (a check's server got EADDRINUSE in a whole run: 0x2F30 and 0x302F are both in one slice).
     */
    static int[] usable(int below) {
        Room known = room;
        if (known != null && known.below() == below) return known.ports();
        int[] ports = IntStream.range(LOWEST, Math.max(LOWEST, below)).filter(p -> {
            int twin = swapped(p);
            return twin >= 1024 && twin != p && (twin < LOWEST || twin >= below);
        }).toArray();
        room = new Room(below, ports);
        return ports;
    }

    /** The usable ports below {@code below}, computed once for the range the kernel has. */
    private record Room(int below, int[] ports) {
    }

    private static volatile @Nullable Room room;

    /** The port with its two bytes swapped: what a port written without htons() binds. */
    public static int swapped(int port) {
        return Short.toUnsignedInt(Short.reverseBytes((short) port));
    }

    /** Whether a lesson's server could bind {@code port} on loopback now (TIME_WAIT included, as the lesson sees it). */
    static boolean freeForALesson(int port) {
        try (PortCheckSocket s = PortCheckSocket.tcp(port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * The first port the kernel hands out by itself. Read line by line: {@code Files.readString} returns only the first
     * byte of this sysctl file (it trusts the size the file reports), which once made every choice fall back to port 0.
     */
    static int ephemeralStart() {
        try (BufferedReader r = Files.newBufferedReader(RANGE)) {
            String line = r.readLine();
            return line == null ? LINUX_DEFAULT_START : Integer.parseInt(line.trim().split("\\s+")[0]);
        } catch (IOException | RuntimeException e) {
            return LINUX_DEFAULT_START;
        }
    }
}
