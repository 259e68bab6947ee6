package org.socketlab.bench;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.socketlab.journal.Event;
import org.socketlab.journal.Journal;
import org.socketlab.journal.Payload;
import org.socketlab.lab.Endpoint;
import org.socketlab.lab.Lab;
import org.socketlab.lab.Request;
import org.socketlab.syscall.Domain;
import org.socketlab.syscall.Libc;
import org.socketlab.syscall.SockAddr;
import org.socketlab.syscall.SockType;

/**
 * What the engine adds on top of the bare FFM call. Not part of the test run; run it with
 * {@code mvn -B test -Dtest=EngineBenchmark} and read the printed figures.
 * A cycle is socket, socket, connect, accept, send, recv, close, close (the listener stays).
 */
class EngineBenchmark {
    private static final int WARMUP_CYCLES = 2_000;
    private static final int CYCLES = 5_000;
    private static final int CALLS_PER_CYCLE = 8;
    private static final byte[] PING = "ping".getBytes();

    @Test
    void printCosts() throws Exception {
        Libc libc = Libc.forThisMachine();
        SockAddr any = SockAddr.parse("127.0.0.1:0", Domain.AF_INET);

        // Bare: the FFM calls on this thread, nothing else.
        int listener = (int) libc.socket(libc.constants().afInet(), libc.constants().sockStream(), 0).value();
        libc.bind(listener, any);
        libc.listen(listener, 128);
        SockAddr target = libc.getsockname(listener).address();
        long[] bare = new long[CYCLES * CALLS_PER_CYCLE];
        for (int i = 0; i < WARMUP_CYCLES; i++) bareCycle(libc, listener, target, null, 0);
        for (int i = 0; i < CYCLES; i++) bareCycle(libc, listener, target, bare, i * CALLS_PER_CYCLE);
        libc.close(listener);

        // Lab: the same calls as requests to two endpoints, each on its worker thread, journaled, published.
        long[] lab = labCycles(false);
        long[] captured = labCycles(true);

        // The journal and bus alone: building the call event, appending it, telling one subscriber.
        long[] journalCost = new long[CYCLES * CALLS_PER_CYCLE];
        Journal journal = new Journal();
        ConcurrentLinkedQueue<Event> bus = new ConcurrentLinkedQueue<>();
        journal.subscribe(bus::add);
        for (int round = 0; round < 2; round++) {
            for (int i = 0; i < journalCost.length; i++) {
                long t0 = System.nanoTime();
                Map<String, String> args = new LinkedHashMap<>();
                args.put("len", "4");
                args.put("flags", "0");
                journal.append("client", new Payload.Call("send", 5, args, 4, null, null, PING, 0));
                journalCost[i] = System.nanoTime() - t0;
                if (bus.size() > 1000) bus.clear();
            }
        }

        System.out.println();
        System.out.println("SocketLab engine benchmark (" + CYCLES + " cycles x " + CALLS_PER_CYCLE + " calls, after "
                + WARMUP_CYCLES + " warm-up cycles)");
        report("bare FFM call", bare);
        report("Lab call, no capture (request -> worker -> call -> kernel -> journal)", lab);
        report("Lab call, capturing the wire (+ wait for tcpdump's marker)", captured);
        report("journal + bus per call (build event, append, notify)", journalCost);
        System.out.printf("ratio Lab/bare: median %.1fx, p99 %.1fx%n",
                (double) pct(lab, 50) / pct(bare, 50), (double) pct(lab, 99) / pct(bare, 99));
        System.out.printf("Lab minus bare (thread hand-off + kernel observation + journal + bus): median %.2f us%n",
                (pct(lab, 50) - pct(bare, 50)) / 1000.0);
    }

    /** The cycles through a Lab: kernel observation on, wire capture on or off. */
    private static long[] labCycles(boolean capture) throws Exception {
        // With capture every packet is journaled too: fewer cycles keep that journal (and tcpdump) reasonable.
        int warmup = capture ? WARMUP_CYCLES / 4 : WARMUP_CYCLES, cycles = capture ? CYCLES / 5 : CYCLES;
        long[] lab = new long[cycles * CALLS_PER_CYCLE];
        SockAddr any = SockAddr.parse("127.0.0.1:0", Domain.AF_INET);
        try (Lab l = capture ? Lab.onThisMachine() : Lab.withoutCapture()) {
            ConcurrentLinkedQueue<Event> bus = new ConcurrentLinkedQueue<>();
            l.journal().subscribe(bus::add); // what the UI bridge does with every event
            Endpoint server = l.server();
            int lfd = (int) call(server, new Request.Socket(Domain.AF_INET, SockType.SOCK_STREAM)).result();
            call(server, new Request.Bind(lfd, any));
            call(server, new Request.Listen(lfd, 128));
            SockAddr labTarget = SockAddr.parse(call(server, new Request.GetSockName(lfd)).args().get("addr"),
                    Domain.AF_INET);
            for (int i = 0; i < warmup; i++) {
                labCycle(l, lfd, labTarget, null, 0);
                bus.clear();
            }
            for (int i = 0; i < cycles; i++) {
                labCycle(l, lfd, labTarget, lab, i * CALLS_PER_CYCLE);
                bus.clear();
            }
        }

        return lab;
    }

    private static void bareCycle(Libc libc, int listener, SockAddr target, long[] out, int at) {
        int af = libc.constants().afInet(), st = libc.constants().sockStream();
        long[] t = new long[CALLS_PER_CYCLE + 1];
        t[0] = System.nanoTime();
        int c = (int) libc.socket(af, st, 0).value();
        t[1] = System.nanoTime();
        int unused = (int) libc.socket(af, st, 0).value(); // the Lab cycle makes two sockets too; closed below
        t[2] = System.nanoTime();
        libc.connect(c, target);
        t[3] = System.nanoTime();
        int conn = (int) libc.accept(listener).result().value();
        t[4] = System.nanoTime();
        libc.send(c, PING, 0);
        t[5] = System.nanoTime();
        libc.recv(conn, 16, 0);
        t[6] = System.nanoTime();
        libc.close(c);
        t[7] = System.nanoTime();
        libc.close(conn);
        t[8] = System.nanoTime();
        libc.close(unused);
        if (out != null) for (int i = 0; i < CALLS_PER_CYCLE; i++) out[at + i] = t[i + 1] - t[i];
    }

    private static void labCycle(Lab lab, int listener, SockAddr target, long[] out, int at) throws Exception {
        Endpoint server = lab.server(), client = lab.client();
        long[] t = new long[CALLS_PER_CYCLE + 1];
        t[0] = System.nanoTime();
        int c = (int) call(client, new Request.Socket(Domain.AF_INET, SockType.SOCK_STREAM)).result();
        t[1] = System.nanoTime();
        int unused = (int) call(client, new Request.Socket(Domain.AF_INET, SockType.SOCK_STREAM)).result();
        t[2] = System.nanoTime();
        call(client, new Request.Connect(c, target));
        t[3] = System.nanoTime();
        int conn = (int) call(server, new Request.Accept(listener)).result();
        t[4] = System.nanoTime();
        call(client, new Request.Send(c, PING));
        t[5] = System.nanoTime();
        call(server, new Request.Recv(conn, 16));
        t[6] = System.nanoTime();
        call(client, new Request.Close(c));
        t[7] = System.nanoTime();
        call(server, new Request.Close(conn));
        t[8] = System.nanoTime();
        call(client, new Request.Close(unused));
        if (out != null) for (int i = 0; i < CALLS_PER_CYCLE; i++) out[at + i] = t[i + 1] - t[i];
    }

    private static Payload.Call call(Endpoint e, Request r) throws Exception {
        return (Payload.Call) e.call(r).get(5, TimeUnit.SECONDS).payload();
    }

    private static long pct(long[] samples, int percentile) {
        long[] sorted = samples.clone();
        Arrays.sort(sorted);
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(percentile / 100.0 * sorted.length) - 1)];
    }

    private static void report(String what, long[] samples) {
        System.out.printf("%-66s median %8.2f us   p99 %8.2f us%n", what, pct(samples, 50) / 1000.0,
                pct(samples, 99) / 1000.0);
    }
}
