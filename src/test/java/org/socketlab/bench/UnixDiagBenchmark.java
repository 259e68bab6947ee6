package org.socketlab.bench;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.socketlab.journal.Payload;
import org.socketlab.kernel.SockDiag;
import org.socketlab.lab.Endpoint;
import org.socketlab.lab.Lab;
import org.socketlab.lab.Request;
import org.socketlab.syscall.Domain;
import org.socketlab.syscall.Libc;
import org.socketlab.syscall.SockAddr;
import org.socketlab.syscall.SockType;

/**
 * The cost of reading an AF_UNIX socket's state and queues with unix_diag (one exact lookup by inode), which the
 * kernel observer now does for every open Unix socket after each call and every 50 ms. Not part of the test run;
 * run with {@code mvn -B test -Dtest=UnixDiagBenchmark}.
 */
class UnixDiagBenchmark {
    private static final int WARMUP = 20_000, SAMPLES = 20_000;

    @Test
    void printLookupCost() throws Exception {
        String path = "bench.sock"; // a name in the lab's own folder
        try (Lab lab = Lab.withoutCapture(); SockDiag diag = new SockDiag(Libc.forThisMachine())) {
            Endpoint server = lab.server();
            int listener = (int) call(server, new Request.Socket(Domain.AF_UNIX, SockType.SOCK_STREAM)).result();
            call(server, new Request.Bind(listener, SockAddr.parse(path, Domain.AF_UNIX)));
            call(server, new Request.Listen(listener, 5));
            long inode = server.sockets().getFirst().inode();
            for (int i = 0; i < WARMUP; i++) assertTrue(diag.lookupUnix(inode).isPresent());
            long[] ns = new long[SAMPLES];
            for (int i = 0; i < SAMPLES; i++) {
                long t0 = System.nanoTime();
                diag.lookupUnix(inode);
                ns[i] = System.nanoTime() - t0;
            }
            Arrays.sort(ns);
            System.out.printf(
                    "%nunix_diag lookup by inode (listener, %d samples): median %.1f us, p99 %.1f us, max %.1f us%n",
                    SAMPLES, ns[SAMPLES / 2] / 1e3, ns[SAMPLES * 99 / 100] / 1e3, ns[SAMPLES - 1] / 1e3);
        }
    }

    private static Payload.Call call(Endpoint e, Request r) throws Exception {
        return (Payload.Call) e.call(r).get(5, TimeUnit.SECONDS).payload();
    }
}
