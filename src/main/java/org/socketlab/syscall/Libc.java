package org.socketlab.syscall;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;
import static org.socketlab.syscall.CFunctions.captureIn;
import static org.socketlab.syscall.CFunctions.errno;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import org.jspecify.annotations.Nullable;

/**
 * The real socket calls, one Java method per C function, bound with the Foreign Function and Memory API.
 * Every method makes exactly one system call; errno is captured by the linker at the call itself
 * ({@code captureCallState("errno")}), never read afterwards, so no other call can overwrite it.
 * Thread-safe: all state is per call.
 */
public final class Libc {
    private final PlatformConstants constants;
    private final ErrnoTable errnos;
    private final SockAddrCodec codec;

    private final CFunctions functions = new CFunctions();
    private final CFunctions.Downcall socket, bind, listen, accept, connect, send, recv, sendto, recvfrom,
            shutdown, close, setsockopt, getsockopt, fcntl, ioctl, getsockname, getpeername, poll, unlink, read, write,
            socketpair;

    private Libc(Os os) {
        if (!os.supported() && os != Os.MACOS) throw new UnsupportedPlatformException(os);
        this.constants = PlatformConstants.of(os);
        this.errnos = ErrnoTable.of(os);
        this.codec = new SockAddrCodec(constants);
        socket = functions.declare("socket", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT));
        bind = functions.declare("bind", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT));
        listen = functions.declare("listen", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT));
        accept = functions.declare("accept", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, ADDRESS));
        connect = functions.declare("connect", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT));
        send = functions.declare("send", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT));
        recv = functions.declare("recv", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT));
        sendto = functions.declare("sendto",
                FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT, ADDRESS, JAVA_INT));
        recvfrom = functions.declare("recvfrom",
                FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT, ADDRESS, ADDRESS));
        shutdown = functions.declare("shutdown", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT));
        close = functions.declare("close", FunctionDescriptor.of(JAVA_INT, JAVA_INT));
        setsockopt = functions.declare("setsockopt",
                FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT));
        getsockopt = functions.declare("getsockopt",
                FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS, ADDRESS));
        // fcntl is variadic: the third argument is passed as a variadic int.
        fcntl = functions.declare("fcntl", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT),
                Linker.Option.firstVariadicArg(2));
        // ioctl is variadic too: the third argument is a pointer to the int the kernel fills in.
        ioctl = functions.declare("ioctl", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_LONG, ADDRESS),
                Linker.Option.firstVariadicArg(2));
        getsockname = functions.declare("getsockname", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, ADDRESS));
        getpeername = functions.declare("getpeername", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, ADDRESS));
        poll = functions.declare("poll", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT));
        unlink = functions.declare("unlink", FunctionDescriptor.of(JAVA_INT, ADDRESS));
        read = functions.declare("read", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG));
        write = functions.declare("write", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG));
        socketpair = functions.declare("socketpair",
                FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS));
    }

    /**
     * Links the C function {@code name} now if it is not yet (nothing for a name that is not one of them). A call that
     * may block links first, so its time in the kernel, which says whether it blocked, never counts the linking
     * (tens of milliseconds on a cold JVM: a 4-byte send looked blocked).
     */
    public void link(String name) {
        functions.link(name);
    }

    /**
     * The calls of the OS this program runs on; throws {@link UnsupportedPlatformException} where there are none. A
     * new one each time: the composition root makes one and passes it on (its functions are linked at first use).
     */
    public static Libc forThisMachine() {
        return new Libc(Os.current());
    }

    public PlatformConstants constants() {
        return constants;
    }
    public ErrnoTable errnos() {
        return errnos;
    }

    /** The result of a call that also fills in an address (accept, getsockname, getpeername). */
    public record AddressResult(SysResult result, @Nullable SockAddr address) {
    }

    /** The result of a receive: the byte count and the bytes (and, for recvfrom, who sent them). */
    public record ReceiveResult(SysResult result, byte[] data, @Nullable SockAddr from) {
    }

    /** The result of poll on one fd: how many fds are ready (0 on timeout) and which events happened. */
    public record PollResult(SysResult result, short revents) {
    }

    public SysResult socket(int domain, int type, int protocol) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment cap = captureIn(arena);
            int r = (int) socket.handle().invokeExact(cap, domain, type, protocol);
            return SysResult.of(r, errno(cap));
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    public SysResult bind(int fd, SockAddr address) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment cap = captureIn(arena);
            SockAddrCodec.Encoded a = codec.encode(address, arena);
            int r = (int) bind.handle().invokeExact(cap, fd, a.segment(), a.length());
            return SysResult.of(r, errno(cap));
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    public SysResult listen(int fd, int backlog) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment cap = captureIn(arena);
            int r = (int) listen.handle().invokeExact(cap, fd, backlog);
            return SysResult.of(r, errno(cap));
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    public AddressResult accept(int fd) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment cap = captureIn(arena);
            MemorySegment addr = arena.allocate(SockAddrCodec.STORAGE_SIZE, 8);
            MemorySegment len = arena.allocate(JAVA_INT);
            len.set(JAVA_INT, 0, SockAddrCodec.STORAGE_SIZE);
            int r = (int) accept.handle().invokeExact(cap, fd, addr, len);
            SysResult result = SysResult.of(r, errno(cap));
            return new AddressResult(result, result.failed() ? null : codec.decode(addr, len.get(JAVA_INT, 0)));
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    public SysResult connect(int fd, SockAddr address) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment cap = captureIn(arena);
            SockAddrCodec.Encoded a = codec.encode(address, arena);
            int r = (int) connect.handle().invokeExact(cap, fd, a.segment(), a.length());
            return SysResult.of(r, errno(cap));
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    public SysResult send(int fd, byte[] data, int flags) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment cap = captureIn(arena);
            MemorySegment buf = arena.allocate(Math.max(1, data.length));
            MemorySegment.copy(data, 0, buf, ValueLayout.JAVA_BYTE, 0, data.length);
            long r = (long) send.handle().invokeExact(cap, fd, buf, (long) data.length, flags);
            return SysResult.of(r, errno(cap));
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    public ReceiveResult recv(int fd, int capacity, int flags) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment cap = captureIn(arena);
            MemorySegment buf = arena.allocate(Math.max(1, capacity));
            long r = (long) recv.handle().invokeExact(cap, fd, buf, (long) capacity, flags);
            SysResult result = SysResult.of(r, errno(cap));
            return new ReceiveResult(result, received(buf, r, capacity), null);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    public SysResult sendto(int fd, byte[] data, int flags, @Nullable SockAddr to) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment cap = captureIn(arena);
            MemorySegment buf = arena.allocate(Math.max(1, data.length));
            MemorySegment.copy(data, 0, buf, ValueLayout.JAVA_BYTE, 0, data.length);
            MemorySegment addr = MemorySegment.NULL;
            int addrLength = 0;
            if (to != null) {
                SockAddrCodec.Encoded a = codec.encode(to, arena);
                addr = a.segment();
                addrLength = a.length();
            }
            long r = (long) sendto.handle().invokeExact(cap, fd, buf, (long) data.length, flags, addr, addrLength);
            return SysResult.of(r, errno(cap));
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    public ReceiveResult recvfrom(int fd, int capacity, int flags) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment cap = captureIn(arena);
            MemorySegment buf = arena.allocate(Math.max(1, capacity));
            MemorySegment addr = arena.allocate(SockAddrCodec.STORAGE_SIZE, 8);
            MemorySegment len = arena.allocate(JAVA_INT);
            len.set(JAVA_INT, 0, SockAddrCodec.STORAGE_SIZE);
            long r = (long) recvfrom.handle().invokeExact(cap, fd, buf, (long) capacity, flags, addr, len);
            SysResult result = SysResult.of(r, errno(cap));
            int addrLength = len.get(JAVA_INT, 0);
            SockAddr from = result.failed() || addrLength == 0 ? null : codec.decode(addr, addrLength);
            return new ReceiveResult(result, received(buf, r, capacity), from);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    public SysResult shutdown(int fd, int how) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment cap = captureIn(arena);
            int r = (int) shutdown.handle().invokeExact(cap, fd, how);
            return SysResult.of(r, errno(cap));
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    public SysResult close(int fd) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment cap = captureIn(arena);
            int r = (int) close.handle().invokeExact(cap, fd);
            return SysResult.of(r, errno(cap));
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** setsockopt with an int value (SO_REUSEADDR, SO_RCVBUF, SO_SNDBUF). */
    public SysResult setsockoptInt(int fd, int level, int option, int value) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment cap = captureIn(arena);
            MemorySegment v = arena.allocate(JAVA_INT);
            v.set(JAVA_INT, 0, value);
            int r = (int) setsockopt.handle().invokeExact(cap, fd, level, option, v, (int) JAVA_INT.byteSize());
            return SysResult.of(r, errno(cap));
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** setsockopt(SO_LINGER) with {@code struct linger { int l_onoff; int l_linger; }}. */
    public SysResult setLinger(int fd, boolean on, int seconds) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment cap = captureIn(arena);
            MemorySegment v = arena.allocate(8, 4);
            v.set(JAVA_INT, 0, on ? 1 : 0);
            v.set(JAVA_INT, 4, seconds);
            int r = (int) setsockopt.handle().invokeExact(cap, fd, constants.solSocket(), constants.soLinger(), v, 8);
            return SysResult.of(r, errno(cap));
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** getsockopt: the option's bytes as the kernel wrote them (up to {@code capacity}); result value 0 or -1. */
    public ReceiveResult getsockopt(int fd, int level, int option, int capacity) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment cap = captureIn(arena);
            MemorySegment v = arena.allocate(capacity, 8);
            MemorySegment len = arena.allocate(JAVA_INT);
            len.set(JAVA_INT, 0, capacity);
            int r = (int) getsockopt.handle().invokeExact(cap, fd, level, option, v, len);
            SysResult result = SysResult.of(r, errno(cap));
            int written = result.failed() ? 0 : Math.min(capacity, len.get(JAVA_INT, 0));
            return new ReceiveResult(result, v.asSlice(0, written).toArray(ValueLayout.JAVA_BYTE), null);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    public SysResult fcntl(int fd, int command, int argument) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment cap = captureIn(arena);
            int r = (int) fcntl.handle().invokeExact(cap, fd, command, argument);
            return SysResult.of(r, errno(cap));
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** ioctl with an int out-parameter (SIOCINQ, SIOCOUTQ): the result's value is that int, or -1. */
    public SysResult ioctlInt(int fd, long request) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment cap = captureIn(arena);
            MemorySegment out = arena.allocate(JAVA_INT);
            int r = (int) ioctl.handle().invokeExact(cap, fd, request, out);
            return r == -1 ? SysResult.of(-1, errno(cap)) : new SysResult(out.get(JAVA_INT, 0), 0);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    public AddressResult getsockname(int fd) {
        return nameCall(getsockname, fd);
    }

    public AddressResult getpeername(int fd) {
        return nameCall(getpeername, fd);
    }

    private AddressResult nameCall(CFunctions.Downcall function, int fd) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment cap = captureIn(arena);
            MemorySegment addr = arena.allocate(SockAddrCodec.STORAGE_SIZE, 8);
            MemorySegment len = arena.allocate(JAVA_INT);
            len.set(JAVA_INT, 0, SockAddrCodec.STORAGE_SIZE);
            int r = (int) function.handle().invokeExact(cap, fd, addr, len);
            SysResult result = SysResult.of(r, errno(cap));
            return new AddressResult(result, result.failed() ? null : codec.decode(addr, len.get(JAVA_INT, 0)));
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** poll on one fd ({@code struct pollfd { int fd; short events; short revents; }}). */
    public PollResult poll(int fd, short events, int timeoutMillis) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment cap = captureIn(arena);
            MemorySegment pfd = arena.allocate(8, 4);
            pfd.set(JAVA_INT, 0, fd);
            pfd.set(JAVA_SHORT, 4, events);
            pfd.set(JAVA_SHORT, 6, (short) 0);
            int r = (int) poll.handle().invokeExact(cap, pfd, 1L, timeoutMillis);
            return new PollResult(SysResult.of(r, errno(cap)), pfd.get(JAVA_SHORT, 6));
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** The result of socketpair: 0 and the two connected descriptors, or -1 (and no descriptors). */
    public record PairResult(SysResult result, int[] fds) {
    }

    /** The result of poll on several fds: how many are ready (0 on timeout) and each one's revents, in the order asked. */
    public record PollManyResult(SysResult result, short[] revents) {
    }

    public SysResult write(int fd, byte[] data) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment cap = captureIn(arena);
            MemorySegment buf = arena.allocate(Math.max(1, data.length));
            MemorySegment.copy(data, 0, buf, ValueLayout.JAVA_BYTE, 0, data.length);
            long r = (long) write.handle().invokeExact(cap, fd, buf, (long) data.length);
            return SysResult.of(r, errno(cap));
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    public ReceiveResult read(int fd, int capacity) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment cap = captureIn(arena);
            MemorySegment buf = arena.allocate(Math.max(1, capacity));
            long r = (long) read.handle().invokeExact(cap, fd, buf, (long) capacity);
            SysResult result = SysResult.of(r, errno(cap));
            return new ReceiveResult(result, received(buf, r, capacity), null);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    public PairResult socketpair(int domain, int type, int protocol) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment cap = captureIn(arena);
            MemorySegment sv = arena.allocate(JAVA_INT, 2);
            int r = (int) socketpair.handle().invokeExact(cap, domain, type, protocol, sv);
            SysResult result = SysResult.of(r, errno(cap));
            return new PairResult(result,
                    result.failed() ? new int[0] : new int[]{sv.getAtIndex(JAVA_INT, 0), sv.getAtIndex(JAVA_INT, 1)});
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** poll on several fds, each asking for the same {@code events}; one call, {@code timeoutMillis} -1 waits for ever. */
    public PollManyResult poll(int[] fds, short events, int timeoutMillis) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment cap = captureIn(arena);
            MemorySegment pfds = arena.allocate(8L * Math.max(1, fds.length), 4);
            for (int i = 0; i < fds.length; i++) {
                pfds.set(JAVA_INT, 8L * i, fds[i]);
                pfds.set(JAVA_SHORT, 8L * i + 4, events);
                pfds.set(JAVA_SHORT, 8L * i + 6, (short) 0);
            }
            int r = (int) poll.handle().invokeExact(cap, pfds, (long) fds.length, timeoutMillis);
            short[] revents = new short[fds.length];
            for (int i = 0; i < fds.length; i++) revents[i] = pfds.get(JAVA_SHORT, 8L * i + 6);
            return new PollManyResult(SysResult.of(r, errno(cap)), revents);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    public SysResult unlink(String path) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment cap = captureIn(arena);
            MemorySegment p = arena.allocateFrom(path, StandardCharsets.UTF_8);
            int r = (int) unlink.handle().invokeExact(cap, p);
            return SysResult.of(r, errno(cap));
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    private static byte[] received(MemorySegment buf, long count, int capacity) {
        if (count <= 0) return new byte[0];
        return buf.asSlice(0, Math.min(count, capacity)).toArray(ValueLayout.JAVA_BYTE);
    }

    private static RuntimeException rethrow(Throwable t) {
        if (t instanceof RuntimeException r) return r;
        if (t instanceof Error e) throw e;
        return new IllegalStateException(t);
    }
}
