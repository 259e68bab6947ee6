package org.socketlab.syscall;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static org.socketlab.syscall.CFunctions.captureIn;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * The kernel's calls on processes that {@link Libc} does not declare, made by this program for its endpoint processes:
 * pidfd_open, pidfd_getfd, pidfd_send_signal and tgkill (by number, through syscall(2)), and poll(2) of one descriptor.
 */
final class ProcessCalls {
    private static final long SYS_PIDFD_OPEN = 434, SYS_PIDFD_GETFD = 438, SYS_TGKILL = 234,
            SYS_PIDFD_SEND_SIGNAL = 424;
    private static final short POLLIN = 1;

    private static final CFunctions FUNCTIONS = new CFunctions();
    private static final CFunctions.Downcall POLL = FUNCTIONS.declare("poll",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT));
    /** syscall(2) with four arguments: pidfd_send_signal reads its flags from the fourth, which must be 0. */
    private static final CFunctions.Downcall SYSCALL4 = FUNCTIONS.declare("syscall",
            FunctionDescriptor.of(JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG),
            Linker.Option.firstVariadicArg(1));
    private static final CFunctions.Downcall CLOSE = FUNCTIONS.declare("close",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT));
    private static final CFunctions.Downcall SYSCALL = FUNCTIONS.declare("syscall",
            FunctionDescriptor.of(JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG),
            Linker.Option.firstVariadicArg(1));

    private ProcessCalls() {
    }

    /** pidfd_open(2): a descriptor of this program's that refers to process {@code pid}; -1 if it cannot be had. */
    static int pidfdOpen(int pid) {
        return (int) syscall(SYS_PIDFD_OPEN, pid, 0, 0);
    }

    /** pidfd_getfd(2): a descriptor of this program's for the process's descriptor {@code fd}; -1 if none. */
    static int pidfdGetfd(int pidfd, int fd) {
        return (int) syscall(SYS_PIDFD_GETFD, pidfd, fd, 0);
    }

    /** pidfd_send_signal(2): {@code signal} to the process {@code pidfd} refers to; false when it could not be sent. */
    static boolean pidfdSendSignal(int pidfd, int signal) {
        try (Arena arena = Arena.ofConfined()) {
            return (long) SYSCALL4.handle().invokeExact(captureIn(arena), SYS_PIDFD_SEND_SIGNAL, (long) pidfd,
                    (long) signal, 0L, 0L) == 0;
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /** close(2) of a descriptor these calls opened (a pidfd). */
    static void close(int fd) {
        try (Arena arena = Arena.ofConfined()) {
            int ignored = (int) CLOSE.handle().invokeExact(captureIn(arena), fd);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /** tgkill(2): {@code signal} to the one thread {@code tid} of process {@code pid}. */
    static void tgkill(int pid, int tid, int signal) {
        syscall(SYS_TGKILL, pid, tid, signal);
    }

    /** Whether {@code fd} is readable within {@code timeoutMs} (poll(2); EINTR counts as not yet). */
    static boolean readable(int fd, MemorySegment pollfd, MemorySegment errnoCapture, int timeoutMs) {
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
