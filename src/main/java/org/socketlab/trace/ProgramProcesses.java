package org.socketlab.trace;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Set;
import org.socketlab.syscall.PidSignal;
import org.socketlab.syscall.ProcChildren;

/**
 * Every process of a traced program, to end it whole: not only those below strace in the process tree, but those that
 * left it (a background server whose shell ended was re-parented to init; a daemon's double fork) and that strace
 * still follows. Candidates are strace's descendants and the processes its record shows alive; each is signalled only
 * if, pinned by its pidfd, its tracer is this strace ({@code TracerPid} in {@code /proc/PID/status}): a pid the record
 * keeps after the process ended, and another program got, is never hit.
 */
final class ProgramProcesses {
    private ProgramProcesses() {
    }

    /** Sends {@code signal} to every process strace {@code stracePid} traces among the candidates; how many got it. */
    static int signal(int stracePid, Collection<Integer> recordAlive, int signal) {
        Set<Integer> candidates = new LinkedHashSet<>(ProcChildren.descendants(stracePid));
        candidates.addAll(recordAlive);
        int sent = 0;
        for (int pid : candidates)
            if (PidSignal.send(pid, signal, p -> tracer(p) == stracePid)) sent++;
        return sent;
    }

    /** The pid of the process tracing {@code pid} (0 for none), or -1 when it cannot be read (it ended). */
    static int tracer(int pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Integer.toString(pid), "status")))
                if (line.startsWith("TracerPid:")) return Integer.parseInt(line.substring(10).trim());
        } catch (IOException | RuntimeException gone) {
            // ended meanwhile
        }
        return -1;
    }
}
