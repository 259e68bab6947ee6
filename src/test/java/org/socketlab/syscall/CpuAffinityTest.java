package org.socketlab.syscall;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.socketlab.CiRules;

/**
 * Running something on each CPU in turn (the loss log's markers): the thread really runs on each CPU while its task
 * runs, every allowed CPU is visited once, and the thread has all its CPUs back afterwards, also when a task stops
 * the round.
 */
class CpuAffinityTest {
    /** The CPU this thread runs on now, from its own /proc stat (field 39, "processor"). */
    private static int runningOn() throws IOException {
        String stat = Files.readString(Path.of("/proc/thread-self/stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Integer.parseInt(fields[39 - 3]);
    }

    private static String allowedList() throws IOException {
        return Files.readAllLines(Path.of("/proc/thread-self/status")).stream()
                .filter(l -> l.startsWith("Cpus_allowed_list:")).findFirst().orElseThrow();
    }

    @Test
    void eachAllowedCpuRunsTheTaskOnceAndTheThreadGetsItsCpusBack() throws Exception {
        CiRules.requireOrSkip(System.getProperty("os.name", "").startsWith("Linux"), "Linux (sched_setaffinity)");
        int[] allowed = CpuAffinity.allowed();
        assertTrue(allowed.length >= 1, "the kernel names this thread's CPUs");
        String before = allowedList();
        List<Integer> visited = new ArrayList<>();
        List<Integer> ranOn = new ArrayList<>();
        assertTrue(CpuAffinity.onEachCpu(cpu -> {
            visited.add(cpu);
            try {
                ranOn.add(runningOn());
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            return true;
        }));
        if (allowed.length > 1) {
            assertArrayEquals(allowed, visited.stream().mapToInt(Integer::intValue).toArray());
            assertEquals(visited, ranOn, "the thread was on each CPU while its task ran");
        } else {
            assertEquals(List.of(-1), visited, "one CPU: the task runs once where the thread is");
        }
        assertEquals(before, allowedList(), "its CPUs given back");
    }

    @Test
    void aTaskThatFailsEndsTheRoundAndTheThreadStillGetsItsCpusBack() throws Exception {
        CiRules.requireOrSkip(System.getProperty("os.name", "").startsWith("Linux"), "Linux (sched_setaffinity)");
        String before = allowedList();
        int[] runs = {0};
        assertFalse(CpuAffinity.onEachCpu(cpu -> {
            runs[0]++;
            return false;
        }));
        assertEquals(1, runs[0]);
        assertEquals(before, allowedList());
    }

    @Test
    void aCpuSetReadsAsTheCpusItHolds() {
        assertArrayEquals(new int[]{0, 1, 63, 64, 130}, CpuAffinity.cpusIn(new long[]{1L | 2L | 1L << 63, 1, 1L << 2}));
        assertArrayEquals(new int[0], CpuAffinity.cpusIn(new long[16]));
    }
}
