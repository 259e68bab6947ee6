package org.socketlab.capture;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.socketlab.syscall.Descriptors;

/**
 * A test program run inside a lab network (LabNetworkHostsTest, TwoHostsBenchmark): makes and removes the lab's second
 * host {@code RUNS} times through the broker it was handed, checking each time that the link is there while the host
 * is and gone once it is removed, and prints the median of making and removing it.
 */
public final class SecondHostProbe {
    private SecondHostProbe() {
    }

    public static void main(String[] args) throws Exception {
        if (args[0].equals("refused")) {
            refused();
            return;
        }
        int runs = Integer.parseInt(args[0]);
        LabNetwork network = LabNetwork.current();
        List<Double> made = new ArrayList<>(), whole = new ArrayList<>();
        for (int i = 0; i <= runs; i++) {
            long start = System.nanoTime(), ready;
            try (SecondHost host = SecondHost.make(network)) {
                ready = System.nanoTime();
                if (!linkHere()) throw new AssertionError("no " + SecondHost.LINK + " while the host exists");
            }
            long gone = System.nanoTime();
            if (linkHere()) throw new AssertionError(SecondHost.LINK + " is still there after the host was removed");
            if (i == 0) continue; // the first also loads what the kernel loads once (veth)
            made.add((ready - start) / 1e6);
            whole.add((gone - start) / 1e6);
        }
        System.out.printf("second host made and removed %d times: median %.2f ms (made in %.2f ms)%n", runs,
                median(whole), median(made));
    }

    /**
     * The broker starts an endpoint only as a safe name, only on a host it made: asked for one on this program's own
     * namespace (its pid) or with a name that is a path, it refuses in one line and starts nothing. Prints each line.
     */
    private static void refused() throws Exception {
        Broker broker = LabNetwork.current().requireBroker();
        try (SecondHost host = SecondHost.make(LabNetwork.current())) {
            for (var attempt : List.of(List.of("server", String.valueOf(ProcessHandle.current().pid())),
                    List.of("../server", String.valueOf(host.keeperPid())), List.of("server", "1"))) {
                Descriptors calls = new Descriptors();
                Descriptors.Pair pair = calls.streamPair();
                BrokerStarted started = broker.endpoint(attempt.get(0), Integer.parseInt(attempt.get(1)),
                        pair.second());
                int pid = started.startedPid();
                Process p = started.process();
                p.waitFor();
                calls.close(pair.first());
                calls.close(pair.second());
                System.out.println("pid " + pid + " status " + p.exitValue() + " "
                        + new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8).strip());
            }
            // The link's rate likewise: only on a host it made, only within its range.
            for (var attempt : List.of(List.of(ProcessHandle.current().pid(), 2000L), List.of(1L, 2000L),
                    List.of((long) host.keeperPid(), 20_000_000L))) {
                Process p = broker.link((int) (long) attempt.get(0), (int) (long) attempt.get(1));
                p.waitFor();
                System.out.println("link status " + p.exitValue() + " "
                        + new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8).strip());
            }
            // The second host's table and log groups: only a host it made, only its log groups, only the templates.
            String here = String.valueOf(ProcessHandle.current().pid()), there = String.valueOf(host.keeperPid());
            for (var attempt : List.of(List.of("capture-in", there, "lo", "256"),
                    List.of("capture-in", there, "any", "256"), List.of("capture-in", there, "link-b", "256"),
                    List.of("capture-in", here, "nflog:19", "256"), List.of("capture-in", "1", "nflog:19", "256"),
                    List.of("capture-in", there, "nflog:19", "256", "-z", "/bin/sh"),
                    List.of("nft-in", there, "flush", "ruleset"), List.of("nft-in", there, "-f", "/etc/passwd"),
                    List.of("nft-in", here, "fresh", "19", "4000"), List.of("nft-in", "1", "fresh", "19", "4000"),
                    List.of("nft-in", there + ";1", "fresh", "19", "4000"), List.of("nft-in", there))) {
                Process p = broker.request(attempt);
                p.waitFor();
                System.out.println("far status " + p.exitValue() + " "
                        + new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8).strip());
            }
            // Its own forms run: the table made in that host, and a capture of its log group (a pcap header comes).
            Process nft = broker.request(List.of("nft-in", there, "fresh", "19", "4000"));
            nft.waitFor();
            System.out.println("made status " + nft.exitValue() + " "
                    + new String(nft.getErrorStream().readAllBytes(), StandardCharsets.UTF_8).strip());
            Process log = broker.request(List.of("capture-in", there, "nflog:19", "256"));
            System.out.println("log header " + log.getInputStream().readNBytes(24).length);
            log.destroy();
            log.waitFor();
        }
    }

    /** Whether this namespace has the link's end ({@code /proc/net/dev} is this process's namespace's, unlike /sys). */
    private static boolean linkHere() throws Exception {
        return Files.readString(Path.of("/proc/net/dev")).contains(SecondHost.LINK + ":");
    }

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(sorted.size() / 2);
    }
}
