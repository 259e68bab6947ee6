package org.socketlab.syscall;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A process's children and descendants as the kernel lists them for each of its threads
 * ({@code /proc/PID/task/TID/children}): a few small files, where {@link ProcessHandle#children()} reads the status of
 * every process on the machine. The tracer asks after every traced call, so that difference was most of a check's CPU.
 */
public final class ProcChildren {
    private ProcChildren() {
    }

    /** The pids of {@code pid}'s children, in the kernel's order; empty once it ended (or without /proc). */
    public static Set<Integer> of(int pid) {
        Set<Integer> children = new LinkedHashSet<>();
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc", Integer.toString(pid), "task"))) {
            for (Path task : tasks) {
                String text;
                try {
                    text = Files.readString(task.resolve("children")).trim();
                } catch (IOException gone) {
                    continue; // the thread ended meanwhile
                }
                if (text.isEmpty()) continue;
                for (String word : text.split("\\s+")) children.add(Integer.parseInt(word));
            }
        } catch (IOException | RuntimeException ended) {
            // the process ended, or there is no /proc
        }
        return children;
    }

    /** The pids of {@code pid}'s children, their children, and so on, parents before their children. */
    public static List<Integer> descendants(int pid) {
        List<Integer> found = new ArrayList<>();
        Set<Integer> seen = new LinkedHashSet<>(List.of(pid));
        Deque<Integer> next = new ArrayDeque<>(List.of(pid));
        while (!next.isEmpty())
            for (int child : of(next.removeFirst()))
                if (seen.add(child)) {
                    found.add(child);
                    next.addLast(child);
                }
        return found;
    }
}
