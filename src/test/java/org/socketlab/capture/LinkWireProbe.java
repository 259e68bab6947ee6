package org.socketlab.capture;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.socketlab.testing.Await;

/**
 * A program run inside a lab network (LinkWireBenchmark, issue 76): makes the lab's second host joined by SocketLab's
 * wire at {@link #DELAY_US} each way and says "hosts FIRST SECOND WIRE" (a process of each host's network namespace,
 * and the wire's), so that the benchmark can stamp the datagrams where they leave and where they arrive; on "go" sends
 * UDP datagrams of 1250-byte frames from the first host to the second at each rate of {@link #MBIT} in turn, for
 * {@link #SECONDS} each (phase i: rate i; the payload starts with the phase and the datagram's number), and says per
 * phase how many it sent and the wire's CPU meanwhile (utime + stime of its process), then "done"; it removes the hosts
 * when its standard input ends (the benchmark has its stamps). It sends as an
 * application would: what is due after each wake-up (a sleep of at most 1 ms), never spinning, so the sender does not
 * take a core of the two from the wire it measures.
 */
public final class LinkWireProbe {
    /** The delay asked for each way, µs. */
    public static final int DELAY_US = 10_000;
    /** The rates, Mbit/s of frames on the link, one phase each. */
    public static final int[] MBIT = {1, 10, 100};
    /** How long each phase sends. */
    public static final int SECONDS = 5;
    /** Where the datagrams go (discard: nothing listens there; the second host's kernel stamps them all the same). */
    public static final int PORT = 9;

    private static final int FRAME = 1250, PAYLOAD = FRAME - 14 - 20 - 8;

    private LinkWireProbe() {
    }

    public static void main(String[] args) throws Exception {
        LinkConditions.Way way = new LinkConditions.Way(DELAY_US, 0, 0, 1, 0, 0);
        long seed = ThreadLocalRandom.current().nextInt(1_000_000_000);
        // The datagrams to the server the wire has settled (delivered, lost or dropped): the run ends once all have.
        AtomicLong settled = new AtomicLong();
        try (SecondHost host = SecondHost.make(LabNetwork.current(), new LinkConditions(way, way, 0, seed),
                fate -> {
                    if (fate.toServer() && fate.proto() == 17 && !fate.fate().queued()) settled.incrementAndGet();
                })) {
            if (host.wireMissing().isPresent()) throw new AssertionError("no wire: " + host.wireMissing().get());
            Path wire = wireProcess(seed);
            System.out.println("hosts " + ProcessHandle.current().pid() + " " + host.keeperPid() + " "
                    + wire.getFileName());
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.US_ASCII));
            if (!"go".equals(in.readLine())) throw new AssertionError("no go");
            try (DatagramChannel out = DatagramChannel.open()) {
                out.bind(new InetSocketAddress(SecondHost.CLIENT_ADDRESS, 0));
                InetSocketAddress to = new InetSocketAddress(SecondHost.SERVER_ADDRESS, PORT);
                long total = 0;
                for (int phase = 0; phase < MBIT.length; phase++) {
                    int p = phase;
                    long[] sent = new long[1];
                    double cpu = cpuPercent(wire, () -> sent[0] = paced(out, to, p, MBIT[p]));
                    total += sent[0];
                    System.out.printf("sent %d %d %.1f%n", phase, sent[0], cpu);
                }
                long all = total;
                // The last ones cross: the wire has said what became of every datagram sent.
                Await.until(Duration.ofSeconds(30), () -> settled.get() >= all,
                        () -> "the wire settled " + settled.get() + " of " + all + " datagrams");
            }
            System.out.println("done");
            if (in.readLine() != null) throw new AssertionError("the benchmark says no more than go");
        }
    }

    private interface Work {
        void run() throws Exception;
    }

    /** Sends for SECONDS at mbit Mbit/s of frames; how many it sent. */
    private static long paced(DatagramChannel out, InetSocketAddress to, int phase, int mbit) throws IOException {
        long gapNs = FRAME * 8L * 1000 / mbit, start = System.nanoTime(), end = start + SECONDS * 1_000_000_000L;
        ByteBuffer data = ByteBuffer.allocate(PAYLOAD);
        int n = 0;
        for (long next = start; next < end;) {
            long now = System.nanoTime();
            for (; next <= now && next < end; next += gapNs) {
                data.clear().putInt(phase).putInt(n++).position(0);
                out.send(data, to);
            }
            long wait = next - System.nanoTime();
            if (wait > 0) LockSupport.parkNanos(Math.min(wait, 1_000_000));
        }
        return n;
    }

    /** The wire's share of one core while work runs, in %. */
    private static double cpuPercent(Path wire, Work work) throws Exception {
        long before = ticks(wire), t0 = System.nanoTime();
        work.run();
        long after = ticks(wire), t1 = System.nanoTime();
        return (after - before) * 10.0 /* ms a tick, at 100 Hz */ / ((t1 - t0) / 1e6) * 100;
    }

    private static long ticks(Path process) throws IOException {
        String stat = Files.readString(process.resolve("stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(f[11]) + Long.parseLong(f[12]); // utime, stime
    }

    /** /proc/PID of the wire of this seed (its last argument). */
    private static Path wireProcess(long seed) throws IOException {
        try (var all = Files.list(Path.of("/proc"))) {
            for (Path p : all.filter(p -> p.getFileName().toString().matches("[0-9]+")).toList()) {
                try {
                    String cmd = new String(Files.readAllBytes(p.resolve("cmdline")), StandardCharsets.US_ASCII);
                    if (cmd.startsWith("socketlab: wire\0") && cmd.endsWith("\0" + seed + "\0")) return p;
                } catch (IOException gone) {
                    // ended meanwhile
                }
            }
        }
        throw new AssertionError("no wire process of seed " + seed);
    }
}
