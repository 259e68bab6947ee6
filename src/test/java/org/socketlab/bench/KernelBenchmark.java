package org.socketlab.bench;

import java.net.InetAddress;
import java.net.Socket;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.socketlab.journal.Event;
import org.socketlab.journal.Payload;
import org.socketlab.journal.Subscription;
import org.socketlab.lab.Endpoint;
import org.socketlab.lab.Lab;
import org.socketlab.lab.Request;
import org.socketlab.syscall.Domain;
import org.socketlab.syscall.SockAddr;
import org.socketlab.syscall.SockType;

/**
 * The cost of observing the kernel. Not part of the test run; run with {@code mvn -B test -Dtest=KernelBenchmark}.
 * (1) CPU time of the sampler thread per second of wall time with 1, 10 and 100 live sockets;
 * (2) delay from a state change made by the kernel (a peer outside the lab closes, so the lab's socket goes
 * CLOSE_WAIT with no call of the lab's) to the journal's state event.
 */
class KernelBenchmark {
    private static final int MEASURE_SECONDS = 3;
    private static final int DELAY_SAMPLES = 200;
    private static final int WARMUP_SAMPLES = 20_000;

    @Test
    void printCosts() throws Exception {
        System.out.println();
        System.out.println("SocketLab kernel observation benchmark");
        for (int sockets : new int[]{1, 10, 100}) samplerCpu(sockets);
        stateDelay();
    }

    private static Payload.Call call(Endpoint e, Request r) throws Exception {
        return (Payload.Call) e.call(r).get(5, TimeUnit.SECONDS).payload();
    }

    /** A listener plus connected pairs until {@code count} sockets are open in the lab. */
    private static void samplerCpu(int count) throws Exception {
        // Reflection: the tests compile inside the module, which does not read java.management; they run on the class path.
        Object threads = Class.forName("java.lang.management.ManagementFactory").getMethod("getThreadMXBean")
                .invoke(null);
        var cpuTime = Class.forName("java.lang.management.ThreadMXBean").getMethod("getThreadCpuTime", long.class);
        try (Lab lab = Lab.onThisMachine()) {
            Endpoint server = lab.server(), client = lab.client();
            int listener = (int) call(server, new Request.Socket(Domain.AF_INET, SockType.SOCK_STREAM)).result();
            call(server, new Request.Bind(listener, SockAddr.parse("127.0.0.1:0", Domain.AF_INET)));
            call(server, new Request.Listen(listener, 128));
            SockAddr target = SockAddr.parse(call(server, new Request.GetSockName(listener)).args().get("addr"),
                    Domain.AF_INET);
            int open = 1;
            while (open < count) {
                int c = (int) call(client, new Request.Socket(Domain.AF_INET, SockType.SOCK_STREAM)).result();
                call(client, new Request.Connect(c, target));
                open++;
                if (open < count) {
                    call(server, new Request.Accept(listener));
                    open++;
                }
            }
            // Steady state: a lecture lasts longer than the JIT's warm-up, so compile the sampling path first.
            long warm0 = System.nanoTime();
            for (int i = 0; i < WARMUP_SAMPLES; i++) lab.observeKernelNow();
            double perSample = (System.nanoTime() - warm0) / 1e3 / WARMUP_SAMPLES;
            Thread sampler = Thread.getAllStackTraces().keySet().stream()
                    .filter(t -> t.getName().equals("socketlab-kernel")).findFirst().orElseThrow();
            long cpu0 = (long) cpuTime.invoke(threads, sampler.threadId()), wall0 = System.nanoTime();
            LockSupport.parkNanos(TimeUnit.SECONDS.toNanos(MEASURE_SECONDS));
            long cpu = (long) cpuTime.invoke(threads, sampler.threadId()) - cpu0, wall = System.nanoTime() - wall0;
            System.out.printf(
                    "sampler with %3d live sockets: %.3f %% of one core (%.2f ms CPU per second; one sample %.1f us averaged over warm-up)%n",
                    count, 100.0 * cpu / wall, cpu / 1e6 / (wall / 1e9), perSample);
        }
    }

    private static void stateDelay() throws Exception {
        long[] delays = new long[DELAY_SAMPLES];
        try (Lab lab = Lab.onThisMachine()) {
            Endpoint server = lab.server();
            int listener = (int) call(server, new Request.Socket(Domain.AF_INET, SockType.SOCK_STREAM)).result();
            call(server, new Request.Bind(listener, SockAddr.parse("127.0.0.1:0", Domain.AF_INET)));
            call(server, new Request.Listen(listener, 16));
            String addr = call(server, new Request.GetSockName(listener)).args().get("addr");
            int port = Integer.parseInt(addr.substring(addr.lastIndexOf(':') + 1));
            for (int i = 0; i < DELAY_SAMPLES; i++) {
                Socket outsider = new Socket(InetAddress.getLoopbackAddress(), port);
                int conn = (int) call(server, new Request.Accept(listener)).result();
                CompletableFuture<Event> closeWait = new CompletableFuture<>();
                try (Subscription sub = lab.journal().subscribe(e -> {
                    if (e.payload() instanceof Payload.State s && s.fd() == conn && s.to().equals("CLOSE_WAIT"))
                        closeWait.complete(e);
                })) {
                    // Let the sampler settle into its rhythm after the accept woke it, so the change lands at a random phase.
                    LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(7 + (i * 13) % 50));
                    outsider.close(); // the kernel moves the lab's socket to CLOSE_WAIT now, no lab call involved
                    long changed = System.nanoTime();
                    delays[i] = closeWait.get(5, TimeUnit.SECONDS).atNs() - changed;
                }
                call(server, new Request.Close(conn));
            }
        }
        Arrays.sort(delays);
        System.out.printf("kernel state change -> state event (%d samples): median %.1f ms, p99 %.1f ms, max %.1f ms%n",
                DELAY_SAMPLES, delays[DELAY_SAMPLES / 2] / 1e6, delays[(int) Math.ceil(0.99 * DELAY_SAMPLES) - 1] / 1e6,
                delays[DELAY_SAMPLES - 1] / 1e6);
    }
}
