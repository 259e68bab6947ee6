package org.socketlab.check;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.socketlab.capture.ChildProcesses;
import org.socketlab.i18n.LocalizedException;
import org.socketlab.lab.Journal;
import org.socketlab.syscall.Libc;
import org.socketlab.syscall.Signals;
import org.socketlab.syscall.TrustedPrograms;
import org.socketlab.trace.Strace;
import org.socketlab.trace.TraceSession;
import org.socketlab.trace.TracedProgram;

/**
 * Where a submission is started: the one place, so the lab network (a private user and network namespace) can be put
 * here later. Today the program runs on the host's loopback, as {@code socketlab trace} runs one, under strace, from an
 * argument list (never a shell), in a session and process group of its own ({@code setsid}), with limits set by
 * {@code prlimit} from util-linux (CPU seconds, open files, address space, no core file), its standard input empty
 * and its working folder a fresh private one. {@link #killGroup} ends the whole group. This is not a security
 * sandbox: the program can still read the user's files and reach the network.
 */
final class Sandbox {

    private Sandbox() {
    }

    /** Starts {@code command} under strace with {@code limits}, in {@code workDir}, journaling into {@code journal}. */
    static TraceSession start(Libc libc, Strace strace, List<String> command, Path workDir, CheckFile.Limits limits,
            Journal journal, TraceSession.ProgramOutput output) {
        List<String> wrapped = new ArrayList<>();
        wrapped.add(tool("setsid"));
        wrapped.add(tool("prlimit"));
        wrapped.add("--cpu=" + limits.cpuSeconds());
        wrapped.add("--nofile=" + limits.openFiles());
        wrapped.add("--as=" + (long) limits.memoryMb() * 1024 * 1024);
        wrapped.add("--core=0");
        wrapped.add("--");
        // Its parent is strace, which dies with SocketLab: then the program dies too, never left without its time
        // limit (what it forked is ended by killGroup, or, when SocketLab is killed outright, not yet: issue 36).
        ChildProcesses.setpriv().ifPresent(setpriv -> wrapped.addAll(List.of(setpriv.toString(), "--pdeathsig",
                "KILL", "--")));
        wrapped.addAll(command);
        return TraceSession.start(libc, strace, wrapped, workDir, journal, null, null, output);
    }

    /** Where a fixed tool of util-linux is; a missing one is said with how to get it. */
    private static String tool(String name) {
        return TrustedPrograms.find(name).orElseThrow(() -> new LocalizedException("check.toolMissing", name))
                .toString();
    }

    /** The program to run, found as {@code trace} finds one ({@link TracedProgram#find}). */
    static Optional<Path> program(String word, Path relativeTo) {
        return TracedProgram.find(word, relativeTo);
    }

    /**
     * Sends SIGKILL to the process group the program leads (setsid made its pid the group id): what it forked dies
     * with it, even a child no longer below strace. With kill(2) itself, never by starting {@code /usr/bin/kill}: a
     * fork bomb fills the user's process table, and then no program can start, the moment one is needed most.
     */
    static void killGroup(int pgid) {
        if (pgid <= 1) return;
        SIGNALS.kill(-pgid, Signals.SIGKILL); // ESRCH: already gone; the tree walk of TraceSession.stop ends the rest
    }

    private static final Signals SIGNALS = new Signals();

    /** The socket fds a process has open now, from the kernel's table ({@code /proc/PID/fd}); null if unreadable. */
    static Set<Integer> socketsOf(int pid) {
        if (pid <= 0) return null;
        Set<Integer> fds = new TreeSet<>();
        try (var list = Files.list(Path.of("/proc", String.valueOf(pid), "fd"))) {
            for (Path fd : (Iterable<Path>) list::iterator) {
                try {
                    if (Files.readSymbolicLink(fd).toString().startsWith("socket:"))
                        fds.add(Integer.parseInt(fd.getFileName().toString()));
                } catch (IOException | NumberFormatException e) {
                    // closed while listed
                }
            }
        } catch (IOException e) {
            return null;
        }
        return fds;
    }

    /** Removes the private working folder and whatever the program left in it. */
    static void removeFolder(Path folder) {
        if (folder == null) return;
        try (var walk = Files.walk(folder)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        } catch (IOException e) {
            // a temporary folder left behind is harmless
        }
    }
}
