package org.socketlab.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.socketlab.testing.Labnet;

/**
 * What the private lab network costs at start-up: {@code labnet enter -- /bin/true} against {@code /bin/true}
 * (namespace, identity maps, loopback up, broker), median of 50 each, as this user and, when run as root, as nobody.
 * {@code mvn -B test -Dtest=LabNetworkBenchmark}; StartupBenchmark prints the painted window with and without it.
 */
class LabNetworkBenchmark {
    private static final int RUNS = Integer.getInteger("bench.runs", 50);

    @Test
    void enteringTheLabNetwork() throws Exception {
        // labnet as the compile phase built it, copied where nobody may run it.
        Labnet.requireNative(Labnet.NATIVE);
        Path copy = Path.of("/tmp/socketlab-bench-labnet");
        Files.copy(Labnet.NATIVE.resolve("labnet"), copy, StandardCopyOption.REPLACE_EXISTING);
        copy.toFile().setExecutable(true, false);
        boolean root = "root".equals(System.getProperty("user.name"));
        List<List<String>> prefixes = new ArrayList<>(List.of(List.of()));
        if (root) prefixes.add(List.of("/usr/bin/setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "--"));
        System.out.println();
        for (List<String> prefix : prefixes) {
            String who = prefix.isEmpty() ? System.getProperty("user.name") : "nobody (uid 65534)";
            double bare = median(prefix, List.of("/bin/true"));
            double lab = median(prefix, List.of(copy.toString(), "enter", "--strict", "--", "/bin/true"));
            System.out.printf("Lab network as %s: /bin/true %.2f ms, labnet enter -- /bin/true %.2f ms: "
                    + "entering costs %.2f ms (median of %d)%n", who, bare, lab, lab - bare, RUNS);
        }
        Files.deleteIfExists(copy);
    }

    private static double median(List<String> prefix, List<String> command) throws Exception {
        List<Double> ms = new ArrayList<>();
        List<String> all = new ArrayList<>(prefix);
        all.addAll(command);
        for (int i = 0; i <= RUNS; i++) {
            long start = System.nanoTime();
            Process p = new ProcessBuilder(all).inheritIO().start();
            p.waitFor(10, TimeUnit.SECONDS);
            assertEquals(0, p.exitValue(), String.join(" ", all));
            if (i > 0) ms.add((System.nanoTime() - start) / 1e6);
        }
        Collections.sort(ms);
        return ms.get(ms.size() / 2);
    }
}
