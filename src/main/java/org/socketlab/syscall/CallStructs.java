package org.socketlab.syscall;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The C structs an endpoint's calls take and fill in, as the bytes the control channel carries, in the machine's own
 * order: socket addresses (by {@link SockAddrCodec}, as {@link Libc} encodes them), pollfd arrays, fd_set, timeval,
 * linger and int options.
 */
final class CallStructs {
    /** Size of glibc's fd_set: FD_SETSIZE (1024) bits. */
    private static final int FD_SET_BYTES = 128;

    private final SockAddrCodec codec;

    CallStructs(PlatformConstants constants) {
        this.codec = new SockAddrCodec(constants);
    }

    byte[] encode(SockAddr address) {
        try (Arena arena = Arena.ofConfined()) {
            SockAddrCodec.Encoded e = codec.encode(address, arena);
            return e.segment().asSlice(0, e.length()).toArray(JAVA_BYTE);
        }
    }

    SockAddr decode(byte[] bytes) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment s = arena.allocate(SockAddrCodec.STORAGE_SIZE, 8);
            MemorySegment.copy(bytes, 0, s, JAVA_BYTE, 0, Math.min(bytes.length, SockAddrCodec.STORAGE_SIZE));
            return codec.decode(s, bytes.length);
        }
    }

    /** {@code first}, then {@code second} (sendto's bytes: the destination's sockaddr, then the data). */
    static byte[] concat(byte[] first, byte[] second) {
        byte[] both = Arrays.copyOf(first, first.length + second.length);
        System.arraycopy(second, 0, both, first.length, second.length);
        return both;
    }

    /** A {@code struct pollfd} for each of {@code fds}, each asking for {@code events}. */
    static byte[] pollfds(int[] fds, short events) {
        ByteBuffer b = ByteBuffer.allocate(8 * fds.length).order(ByteOrder.nativeOrder());
        for (int fd : fds) b.putInt(fd).putShort(events).putShort((short) 0);
        return b.array();
    }

    /** The {@code revents} poll filled in for the first {@code count} pollfds of {@code answer}. */
    static short[] revents(byte[] answer, int count) {
        short[] revents = new short[count];
        ByteBuffer back = ByteBuffer.wrap(answer).order(ByteOrder.nativeOrder());
        for (int i = 0; i < count && 8 * i + 8 <= answer.length; i++) revents[i] = back.getShort(8 * i + 6);
        return revents;
    }

    /** An fd_set with the bits of {@code fds}. */
    static byte[] fdSet(int[] fds) {
        long[] bits = new long[FD_SET_BYTES / 8];
        for (int fd : fds) {
            // Past FD_SETSIZE an fd has no bit (a lab's descriptors are far below it).
            if (fd < 0 || fd >= FD_SET_BYTES * 8) throw new IllegalArgumentException(String.valueOf(fd));
            bits[fd / 64] |= 1L << (fd % 64);
        }
        ByteBuffer b = ByteBuffer.allocate(FD_SET_BYTES).order(ByteOrder.nativeOrder());
        for (long word : bits) b.putLong(word);
        return b.array();
    }

    /** Those of {@code fds} whose bit is set in the fd_set {@code answer}, in their order. */
    static int[] setIn(byte[] answer, int[] fds) {
        ByteBuffer back = ByteBuffer.wrap(answer).order(ByteOrder.nativeOrder());
        List<Integer> ready = new ArrayList<>();
        for (int fd : fds)
            if (8 * (fd / 64) + 8 <= answer.length && (back.getLong(8 * (fd / 64)) & 1L << (fd % 64)) != 0)
                ready.add(fd);
        return ready.stream().mapToInt(Integer::intValue).toArray();
    }

    static byte[] nativeInt(int value) {
        return ByteBuffer.allocate(4).order(ByteOrder.nativeOrder()).putInt(value).array();
    }

    /** {@code struct linger { int l_onoff; int l_linger; }}. */
    static byte[] linger(boolean on, int seconds) {
        return ByteBuffer.allocate(8).order(ByteOrder.nativeOrder()).putInt(on ? 1 : 0).putInt(seconds).array();
    }

    /** {@code struct timeval { time_t tv_sec; suseconds_t tv_usec; }}: two 64-bit fields on the systems SocketLab runs on. */
    static byte[] timeval(int millis) {
        return ByteBuffer.allocate(16).order(ByteOrder.nativeOrder()).putLong(millis / 1000)
                .putLong((millis % 1000) * 1000L).array();
    }
}
