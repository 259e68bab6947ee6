package org.socketlab.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.socketlab.syscall.EndpointProcess;
import org.socketlab.syscall.Libc;

/**
 * What an endpoint of its own process costs (issue 38): the start of one (posix_spawn until it has answered its first
 * call) and a call's round trip through it, made as the lab makes it (its answer awaited with poll first, which wakes
 * the watchdog only for a slow one), beside the same call made in this process. Not part of the test run;
 * {@code mvn -B test -Dtest=EndpointProcessBenchmark} prints the figures (docs/performance.md has them).
 */
class EndpointProcessBenchmark {
    private static final int STARTS = 100, CALLS = 20_000;

    @Test
    void printStartAndRoundTrip() {
        Libc libc = Libc.forThisMachine();
        Path program = EndpointProcess.program().orElseThrow(() -> new AssertionError("mvn compile builds it"));
        long[] starts = new long[STARTS];
        for (int i = 0; i < STARTS; i++) {
            long t = System.nanoTime();
            try (EndpointProcess p = EndpointProcess.start(libc, program, "bench")) {
                p.calls().fcntl(-1, libc.constants().fGetFl(), 0); // answered: it runs and reads its channel
                starts[i] = System.nanoTime() - t;
            }
        }
        long[] through = new long[CALLS], here = new long[CALLS];
        try (EndpointProcess p = EndpointProcess.start(libc, program, "bench")) {
            p.onSlowAnswer(() -> { // as the lab's calls are made: the answer awaited by poll(2) first, then read
            });
            int theirs = (int) p.calls().socket(libc.constants().afInet(), libc.constants().sockStream(), 0).value();
            int ours = (int) libc.socket(libc.constants().afInet(), libc.constants().sockStream(), 0).value();
            assertEquals(3, theirs, "the endpoint's first socket");
            for (int round = 0; round < 2; round++) { // the first round warms the JIT up
                for (int i = 0; i < CALLS; i++) {
                    long t = System.nanoTime();
                    p.calls().getsockname(theirs);
                    through[i] = System.nanoTime() - t;
                    t = System.nanoTime();
                    libc.getsockname(ours);
                    here[i] = System.nanoTime() - t;
                }
            }
            libc.close(ours);
        }
        double start = median(starts) / 1e6, trip = median(through) / 1e3, bare = median(here) / 1e3;
        System.out.printf("EndpointProcessBenchmark (uid %s): endpoint start median %.2f ms (p90 %.2f ms) over %d;"
                + " getsockname through the endpoint median %.1f us, in this process %.1f us: %.1f us over the bare"
                + " call (median of %d)%n", System.getProperty("user.name"), start, p90(starts) / 1e6, STARTS, trip,
                bare, trip - bare, CALLS);
    }

    private static double median(long[] values) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    private static double p90(long[] values) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length * 9 / 10];
    }
}
