package org.socketlab.syscall;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;
import org.socketlab.i18n.LocalizedException;
import org.socketlab.syscall.EndpointChannel.Answer;

/**
 * One endpoint of the lab as a process of its own: the native program {@code socketlab-endpoint}
 * (packaging/linux/endpoint.c), started with {@code posix_spawn} ({@link EndpointSpawn}) and told each call over a
 * stream socket it inherits as descriptor {@value #CONTROL} ({@link EndpointChannel}). Its {@link #calls()} are
 * {@link Libc}'s, with the same arguments and answers, made in its own descriptor table (a blocking call blocks there,
 * in the kernel); here are its life (a thread of it, a fork, signals, exit) and its end ({@link EndpointReaper}). One
 * thread makes the calls (the endpoint's worker); {@link #interrupt()}, {@link #sleeping()}, {@link #borrow(int)} and
 * {@link #inodeOf(int)} may be used from any thread. Linux only.
 */
public final class EndpointProcess implements AutoCloseable {
    /** The endpoint's end of the control channel: far above the first free numbers, so its first socket is 3. */
    public static final int CONTROL = EndpointChannel.CONTROL;
    /** Interrupts a blocking call: the endpoint's handler for it is installed without SA_RESTART (EINTR). */
    public static final int SIGUSR1 = 10;
    /** How long a call's answer may take before {@link #onSlowAnswer} is told (it may be blocked in the kernel). */
    public static final int SLOW_ANSWER_MS = EndpointChannel.SLOW_ANSWER_MS;
    /** The file name of the endpoint program, built with labnet (target/native from source, lib/ of the app-image). */
    public static final String PROGRAM = EndpointProgram.NAME;
    private static final int WNOHANG = 1;

    private final Libc libc;
    private final EndpointCalls calls;
    private final String name;
    private final int pid;
    /** The thread that makes this endpoint's calls: the process's first thread, or one it started ({@link #thread}). */
    private final int tid;
    private final int pidfd;
    private final EndpointChannel channel;
    private final EndpointReaper reaper;
    private final Signals signals = new Signals();
    /** What its sigaction calls set; shared with its threads (one process), copied by a fork. */
    private SignalDispositions dispositions = new SignalDispositions();
    /** When this program learnt the process exists ({@link System#nanoTime}): posix_spawn returned, or its starter said so. */
    private final long startedNanoTime = System.nanoTime();

    /** How the endpoint process ended: its exit code, or the signal that ended it (the other is -1). */
    public record Exit(int code, int signal) {
        /** As waitpid(2)'s status says it. */
        public static Exit ofStatus(int status) {
            return (status & 0x7f) == 0 ? new Exit((status >> 8) & 0xff, -1) : new Exit(-1, status & 0x7f);
        }
    }

    /** What fork() returned in the parent (the child's pid, or -1 and errno), and the child's endpoint (null then). */
    public record Forked(SysResult result, @Nullable EndpointProcess child) {
    }

    /** What waitpid() returned (the pid it reaped, 0 with WNOHANG and none ended, or -1) and the status it filled in. */
    public record Waited(SysResult result, int status) {
    }

    /**
     * What sigprocmask(2) returned, and what a SIGCHLD handler did as the call returned (a signal pending when it is
     * unblocked is delivered then): how many times it ran, and the children it reaped (pid to waitpid status, in order).
     */
    public record Masked(SysResult result, int handlerRuns, Map<Integer, Integer> reaped) {
        public Masked {
            reaped = Collections.unmodifiableMap(new LinkedHashMap<>(reaped));
        }
    }

    /**
     * The endpoint's process (or thread) is gone: its channel ended in the middle of a call ({@link #made()}: the call
     * was asked for, and the process ended before it answered), or before the call could even be asked.
     */
    public static final class EndedException extends LocalizedException {
        private final boolean made;

        EndedException(String name, int pid, boolean made) {
            super("lab.endpoint.ended", name, String.valueOf(pid));
            this.made = made;
        }

        /** Whether the call had been handed to the process (it may have been made, and never answered). */
        public boolean made() {
            return made;
        }
    }

    private EndpointProcess(Libc libc, EndpointChannel channel, String name, int pid, int tid, int pidfd,
            boolean owner) {
        this.libc = libc;
        this.calls = new EndpointCalls(libc, channel);
        this.name = name;
        this.pid = pid;
        this.tid = tid;
        this.pidfd = pidfd;
        this.channel = channel;
        this.reaper = new EndpointReaper(libc, channel, pid, pidfd, owner, signals);
    }

    /**
     * Starts the endpoint {@code name} from {@code program}. Call it on a thread that lives as long as the endpoint
     * should: the endpoint ends when that thread ends (PR_SET_PDEATHSIG), as well as when its channel is closed.
     */
    public static EndpointProcess start(Libc libc, Path program, String name) {
        EndpointSpawn.Spawned spawned = EndpointSpawn.spawn(libc, program, name);
        int pid = spawned.pid();
        int pidfd = ProcessCalls.pidfdOpen(pid);
        EndpointChannel channel = new EndpointChannel(libc, name, pid, spawned.control());
        EndpointProcess started = new EndpointProcess(libc, channel, name, pid, pid, pidfd, true);
        // One round trip that makes no call: once it is answered the endpoint waits in its read of the channel, so its
        // first real call is not taken for a blocked one while the new process still loads (in D or S, not in read).
        started.ask(EndpointOp.READY, null);
        return started;
    }

    /**
     * An endpoint process another started for this program (the lab network's broker, on the lab's second host, whose
     * namespace this program may not enter): {@code pid}, this program's end {@code control} of its channel, and
     * {@code ended}, which completes with how it ended (it is the broker's child, not this program's, so the broker
     * reaps it). Everything else is as for {@link #start}: the same calls, the same borrowed descriptors.
     */
    public static EndpointProcess startedElsewhere(Libc libc, String name, int pid, int control,
            CompletableFuture<Exit> ended) {
        int pidfd = ProcessCalls.pidfdOpen(pid);
        EndpointChannel channel = new EndpointChannel(libc, name, pid, control);
        EndpointProcess e = new EndpointProcess(libc, channel, name, pid, pid, pidfd, true);
        e.reaper.endedElsewhere(ended);
        return e;
    }

    /**
     * Where the endpoint program is: {@code -Dsocketlab.endpoint=PATH} or {@code SOCKETLAB_ENDPOINT}; else beside the
     * running classes (from source: target/classes, the program in target/native, built in the compile phase); else in
     * the app-image's lib/ (the runtime is lib/runtime). Empty when none of them has it.
     */
    public static Optional<Path> program() {
        return EndpointProgram.locate();
    }

    /**
     * Another endpoint as a new thread of this process (a threaded server's thread): it shares this process's
     * descriptors, so a socket this endpoint accepted can be used there with the same number.
     */
    public EndpointProcess thread(String threadName) {
        Answer a = ask(EndpointOp.THREAD, null);
        if (a.result().failed())
            throw new LocalizedException("lab.endpoint.failed", threadName, "pthread_create", a.result().errno());
        int theirs = (int) a.b()[0];
        int ours = borrow(theirs);
        ask(EndpointOp.FORGET, null, theirs);
        if (ours < 0) throw new LocalizedException("lab.endpoint.failed", threadName, "pidfd_getfd", theirs);
        EndpointChannel threadChannel = new EndpointChannel(libc, threadName, pid, ours);
        byte[] said = threadChannel.receive(4);
        int threadId = ByteBuffer.wrap(said).order(ByteOrder.nativeOrder()).getInt();
        EndpointProcess thread = new EndpointProcess(libc, threadChannel, threadName, pid, threadId, pidfd, false);
        thread.dispositions = dispositions;
        return thread;
    }

    /**
     * fork(2) in the endpoint's process (issue 39): the child is an endpoint process of its own, {@code childName},
     * with a copy of this process's descriptors (the same sockets) and a control channel of its own. It is this
     * process's child, not SocketLab's: its end leaves a zombie until this process's {@link #waitpid}.
     */
    public Forked fork(String childName) {
        Answer a = ask(EndpointOp.FORK, null);
        if (a.result().failed()) return new Forked(a.result(), null);
        int childPid = (int) a.result().value();
        int theirs = (int) a.b()[0];
        int ours = borrow(theirs);
        ask(EndpointOp.FORGET, null, theirs);
        if (ours < 0) {
            signals.kill(childPid, Signals.SIGKILL); // no way to talk to it: it must not outlive this refusal
            throw new LocalizedException("lab.endpoint.failed", childName, "pidfd_getfd", theirs);
        }
        int childPidfd = ProcessCalls.pidfdOpen(childPid);
        EndpointChannel childChannel = new EndpointChannel(libc, childName, childPid, ours);
        EndpointProcess child = new EndpointProcess(libc, childChannel, childName, childPid, childPid, childPidfd,
                true);
        child.reaper.forkedFrom(pid);
        child.dispositions = dispositions.copy();
        child.ask(EndpointOp.READY, null); // the child reads its own channel now
        return new Forked(a.result(), child);
    }

    /** A forked child's parent reaped it with this waitpid status: how it ended, when /proc can no longer say. */
    public void reapedWith(int status) {
        reaper.reapedWith(status);
    }

    /** The pid of the process this one was forked from; 0 when SocketLab started it. */
    public int forkedFrom() {
        return reaper.forkedFrom();
    }

    /** waitpid(2) in the endpoint's process: reaps a child it forked ({@code pid}, or -1 for any), as its parent. */
    public Waited waitpid(int childPid, boolean noHang) {
        Answer a = ask(EndpointOp.WAITPID, null, childPid, noHang ? WNOHANG : 0);
        return new Waited(a.result(), (int) a.b()[0]);
    }

    /**
     * sigprocmask(2) in the endpoint's process: {@code how} SIG_BLOCK or SIG_UNBLOCK (Linux's 0, 1) of the set that
     * holds {@code signal} alone.
     */
    public Masked sigprocmask(int how, int signal) {
        Answer a = ask(EndpointOp.SIGPROCMASK, null, how, signal);
        ByteBuffer pids = ByteBuffer.wrap(a.bytes()).order(ByteOrder.nativeOrder());
        Map<Integer, Integer> reaped = new LinkedHashMap<>();
        while (pids.remaining() >= 2 * Integer.BYTES) reaped.put(pids.getInt(), pids.getInt());
        return new Masked(a.result(), (int) a.b()[0], reaped);
    }

    /**
     * exit(2) in the endpoint's process: it ends without answering (the call never returns), the kernel closes its
     * descriptors. {@link #awaitExit} then sees its end.
     */
    public void exit(int code) {
        reaper.exitAsked(code);
        try {
            ask(EndpointOp.EXIT, null, code);
        } catch (EndedException expected) {
            // what exit does: the channel ends with the process
        }
    }

    /**
     * The process's state letter as {@code ps} shows it, read from {@code /proc/PID/stat} ({@code Z}: a zombie, ended
     * and not yet reaped by its parent); {@code '?'} when it is gone (reaped).
     */
    public char processState() {
        return ProcStat.read(pid).map(ProcStat::state).orElse('?');
    }

    /** Whether this endpoint is a thread another endpoint's process started ({@link #thread}), not a process. */
    public boolean isThread() {
        return reaper.isThread();
    }

    public int pid() {
        return pid;
    }

    public String name() {
        return name;
    }

    /** When the process started ({@link System#nanoTime}), which may be well before its first call. */
    public long startedNanoTime() {
        return startedNanoTime;
    }

    /** How long the last call took inside the endpoint, measured there around the call itself (ns). */
    public long lastCallNs() {
        return channel.lastCallNs();
    }

    /**
     * When the last call was made inside the endpoint, on CLOCK_MONOTONIC ({@link System#nanoTime}'s clock): later
     * than it was asked for when this process waited for a core.
     */
    public long lastCallEnteredNs() {
        return channel.lastEnteredNs();
    }

    /**
     * Runs {@code r} (on the calling thread) when a call's answer has not come within {@value #SLOW_ANSWER_MS} ms: the
     * call may be blocked in the kernel. A call answered sooner costs no other thread a wake-up.
     */
    public void onSlowAnswer(Runnable r) {
        channel.onSlowAnswer(r);
    }

    /** How it ended, once {@link #close()} saw it end; null before. */
    public @Nullable Exit exit() {
        return reaper.exit();
    }

    /**
     * Closes the channel (the endpoint then ends on its own) and reaps the process: SIGKILL if it has not ended within
     * {@code graceMs}. Returns how it ended.
     */
    public Exit end(long graceMs) {
        return reaper.end(graceMs);
    }

    @Override
    public void close() {
        end(2_000);
    }

    /**
     * Sends {@code signal} to the endpoint's process with kill(2), as {@code kill -SIG PID} would (SIGTERM, SIGKILL):
     * the call's result ({@code ESRCH} once it is gone). The process's death is then seen by {@link #awaitExit}.
     */
    public SysResult kill(int signal) {
        return signals.kill(pid, signal);
    }

    /**
     * Waits for the process to end (it was killed, or a signal's default action ended it) and reaps it: how it ended.
     * For a thread of another endpoint's process there is nothing to reap: its channel is closed and null returned.
     */
    public @Nullable Exit awaitExit() {
        return reaper.awaitExit();
    }

    /**
     * Sets the disposition of {@code signal} in the endpoint's process, as a C program's {@code signal(SIGPIPE,
     * SIG_IGN)} does (sigaction; {@code ignore} false restores SIG_DFL, the default action).
     */
    public SysResult signalDisposition(int signal, boolean ignore) {
        return signalDisposition(signal, ignore ? SignalDispositions.IGNORE : SignalDispositions.DEFAULT);
    }

    /**
     * Sets the disposition of {@code signal} with sigaction: {@code how} 0 SIG_DFL, 1 SIG_IGN, 2 a handler without
     * SA_RESTART (a call it interrupts returns -1 EINTR), 3 the handler with SA_RESTART (the kernel makes the call again),
     * 4 and 5 SIGCHLD's handlers that reap one child per run or every ended one (both with SA_RESTART).
     */
    public SysResult signalDisposition(int signal, int how) {
        if (how < SignalDispositions.DEFAULT || how > SignalDispositions.REAP_ALL)
            throw new IllegalArgumentException("disposition " + how);
        SysResult r = ask(EndpointOp.SIGNAL, null, signal, how).result();
        if (!r.failed()) dispositions.set(signal, how);
        return r;
    }

    /**
     * What the process does now on {@code signal}, as its sigaction calls set it: 0 SIG_DFL, 1 SIG_IGN, 2 a handler
     * without SA_RESTART, 3 with it (the numbering of {@link #signalDisposition(int, int)}).
     */
    public int disposition(int signal) {
        return dispositions.of(signal);
    }

    /** Whether {@code signal} sent to this process ends it, by the dispositions its sigaction calls set. */
    public boolean endsOn(int signal) {
        return dispositions.endsProcess(signal);
    }

    /**
     * Waits until the kernel has taken {@code signal} sent to this process (delivered to a handler, or discarded): no
     * longer pending. False if it still is after {@code timeoutMs}.
     */
    public boolean awaitSignalTaken(int signal, long timeoutMs) {
        return SignalDispositions.awaitTaken(pid, signal, timeoutMs);
    }

    /** Sends SIGUSR1 to this endpoint's thread (tgkill(2)): a call blocked in the kernel there returns -1 EINTR. */
    public void interrupt() {
        // tgkill, not kill: a process-directed signal may be taken by any of the process's threads (another endpoint).
        ProcessCalls.tgkill(pid, tid, SIGUSR1);
    }

    /**
     * Whether this endpoint's thread sleeps in the kernel now, in a call it was asked to make (S or D, and not in its
     * read of the control channel, where it waits between calls).
     */
    public boolean sleeping() {
        return EndpointTask.sleeping(pid, tid, CONTROL);
    }

    /** The inode of the socket behind the endpoint's descriptor {@code fd} ({@code /proc/PID/fd/N}); -1 if none. */
    public long inodeOf(int fd) {
        return ProcFds.socketInode(pid, fd);
    }

    /**
     * A descriptor of this process for the endpoint's socket {@code fd} (pidfd_getfd(2)), to read the kernel's view of
     * it (TCP_INFO, SIOCINQ); -1 if it cannot be had. The caller closes it at once: while it is open the socket is not
     * released by the endpoint's own close.
     */
    public int borrow(int fd) {
        if (pidfd < 0) return -1;
        return ProcessCalls.pidfdGetfd(pidfd, fd);
    }

    /** Libc's calls, made in this endpoint's process by its thread: the same arguments and answers. */
    public EndpointCalls calls() {
        return calls;
    }

    private Answer ask(EndpointOp op, byte @Nullable [] bytes, long... a) {
        return channel.ask(op, bytes, a);
    }
}
