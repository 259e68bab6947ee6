package org.socketlab.journal;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The endpoint of a traced program's thread (issue 79): {@code program-PID-thread-N}, the N-th thread the process PID
 * started (from 1; its first thread is the process's own lane, {@code program} or {@code program-PID}). Every painter
 * titles it "thread N of Program PID" from this name alone, and every reader finds its process from it.
 */
public final class ThreadEndpoints {
    private static final Pattern THREAD = Pattern.compile("program-([0-9]{1,10})-thread-([0-9]{1,10})");

    /** A thread's endpoint: the {@code number}-th thread of the process {@code pid}. */
    public record Thread(int pid, int number) {
        public String endpoint() {
            return "program-" + pid + "-thread-" + number;
        }
    }

    private ThreadEndpoints() {
    }

    /** The thread an endpoint names, or empty when it names a process or a lab endpoint. */
    public static Optional<Thread> of(String endpoint) {
        Matcher m = THREAD.matcher(endpoint);
        if (!m.matches()) return Optional.empty();
        try {
            return Optional.of(new Thread(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2))));
        } catch (NumberFormatException tooLarge) {
            return Optional.empty();
        }
    }
}
