package org.socketlab.trace;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.socketlab.syscall.HelperRun;
import org.socketlab.syscall.TrustedPrograms;

/**
 * A traced program starts as from a terminal's shell: every signal's default action. SocketLab started as a job with
 * {@code &} ignores SIGINT and SIGQUIT, an ignored signal stays ignored across exec, through strace, and a traced
 * server then outlived {@code kill -INT} (TracedSignalsTest). coreutils' {@code env --default-signal} (8.31 and later)
 * puts the default actions back before strace starts; where env has no such option the command stays as it was.
 */
final class DefaultSignals {
    /** {@code env --default-signal --}, or nothing where env has no such option; found once. */
    private static final List<String> PREFIX = prefix();

    private DefaultSignals() {
    }

    /** Whether this machine's env can put the default actions back (coreutils 8.31 and later). */
    static boolean available() {
        return !PREFIX.isEmpty();
    }

    /** {@code command} (strace's) preceded by what gives it every signal's default action. */
    static List<String> restored(List<String> command) {
        List<String> all = new ArrayList<>(PREFIX);
        all.addAll(command);
        return List.copyOf(all);
    }

    private static List<String> prefix() {
        Optional<Path> env = TrustedPrograms.find("env");
        if (env.isEmpty()) return List.of();
        List<String> prefix = List.of(env.get().toString(), "--default-signal", "--");
        List<String> probe = new ArrayList<>(prefix);
        probe.add(TrustedPrograms.find("true").orElse(Path.of("/bin/true")).toString());
        try {
            if (HelperRun.run(probe, Duration.ofSeconds(5)).succeeded()) return prefix;
        } catch (IOException e) {
            // no env to run, or no answer: the command as it was
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return List.of();
    }
}
