package org.socketlab.capture;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.LockSupport;

/**
 * A program run inside a lab network (LinkWireBenchmark): makes the lab's second host joined by SocketLab's wire at
 * 10 ms each way, sends paced UDP datagrams of 1250 bytes from the first host to the second at 1, 10 and 100 Mbit/s,
 * and prints how far each datagram's time on the wire was from the 10 ms asked (the wire's own times: when it read the
 * frame and when it sent it on), median and 99th percentile, and the wire's CPU (utime + stime of its process) idle
 * and at 10 Mbit/s.
 */
public final class LinkWireProbe {
    private static final int DELAY_US = 10_000, PAYLOAD = 1250 - 28 - 14, SECONDS = 3;

    private LinkWireProbe() {
    }

    public static void main(String[] args) throws Exception {
        LinkConditions.Way way = new LinkConditions.Way(DELAY_US, 0, 0, 1, 0, 0);
        long seed = ThreadLocalRandom.current().nextInt(1_000_000_000);
        ConcurrentLinkedQueue<WireFate> fates = new ConcurrentLinkedQueue<>();
        try (SecondHost host = SecondHost.make(LabNetwork.current(), new LinkConditions(way, way, 0, seed),
                fates::add)) {
            if (host.wireMissing().isPresent()) throw new AssertionError("no wire: " + host.wireMissing().get());
            Path wire = wireProcess(seed);
            Thread.sleep(500);
            double idle = cpuPercent(wire, () -> Thread.sleep(SECONDS * 1000L));
            System.out.printf("wire CPU idle: %.2f %% of one core over %d s%n", idle, SECONDS);
            try (DatagramChannel out = DatagramChannel.open()) {
                out.bind(new InetSocketAddress(SecondHost.CLIENT_ADDRESS, 0));
                InetSocketAddress to = new InetSocketAddress(SecondHost.SERVER_ADDRESS, 9);
                for (int mbit : new int[]{1, 10, 100}) {
                    fates.clear();
                    double[] sent = new double[1];
                    double cpu = cpuPercent(wire, () -> sent[0] = paced(out, to, mbit));
                    Thread.sleep(200); // the last ones cross
                    List<Double> errors = new ArrayList<>();
                    for (WireFate f : fates)
                        if (f.toServer() && f.proto() == 17 && f.fate().arrived())
                            errors.add((f.delayNs() - DELAY_US * 1000L) / 1e6);
                    Collections.sort(errors);
                    if (errors.isEmpty()) throw new AssertionError("the wire told no datagram's fate");
                    System.out.printf("%3d Mbit/s (%.1f sent): %d datagrams, added delay's error median %.3f ms, p99"
                            + " %.3f ms, max %.3f ms; wire CPU %.1f %% of one core%n", mbit, sent[0], errors.size(),
                            errors.get(errors.size() / 2), errors.get((int) (errors.size() * 0.99)), errors.getLast(),
                            cpu);
                }
            }
        }
    }

    private interface Work {
        void run() throws Exception;
    }

    /** Sends for SECONDS at mbit Mbit/s (frames of 1250 bytes); the rate really sent, in Mbit/s. */
    private static double paced(DatagramChannel out, InetSocketAddress to, int mbit) throws Exception {
        long gapNs = 1250L * 8 * 1000 / mbit, start = System.nanoTime(), end = start + SECONDS * 1_000_000_000L;
        ByteBuffer data = ByteBuffer.allocate(PAYLOAD);
        long n = 0;
        for (long next = start; next < end; next += gapNs) {
            long wait = next - System.nanoTime();
            if (wait > 200_000) LockSupport.parkNanos(wait - 100_000);
            while (System.nanoTime() < next) Thread.onSpinWait();
            out.send(data.clear(), to);
            n++;
        }
        return n * 1250 * 8 / 1e6 / ((System.nanoTime() - start) / 1e9);
    }

    /** The wire's share of one core while work runs, in %. */
    private static double cpuPercent(Path wire, Work work) throws Exception {
        long before = ticks(wire), t0 = System.nanoTime();
        work.run();
        long after = ticks(wire), t1 = System.nanoTime();
        return (after - before) * 10.0 /* ms a tick, at 100 Hz */ / ((t1 - t0) / 1e6) * 100;
    }

    private static long ticks(Path process) throws Exception {
        String stat = Files.readString(process.resolve("stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(f[11]) + Long.parseLong(f[12]); // utime, stime
    }

    /** /proc/PID of the wire of this seed (its last argument). */
    private static Path wireProcess(long seed) throws Exception {
        try (var all = Files.list(Path.of("/proc"))) {
            for (Path p : all.filter(p -> p.getFileName().toString().matches("[0-9]+")).toList()) {
                try {
                    String cmd = new String(Files.readAllBytes(p.resolve("cmdline")));
                    if (cmd.startsWith("socketlab: wire\0") && cmd.endsWith("\0" + seed + "\0")) return p;
                } catch (IOException gone) {
                    // ended meanwhile
                }
            }
        }
        throw new AssertionError("no wire process of seed " + seed);
    }
}
