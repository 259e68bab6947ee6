package org.socketlab.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Map;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.support.descriptor.ClassSource;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;

/**
 * Where the suite's CPU goes, per test class: its wall time, this JVM's CPU and the CPU of the programs it started and
 * reaped (child JVMs, tcpdump, strace, busy loops), from /proc/self/stat at the class's start and end. A fork runs one
 * class at a time, so the difference is the class's. One line per class in target/class-cpu/&lt;pid&gt;.tsv; read
 * them with {@code cat target/class-cpu/*.tsv | sort -t$'\t' -k3 -rn}. Linux only (elsewhere nothing is written).
 */
public final class ClassCpu implements TestExecutionListener {
    private static final Path STAT = Path.of("/proc/self/stat");
    private static final double TICK_MS = 10; // USER_HZ is 100 on every Linux this runs on
    private final Map<String, long[]> started = new HashMap<>();

    @Override
    public void executionStarted(TestIdentifier id) {
        String name = className(id);
        if (name != null && Files.isReadable(STAT)) started.put(name, now());
    }

    @Override
    public void executionFinished(TestIdentifier id, TestExecutionResult result) {
        String name = className(id);
        long[] at = name == null ? null : started.remove(name);
        if (at == null) return;
        long[] end = now();
        String line = String.format("%s\t%d\t%d\t%d%n", name, (end[0] - at[0]) / 1_000_000,
                Math.round((end[1] - at[1]) * TICK_MS), Math.round((end[2] - at[2]) * TICK_MS));
        try {
            Path dir = Files.createDirectories(Path.of("target", "class-cpu"));
            Files.writeString(dir.resolve(ProcessHandle.current().pid() + ".tsv"), line, StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            // A figure for the developers, never a reason to fail a test.
        }
    }

    private static String className(TestIdentifier id) {
        return id.isContainer() && id.getSource().orElse(null) instanceof ClassSource c ? c.getClassName() : null;
    }

    /** Nanoseconds of wall time, this process's CPU ticks, its reaped children's CPU ticks. */
    private static long[] now() {
        long wall = System.nanoTime();
        try {
            String stat = Files.readString(STAT);
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            // After the name: state is field 3, so utime (14) is f[11], stime f[12], cutime f[13], cstime f[14].
            return new long[]{wall, Long.parseLong(f[11]) + Long.parseLong(f[12]),
                    Long.parseLong(f[13]) + Long.parseLong(f[14])};
        } catch (IOException | RuntimeException e) {
            return new long[]{wall, 0, 0};
        }
    }
}
