package org.socketlab.trace;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.socketlab.i18n.LocalizedException;
import org.socketlab.syscall.HelperRun;
import org.socketlab.syscall.MissingTool;
import org.socketlab.syscall.TrustedPrograms;

/**
 * The real tracer, {@code strace}: where it is, its version, the command line SocketLab runs it with, and what its
 * complaints mean. Every failure is a {@link LocalizedException} whose message says, in the reader's language, what
 * to do ({@code apt install strace}, {@code kernel.yama.ptrace_scope}, a container without {@code CAP_SYS_PTRACE}).
 */
public final class Strace {
    /** The oldest strace whose output this parser was checked against ({@code -yy} socket details, {@code -q}, {@code -e signal=none}). */
    public static final int[] MINIMUM = {5, 0};
    private static final Pattern VERSION = Pattern.compile("strace -- version ([0-9]+)\\.([0-9]+)");

    /**
     * The calls strace is asked for: every socket call ({@code %network}), the fd calls that may act on a socket, the
     * waits, and the process calls that tell who forked whom, which program each runs and who reaped whom. {@code ?} lets a name this machine lacks pass silently.
     */
    static final String TRACE_SET = String.join(",", "%network", "read", "write", "readv", "writev", "close", "?fcntl",
            "?fcntl64",
            "?poll", "?ppoll", "?select", "?_newselect", "?pselect6", "?epoll_ctl", "?epoll_wait", "?epoll_pwait",
            "?epoll_pwait2",
            "execve", "?fork", "?vfork", "?clone", "?clone3", "?wait4", "?waitid",
            "?rt_sigaction", "?exit");

    private final Path program;
    private final String version;
    /** Whether {@link #checkAllowed()} has seen strace trace here (ptrace's rules do not change while this runs). */
    private volatile boolean allowed;

    /** The longest string strace prints whole ({@code -s}): every byte of the lab's largest payload, by default. */
    private static final int STRINGS = 1 << 20;
    private final int strings;

    private Strace(Path program, String version) {
        this(program, version, STRINGS);
    }

    private Strace(Path program, String version, int strings) {
        this.program = program;
        this.version = version;
        this.strings = strings;
    }

    /**
     * The same strace printing at most {@code bytes} of each string ({@code -s}): for a run whose journal keeps no
     * payload beyond that (a batch of checks judges calls, counts and short replies, and writes no journal), so a
     * 6 MiB echo is not 12 MB of text to read. Calls, results and counts are the same; a payload longer than that is
     * journaled cut.
     */
    public Strace printingAtMost(int bytes) {
        Strace s = new Strace(program, version, bytes);
        s.allowed = allowed;
        return s;
    }

    /** strace found on this machine and checked ({@code strace -V}); else why not, said for the reader. */
    public static Strace find() {
        Optional<Path> found = TrustedPrograms.find("strace");
        if (found.isEmpty()) throw new LocalizedException("trace.strace.missing", MissingTool.STRACE.installCommand());
        String out;
        try {
            HelperRun.Ran ran = HelperRun.run(List.of(found.get().toString(), "-V"), Duration.ofSeconds(10));
            out = ran.out() + ran.err();
        } catch (IOException e) {
            throw new LocalizedException("trace.strace.broken", found.get().toString(), String.valueOf(e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LocalizedException("trace.strace.broken", found.get().toString(), "interrupted");
        }
        Matcher m = VERSION.matcher(out);
        if (!m.find())
            throw new LocalizedException("trace.strace.broken", found.get().toString(),
                    out.lines().findFirst().orElse(""));
        int major = Integer.parseInt(m.group(1)), minor = Integer.parseInt(m.group(2));
        if (major < MINIMUM[0] || major == MINIMUM[0] && minor < MINIMUM[1])
            throw new LocalizedException("trace.strace.old", major + "." + minor, MINIMUM[0] + "." + MINIMUM[1]);
        return new Strace(found.get(), major + "." + minor);
    }

    /** Whether strace is installed (no version check): tests use it to decide what they can check. */
    public static boolean installed() {
        return TrustedPrograms.find("strace").isPresent();
    }

    public Path program() {
        return program;
    }

    public String version() {
        return version;
    }

    /** The longest string strace prints whole ({@code -s}). */
    public int strings() {
        return strings;
    }

    /** The calls strace is asked for ({@code -e trace=}), for a tracer started by the lab's broker. */
    public static String traceSet() {
        return TRACE_SET;
    }

    /**
     * The longest line of strace's record SocketLab reads (a longer one is the program's failure, never held): room
     * for every argument string at its most escaped ({@code \xNN}, four characters a byte) twice over, at least 1 MiB.
     */
    public int maxRecordLine() {
        return (int) Math.min(Integer.MAX_VALUE - 16, Math.max(1 << 20, 8L * strings + (1 << 16)));
    }

    /**
     * The command line: follow forks and threads ({@code -f}), epoch time stamps to the microsecond and time in each call
     * ({@code -ttt -T}), socket details on every fd ({@code -yy}, so no other file is ever read to tell a socket from a
     * file), no attach chatter ({@code -q}) but each process's and thread's end ({@code +++ exited with 0 +++}: the
     * kernel closed an ended process's sockets, told in the record's order), and its death by a signal, which strace
     * tells only for a signal of its {@code -e signal=} set ({@code +++ killed by SIGTERM +++}; with {@code signal=none}
     * a process a stop ended was never told ended): every signal that can end a process, none that never does
     * ({@link #QUIET_SIGNALS}, SIGCHLD the busiest of them; the lines of those that are told are read and dropped),
     * strings long enough for the lab's
     * largest payload ({@code -s}, unless {@link #printingAtMost}), output to {@code output} (a FIFO SocketLab reads, so nothing is written to disk).
     * Always a list, never a shell line.
     */
    /** The signals whose default is not to end the process: no line of theirs is wanted in the record. */
    static final String QUIET_SIGNALS = "SIGCHLD,SIGCONT,SIGSTOP,SIGTSTP,SIGTTIN,SIGTTOU,SIGURG,SIGWINCH";

    public List<String> command(Path output, List<String> traced) {
        List<String> command = new ArrayList<>(
                List.of(program.toString(), "-f", "-ttt", "-T", "-yy", "-q", "-e", "signal=!" + QUIET_SIGNALS,
                        "-s", String.valueOf(strings), "-e", "trace=" + TRACE_SET, "-o", output.toString(), "--"));
        command.addAll(traced);
        return List.copyOf(command);
    }

    /**
     * Runs strace once on {@code true} to see whether this machine lets it trace at all (ptrace may be forbidden by
     * kernel.yama.ptrace_scope or a container without CAP_SYS_PTRACE); throws what that means, in the reader's words.
     * Asked again only until it once succeeded.
     */
    public void checkAllowed() {
        // Once allowed, allowed for this strace: a batch of 200 submissions starts it once, not 200 times.
        if (allowed) return;
        Path yes = TrustedPrograms.find("true").orElse(Path.of("/bin/true"));
        try {
            HelperRun.Ran ran = HelperRun.run(List.of(program.toString(), "-qq", "-o", "/dev/null", "-e", "trace=none",
                    "--", yes.toString()), Duration.ofSeconds(20));
            if (ran.succeeded()) {
                allowed = true;
                return;
            }
            String out = ran.out() + ran.err();
            throw complaint(out)
                    .orElseGet(() -> new LocalizedException("trace.strace.broken", program.toString(), out.strip()));
        } catch (IOException e) {
            throw new LocalizedException("trace.strace.broken", program.toString(), String.valueOf(e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LocalizedException("trace.strace.broken", program.toString(), "interrupted");
        }
    }

    /**
     * What strace's own complaint on its stderr means, said for the reader, or empty when it is not about tracing
     * itself (a program that is not found is said by strace in its own words and passed through).
     */
    public static Optional<LocalizedException> complaint(String stderr) {
        if (stderr == null) return Optional.empty();
        for (String line : stderr.lines().toList()) {
            String l = line.trim();
            // strace names itself as it was started: "strace:" or "/usr/bin/strace:".
            if (!l.startsWith("strace:") && !l.matches("\\S*/strace: .*")) continue;
            if (l.contains("Operation not permitted") && (l.contains("ptrace") || l.contains("PTRACE")))
                return Optional.of(
                        new LocalizedException("trace.notAllowed", l, ptraceScope().map(String::valueOf).orElse("-")));
            if (l.contains("Cannot find executable") || l.contains("Can't stat") || l.contains("exec:"))
                return Optional.of(new LocalizedException("trace.programNotFound", l));
        }
        return Optional.empty();
    }

    /** kernel.yama.ptrace_scope (0 classic, 1 restricted to descendants, 2 admin only, 3 none), when the kernel has Yama. */
    public static Optional<Integer> ptraceScope() {
        try {
            return Optional
                    .of(Integer
                            .parseInt(Files.readAllLines(Path.of("/proc/sys/kernel/yama/ptrace_scope")).get(0).trim()));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
