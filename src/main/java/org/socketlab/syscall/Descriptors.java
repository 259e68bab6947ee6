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
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/**
 * Descriptors handed between processes, on Linux: pipes, a stream socketpair, and a message that carries descriptors
 * ({@code SCM_RIGHTS}). The lab network's broker takes its requests so (capture/Broker): the program it runs
 * writes to this program's pipes, and stops when this program shuts its reply socket. Not the lab's journaled calls:
 * these are SocketLab's own plumbing, never shown as a student's call.
 */
public final class Descriptors {
    // Linux's values (x86_64 and aarch64 alike).
    private static final int AF_UNIX = 1, SOCK_STREAM = 1, SOCK_CLOEXEC = 0x80000, O_CLOEXEC = 0x80000,
            SOL_SOCKET = 1, SCM_RIGHTS = 1, F_GETFD = 1, F_SETFD = 2, FD_CLOEXEC = 1, SHUT_WR = 1, SHUT_RDWR = 2,
            MSG_CMSG_CLOEXEC = 0x40000000;
    /** struct msghdr on LP64 Linux: name, namelen (+pad), iov, iovlen, control, controllen, flags (+pad). */
    private static final long MSGHDR_SIZE = 56, MSG_IOV = 16, MSG_IOVLEN = 24, MSG_CONTROL = 32, MSG_CONTROLLEN = 40;
    /** struct cmsghdr: len (size_t), level, type, then the data, aligned to 8. */
    private static final long CMSG_HEADER = 16;

    private final CFunctions functions = new CFunctions();
    private final CFunctions.Downcall pipe2, socketpair, sendmsg, recvmsg, fcntl, read, shutdown, close, open;
    /** O_PATH: a descriptor that names a file or folder without opening it for reading or writing. */
    private static final int O_PATH = 0x200000;

    public Descriptors() {
        if (Os.current() != Os.LINUX) throw new UnsupportedPlatformException(Os.current());
        pipe2 = functions.declare("pipe2", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
        socketpair = functions.declare("socketpair",
                FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS));
        sendmsg = functions.declare("sendmsg", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_INT));
        recvmsg = functions.declare("recvmsg", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_INT));
        fcntl = functions.declare("fcntl", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT),
                Linker.Option.firstVariadicArg(2));
        read = functions.declare("read", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG));
        shutdown = functions.declare("shutdown", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT));
        close = functions.declare("close", FunctionDescriptor.of(JAVA_INT, JAVA_INT));
        open = functions.declare("open", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT),
                Linker.Option.firstVariadicArg(2));
    }

    /**
     * A close-on-exec O_PATH descriptor naming {@code path} (a folder or a file), to hand a place over to the lab's
     * broker: the descriptor, not a name the receiver would look up again, says which one.
     */
    public int openPath(Path path) throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment cap = captureIn(arena), name = arena.allocateFrom(path.toString());
            int fd = (int) open.handle().invokeExact(cap, name, O_PATH | O_CLOEXEC, 0);
            if (fd < 0) throw failure("open " + path, errno(cap));
            return fd;
        } catch (IOException e) {
            throw e;
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** Two ends, each close-on-exec: [0] to read (or this side), [1] to write (or the other side). */
    public record Pair(int first, int second) {
    }

    /** A close-on-exec pipe. */
    public Pair pipe() throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment cap = captureIn(arena), fds = arena.allocate(JAVA_INT, 2);
            int r = (int) pipe2.handle().invokeExact(cap, fds, O_CLOEXEC);
            if (r != 0) throw failure("pipe2", errno(cap));
            return new Pair(fds.getAtIndex(JAVA_INT, 0), fds.getAtIndex(JAVA_INT, 1));
        } catch (IOException e) {
            throw e;
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** A close-on-exec stream socketpair (AF_UNIX). */
    public Pair streamPair() throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment cap = captureIn(arena), fds = arena.allocate(JAVA_INT, 2);
            int r = (int) socketpair.handle().invokeExact(cap, AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, fds);
            if (r != 0) throw failure("socketpair", errno(cap));
            return new Pair(fds.getAtIndex(JAVA_INT, 0), fds.getAtIndex(JAVA_INT, 1));
        } catch (IOException e) {
            throw e;
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** Sends {@code words} (each NUL-terminated) and {@code fds} in one message on {@code socket}. */
    public void send(int socket, List<String> words, int... fds) throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            byte[] payload = payload(words);
            MemorySegment data = arena.allocate(payload.length);
            MemorySegment.copy(payload, 0, data, JAVA_BYTE, 0, payload.length);
            MemorySegment iov = arena.allocate(16, 8);
            iov.set(ADDRESS, 0, data);
            iov.set(JAVA_LONG, 8, payload.length);
            long cmsgLength = CMSG_HEADER + 4L * fds.length, controlSize = (cmsgLength + 7) & ~7L;
            MemorySegment control = arena.allocate(controlSize, 8);
            control.set(JAVA_LONG, 0, cmsgLength);
            control.set(JAVA_INT, 8, SOL_SOCKET);
            control.set(JAVA_INT, 12, SCM_RIGHTS);
            for (int i = 0; i < fds.length; i++) control.set(JAVA_INT, CMSG_HEADER + 4L * i, fds[i]);
            MemorySegment msg = arena.allocate(MSGHDR_SIZE, 8);
            msg.set(ADDRESS, MSG_IOV, iov);
            msg.set(JAVA_LONG, MSG_IOVLEN, 1);
            msg.set(ADDRESS, MSG_CONTROL, control);
            msg.set(JAVA_LONG, MSG_CONTROLLEN, controlSize);
            MemorySegment cap = captureIn(arena);
            long r = (long) sendmsg.handle().invokeExact(cap, socket, msg, 0);
            if (r != payload.length) throw failure("sendmsg", r < 0 ? errno(cap) : 0);
        } catch (IOException e) {
            throw e;
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    static byte[] payload(List<String> words) {
        StringBuilder s = new StringBuilder();
        for (String w : words) {
            if (w.indexOf('\0') >= 0) throw new IllegalArgumentException("\\0: " + w);
            s.append(w).append('\0');
        }
        return s.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Marks {@code fd} close-on-exec: no program this one starts inherits it. False when it is not an open fd. */
    public boolean closeOnExec(int fd) {
        return closeOnExec(fd, true);
    }

    /** Sets or clears {@code fd}'s close-on-exec flag. False when it is not an open fd. */
    public boolean closeOnExec(int fd, boolean on) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment cap = captureIn(arena);
            int flags = (int) fcntl.handle().invokeExact(cap, fd, F_GETFD, 0);
            if (flags < 0) return false;
            int wanted = on ? flags | FD_CLOEXEC : flags & ~FD_CLOEXEC;
            return (int) fcntl.handle().invokeExact(cap, fd, F_SETFD, wanted) == 0;
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** One byte read from a socket, and the descriptor that came with it (-1: none). */
    public record ByteAndDescriptor(int value, int descriptor) {
    }

    /**
     * Reads one byte of a socket, waiting for it, with the descriptor sent along with it (received close-on-exec; the
     * caller owns it): the value is -1 at the end of the stream (or an error). A descriptor sent with later bytes
     * must not be read by {@link #readByte}, which would drop it.
     */
    public ByteAndDescriptor readByteAndDescriptor(int socket) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment cap = captureIn(arena), one = arena.allocate(1);
            MemorySegment iov = arena.allocate(16, 8);
            iov.set(ADDRESS, 0, one);
            iov.set(JAVA_LONG, 8, 1);
            long controlSize = (CMSG_HEADER + 4 + 7) & ~7L;
            MemorySegment control = arena.allocate(controlSize, 8);
            MemorySegment msg = arena.allocate(MSGHDR_SIZE, 8);
            msg.set(ADDRESS, MSG_IOV, iov);
            msg.set(JAVA_LONG, MSG_IOVLEN, 1);
            msg.set(ADDRESS, MSG_CONTROL, control);
            msg.set(JAVA_LONG, MSG_CONTROLLEN, controlSize);
            while (true) {
                long r = (long) recvmsg.handle().invokeExact(cap, socket, msg, MSG_CMSG_CLOEXEC);
                if (r < 0 && errno(cap) == 4) continue; // EINTR
                if (r != 1) return new ByteAndDescriptor(-1, -1);
                int fd = -1;
                long length = msg.get(JAVA_LONG, MSG_CONTROLLEN);
                if (length >= CMSG_HEADER + 4 && control.get(JAVA_INT, 8) == SOL_SOCKET
                        && control.get(JAVA_INT, 12) == SCM_RIGHTS)
                    fd = control.get(JAVA_INT, CMSG_HEADER);
                return new ByteAndDescriptor(one.get(JAVA_BYTE, 0) & 0xff, fd);
            }
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** Reads one byte, waiting for it: its value, or -1 at the end of the stream (or an error). */
    public int readByte(int fd) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment cap = captureIn(arena), one = arena.allocate(1);
            while (true) {
                long r = (long) read.handle().invokeExact(cap, fd, one, 1L);
                if (r == 1) return one.get(JAVA_BYTE, 0) & 0xff;
                if (r < 0 && errno(cap) == 4) continue; // EINTR
                return -1;
            }
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /**
     * Reads at most {@code length} bytes into {@code into} at {@code offset}, waiting for at least one: how many were
     * read, or -1 at the end of the stream. A stream socket {@link #shutdown shut} here ends once what it holds is read.
     */
    public int read(int fd, byte[] into, int offset, int length) throws IOException {
        if (length == 0) return 0;
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment cap = captureIn(arena), buffer = arena.allocate(length);
            while (true) {
                long r = (long) read.handle().invokeExact(cap, fd, buffer, (long) length);
                if (r > 0) {
                    MemorySegment.copy(buffer, JAVA_BYTE, 0, into, offset, (int) r);
                    return (int) r;
                }
                if (r == 0) return -1;
                int error = errno(cap);
                if (error != 4) throw failure("read", error); // 4: EINTR, read again
            }
        } catch (IOException e) {
            throw e;
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** Shuts both directions of a socket: a read blocked on it returns, and the peer sees it at once. */
    public void shutdown(int fd) {
        try (Arena arena = Arena.ofConfined()) {
            int ignored = (int) shutdown.handle().invokeExact(captureIn(arena), fd, SHUT_RDWR);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** Shuts a socket's sending side only: the peer sees its end, and what it answers can still be read here. */
    public void shutdownOutput(int fd) {
        try (Arena arena = Arena.ofConfined()) {
            int ignored = (int) shutdown.handle().invokeExact(captureIn(arena), fd, SHUT_WR);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    public void close(int fd) {
        try (Arena arena = Arena.ofConfined()) {
            int ignored = (int) close.handle().invokeExact(captureIn(arena), fd);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    private static IOException failure(String call, int errno) {
        return new IOException(call + " = -1, errno " + errno);
    }

    private static RuntimeException rethrow(Throwable t) {
        if (t instanceof RuntimeException r) return r;
        if (t instanceof Error e) throw e;
        return new IllegalStateException(t);
    }
}
