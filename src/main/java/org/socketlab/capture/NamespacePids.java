package org.socketlab.capture;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The pids of a PID namespace as this program sees them: the namespace's processes are its init and the init's
 * descendants ({@code /proc/PID/task/TID/children}), each with its pid in every namespace it is in ({@code NSpid} of
 * {@code /proc/PID/status}, the innermost last). Read again when a pid is not known yet; nothing is cached for long.
 */
final class NamespacePids {
    private final int init;
    private final Map<Integer, Integer> known = new HashMap<>();

    NamespacePids(int init) {
        this.init = init;
    }

    /** The host pid of the namespace's {@code pid}, or -1. */
    int hostPid(int pid) {
        Integer host = known.get(pid);
        if (host != null && innermost(host) == pid) return host;
        known.clear();
        Deque<Integer> next = new ArrayDeque<>(List.of(init));
        Set<Integer> seen = new HashSet<>();
        while (!next.isEmpty() && seen.size() < 10_000) {
            int h = next.pop();
            if (!seen.add(h)) continue;
            int inner = innermost(h);
            if (inner > 0) known.put(inner, h);
            next.addAll(children(h));
        }
        return known.getOrDefault(pid, -1);
    }

    /** The last pid of the NSpid line: the pid in the innermost namespace; -1 when the process is gone. */
    static int innermost(int hostPid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(hostPid), "status"))) {
                if (!line.startsWith("NSpid:")) continue;
                String[] words = line.substring(6).trim().split("\\s+");
                return Integer.parseInt(words[words.length - 1]);
            }
        } catch (IOException | RuntimeException e) {
            // gone
        }
        return -1;
    }

    private static Set<Integer> children(int hostPid) {
        Set<Integer> children = new HashSet<>();
        try (DirectoryStream<Path> tasks = Files
                .newDirectoryStream(Path.of("/proc", String.valueOf(hostPid), "task"))) {
            for (Path task : tasks) {
                try {
                    for (String word : Files.readString(task.resolve("children")).trim().split("\\s+"))
                        if (!word.isEmpty()) children.add(Integer.parseInt(word));
                } catch (IOException | NumberFormatException e) {
                    // the thread ended
                }
            }
        } catch (IOException e) {
            // the process ended
        }
        return children;
    }
}
