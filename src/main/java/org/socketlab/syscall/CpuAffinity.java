package org.socketlab.syscall;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static org.socketlab.syscall.CFunctions.captureIn;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import java.util.function.IntPredicate;

/**
 * The CPUs the calling thread may run on (Linux's {@code sched_getaffinity}), and running something on each of them in
 * turn. A packet a program sends over loopback or a veth waits in the sending CPU's own input queue, and each CPU's
 * queue is emptied in order, by that CPU; something sent from every CPU after a packet therefore passes the receiving
 * host's input hook after it, however late a loaded CPU empties its queue ({@code lab/LossLog}).
 */
public final class CpuAffinity {
    /** A {@code cpu_set_t}: 1024 CPUs, glibc's size. */
    private static final int SET_BYTES = 128;

    private CpuAffinity() {
    }

    /** glibc's functions, linked only where they are called: on Linux, with the lab network's drop rules. */
    private static final class Functions {
        static final CFunctions C = new CFunctions();
        static final CFunctions.Downcall GET = C.declare("sched_getaffinity",
                FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_LONG, ADDRESS));
        static final CFunctions.Downcall SET = C.declare("sched_setaffinity",
                FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_LONG, ADDRESS));
    }

    /** The CPUs the calling thread may run on, lowest first; empty when the kernel does not say. */
    static int[] allowed() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment set = arena.allocate(SET_BYTES);
            if (call(Functions.GET, arena, set) != 0) return new int[0];
            return cpusIn(set.toArray(JAVA_LONG));
        }
    }

    /**
     * Runs {@code task} once on each CPU the calling thread may run on, the thread moved there first (the kernel has
     * moved it when sched_setaffinity returns), and gives the thread its CPUs back; a CPU the thread cannot be moved to
     * is passed over. Stops at the first task that returns false; returns whether a task ran and every one returned
     * true. Where the kernel does not say which CPUs (or there is one), {@code task} runs once where the thread is
     * ({@code -1}: not moved).
     */
    public static boolean onEachCpu(IntPredicate task) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment mine = arena.allocate(SET_BYTES);
            int[] cpus;
            try {
                cpus = call(Functions.GET, arena, mine) == 0 ? cpusIn(mine.toArray(JAVA_LONG)) : new int[0];
            } catch (LinkageError e) { // a libc without sched_getaffinity: not Linux
                return task.test(-1);
            }
            if (cpus.length <= 1) return task.test(-1);
            MemorySegment one = arena.allocate(SET_BYTES);
            boolean ran = false;
            try {
                for (int cpu : cpus) {
                    one.fill((byte) 0);
                    one.setAtIndex(JAVA_LONG, cpu / 64, 1L << (cpu % 64));
                    if (call(Functions.SET, arena, one) != 0) continue; // gone offline meanwhile
                    if (!task.test(cpu)) return false;
                    ran = true;
                }
                return ran || task.test(-1);
            } finally {
                call(Functions.SET, arena, mine);
            }
        }
    }

    /** The CPUs set in a {@code cpu_set_t} read as 64-bit words, lowest first. */
    static int[] cpusIn(long[] words) {
        int[] out = new int[Arrays.stream(words).mapToInt(Long::bitCount).sum()];
        int n = 0;
        for (int w = 0; w < words.length; w++)
            for (long bits = words[w]; bits != 0; bits &= bits - 1)
                out[n++] = w * 64 + Long.numberOfTrailingZeros(bits);
        return out;
    }

    /** sched_getaffinity or sched_setaffinity on the calling thread (pid 0), its return value. */
    private static int call(CFunctions.Downcall function, Arena arena, MemorySegment set) {
        try {
            return (int) function.handle().invokeExact(captureIn(arena), 0, (long) SET_BYTES, set);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }
}
