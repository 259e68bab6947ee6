package org.socketlab.syscall;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * One reading of {@code /proc/PID/stat}: the process's state letter as {@code ps} shows it ({@code S} sleeping,
 * {@code R} running, {@code Z} a zombie nobody reaped yet) and, for an ended process, the exit status its parent's
 * waitpid would get (field 52, Linux 3.5 and later; readable by whoever may trace it).
 */
public record ProcStat(char state, Optional<Integer> exitStatus) {
    /** Reads it now; empty when the process is gone (reaped) or {@code /proc} cannot be read. */
    public static Optional<ProcStat> read(int pid) {
        try {
            return parse(Files.readString(Path.of("/proc", Integer.toString(pid), "stat")));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** The fields after the command name, which is in parentheses and may itself hold spaces and parentheses. */
    static Optional<ProcStat> parse(String line) {
        int close = line.lastIndexOf(')');
        if (close < 0 || close + 2 >= line.length()) return Optional.empty();
        String[] fields = line.substring(close + 2).trim().split(" ");
        if (fields.length == 0 || fields[0].length() != 1) return Optional.empty();
        // fields[0] is field 3 (state): field N is fields[N - 3]; exit_code is field 52.
        Optional<Integer> exit = Optional.empty();
        if (fields.length >= 50) {
            try {
                exit = Optional.of(Integer.parseInt(fields[49]));
            } catch (NumberFormatException e) {
                exit = Optional.empty();
            }
        }
        return Optional.of(new ProcStat(fields[0].charAt(0), exit));
    }
}
