package org.socketlab.syscall;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What {@code /proc} shows of one endpoint's thread: whether it sleeps in a call it was asked to make.
 */
final class EndpointTask {
    private EndpointTask() {
    }

    /**
     * Whether thread {@code tid} of {@code pid} sleeps in the kernel now, in a call it was asked to make: its state in
     * {@code /proc/PID/task/TID/stat} is S or D, and {@code /proc/PID/task/TID/syscall} does not show it reading its
     * control channel (a read of a descriptor at or above {@code control}), where it waits between calls.
     */
    static boolean sleeping(int pid, int tid, int control) {
        Path task = Path.of("/proc", Integer.toString(pid), "task", Integer.toString(tid));
        try {
            String stat = Files.readString(task.resolve("stat"));
            int at = stat.lastIndexOf(')');
            if (at < 0 || at + 2 >= stat.length()) return false;
            char state = stat.charAt(at + 2);
            if (state != 'S' && state != 'D') return false;
        } catch (IOException | RuntimeException e) {
            return false;
        }
        try {
            String[] syscall = Files.readString(task.resolve("syscall")).trim().split(" ");
            return !(syscall.length > 1 && syscall[0].equals("0") && Long.decode(syscall[1]) >= control);
        } catch (IOException | RuntimeException e) {
            return true; // not readable here: the state alone
        }
    }
}
