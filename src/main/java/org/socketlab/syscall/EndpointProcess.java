package org.socketlab.syscall;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static org.socketlab.syscall.CFunctions.captureIn;
import static org.socketlab.syscall.CFunctions.errno;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;
import org.socketlab.i18n.LocalizedException;

/**
 * One endpoint of the lab as a process of its own: the native program {@code socketlab-endpoint}
 * (packaging/linux/endpoint.c), started with {@code posix_spawn} and told each call over a stream socket it inherits as
 * descriptor {@value #CONTROL}. The methods are {@link Libc}'s, with the same arguments and answers: the arguments are
 * encoded here as Libc encodes them (addresses by {@link SockAddrCodec}), the endpoint makes the same glibc call with
 * them, in its own descriptor table, and a blocking call blocks there, in the kernel. One thread makes the calls (the
 * endpoint's worker); {@link #interrupt()}, {@link #sleeping()}, {@link #borrow(int)} and {@link #inodeOf(int)} may be
 * used from any thread. Linux only.
 */
public final class EndpointProcess implements AutoCloseable {
    /** The endpoint's end of the control channel: far above the first free numbers, so its first socket is 3. */
    public static final int CONTROL = 100;
    /** Interrupts a blocking call: the endpoint's handler for it is installed without SA_RESTART (EINTR). */
    public static final int SIGUSR1 = 10;
    private static final int OP_SOCKET = 1, OP_SOCKETPAIR = 2, OP_BIND = 3, OP_LISTEN = 4, OP_ACCEPT = 5,
            OP_CONNECT = 6, OP_SEND = 7, OP_RECV = 8, OP_SENDTO = 9, OP_RECVFROM = 10, OP_SHUTDOWN = 11, OP_CLOSE = 12,
            OP_SETSOCKOPT = 13, OP_GETSOCKOPT = 14, OP_FCNTL = 15, OP_GETSOCKNAME = 16, OP_GETPEERNAME = 17,
            OP_POLL = 18, OP_READ = 19, OP_WRITE = 20, OP_UNLINK = 21, OP_THREAD = 22, OP_FORGET = 23,
            OP_SIGNAL = 24, OP_READY = 25, OP_FORK = 26, OP_WAITPID = 27, OP_EXIT = 28;
    /** endpoint.c numbers select and getaddrinfo apart from the ops above. */
    private static final int OP_SELECT = 64, OP_GETADDRINFO = 65;
    private static final int REQUEST_HEAD = 8 + 6 * 8, ANSWER_HEAD = 8 + 8 + 8 + 4 * 8;
    private static final int SOCK_CLOEXEC = 0x80000, WNOHANG = 1;
    private static final long SYS_PIDFD_OPEN = 434, SYS_PIDFD_GETFD = 438, SYS_TGKILL = 234;

    private static final CFunctions FUNCTIONS = new CFunctions();
    private static final CFunctions.Downcall SPAWN = FUNCTIONS.declare("posix_spawn",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS));
    private static final CFunctions.Downcall ACTIONS_INIT = FUNCTIONS.declare("posix_spawn_file_actions_init",
            FunctionDescriptor.of(JAVA_INT, ADDRESS));
    private static final CFunctions.Downcall ACTIONS_DUP2 = FUNCTIONS.declare("posix_spawn_file_actions_adddup2",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT));
    private static final CFunctions.Downcall ACTIONS_DESTROY = FUNCTIONS.declare("posix_spawn_file_actions_destroy",
            FunctionDescriptor.of(JAVA_INT, ADDRESS));
    private static final CFunctions.Downcall WAITPID = FUNCTIONS.declare("waitpid",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT));
    private static final CFunctions.Downcall READ = FUNCTIONS.declare("read",
            FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG));
    private static final CFunctions.Downcall WRITE = FUNCTIONS.declare("write",
            FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG));
    private static final CFunctions.Downcall POLL = FUNCTIONS.declare("poll",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT));
    private static final short POLLIN = 1;
    private static final ValueLayout.OfInt INT = JAVA_INT.withByteAlignment(1);
    private static final ValueLayout.OfLong LONG = JAVA_LONG.withByteAlignment(1);
    private static final CFunctions.Downcall SYSCALL = FUNCTIONS.declare("syscall",
            FunctionDescriptor.of(JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG),
            Linker.Option.firstVariadicArg(1));

    private final Libc libc;
    private final SockAddrCodec codec;
    private final String name;
    private final int pid;
    /** The thread that makes this endpoint's calls: the process's first thread, or one it started ({@link #thread}). */
    private final int tid;
    private final int control;
    private final int pidfd;
    /** Whether this is the process itself (it reaps it and closes the pidfd), not one of its threads. */
    private final boolean owner;
    private final Signals signals = new Signals();
    /** What its sigaction calls set; shared with its threads (one process), copied by a fork. */
    private SignalDispositions dispositions = new SignalDispositions();
    /** The code its {@link #exit} asked for: how a forked child ended once its parent's kernel reaped it unseen. */
    private volatile Integer exitAsked;
    private volatile long lastCallNs;
    private volatile int lastErrno;
    /** The frames' buffer and errno's capture, reused call after call (only under {@link #ask}'s lock). */
    private MemorySegment buffer = Arena.ofAuto().allocate(64 * 1024, 8);
    private final MemorySegment capture = captureIn(Arena.ofAuto());
    /** One {@code struct pollfd}, reused (the channel's, under {@link #ask}'s lock; the pidfd's, under the reap's). */
    private final MemorySegment pollChannel = Arena.ofAuto().allocate(8, 8);
    private final MemorySegment pollPidfd = Arena.ofAuto().allocate(8, 8);
    private final MemorySegment reapCapture = captureIn(Arena.ofAuto());
    /** Told when a call is not answered within {@link #SLOW_ANSWER_MS} (null: nobody is told). */
    private volatile Runnable onSlowAnswer;
    /** How long a call's answer may take before {@link #onSlowAnswer} is told (it may be blocked in the kernel). */
    public static final int SLOW_ANSWER_MS = 1;
    private volatile Exit exit;
    /** Held while the process is reaped, by {@link #end} or {@link #awaitExit} (never {@link #ask}'s lock). */
    private final Object reaping = new Object();
    /** How a process another started ended ({@link #startedElsewhere}); null for this program's own children. */
    private volatile CompletableFuture<Exit> endedElsewhere;

    /** How the endpoint process ended: its exit code, or the signal that ended it (the other is -1). */
    public record Exit(int code, int signal) {
        /** As waitpid(2)'s status says it. */
        public static Exit ofStatus(int status) {
            return (status & 0x7f) == 0 ? new Exit((status >> 8) & 0xff, -1) : new Exit(-1, status & 0x7f);
        }
    }

    /** When this program learnt the process exists ({@link System#nanoTime}): posix_spawn returned, or its starter said so. */
    private final long startedNanoTime = System.nanoTime();

    /** What fork() returned in the parent (the child's pid, or -1 and errno), and the child's endpoint (null then). */
    public record Forked(SysResult result, EndpointProcess child) {
    }

    /** What waitpid() returned (the pid it reaped, 0 with WNOHANG and none ended, or -1) and the status it filled in. */
    public record Waited(SysResult result, int status) {
    }

    /** The pid of the process this one was forked from ({@link #fork}); 0 when SocketLab started it. */
    private volatile int forkedFrom;

    private EndpointProcess(Libc libc, String name, int pid, int tid, int control, int pidfd, boolean owner) {
        this.libc = libc;
        this.codec = new SockAddrCodec(libc.constants());
        this.name = name;
        this.pid = pid;
        this.tid = tid;
        this.control = control;
        this.pidfd = pidfd;
        this.owner = owner;
    }

    /**
     * Another endpoint as a new thread of this process (a threaded server's thread): it shares this process's
     * descriptors, so a socket this endpoint accepted can be used there with the same number.
     */
    public EndpointProcess thread(String threadName) {
        Answer a = ask(OP_THREAD, null);
        if (a.result.failed())
            throw new LocalizedException("lab.endpoint.failed", threadName, "pthread_create",
                    a.result.errno());
        int theirs = (int) a.b[0];
        int ours = borrow(theirs);
        ask(OP_FORGET, null, theirs);
        if (ours < 0) throw new LocalizedException("lab.endpoint.failed", threadName, "pidfd_getfd", theirs);
        EndpointProcess t = new EndpointProcess(libc, threadName, pid, -1, ours, pidfd, false);
        byte[] said = t.receive(4);
        int threadId = ByteBuffer.wrap(said).order(ByteOrder.nativeOrder()).getInt();
        EndpointProcess thread = new EndpointProcess(libc, threadName, pid, threadId, ours, pidfd, false);
        thread.dispositions = dispositions;
        return thread;
    }

    /**
     * fork(2) in the endpoint's process (issue 39): the child is an endpoint process of its own, {@code childName},
     * with a copy of this process's descriptors (the same sockets) and a control channel of its own. It is this
     * process's child, not SocketLab's: its end leaves a zombie until this process's {@link #waitpid}.
     */
    public Forked fork(String childName) {
        Answer a = ask(OP_FORK, null);
        if (a.result.failed()) return new Forked(a.result, null);
        int childPid = (int) a.result.value();
        int theirs = (int) a.b[0];
        int ours = borrow(theirs);
        ask(OP_FORGET, null, theirs);
        if (ours < 0) {
            signals.kill(childPid, Signals.SIGKILL); // no way to talk to it: it must not outlive this refusal
            throw new LocalizedException("lab.endpoint.failed", childName, "pidfd_getfd", theirs);
        }
        int childPidfd = (int) syscall(SYS_PIDFD_OPEN, childPid, 0, 0);
        EndpointProcess child = new EndpointProcess(libc, childName, childPid, childPid, ours, childPidfd, true);
        child.forkedFrom = pid;
        child.dispositions = dispositions.copy();
        child.ask(OP_READY, null); // the child reads its own channel now
        return new Forked(a.result, child);
    }

    /** Its parent's waitpid took this status (a forked child): its end, once /proc no longer has it. */
    private volatile Integer reapedStatus;

    /** A forked child's parent reaped it with this waitpid status: how it ended, when /proc can no longer say. */
    public void reapedWith(int status) {
        reapedStatus = status;
    }

    /** The pid of the process this one was forked from; 0 when SocketLab started it. */
    public int forkedFrom() {
        return forkedFrom;
    }

    /** waitpid(2) in the endpoint's process: reaps a child it forked ({@code pid}, or -1 for any), as its parent. */
    public Waited waitpid(int childPid, boolean noHang) {
        Answer a = ask(OP_WAITPID, null, childPid, noHang ? WNOHANG : 0);
        return new Waited(a.result, (int) a.b[0]);
    }

    /**
     * exit(2) in the endpoint's process: it ends without answering (the call never returns), the kernel closes its
     * descriptors. {@link #awaitExit} then sees its end.
     */
    public void exit(int code) {
        exitAsked = code;
        try {
            ask(OP_EXIT, null, code);
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
        return !owner;
    }

    /**
     * Starts the endpoint {@code name} from {@code program}. Call it on a thread that lives as long as the endpoint
     * should: the endpoint ends when that thread ends (PR_SET_PDEATHSIG), as well as when its channel is closed.
     */
    public static EndpointProcess start(Libc libc, Path program, String name) {
        PlatformConstants c = libc.constants();
        Libc.PairResult pair = libc.socketpair(c.afUnix(), c.sockStream() | SOCK_CLOEXEC, 0);
        if (pair.result().failed())
            throw new LocalizedException("lab.endpoint.failed", name, "socketpair", pair.result().errno());
        int ours = pair.fds()[0], theirs = pair.fds()[1];
        int pid;
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment actions = arena.allocate(256, 8);
            MemorySegment pidOut = arena.allocate(JAVA_INT);
            String[] argv = {"socketlab: " + name, name, Long.toString(ProcessHandle.current().pid())};
            MemorySegment args = arena.allocate(ADDRESS, argv.length + 1);
            for (int i = 0; i < argv.length; i++)
                args.setAtIndex(ADDRESS, i, arena.allocateFrom(argv[i], StandardCharsets.UTF_8));
            args.setAtIndex(ADDRESS, argv.length, MemorySegment.NULL);
            MemorySegment env = arena.allocate(ADDRESS, 1);
            env.setAtIndex(ADDRESS, 0, MemorySegment.NULL);
            MemorySegment path = arena.allocateFrom(program.toString(), StandardCharsets.UTF_8);
            MemorySegment cap = captureIn(arena);
            int r = (int) ACTIONS_INIT.handle().invokeExact(cap, actions);
            if (r == 0) r = (int) ACTIONS_DUP2.handle().invokeExact(cap, actions, theirs, CONTROL);
            if (r == 0)
                r = (int) SPAWN.handle().invokeExact(cap, pidOut, path, actions, MemorySegment.NULL, args, env);
            int ignored = (int) ACTIONS_DESTROY.handle().invokeExact(cap, actions);
            libc.close(theirs);
            if (r != 0) {
                libc.close(ours);
                throw new LocalizedException("lab.endpoint.failed", name, "posix_spawn", r + ignored);
            }
            pid = pidOut.get(JAVA_INT, 0);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
        int pidfd = (int) syscall(SYS_PIDFD_OPEN, pid, 0, 0);
        EndpointProcess started = new EndpointProcess(libc, name, pid, pid, ours, pidfd, true);
        // One round trip that makes no call: once it is answered the endpoint waits in its read of the channel, so its
        // first real call is not taken for a blocked one while the new process still loads (in D or S, not in read).
        started.ask(OP_READY, null);
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
        int pidfd = (int) syscall(SYS_PIDFD_OPEN, pid, 0, 0);
        EndpointProcess e = new EndpointProcess(libc, name, pid, pid, control, pidfd, true);
        e.endedElsewhere = ended;
        return e;
    }

    /** The file name of the endpoint program, built with labnet (target/native from source, lib/ of the app-image). */
    public static final String PROGRAM = "socketlab-endpoint";

    /**
     * Where the endpoint program is: {@code -Dsocketlab.endpoint=PATH} or {@code SOCKETLAB_ENDPOINT}; else beside the running classes (from source:
     * target/classes, the program in target/native, built in the compile phase); else in the app-image's lib/ (the
     * runtime is lib/runtime). Empty when none of them has it.
     */
    public static Optional<Path> program() {
        String chosen = System.getProperty("socketlab.endpoint");
        // The build's tests name it for the child programs they start with a copied class path (SOCKETLAB_ENDPOINT).
        if (chosen == null || chosen.isBlank()) chosen = System.getenv("SOCKETLAB_ENDPOINT");
        if (chosen != null && !chosen.isBlank() && Files.isExecutable(Path.of(chosen)))
            return Optional.of(Path.of(chosen));
        try {
            var source = EndpointProcess.class.getProtectionDomain().getCodeSource();
            if (source != null && "file".equals(source.getLocation().getProtocol())) {
                Path classes = Path.of(source.getLocation().toURI());
                Path built = classes.resolveSibling("native").resolve(PROGRAM);
                if (Files.isExecutable(built)) return Optional.of(built);
            }
        } catch (URISyntaxException | RuntimeException e) {
            // not from a file: look in the app-image
        }
        Path inImage = Path.of(System.getProperty("java.home")).getParent().resolve(PROGRAM);
        return Files.isExecutable(inImage) ? Optional.of(inImage) : Optional.empty();
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
        return lastCallNs;
    }

    /**
     * Runs {@code r} (on the calling thread) when a call's answer has not come within {@value #SLOW_ANSWER_MS} ms: the
     * call may be blocked in the kernel. A call answered sooner costs no other thread a wake-up.
     */
    public void onSlowAnswer(Runnable r) {
        onSlowAnswer = r;
    }

    /** How it ended, once {@link #close()} saw it end; null before. */
    public Exit exit() {
        return exit;
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
    public Exit awaitExit() {
        if (!owner) {
            end(0);
            return null;
        }
        synchronized (reaping) {
            if (exit != null) return exit;
            if (endedElsewhere != null) { // not this program's child: its starter reaps it and says how it ended
                libc.close(control);
                return exit = awaitElsewhere(endedElsewhere, 10_000);
            }
            if (forkedFrom != 0) {
                libc.close(control);
                return exit = awaitForked(10_000);
            }
            Exit ended = reap(0);
            libc.close(control);
            if (pidfd >= 0) libc.close(pidfd);
            exit = ended == null ? new Exit(-1, -1) : ended;
            return exit;
        }
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
     * SA_RESTART (a call it interrupts returns -1 EINTR), 3 the handler with SA_RESTART (the kernel makes the call again).
     */
    public SysResult signalDisposition(int signal, int how) {
        if (how < SignalDispositions.DEFAULT || how > SignalDispositions.CATCH_RESTART)
            throw new IllegalArgumentException("disposition " + how);
        SysResult r = ask(OP_SIGNAL, null, signal, how).result;
        if (!r.failed()) dispositions.set(signal, how);
        return r;
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
        syscall(SYS_TGKILL, pid, tid, SIGUSR1);
    }

    /**
     * Whether this endpoint's thread sleeps in the kernel now, in a call it was asked to make: its state in
     * {@code /proc/PID/task/TID/stat} is S or D, and {@code /proc/PID/task/TID/syscall} does not show it reading its
     * control channel (a read of a descriptor at or above {@value #CONTROL}), where it waits between calls.
     */
    public boolean sleeping() {
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
            return !(syscall.length > 1 && syscall[0].equals("0") && Long.decode(syscall[1]) >= CONTROL);
        } catch (IOException | RuntimeException e) {
            return true; // not readable here: the state alone
        }
    }

    /** The inode of the socket behind the endpoint's descriptor {@code fd} ({@code /proc/PID/fd/N}); -1 if none. */
    public long inodeOf(int fd) {
        try {
            String target = Files.readSymbolicLink(Path.of("/proc", Integer.toString(pid), "fd", Integer.toString(fd)))
                    .toString();
            if (target.startsWith("socket:[") && target.endsWith("]"))
                return Long.parseLong(target.substring(8, target.length() - 1));
        } catch (IOException | RuntimeException e) {
            // no such fd (any more)
        }
        return -1;
    }

    /**
     * A descriptor of this process for the endpoint's socket {@code fd} (pidfd_getfd(2)), to read the kernel's view of
     * it (TCP_INFO, SIOCINQ); -1 if it cannot be had. The caller closes it at once: while it is open the socket is not
     * released by the endpoint's own close.
     */
    public int borrow(int fd) {
        if (pidfd < 0) return -1;
        return (int) syscall(SYS_PIDFD_GETFD, pidfd, fd, 0);
    }

    public SysResult socket(int domain, int type, int protocol) {
        return ask(OP_SOCKET, null, domain, type, protocol).result;
    }

    public Libc.PairResult socketpair(int domain, int type, int protocol) {
        Answer a = ask(OP_SOCKETPAIR, null, domain, type, protocol);
        return new Libc.PairResult(a.result,
                a.result.failed() ? new int[0] : new int[]{(int) a.b[0], (int) a.b[1]});
    }

    public SysResult bind(int fd, SockAddr address) {
        return ask(OP_BIND, encode(address), fd).result;
    }

    public SysResult listen(int fd, int backlog) {
        return ask(OP_LISTEN, null, fd, backlog).result;
    }

    public Libc.AddressResult accept(int fd) {
        return addressCall(OP_ACCEPT, fd);
    }

    public SysResult connect(int fd, SockAddr address) {
        return ask(OP_CONNECT, encode(address), fd).result;
    }

    public SysResult send(int fd, byte[] data, int flags) {
        return ask(OP_SEND, data, fd, flags).result;
    }

    public SysResult write(int fd, byte[] data) {
        return ask(OP_WRITE, data, fd).result;
    }

    public Libc.ReceiveResult recv(int fd, int capacity, int flags) {
        Answer a = ask(OP_RECV, null, fd, capacity, flags);
        return new Libc.ReceiveResult(a.result, a.bytes, null);
    }

    public Libc.ReceiveResult read(int fd, int capacity) {
        Answer a = ask(OP_READ, null, fd, capacity);
        return new Libc.ReceiveResult(a.result, a.bytes, null);
    }

    public SysResult sendto(int fd, byte[] data, int flags, SockAddr to) {
        byte[] address = to == null ? new byte[0] : encode(to);
        byte[] both = Arrays.copyOf(address, address.length + data.length);
        System.arraycopy(data, 0, both, address.length, data.length);
        return ask(OP_SENDTO, both, fd, flags, address.length).result;
    }

    public Libc.ReceiveResult recvfrom(int fd, int capacity, int flags) {
        Answer a = ask(OP_RECVFROM, null, fd, capacity, flags);
        if (a.result.failed()) return new Libc.ReceiveResult(a.result, new byte[0], null);
        int addressLength = (int) a.b[0];
        byte[] data = Arrays.copyOfRange(a.bytes, Math.min(addressLength, a.bytes.length), a.bytes.length);
        SockAddr from = addressLength == 0 ? null : decode(Arrays.copyOf(a.bytes, addressLength));
        return new Libc.ReceiveResult(a.result, data, from);
    }

    public SysResult shutdown(int fd, int how) {
        return ask(OP_SHUTDOWN, null, fd, how).result;
    }

    public SysResult close(int fd) {
        return ask(OP_CLOSE, null, fd).result;
    }

    public SysResult setsockoptInt(int fd, int level, int option, int value) {
        byte[] v = ByteBuffer.allocate(4).order(ByteOrder.nativeOrder()).putInt(value).array();
        return ask(OP_SETSOCKOPT, v, fd, level, option).result;
    }

    public SysResult setLinger(int fd, boolean on, int seconds) {
        PlatformConstants c = libc.constants();
        byte[] v = ByteBuffer.allocate(8).order(ByteOrder.nativeOrder()).putInt(on ? 1 : 0).putInt(seconds).array();
        return ask(OP_SETSOCKOPT, v, fd, c.solSocket(), c.soLinger()).result;
    }

    /**
     * setsockopt with a {@code struct timeval { time_t tv_sec; suseconds_t tv_usec; }} of {@code millis} (SO_RCVTIMEO,
     * SO_SNDTIMEO): two 64-bit fields on the 64-bit systems SocketLab runs on.
     */
    public SysResult setsockoptTimeval(int fd, int level, int option, int millis) {
        byte[] v = ByteBuffer.allocate(16).order(ByteOrder.nativeOrder()).putLong(millis / 1000)
                .putLong((millis % 1000) * 1000L).array();
        return ask(OP_SETSOCKOPT, v, fd, level, option).result;
    }

    public Libc.ReceiveResult getsockopt(int fd, int level, int option, int capacity) {
        Answer a = ask(OP_GETSOCKOPT, null, fd, level, option, capacity);
        return new Libc.ReceiveResult(a.result, a.result.failed() ? new byte[0] : a.bytes, null);
    }

    public SysResult fcntl(int fd, int command, int argument) {
        return ask(OP_FCNTL, null, fd, command, argument).result;
    }

    public Libc.AddressResult getsockname(int fd) {
        return addressCall(OP_GETSOCKNAME, fd);
    }

    public Libc.AddressResult getpeername(int fd) {
        return addressCall(OP_GETPEERNAME, fd);
    }

    /** getaddrinfo(3) in the endpoint's process: node or service may be null (NULL); hints family, socktype, flags. */
    public AddrInfo getaddrinfo(String node, String service, int family, int socktype, int flags) {
        Answer a = ask(OP_GETADDRINFO, AddrInfo.request(node, service), family, socktype, 0, flags,
                AddrInfo.nullMask(node, service));
        return AddrInfo.decode(a.result.value(), lastErrno, a.bytes, lastCallNs, this::decode);
    }

    /** poll on several fds, each asking for {@code events}; one call with the asked timeout (-1 waits for ever). */
    public Libc.PollManyResult poll(int[] fds, short events, int timeoutMillis) {
        ByteBuffer b = ByteBuffer.allocate(8 * fds.length).order(ByteOrder.nativeOrder());
        for (int fd : fds) b.putInt(fd).putShort(events).putShort((short) 0);
        Answer a = ask(OP_POLL, b.array(), timeoutMillis, timeoutMillis);
        short[] revents = new short[fds.length];
        ByteBuffer back = ByteBuffer.wrap(a.bytes).order(ByteOrder.nativeOrder());
        for (int i = 0; i < fds.length && 8 * i + 8 <= a.bytes.length; i++) revents[i] = back.getShort(8 * i + 6);
        return new Libc.PollManyResult(a.result, revents);
    }

    /** select()'s answer: how many descriptors are ready, which, and the time Linux left in the timeval (-1: none). */
    public record SelectResult(SysResult result, int[] ready, long leftMicros) {
    }

    /** Size of glibc's fd_set: FD_SETSIZE (1024) bits. */
    private static final int FD_SET_BYTES = 128;

    /**
     * select() on the read set {@code fds} with {@code nfds} as the program gives it (highest fd + 1, or a mistaken
     * other number: the kernel looks only at descriptors below it); the timeout in microseconds, -1 for none (NULL).
     */
    public SelectResult select(int nfds, int[] fds, long timeoutMicros) {
        long[] bits = new long[FD_SET_BYTES / 8];
        for (int fd : fds) {
            // Past FD_SETSIZE an fd has no bit (a lab's descriptors are far below it).
            if (fd < 0 || fd >= FD_SET_BYTES * 8) throw new IllegalArgumentException(String.valueOf(fd));
            bits[fd / 64] |= 1L << (fd % 64);
        }
        ByteBuffer b = ByteBuffer.allocate(FD_SET_BYTES).order(ByteOrder.nativeOrder());
        for (long word : bits) b.putLong(word);
        Answer a = ask(OP_SELECT, b.array(), nfds, timeoutMicros);
        if (a.result.failed()) return new SelectResult(a.result, new int[0], a.b[0]);
        ByteBuffer back = ByteBuffer.wrap(a.bytes).order(ByteOrder.nativeOrder());
        List<Integer> ready = new ArrayList<>();
        for (int fd : fds)
            if (8 * (fd / 64) + 8 <= a.bytes.length && (back.getLong(8 * (fd / 64)) & 1L << (fd % 64)) != 0)
                ready.add(fd);
        return new SelectResult(a.result, ready.stream().mapToInt(Integer::intValue).toArray(), a.b[0]);
    }

    public SysResult unlink(String path) {
        byte[] p = (path + "\0").getBytes(StandardCharsets.UTF_8);
        return ask(OP_UNLINK, p).result;
    }

    private Libc.AddressResult addressCall(int op, int fd) {
        Answer a = ask(op, null, fd);
        return new Libc.AddressResult(a.result, a.result.failed() ? null : decode(a.bytes));
    }

    private byte[] encode(SockAddr address) {
        try (Arena arena = Arena.ofConfined()) {
            SockAddrCodec.Encoded e = codec.encode(address, arena);
            return e.segment().asSlice(0, e.length()).toArray(JAVA_BYTE);
        }
    }

    private SockAddr decode(byte[] bytes) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment s = arena.allocate(SockAddrCodec.STORAGE_SIZE, 8);
            MemorySegment.copy(bytes, 0, s, JAVA_BYTE, 0, Math.min(bytes.length, SockAddrCodec.STORAGE_SIZE));
            return codec.decode(s, bytes.length);
        }
    }

    /** What the endpoint answered: the call's result and errno, extra numbers, and the bytes it filled in. */
    private record Answer(SysResult result, long[] b, byte[] bytes) {
    }

    /** One call: the request goes out in one frame, the answer comes back in one; the endpoint may block meanwhile. */
    private synchronized Answer ask(int op, byte[] bytes, long... a) {
        byte[] body = bytes == null ? new byte[0] : bytes;
        int frameLength = 4 + REQUEST_HEAD + body.length;
        MemorySegment out = room(frameLength);
        out.set(INT, 0, REQUEST_HEAD + body.length);
        out.set(INT, 4, op);
        out.set(INT, 8, 0);
        for (int i = 0; i < 6; i++) out.set(LONG, 12 + 8L * i, i < a.length ? a[i] : 0);
        MemorySegment.copy(body, 0, out, JAVA_BYTE, 4 + REQUEST_HEAD, body.length);
        for (long at = 0; at < frameLength;) {
            long n = io(WRITE, out.asSlice(at), frameLength - at);
            if (n <= 0) throw at == 0 ? goneBefore() : gone(); // nothing asked yet: the call was never made
            at += n;
        }
        Runnable slow = onSlowAnswer;
        if (slow != null && !readable(control, pollChannel, capture, SLOW_ANSWER_MS)) slow.run();
        // The answer: its length first, then the body; usually one read takes it all.
        long got = 0;
        int total = Integer.MAX_VALUE;
        MemorySegment in = room(4 + ANSWER_HEAD);
        while (got < total) {
            long n = io(READ, in.asSlice(got), in.byteSize() - got);
            if (n <= 0) throw gone();
            got += n;
            if (total == Integer.MAX_VALUE && got >= 4) {
                int length = in.get(INT, 0);
                if (length < ANSWER_HEAD) throw gone();
                total = 4 + length;
                if (total > in.byteSize()) {
                    MemorySegment bigger = grow(total);
                    MemorySegment.copy(in, 0, bigger, 0, got);
                    in = bigger;
                }
            }
        }
        long result = in.get(LONG, 4);
        int err = in.get(INT, 12);
        lastCallNs = in.get(LONG, 20);
        long[] b = new long[4];
        for (int i = 0; i < 4; i++) b[i] = in.get(LONG, 28 + 8L * i);
        byte[] data = in.asSlice(4 + ANSWER_HEAD, total - 4 - ANSWER_HEAD).toArray(JAVA_BYTE);
        lastErrno = err; // getaddrinfo's EAI_SYSTEM (-11) keeps its errno too
        return new Answer(new SysResult(result, result == -1 ? err : 0), b, data);
    }

    /** The reused buffer, at least {@code size} bytes (one endpoint's frames, made by one thread at a time). */
    private MemorySegment room(long size) {
        return size <= buffer.byteSize() ? buffer : grow(size);
    }

    private MemorySegment grow(long size) {
        buffer = Arena.ofAuto().allocate(Math.max(size, 2 * buffer.byteSize()), 8);
        return buffer;
    }

    /** One read or write of the control channel (retried on EINTR); its byte count, 0 at its end, -1 on error. */
    private long io(CFunctions.Downcall function, MemorySegment at, long count) {
        try {
            while (true) {
                long n = (long) function.handle().invokeExact(capture, control, at, count);
                if (n >= 0 || errno(capture) != 4) return n;
            }
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /** Whether {@code fd} is readable within {@code timeoutMs} (poll(2); EINTR counts as not yet). */
    private static boolean readable(int fd, MemorySegment pollfd, MemorySegment errnoCapture, int timeoutMs) {
        pollfd.set(JAVA_INT, 0, fd);
        pollfd.set(ValueLayout.JAVA_SHORT, 4, POLLIN);
        pollfd.set(ValueLayout.JAVA_SHORT, 6, (short) 0);
        try {
            return (int) POLL.handle().invokeExact(errnoCapture, pollfd, 1L, timeoutMs) > 0;
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /** Reads exactly {@code length} bytes of the channel (a new thread's first word: its id). */
    private byte[] receive(int length) {
        MemorySegment in = Arena.ofAuto().allocate(length, 8);
        for (long got = 0; got < length;) {
            long n = io(READ, in.asSlice(got), length - got);
            if (n <= 0) throw gone();
            got += n;
        }
        return in.toArray(JAVA_BYTE);
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

    private EndedException gone() {
        return new EndedException(name, pid, true);
    }

    private EndedException goneBefore() {
        return new EndedException(name, pid, false);
    }

    /**
     * Closes the channel (the endpoint then ends on its own) and reaps the process: SIGKILL if it has not ended within
     * {@code graceMs}. Returns how it ended.
     */
    public Exit end(long graceMs) {
        synchronized (reaping) {
            return endAndReap(graceMs);
        }
    }

    private Exit endAndReap(long graceMs) {
        if (exit != null) return exit;
        libc.close(control);
        if (!owner) return exit = new Exit(0, -1); // the thread ends at its channel's end; the process goes on
        if (endedElsewhere != null) return exit = awaitElsewhere(endedElsewhere, graceMs);
        if (forkedFrom != 0) return exit = awaitForked(graceMs);
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(graceMs);
        Exit ended = reap(WNOHANG);
        while (ended == null && System.nanoTime() < deadline) {
            // Its pidfd turns readable when it ends: no polling interval (without one, 1 ms naps).
            long leftMs = Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()));
            if (pidfd < 0) LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
            else readable(pidfd, pollPidfd, reapCapture, (int) Math.min(leftMs, Integer.MAX_VALUE));
            ended = reap(WNOHANG);
        }
        if (ended == null) {
            signals.kill(pid, Signals.SIGKILL);
            ended = reap(0);
        }
        if (pidfd >= 0) libc.close(pidfd);
        exit = ended == null ? new Exit(-1, -1) : ended;
        return exit;
    }

    /**
     * Its end, as its starter reports it: SIGKILL if not within the grace (its pid is still its own: the starter reaps it
     * only when it has ended, and then reports it).
     */
    private Exit awaitElsewhere(CompletableFuture<Exit> ended, long graceMs) {
        Exit done;
        try {
            done = ended.get(graceMs, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            signals.kill(pid, Signals.SIGKILL);
            try {
                done = ended.get(10, TimeUnit.SECONDS);
            } catch (TimeoutException | ExecutionException stillThere) {
                done = new Exit(-1, -1);
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
                done = new Exit(-1, -1);
            }
        } catch (ExecutionException e) {
            done = new Exit(-1, -1);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            done = new Exit(-1, -1);
        }
        if (pidfd >= 0) libc.close(pidfd);
        return done;
    }

    @Override
    public void close() {
        end(2_000);
    }

    /**
     * The end of a forked child, which only its parent may reap: it has ended once {@code /proc} shows it a zombie (its
     * exit status is there, as waitpid would give it) or gone (its parent reaped it; the status is the parent's
     * waitpid's to tell). SIGKILL if it has not ended within the grace. Its pidfd is closed.
     */
    private Exit awaitForked(long graceMs) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(graceMs);
        Optional<ProcStat> stat = ProcStat.read(pid);
        boolean killed = false;
        while (stat.isPresent() && stat.get().state() != 'Z') {
            if (!killed && System.nanoTime() > deadline) {
                signals.kill(pid, Signals.SIGKILL);
                killed = true;
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
            stat = ProcStat.read(pid);
        }
        if (pidfd >= 0) libc.close(pidfd);
        Integer reaped = reapedStatus, asked = exitAsked;
        // Gone without a waitpid's status: its parent ignores SIGCHLD (the kernel reaped it), and it called exit(code).
        return stat.flatMap(ProcStat::exitStatus).map(Exit::ofStatus)
                .orElse(reaped != null
                        ? Exit.ofStatus(reaped)
                        : asked != null && !killed ? new Exit(asked, -1) : new Exit(-1, -1));
    }

    private Exit reap(int options) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment status = arena.allocate(JAVA_INT);
            MemorySegment cap = captureIn(arena);
            int r;
            do {
                r = (int) WAITPID.handle().invokeExact(cap, pid, status, options);
            } while (r == -1 && errno(cap) == 4 && options == 0);
            if (r != pid) return r == -1 ? new Exit(-1, -1) : null;
            return Exit.ofStatus(status.get(JAVA_INT, 0));
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    private static long syscall(long number, long a, long b, long c) {
        try (Arena arena = Arena.ofConfined()) {
            return (long) SYSCALL.handle().invokeExact(captureIn(arena), number, a, b, c);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }
}
