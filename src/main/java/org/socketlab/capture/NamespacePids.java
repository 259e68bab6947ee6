package org.socketlab.capture;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.socketlab.syscall.ProcChildren;

/**
 * The pids of a PID namespace as this program sees them: the namespace's processes are its init and the init's
 * descendants ({@code /proc/PID/task/TID/children}), each with its pid in every namespace it is in ({@code NSpid} of
 * {@code /proc/PID/status}, the innermost last). Read again when a pid is not known yet; nothing is cached for long
 * (a pair found is trusted for 20 ms).
 */
final class NamespacePids {
    private final int init;
    private final Map<Integer, Integer> known = new HashMap<>();
    /** When each pair of {@link #known} was last read from /proc. */
    private final Map<Integer, Long> confirmedNs = new HashMap<>();
    private static final long CONFIRMED_NS = 20_000_000;

    NamespacePids(int init) {
        this.init = init;
    }

    /** The host pid of the namespace's {@code pid}, or -1. */
    int hostPid(int pid) {
        Integer host = known.get(pid);
        long now = System.nanoTime();
        // Asked for every traced call: a pair confirmed a moment ago still holds (a namespace's pids are given out in
        // order and a live process keeps its own), so /proc is read again only after a while or for a new pid.
        if (host != null && now - confirmedNs.getOrDefault(pid, Long.MIN_VALUE / 2) < CONFIRMED_NS) return host;
        if (host != null && innermost(host) == pid) {
            confirmedNs.put(pid, now);
            return host;
        }
        confirmedNs.clear();
        known.clear();
        Deque<Integer> next = new ArrayDeque<>(List.of(init));
        Set<Integer> seen = new HashSet<>();
        while (!next.isEmpty() && seen.size() < 10_000) {
            int h = next.pop();
            if (!seen.add(h)) continue;
            int inner = innermost(h);
            if (inner > 0) known.put(inner, h);
            next.addAll(ProcChildren.of(h));
        }
        return known.getOrDefault(pid, -1);
    }

    /** The last pid of the NSpid line: the pid in the innermost namespace; -1 when the process is gone. */
    static int innermost(int hostPid) {
        try {
            // Asked once per traced call: the bytes scanned as they are, no line list or decoder.
            byte[] status = Files.readAllBytes(Path.of("/proc", String.valueOf(hostPid), "status"));
            int at = indexOf(status, NSPID);
            if (at < 0) return -1;
            int end = at;
            while (end < status.length && status[end] != '\n') end++;
            int start = end;
            while (start > at && status[start - 1] >= '0' && status[start - 1] <= '9') start--;
            return start == end
                    ? -1
                    : Integer.parseInt(new String(status, start, end - start, StandardCharsets.US_ASCII));
        } catch (IOException | RuntimeException e) {
            // gone
        }
        return -1;
    }

    private static final byte[] NSPID = "\nNSpid:".getBytes(StandardCharsets.US_ASCII);

    private static int indexOf(byte[] in, byte[] what) {
        outer : for (int i = 0; i + what.length <= in.length; i++) {
            for (int j = 0; j < what.length; j++) if (in[i + j] != what[j]) continue outer;
            return i + what.length;
        }
        return -1;
    }
}
