package org.socketlab.check;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

/**
 * A run without a room adds up its memory here, as a room's init does in its own namespace: the resident memory of
 * every process of the program (each thread group once), read from /proc/PID/status. It replaces the address-space
 * limit such runs had, which a stock JVM could not start under (it reserves far more than it touches).
 */
final class MemoryWatch {
    /** How often a run without a room is read (a room's init reads every 10 ms, 1 ms past half its limit). */
    static final long EVERY_MS = 10;

    private MemoryWatch() {
    }

    /** The resident memory of {@code pids} together, in MB, and how many processes (thread groups) that is. */
    record Total(long mb, int processes) {
    }

    static Total of(Set<Long> pids) {
        long kb = 0;
        int processes = 0;
        for (long pid : pids) {
            String status;
            try {
                status = Files.readString(Path.of("/proc", Long.toString(pid), "status"));
            } catch (IOException | RuntimeException gone) {
                continue;
            }
            // A thread's own entry shows its process's memory again: only the thread group's leader counts.
            if (field(status, "Tgid:") != pid) continue;
            long rss = field(status, "VmRSS:");
            if (rss < 0) continue; // a zombie: no memory any more
            kb += rss;
            processes++;
        }
        return new Total(kb / 1024, processes);
    }

    /** The number after {@code name} at the start of a line of /proc/PID/status, or -1. */
    private static long field(String status, String name) {
        int at = status.startsWith(name) ? 0 : status.indexOf("\n" + name);
        if (at < 0) return -1;
        int i = at + (at == 0 ? 0 : 1) + name.length();
        while (i < status.length() && (status.charAt(i) == ' ' || status.charAt(i) == '\t')) i++;
        long value = 0;
        int digits = 0;
        for (; i < status.length() && Character.isDigit(status.charAt(i)) && digits < 18; i++, digits++)
            value = value * 10 + (status.charAt(i) - '0');
        return digits == 0 ? -1 : value;
    }
}
