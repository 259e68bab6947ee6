package org.socketlab.bench;

import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.socketlab.journal.Event;
import org.socketlab.journal.Payload;
import org.socketlab.journal.SocketIdentities;

/**
 * Issue 53: the socket-identity resolver keeps every socket of the session (the table's tracker it replaced kept the
 * newest 4,096 gone ones). A long session as a {@code serve} of many short connections journals it: per connection a
 * client socket, connect, accept, a send and a recv, queues, both closes and the states to TIME_WAIT and CLOSED, each
 * socket a fresh inode on reused numbers (about 18 events). Prints, for {@code -Dbench.events} events (100,000 and
 * 1,000,000 by default), the time to append them all, the time to ask each event's socket, and the heap the resolver
 * keeps after a GC (and per socket), with the uid and load average; unbounded (a story, a lesson run) and keeping the
 * newest 4,096 gone sockets (the sockets table, a terminal's serve).
 */
class SocketIdentitiesBenchmark {
    @Test
    void aLongSessionsSockets() throws IOException {
        String sizes = System.getProperty("bench.events", "100000,1000000");
        for (String size : sizes.split(",")) {
            measure(Integer.parseInt(size.strip()), false);
            measure(Integer.parseInt(size.strip()), true);
        }
    }

    private static void measure(int count, boolean bounded) throws IOException {
        List<Event> events = session(count);
        for (int warm = 0; warm < 2; warm++) SocketIdentities.of(events.subList(0, Math.min(events.size(), 50_000)));
        System.gc();
        long before = usedHeap();
        long start = System.nanoTime();
        SocketIdentities ids = bounded
                ? SocketIdentities.fromAnywhere().keepingGone(4096)
                : SocketIdentities.fromAnywhere();
        ids.appendAll(events);
        double appendMs = (System.nanoTime() - start) / 1e6;
        start = System.nanoTime();
        int found = 0;
        for (Event e : events) if (ids.socketOf(e) != null) found++;
        double askMs = (System.nanoTime() - start) / 1e6;
        System.gc();
        long kept = usedHeap() - before;
        SocketIdentities.Socket last = ids.socketOf(events.getLast());
        assertNotNull(last);
        System.out.printf(
                "SocketIdentitiesBenchmark%s: %,d events, %,d sockets: appended in %.0f ms, %,d events' sockets"
                        + " asked in %.0f ms; the resolver keeps %.1f MB after a GC (%.0f bytes a socket); uid %s, load"
                        + " average %s%n",
                bounded ? " (keeping 4,096 gone, as the sockets table)" : "", events.size(), last.number(), appendMs,
                found, askMs, kept / 1e6,
                (double) kept / last.number(), uid(), loadAverage());
    }

    /** About {@code count} events of short connections from one client to one server, numbers reused, inodes fresh. */
    private static List<Event> session(int count) {
        List<Event> out = new ArrayList<>(count + 32);
        long inode = 10_000;
        add(out, "server", call("socket", null, 3, null, List.of(1L)));
        add(out, "server", call("listen", 3, 0, 1L, List.of()));
        while (out.size() < count) {
            long client = ++inode, conn = ++inode;
            add(out, "client", call("socket", null, 3, null, List.of(client)));
            add(out, "client", call("connect", 3, 0, client, List.of()));
            add(out, "client", new Payload.State(3, "CLOSED", "SYN_SENT", "sock_diag", null, client));
            add(out, "client", new Payload.State(3, "SYN_SENT", "ESTABLISHED", "sock_diag", null, client));
            add(out, "server", call("accept", 3, 4, 1L, List.of(conn)));
            add(out, "client", call("send", 3, 5, client, List.of()));
            add(out, "server", new Payload.Queue(4, 5, 0, conn));
            add(out, "server", call("recv", 4, 5, conn, List.of()));
            add(out, "server", new Payload.Queue(4, 0, 0, conn));
            add(out, "client", call("close", 3, 0, client, List.of()));
            add(out, "client", new Payload.State(3, "ESTABLISHED", "FIN_WAIT_1", "sock_diag", null, client));
            add(out, "server", new Payload.State(4, "ESTABLISHED", "CLOSE_WAIT", "sock_diag", null, conn));
            add(out, "client", new Payload.State(3, "FIN_WAIT_1", "FIN_WAIT_2", "sock_diag", null, client));
            add(out, "server", call("close", 4, 0, conn, List.of()));
            add(out, "server", new Payload.State(4, "CLOSE_WAIT", "LAST_ACK", "sock_diag", null, conn));
            add(out, "client", new Payload.State(3, "FIN_WAIT_2", "TIME_WAIT", "sock_diag", 60_000L, client));
            add(out, "server", new Payload.State(4, "LAST_ACK", "CLOSED", "sock_diag", null, conn));
            add(out, "client", new Payload.State(3, "TIME_WAIT", "CLOSED", "sock_diag", null, client));
        }
        return out;
    }

    private static void add(List<Event> out, String endpoint, Payload p) {
        out.add(new Event(out.size() + 1, out.size() * 1000L, endpoint, p));
    }

    private static Payload.Call call(String name, @Nullable Integer fd, long result, @Nullable Long inode,
            List<Long> made) {
        return new Payload.Call(name, fd, Map.of(), result, null, null, null, 0, null, 0, inode, made);
    }

    private static long usedHeap() {
        Runtime r = Runtime.getRuntime();
        return r.totalMemory() - r.freeMemory();
    }

    private static String uid() throws IOException {
        return Files.readAllLines(Path.of("/proc/self/status")).stream().filter(l -> l.startsWith("Uid:"))
                .map(l -> l.split("\\s+")[1]).findFirst().orElse("unknown");
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).strip();
        } catch (IOException e) {
            return "unknown";
        }
    }
}
