package org.socketlab.trace;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.socketlab.journal.Journal;
import org.socketlab.journal.Payload;
import org.socketlab.syscall.Errno;
import org.socketlab.syscall.Os;
import org.socketlab.syscall.Signals;
import org.socketlab.syscall.SysCall;

/**
 * Turns strace's record, line by line, into journal events: each socket call at the moment it returned (per process
 * and thread: {@value #PROGRAM} for the program, {@code program-PID} for another), a call left waiting in
 * the kernel as blocked (and cancelled when its process ends), a fork as a new process holding its parent's sockets.
 * Calls on files, pipes or the terminal are dropped. Not thread-safe: its {@link TraceSession} holds its lock.
 */
final class StraceRecord {
    /** The endpoint of the traced program; its other processes and threads are {@code program-PID}. */
    static final String PROGRAM = "program";
    private static final int MAX_PROBLEMS = 5;
    /** wait4's status as strace writes it: {@code [{WIFEXITED(s) && WEXITSTATUS(s) == 0}]}, or killed by a signal. */
    private static final Pattern WEXITSTATUS = Pattern.compile("WEXITSTATUS\\(s\\) == (\\d+)"),
            WTERMSIG = Pattern.compile("WTERMSIG\\(s\\) == (SIG[A-Z0-9]+)");

    private final Journal journal;
    private final TracedSockets sockets;
    private final CallTranslator translator = new CallTranslator();
    private final StraceJoiner joiner = new StraceJoiner();
    private final Map<Integer, Payload.Blocked> blocked = new HashMap<>();
    /** When each call in {@link #blocked} was seen blocking: put and removed with it. */
    private final Map<Integer, Long> blockedSinceNs = new HashMap<>();
    /** Per thread, the call a signal cut, until its next line says whether it is made again ({@link #settleInterrupted}). */
    private final Map<Integer, StraceLine.Syscall> interrupted = new HashMap<>();
    private final List<String> problems = new ArrayList<>();
    /** strace's wall-clock stamps onto the journal's clock, a step of the wall clock included. */
    private final WallClockMap wallClock = new WallClockMap();
    /** The processes and threads the record has shown and whose end it has not told yet (a stop ends them). */
    private final Set<Integer> alive = new LinkedHashSet<>();
    /** The program's processes (its first and each forked child), not its threads: their ends are journaled. */
    private final Set<Integer> processes = new LinkedHashSet<>();
    /** Each forked process's parent (strace's pids): whom it waits for as a zombie. */
    private final Map<Integer, Integer> parentOf = new HashMap<>();
    /** The ended children not reaped yet, with their end: a wait4() that returns one of them reaped it. */
    private final Map<Integer, Payload.Process> zombies = new HashMap<>();
    /** Children a wait4() returned before strace told their end (journaled reaped right after their end). */
    private final Map<Integer, Payload.Process> reapedEarly = new HashMap<>();
    /**
     * The processes whose ended children the kernel reaps at once (SIGCHLD set to SIG_IGN, or SA_NOCLDWAIT): no
     * zombie. Kept across fork and exec, as the kernel keeps SIG_IGN.
     */
    private final Set<Integer> noZombies = new HashSet<>();
    /** The program's threads (issue 79): each one's process, its endpoint, and which of them called exit() itself. */
    private final ProgramThreads threads = new ProgramThreads();
    /** Every pid the record has shown, so a thread is told apart from a process at its first line. */
    private final Set<Integer> seen = new HashSet<>();
    /** Whether the program's first process was journaled started. */
    private boolean started;
    private volatile int rootPid = -1;
    private long callsJournaled, linesRead;

    StraceRecord(Journal journal, TracedSockets sockets) {
        this.journal = journal;
        this.sockets = sockets;
    }

    /** One line of strace's record: parsed, joined with its other half, journaled when socket-related; false when dropped at once. */
    boolean read(String line) {
        linesRead++;
        wallClock.sample(journal.now(), journal.wallMinusClockNs());
        if (StraceParser.onNoSocket(line)) return false;
        int resumed = StraceParser.resumedFdCall(line);
        if (resumed > 0 && !joiner.waiting().containsKey(resumed)) return false; // the other half of a call on a file
        for (StraceLine l : joiner.accept(StraceParser.parse(line))) act(l);
        return true;
    }

    private void act(StraceLine line) {
        if (line.pid() > 0 && !(line instanceof StraceLine.Exited) && !(line instanceof StraceLine.Killed))
            alive.add(line.pid());
        if (line.pid() > 0 && seen.add(line.pid()) && rootPid >= 0 && line.pid() != rootPid) firstSeen(line);
        settleInterrupted(line);
        switch (line) {
            case StraceLine.Syscall s when interrupted(s) -> interrupted.put(s.pid(), s);
            case StraceLine.Syscall s -> syscall(s);
            case StraceLine.Unfinished u -> {
                StraceValues.Fd fd = u.argsSoFar().isEmpty()
                        ? null
                        : StraceValues.fd(StraceValues.split(u.argsSoFar()).getFirst());
                if (fd != null && fd.socket() && !SysCall.CLOSE.is(u.name())) {
                    Payload.Blocked b = new Payload.Blocked(u.name(), fd.number());
                    blocked.put(u.pid(), b);
                    blockedSinceNs.put(u.pid(), journal.now());
                    journal.append(endpoint(u.pid()), b);
                }
            }
            case StraceLine.Exited e -> {
                threadEnded(e.pid(), e.code());
                ended(e.pid());
                if (processes.remove(e.pid())) {
                    Payload.Process end = Payload.Process.exited(e.pid(), e.code());
                    journal.append(endpoint(e.pid()), end);
                    zombie(end);
                }
            }
            case StraceLine.Killed k -> {
                threadEnded(k.pid(), null);
                ended(k.pid());
                if (processes.remove(k.pid())) {
                    Payload.Process end = Payload.Process.killedBy(k.pid(), Signals.number(k.signal()), k.signal());
                    journal.append(endpoint(k.pid()), end);
                    zombie(end);
                }
            }
            case StraceLine.Unparsed u -> problem(u.reason() + ": " + abbreviate(u.line()));
            case StraceLine.Resumed r -> problem("resumed call left over: " + r.name());
            case StraceLine.Signal s -> {
            }
        }
    }

    /**
     * An ended child whose parent is still running stays a zombie until its parent's wait4() (issue 79): said now, and
     * its reaping when the wait returns it; a child its parent reaped before strace told its end is reaped at once.
     * An orphan's new parent (init, a subreaper) is not traced: nothing is said of it.
     */
    private void zombie(Payload.Process end) {
        int pid = end.pid();
        noZombies.remove(pid);
        Integer parent = parentOf.remove(pid);
        if (parent == null || !alive.contains(parent) || noZombies.contains(parent)) return;
        Payload.Process early = reapedEarly.remove(pid);
        if (early != null) {
            journal.append(endpoint(pid), early);
            return;
        }
        zombies.put(pid, end);
        journal.append(endpoint(pid), Payload.Process.zombie(pid, parent));
    }

    /** A wait4() or waitid() that returned a child's pid: that child is reaped, with the status the call read. */
    private void waited(StraceLine.Syscall s) {
        if (s.failed() || s.result() == null || s.result() <= 0) return;
        int child = s.result().intValue();
        if (s.name().equals("waitid")) return; // returns 0: its siginfo names the child (not read: rare in C servers)
        String status = s.args().size() > 1 ? s.args().get(1) : "";
        Integer code = null, signal = null;
        String signalName = null;
        Matcher exit = WEXITSTATUS.matcher(status), killed = WTERMSIG.matcher(status);
        if (exit.find()) code = Integer.parseInt(exit.group(1));
        else if (killed.find()) {
            signalName = killed.group(1);
            signal = Signals.number(signalName);
            if (signal < 1) signal = null;
            if (signal == null) signalName = null;
        }
        Payload.Process end = zombies.remove(child);
        if (code == null && signal == null && end != null) { // waitpid(-1, NULL, WNOHANG): the status the kernel kept
            code = end.code();
            signal = end.signal();
            signalName = end.signalName();
        }
        Payload.Process reaped = Payload.Process.reaped(child, s.pid(), code, signal, signalName);
        if (end != null) journal.append(endpoint(child), reaped);
        else if (parentOf.containsKey(child)) reapedEarly.put(child, reaped);
    }

    /** rt_sigaction(SIGCHLD, ...): whether the process's ended children stay zombies until it waits. */
    private void sigchld(StraceLine.Syscall s) {
        if (s.failed() || s.args().size() < 2 || !s.args().get(0).equals("SIGCHLD") || s.args().get(1).equals("NULL"))
            return;
        String act = s.args().get(1);
        if (act.contains("SIG_IGN") || act.contains("SA_NOCLDWAIT")) noZombies.add(s.pid());
        else noZombies.remove(s.pid());
    }

    /** A wait for a child: a SIGCHLD handler's waitpid() runs between a cut call and its restart. */
    private static boolean waitCall(StraceLine line) {
        String name = line instanceof StraceLine.Syscall s
                ? s.name()
                : line instanceof StraceLine.Unfinished u ? u.name() : "";
        return name.equals("wait4") || name.equals("waitid");
    }

    /**
     * Whether {@code s} is a call a signal cut ({@code = ? ERESTARTSYS}, {@code ERESTARTNOHAND}...): strace prints it as
     * the call leaves the kernel, before it knows whether the call is made again (SA_RESTART) or returns -1 EINTR to
     * the program ({@link #settleInterrupted}).
     */
    private static boolean interrupted(StraceLine.Syscall s) {
        return s.result() == null && s.errnoName() != null && s.errnoName().startsWith("ERESTART");
    }

    /**
     * What became of the call a signal cut in {@code line}'s thread, told by the thread's next line: the same call again
     * (on the same fd) is its restart, and only that one is journaled as a call; its death by a signal leaves it cut
     * (both as before: a wait cancelled); anything else (another call, its exit, a handler that left by siglongjmp) means the program's code
     * went on: the call is journaled as it returned to it, -1 EINTR, at the moment it was cut. alarm()'s wait in the
     * classic UDP client is then a failed recvfrom in the journal, not nothing.
     */
    private void settleInterrupted(StraceLine line) {
        StraceLine.Syscall cut = interrupted.get(line.pid());
        if (cut == null || line instanceof StraceLine.Signal || waitCall(line)) return;
        interrupted.remove(line.pid());
        if (line instanceof StraceLine.Killed || sameCall(cut, line)) {
            syscall(cut); // as strace printed it: never returned to the program (journaled as before)
            return;
        }
        syscall(new StraceLine.Syscall(cut.pid(), cut.enteredUs(), cut.name(), cut.args(), -1L, Errno.EINTR.name(),
                null,
                cut.durationUs()));
    }

    /** Whether {@code line} makes the call {@code cut} again: its name, on the same descriptor. */
    private static boolean sameCall(StraceLine.Syscall cut, StraceLine line) {
        String name;
        String first;
        if (line instanceof StraceLine.Syscall s) {
            name = s.name();
            first = s.args().isEmpty() ? "" : s.args().getFirst();
        } else if (line instanceof StraceLine.Unfinished u) {
            name = u.name();
            first = u.argsSoFar().isEmpty() ? "" : StraceValues.split(u.argsSoFar()).getFirst();
        } else return false;
        if (!name.equals(cut.name())) return false;
        String was = cut.args().isEmpty() ? "" : cut.args().getFirst();
        StraceValues.Fd a = StraceValues.fd(was), b = StraceValues.fd(first);
        return a != null && b != null ? a.number() == b.number() : was.equals(first);
    }

    private void syscall(StraceLine.Syscall s) {
        if (s.name().equals("exit")) threads.calledExit(s.pid()); // a thread's own end; a process ends by exit_group
        if (s.name().equals("execve") && rootPid < 0 && !s.failed()) rootPid = s.pid();
        if (s.name().equals("wait4") || s.name().equals("waitid")) {
            waited(s);
            return;
        }
        if (s.name().equals("rt_sigaction")) {
            sigchld(s);
            return;
        } else if (s.name().equals("execve") && !s.failed()) sockets.execed(s.pid());
        if (rootPid < 0) rootPid = s.pid();
        // The program's process as the Processes view and the lanes know a lab endpoint's: started, then ended.
        if (!started) {
            started = true; // once: a later line of another process must not start it again after its end
            processes.add(rootPid);
            journal.append(PROGRAM, Payload.Process.started(rootPid, PROGRAM));
        }
        // strace stamps with the wall clock: moved onto the journal's with the offset of the stamp's own time,
        // so a step of the wall clock, since the session began or since strace wrote the line, cannot put a
        // call's return before its own segments or before the calls ahead of it.
        long entered = wallClock.toJournal(s.enteredUs() * 1000, journal.now());
        if (s.name().equals("execve") && !s.failed()) {
            String name = programName(s.args().isEmpty() ? "" : s.args().getFirst());
            if (!name.isEmpty()) journal.append(endpoint(s.pid()), Payload.Process.execed(s.pid(), name));
        }
        if (Os.current() == Os.LINUX && (s.name().startsWith("clone") || s.name().endsWith("fork"))
                && !s.failed() && s.result() != null) {
            int child = s.result().intValue();
            alive.add(child);
            if (!String.join(",", s.args()).contains("CLONE_THREAD")) translator.inherit(s.pid(), child);
            // A new process, not a thread (which shares its fd table): it holds its parent's sockets, by inode,
            // and its lane starts here, marked as forked from its parent at the moment the call returned.
            if (String.join(",", s.args()).contains("CLONE_THREAD")) {
                if (!threads.isThread(child))
                    threadStarted(child, threads.processOf(s.pid()),
                            s.durationUs() >= 0 ? entered + s.durationUs() * 1000 : journal.now());
            } else if (!String.join(",", s.args()).contains("CLONE_FILES")) {
                processes.add(child);
                parentOf.put(child, s.pid());
                if (noZombies.contains(s.pid())) noZombies.add(child);
                Map<Integer, Long> inherited = new TreeMap<>(sockets.forked(s.pid(), child, endpoint(child)));
                inherited.values().removeIf(inode -> inode == null || inode < 1); // not read: not named
                journal.appendHappened(endpoint(child),
                        Payload.Process.forked(child, s.pid(), PROGRAM, inherited),
                        s.durationUs() >= 0 ? entered + s.durationUs() * 1000 : journal.now());
            } else sockets.sharesFiles(s.pid(), child);
        }
        String endpoint = endpoint(s.pid());
        Optional<Payload.Call> call = translator.translate(s, entered);
        Payload.Blocked waiting = blocked.remove(s.pid());
        Long since = blockedSinceNs.remove(s.pid());
        if (call.isEmpty()) {
            if (waiting != null)
                journal.append(endpoint,
                        new Payload.Cancelled(waiting.call(), waiting.fd(),
                                journal.now() - blockedSince(since)));
            return;
        }
        Payload.Call c = call.get();
        if (!s.args().isEmpty())
            sockets.seen(s.pid(), endpoint, StraceValues.fd(s.args().getFirst()), s.name(), !s.failed());
        if (s.resultFd() != null) sockets.seen(s.pid(), endpoint, s.resultFd(), s.name(), true);
        long returned = s.durationUs() >= 0 ? entered + s.durationUs() * 1000 : journal.now();
        c = withInodes(s.pid(), c, returned);
        // At the moment it returned (strace's entry stamp plus its time in the kernel), not when its line was read.
        journal.appendHappened(endpoint, c,
                s.durationUs() >= 0 ? entered + s.durationUs() * 1000 : journal.now());
        callsJournaled++;
        if (c.is(SysCall.CLOSE) && !c.failed() && c.fd() != null) sockets.closed(s.pid(), c.fd());
        sockets.sample();
    }

    /** execve's file ({@code "/usr/bin/bash"}) as a name: without quotes and folder; empty when none. */
    static String programName(String file) {
        String f = file.strip();
        if (f.startsWith("\"")) f = f.substring(1, f.lastIndexOf('"') > 0 ? f.lastIndexOf('"') : f.length());
        String name = f.substring(f.lastIndexOf('/') + 1);
        return name.length() > 64 || !name.matches("[A-Za-z0-9._+-]+") ? "" : name;
    }

    /** The call with the inodes of the sockets it names, as the lab's own calls carry them (journal/SocketIdentities). */
    private Payload.Call withInodes(int pid, Payload.Call c, long returnedNs) {
        Long inode = c.fd() == null ? null : sockets.inodeOf(pid, c.fd(), returnedNs);
        List<Long> made = new ArrayList<>();
        List<Integer> madeFds;
        try {
            madeFds = c.madeFds();
        } catch (RuntimeException e) {
            return c.withInodes(inode, List.of()); // arguments this reader could not take apart: no inode rather than none read
        }
        for (int fd : madeFds) {
            Long m = sockets.inodeOf(pid, fd, returnedNs);
            if (m == null) return c.withInodes(inode, List.of()); // all or none: readers match them by position
            made.add(m);
        }
        return c.withInodes(inode, made);
    }

    /** A blocked call's start, which is always there beside it ({@link #blockedSinceNs}). */
    private static long blockedSince(@Nullable Long stamp) {
        return Objects.requireNonNull(stamp, "a blocked call is stamped when it is put");
    }

    private void ended(int pid) {
        alive.remove(pid);
        Payload.Blocked waiting = blocked.remove(pid);
        Long since = blockedSinceNs.remove(pid);
        if (waiting != null)
            journal.append(endpoint(pid),
                    new Payload.Cancelled(waiting.call(), waiting.fd(), journal.now() - blockedSince(since)));
        sockets.processEnded(pid);
        sockets.sample();
    }

    /** strace's record ended (the program and every child ended, or strace was stopped): close what is still open. */
    void ended() {
        for (StraceLine.Syscall cut : List.copyOf(interrupted.values())) syscall(cut);
        interrupted.clear();
        for (Integer pid : List.copyOf(blocked.keySet())) ended(pid);
        for (var w : joiner.waiting().values()) sockets.processEnded(w.pid());
        sockets.sample();
    }

    private String endpoint(int pid) {
        String thread = threads.endpoint(pid);
        if (thread != null) return thread;
        return pid == rootPid ? PROGRAM : PROGRAM + "-" + pid;
    }

    /**
     * A pid's first line: a thread's may come before the clone that made it returns in its creator (strace prints the
     * clone's result when the creator runs again), so it is told apart now, by /proc (its Tgid) or by the one clone
     * with CLONE_THREAD under way; its calls then go on its thread's lane from the first.
     */
    private void firstSeen(StraceLine line) {
        int pid = line.pid();
        if (threads.isThread(pid)) return; // its clone returned first
        int process = threads.processOfNew(pid, sockets::hostPid, processes, joiner.waiting().values());
        // Started just before its first call entered the kernel, on the journal's clock.
        long at = line instanceof StraceLine.Syscall s
                ? wallClock.toJournal(s.enteredUs() * 1000, journal.now()) - 1
                : journal.now();
        if (process > 0) threadStarted(pid, process, at);
    }

    /** The thread {@code tid} of {@code process} started: journaled once on its own lane, sharing the descriptors. */
    private void threadStarted(int tid, int process, long atNs) {
        alive.add(tid);
        translator.share(process, tid);
        sockets.sharesFiles(process, tid);
        String endpoint = threads.started(tid, process);
        journal.appendHappened(endpoint, Payload.Process.thread(tid, process), atNs);
    }

    /** A thread's end, journaled before its lane's waits are cancelled; a process's is journaled as before. */
    private void threadEnded(int tid, @Nullable Integer code) {
        Integer process = threads.ended(tid);
        if (process == null) return;
        journal.append(endpoint(tid),
                Payload.Process.threadEnded(tid, process, threads.exitedItself(tid) ? code : null));
    }

    /** Notes why something of the record was not read (the first few), for a warning. */
    void problem(String text) {
        if (problems.size() < MAX_PROBLEMS) problems.add(text);
    }

    private static String abbreviate(String line) {
        return line.length() <= 160 ? line : line.substring(0, 160) + "...";
    }

    List<String> problems() {
        return List.copyOf(problems);
    }

    long callsJournaled() {
        return callsJournaled;
    }

    /** The processes and threads of the program the record shows alive (its end not told yet), by strace's pids. */
    Set<Integer> alive() {
        return Set.copyOf(alive);
    }

    /** The process id of the traced program (strace's child), or -1 before its first line; read without the lock. */
    int rootPid() {
        return rootPid;
    }
}
