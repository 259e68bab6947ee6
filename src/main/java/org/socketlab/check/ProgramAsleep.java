package org.socketlab.check;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.socketlab.syscall.ProcStat;

/**
 * Whether a program is asleep now: every thread of it and of its children waits in the kernel (state {@code S}: in
 * accept, poll, a read). One that runs, waits for a CPU or is stopped by strace at a call ({@code R}, {@code D},
 * {@code t}) is still reacting to what the lab's clients did: on a loaded machine, a correct server's close after its
 * client left may come long after the journal last moved.
 */
final class ProgramAsleep {
    private ProgramAsleep() {
    }

    static boolean now(int hostPid) {
        return ProcessHandle.of(hostPid).map(h -> Stream.concat(Stream.of(h), h.descendants()).allMatch(p -> asleep(
                p.pid()))).orElse(true);
    }

    /** Whether the program's first process has ended: no longer in /proc, or a zombie its tracer has yet to reap. */
    static boolean gone(int hostPid) {
        return ProcStat.read(hostPid).map(p -> p.state() == 'Z' || p.state() == 'X').orElse(true);
    }

    private static boolean asleep(long pid) {
        List<Path> tasks;
        try (Stream<Path> list = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
            tasks = list.toList();
        } catch (IOException | RuntimeException e) {
            return true; // gone: nothing left to do
        }
        for (Path task : tasks) {
            char state;
            try {
                state = ProcStat.read(Integer.parseInt(task.getFileName().toString())).map(ProcStat::state).orElse('S');
            } catch (NumberFormatException e) {
                continue;
            }
            if (state != 'S' && state != 'Z' && state != 'X') return false;
        }
        return true;
    }
}
