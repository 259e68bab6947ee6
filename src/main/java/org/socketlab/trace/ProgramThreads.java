package org.socketlab.trace;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.IntUnaryOperator;
import org.jspecify.annotations.Nullable;
import org.socketlab.journal.ThreadEndpoints;

/**
 * A traced program's threads (issue 79): which process each belongs to, its number there (the first thread a process
 * starts is its thread 1), its endpoint ({@link ThreadEndpoints}), and whether it ended by its own exit() (the call a
 * thread's end makes; a process ends by exit_group).
 */
final class ProgramThreads {
    private final Map<Integer, Integer> processOf = new HashMap<>();
    private final Map<Integer, String> endpoints = new HashMap<>();
    private final Map<Integer, Integer> started = new HashMap<>();
    private final Set<Integer> ended = new HashSet<>();
    private final Set<Integer> calledExit = new HashSet<>();

    boolean isThread(int pid) {
        return processOf.containsKey(pid);
    }

    /** The process whose thread {@code pid} is; a process is its own. */
    int processOf(int pid) {
        return processOf.getOrDefault(pid, pid);
    }

    /** The thread's endpoint, or null for a process. */
    @Nullable
    String endpoint(int pid) {
        return endpoints.get(pid);
    }

    /** The thread {@code tid} of {@code process} started: numbered in its process, named; returns its endpoint. */
    String started(int tid, int process) {
        int number = started.merge(process, 1, Integer::sum);
        processOf.put(tid, process);
        String endpoint = new ThreadEndpoints.Thread(process, number).endpoint();
        endpoints.put(tid, endpoint);
        return endpoint;
    }

    /** The thread ended: its process, once; null for a process or a thread already ended. */
    @Nullable
    Integer ended(int tid) {
        if (!processOf.containsKey(tid) || !ended.add(tid)) return null;
        return processOf.get(tid);
    }

    void calledExit(int pid) {
        calledExit.add(pid);
    }

    boolean exitedItself(int tid) {
        return calledExit.contains(tid);
    }

    /**
     * The process whose new thread {@code pid} is, seen for the first time, or -1 for a process: by /proc's Tgid
     * (read while it runs; {@code toHost} maps strace's pids to /proc's) among the program's {@code processes}, else by
     * the one clone with CLONE_THREAD under way (its first half {@code waiting} for its result).
     */
    int processOfNew(int pid, IntUnaryOperator toHost, Collection<Integer> processes,
            Collection<StraceLine.Unfinished> waiting) {
        int[] ids = ids(toHost.applyAsInt(pid));
        if (ids != null && ids[0] == ids[1]) return -1; // its own thread group: a process
        if (ids != null)
            for (int p : processes) if (toHost.applyAsInt(p) == ids[0]) return p;
        List<Integer> cloning = waiting.stream()
                .filter(u -> u.name().startsWith("clone") && u.argsSoFar().contains("CLONE_THREAD"))
                .map(StraceLine.Unfinished::pid).toList();
        return cloning.size() == 1 ? processOf(cloning.getFirst()) : -1;
    }

    /** {@code /proc/PID/status}'s Tgid and Pid, or null when it cannot be read (the thread has ended). */
    private static int @Nullable [] ids(int hostPid) {
        try {
            int tgid = -1, pid = -1;
            for (String line : Files.readAllLines(Path.of("/proc", Integer.toString(hostPid), "status"))) {
                if (line.startsWith("Tgid:")) tgid = Integer.parseInt(line.substring(5).trim());
                if (line.startsWith("Pid:")) pid = Integer.parseInt(line.substring(4).trim());
            }
            return tgid > 0 && pid > 0 ? new int[]{tgid, pid} : null;
        } catch (IOException | RuntimeException gone) {
            return null;
        }
    }
}
