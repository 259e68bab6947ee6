package org.socketlab.syscall;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static org.socketlab.syscall.CFunctions.captureIn;
import static org.socketlab.syscall.CFunctions.errno;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;
import org.jspecify.annotations.Nullable;
import org.socketlab.syscall.EndpointProcess.Exit;

/**
 * The end of one endpoint process: closing its channel, waiting for it to end (SIGKILL after a grace) and reaping
 * it, each the way its kind allows. This program's own child is reaped with waitpid; a forked child's end is read
 * in /proc (only its parent may reap it); one another program started is reported ended by that program; a thread
 * of another endpoint's process ends with its channel. How it ended is kept once seen.
 */
final class EndpointReaper {
    private static final int WNOHANG = 1;
    private static final CFunctions FUNCTIONS = new CFunctions();
    private static final CFunctions.Downcall WAITPID = FUNCTIONS.declare("waitpid",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT));

    private final Libc libc;
    private final EndpointChannel channel;
    private final int pid;
    private final int pidfd;
    /** Whether this is the process itself (it reaps it and closes the pidfd), not one of its threads. */
    private final boolean owner;
    private final Signals signals;
    /** One {@code struct pollfd} for the pidfd and errno's capture, reused under {@link #reaping}. */
    private final MemorySegment pollPidfd = Arena.ofAuto().allocate(8, 8);
    private final MemorySegment reapCapture = captureIn(Arena.ofAuto());
    /** Held while the process is reaped, by {@link #end} or {@link #awaitExit} (never the channel's lock). */
    private final Object reaping = new Object();
    private volatile @Nullable Exit exit;
    /** How a process another started ended; null for this program's own children. */
    private volatile @Nullable CompletableFuture<Exit> endedElsewhere;
    /** The pid of the process this one was forked from; 0 when SocketLab started it. */
    private volatile int forkedFrom;
    /** Its parent's waitpid took this status (a forked child): its end, once /proc no longer has it. */
    private volatile @Nullable Integer reapedStatus;
    /** The code its exit asked for: how a forked child ended once its parent's kernel reaped it unseen. */
    private volatile @Nullable Integer exitAsked;

    EndpointReaper(Libc libc, EndpointChannel channel, int pid, int pidfd, boolean owner, Signals signals) {
        this.libc = libc;
        this.channel = channel;
        this.pid = pid;
        this.pidfd = pidfd;
        this.owner = owner;
        this.signals = signals;
    }

    void endedElsewhere(CompletableFuture<Exit> ended) {
        endedElsewhere = ended;
    }

    void forkedFrom(int parentPid) {
        forkedFrom = parentPid;
    }

    int forkedFrom() {
        return forkedFrom;
    }

    void reapedWith(int status) {
        reapedStatus = status;
    }

    void exitAsked(int code) {
        exitAsked = code;
    }

    /** Whether it is a thread of another endpoint's process: nothing to reap, its channel's end is its end. */
    boolean isThread() {
        return !owner;
    }

    @Nullable
    Exit exit() {
        return exit;
    }

    /** Closes the channel and reaps the process: SIGKILL if it has not ended within {@code graceMs}. */
    Exit end(long graceMs) {
        synchronized (reaping) {
            return endAndReap(graceMs);
        }
    }

    private Exit endAndReap(long graceMs) {
        if (exit != null) return exit;
        channel.close();
        if (!owner) return exit = new Exit(0, -1); // the thread ends at its channel's end
        if (endedElsewhere != null) return exit = awaitElsewhere(endedElsewhere, graceMs);
        if (forkedFrom != 0) return exit = awaitForked(graceMs);
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(graceMs);
        Exit ended = reap(WNOHANG);
        while (ended == null && System.nanoTime() < deadline) {
            // Its pidfd turns readable when it ends: no polling interval (without one, 1 ms naps).
            long leftMs = Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()));
            if (pidfd < 0) LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
            else ProcessCalls.readable(pidfd, pollPidfd, reapCapture, (int) Math.min(leftMs, Integer.MAX_VALUE));
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

    /** Waits for the process to end on its own and reaps it; for a thread, closes its channel and returns null. */
    @Nullable
    Exit awaitExit() {
        if (!owner) {
            end(0);
            return null;
        }
        synchronized (reaping) {
            if (exit != null) return exit;
            if (endedElsewhere != null) { // not this program's child: its starter reaps it and says how it ended
                channel.close();
                return exit = awaitElsewhere(endedElsewhere, 10_000);
            }
            if (forkedFrom != 0) {
                channel.close();
                return exit = awaitForked(10_000);
            }
            Exit ended = reap(0);
            channel.close();
            if (pidfd >= 0) libc.close(pidfd);
            exit = ended == null ? new Exit(-1, -1) : ended;
            return exit;
        }
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

    private @Nullable Exit reap(int options) {
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
}
