package org.socketlab.syscall;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;
import org.socketlab.syscall.EndpointChannel.Answer;

/**
 * {@link Libc}'s calls, made in one endpoint's process ({@link EndpointProcess#calls()}), with the same arguments and
 * answers: the arguments are encoded as Libc encodes them ({@link CallStructs}), the endpoint makes the same glibc call
 * with them, in its own descriptor table, and a blocking call blocks there, in the kernel. One thread makes them (the
 * endpoint's worker).
 */
public final class EndpointCalls {
    private final Libc libc;
    private final EndpointChannel channel;
    private final CallStructs structs;

    /** select()'s answer: how many descriptors are ready, which, and the time Linux left in the timeval (-1: none). */
    public record SelectResult(SysResult result, int[] ready, long leftMicros) {
    }

    EndpointCalls(Libc libc, EndpointChannel channel) {
        this.libc = libc;
        this.channel = channel;
        this.structs = new CallStructs(libc.constants());
    }

    public SysResult socket(int domain, int type, int protocol) {
        return ask(EndpointOp.SOCKET, null, domain, type, protocol).result();
    }

    public Libc.PairResult socketpair(int domain, int type, int protocol) {
        Answer a = ask(EndpointOp.SOCKETPAIR, null, domain, type, protocol);
        return new Libc.PairResult(a.result(),
                a.result().failed() ? new int[0] : new int[]{(int) a.b()[0], (int) a.b()[1]});
    }

    public SysResult bind(int fd, SockAddr address) {
        return ask(EndpointOp.BIND, structs.encode(address), fd).result();
    }

    public SysResult listen(int fd, int backlog) {
        return ask(EndpointOp.LISTEN, null, fd, backlog).result();
    }

    public Libc.AddressResult accept(int fd) {
        return addressCall(EndpointOp.ACCEPT, fd);
    }

    /**
     * accept() with the program's own addrlen (issue 59): {@code written} the bytes the kernel wrote into the address
     * (at most {@code addrlen}), {@code lengthOut} addrlen as the kernel left it (the address's real size; unchanged
     * when the call failed), {@code peer} the address when all of it fitted, else null.
     */
    public record GivenLength(SysResult result, byte[] written, int lengthOut, @Nullable SockAddr peer) {
        /** Whether the kernel had more address than the program gave room for: it wrote only the first bytes. */
        public boolean truncated() {
            return !result.failed() && written.length < lengthOut;
        }
    }

    /** accept(fd, &addr, &addrlen) with {@code addrlen} as the program sets it (-1, 0, 4: any socklen_t it holds). */
    public GivenLength accept(int fd, int addrlen) {
        Answer a = ask(EndpointOp.ACCEPT, null, fd, addrlen, 1);
        int out = (int) a.b()[0];
        byte[] written = a.result().failed() ? new byte[0] : a.bytes();
        SockAddr peer = !a.result().failed() && written.length >= out && out > 0 ? structs.decode(written) : null;
        return new GivenLength(a.result(), written, out, peer);
    }

    public SysResult connect(int fd, SockAddr address) {
        return ask(EndpointOp.CONNECT, structs.encode(address), fd).result();
    }

    public SysResult send(int fd, byte[] data, int flags) {
        return ask(EndpointOp.SEND, data, fd, flags).result();
    }

    public SysResult write(int fd, byte[] data) {
        return ask(EndpointOp.WRITE, data, fd).result();
    }

    public Libc.ReceiveResult recv(int fd, int capacity, int flags) {
        Answer a = ask(EndpointOp.RECV, null, fd, capacity, flags);
        return new Libc.ReceiveResult(a.result(), a.bytes(), null);
    }

    public Libc.ReceiveResult read(int fd, int capacity) {
        Answer a = ask(EndpointOp.READ, null, fd, capacity);
        return new Libc.ReceiveResult(a.result(), a.bytes(), null);
    }

    public SysResult sendto(int fd, byte[] data, int flags, @Nullable SockAddr to) {
        byte[] address = to == null ? new byte[0] : structs.encode(to);
        return ask(EndpointOp.SENDTO, CallStructs.concat(address, data), fd, flags, address.length).result();
    }

    public Libc.ReceiveResult recvfrom(int fd, int capacity, int flags) {
        Answer a = ask(EndpointOp.RECVFROM, null, fd, capacity, flags);
        if (a.result().failed()) return new Libc.ReceiveResult(a.result(), new byte[0], null);
        int addressLength = (int) a.b()[0];
        byte[] data = Arrays.copyOfRange(a.bytes(), Math.min(addressLength, a.bytes().length), a.bytes().length);
        SockAddr from = addressLength == 0 ? null : structs.decode(Arrays.copyOf(a.bytes(), addressLength));
        return new Libc.ReceiveResult(a.result(), data, from);
    }

    public SysResult shutdown(int fd, int how) {
        return ask(EndpointOp.SHUTDOWN, null, fd, how).result();
    }

    public SysResult close(int fd) {
        return ask(EndpointOp.CLOSE, null, fd).result();
    }

    public SysResult setsockoptInt(int fd, int level, int option, int value) {
        return ask(EndpointOp.SETSOCKOPT, CallStructs.nativeInt(value), fd, level, option).result();
    }

    public SysResult setLinger(int fd, boolean on, int seconds) {
        PlatformConstants c = libc.constants();
        return ask(EndpointOp.SETSOCKOPT, CallStructs.linger(on, seconds), fd, c.solSocket(), c.soLinger()).result();
    }

    /** setsockopt with a {@code struct timeval} of {@code millis} (SO_RCVTIMEO, SO_SNDTIMEO). */
    public SysResult setsockoptTimeval(int fd, int level, int option, int millis) {
        return ask(EndpointOp.SETSOCKOPT, CallStructs.timeval(millis), fd, level, option).result();
    }

    public Libc.ReceiveResult getsockopt(int fd, int level, int option, int capacity) {
        Answer a = ask(EndpointOp.GETSOCKOPT, null, fd, level, option, capacity);
        return new Libc.ReceiveResult(a.result(), a.result().failed() ? new byte[0] : a.bytes(), null);
    }

    public SysResult fcntl(int fd, int command, int argument) {
        return ask(EndpointOp.FCNTL, null, fd, command, argument).result();
    }

    public Libc.AddressResult getsockname(int fd) {
        return addressCall(EndpointOp.GETSOCKNAME, fd);
    }

    public Libc.AddressResult getpeername(int fd) {
        return addressCall(EndpointOp.GETPEERNAME, fd);
    }

    /** getaddrinfo(3) in the endpoint's process: node or service may be null (NULL); hints family, socktype, flags. */
    public AddrInfo getaddrinfo(@Nullable String node, @Nullable String service, int family, int socktype, int flags) {
        Answer a = ask(EndpointOp.GETADDRINFO, AddrInfo.request(node, service), family, socktype, 0, flags,
                AddrInfo.nullMask(node, service));
        return AddrInfo.decode(a.result().value(), channel.lastErrno(), a.bytes(), channel.lastCallNs(),
                structs::decode);
    }

    /** poll on several fds, each asking for {@code events}; one call with the asked timeout (-1 waits for ever). */
    public Libc.PollManyResult poll(int[] fds, short events, int timeoutMillis) {
        Answer a = ask(EndpointOp.POLL, CallStructs.pollfds(fds, events), timeoutMillis, timeoutMillis);
        return new Libc.PollManyResult(a.result(), CallStructs.revents(a.bytes(), fds.length));
    }

    /**
     * select() on the read set {@code fds} with {@code nfds} as the program gives it (highest fd + 1, or a mistaken
     * other number: the kernel looks only at descriptors below it); the timeout in microseconds, -1 for none (NULL).
     */
    public SelectResult select(int nfds, int[] fds, long timeoutMicros) {
        Answer a = ask(EndpointOp.SELECT, CallStructs.fdSet(fds), nfds, timeoutMicros);
        if (a.result().failed()) return new SelectResult(a.result(), new int[0], a.b()[0]);
        return new SelectResult(a.result(), CallStructs.setIn(a.bytes(), fds), a.b()[0]);
    }

    public SysResult unlink(String path) {
        byte[] p = (path + "\0").getBytes(StandardCharsets.UTF_8);
        return ask(EndpointOp.UNLINK, p).result();
    }

    private Libc.AddressResult addressCall(EndpointOp op, int fd) {
        Answer a = ask(op, null, fd);
        return new Libc.AddressResult(a.result(), a.result().failed() ? null : structs.decode(a.bytes()));
    }

    private Answer ask(EndpointOp op, byte @Nullable [] bytes, long... a) {
        return channel.ask(op, bytes, a);
    }
}
