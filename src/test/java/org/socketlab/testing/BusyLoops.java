package org.socketlab.testing;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A loaded CPU for a test's programs: one busy loop on one CPU, and the test's programs started on that CPU only
 * ({@link #onItsCpu}), so each of them meets a loop that never yields, as on a loaded machine. One loop on the one CPU
 * they share is the competition two loops gave them on two cores, and the suite's other test JVMs keep the other core:
 * two unpinned loops took about 130 s of CPU from a whole run.
 */
public final class BusyLoops implements AutoCloseable {
    private static final String TASKSET = "/usr/bin/taskset";
    private final int cpu;
    private final Process loop;

    private BusyLoops(int cpu, Process loop) {
        this.cpu = cpu;
        this.loop = loop;
    }

    /** A loop started on the last CPU this JVM may run on (taskset, util-linux). */
    public static BusyLoops start() throws IOException {
        assertTrue(Files.isExecutable(Path.of(TASKSET)), "taskset (util-linux) pins the busy loop and the programs");
        int cpu = lastAllowedCpu();
        Process loop = new ProcessBuilder(TASKSET, "-c", String.valueOf(cpu), "/bin/sh", "-c", "while :; do :; done")
                .start();
        return new BusyLoops(cpu, loop);
    }

    /** {@code command} started on the loop's CPU only (its children inherit that). */
    public List<String> onItsCpu(List<String> command) {
        List<String> pinned = new ArrayList<>(List.of(TASKSET, "-c", String.valueOf(cpu)));
        pinned.addAll(command);
        return pinned;
    }

    public int cpu() {
        return cpu;
    }

    @Override
    public void close() throws InterruptedException {
        loop.destroyForcibly();
        loop.waitFor(10, TimeUnit.SECONDS);
    }

    /** From /proc/self/status's {@code Cpus_allowed_list} (like "0-1" or "0,2-3"); 0 where it cannot be read. */
    static int lastAllowedCpu() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status")))
            if (line.startsWith("Cpus_allowed_list:")) {
                String list = line.substring(line.indexOf(':') + 1).trim();
                String last = list.substring(list.lastIndexOf(',') + 1);
                return Integer.parseInt(last.substring(last.lastIndexOf('-') + 1));
            }
        return 0;
    }
}
