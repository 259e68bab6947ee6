package org.socketlab.lesson.predict;

import java.util.ArrayList;
import java.util.List;
import org.socketlab.lesson.Claim;
import org.socketlab.lesson.Expect;
import org.socketlab.lesson.Option;
import org.socketlab.lesson.WireKind;
import org.socketlab.lesson.Wording;
import org.socketlab.syscall.Errno;
import org.socketlab.syscall.SysCall;

/**
 * What a call can really do to a socket of a kind in a state: the table predict mode draws its options from, so the
 * right answer never stands out as the one outcome that does not belong to the call (an {@code ECONNREFUSED} offered
 * by recv() only on the day it is the answer). Each row holds the outcomes Linux gives that call on that socket
 * (man 2 and the kernel's own paths: {@code EISCONN} for a second connect(), {@code EOPNOTSUPP} for listen() on UDP,
 * {@code EAGAIN} for a blocking accept() with SO_RCVTIMEO), and the one misconception that concerns that kind of
 * socket (listen() "waits for a client"); never one that means nothing there (accept() for UDP, data sent by a socket
 * that never connected). A row is the same whichever outcome is right: the question's options are a function of the
 * call and the socket alone.
 */
public final class PossibleOutcomes {
    private PossibleOutcomes() {
    }

    /** The socket as far as its outcomes go: a TCP socket, a local (AF_UNIX) stream or seqpacket one, a datagram one. */
    public enum Kind {
        TCP, LOCAL_STREAM, DATAGRAM
    }

    /** Where the socket stands before the call, as far as its outcomes go. */
    public enum Phase {
        /** Made, not bound (a datagram socket not bound either). */
        FRESH,
        /** Bound to an address, neither listening nor connected. */
        BOUND,
        /** A passive socket. */
        LISTENING,
        /** A non-blocking connect() is on its way (EINPROGRESS). */
        CONNECTING,
        /** Connected (a datagram socket with a default peer). */
        CONNECTED,
        /** Its connect() failed (refused, timed out): TCP leaves it CLOSED. */
        CONNECT_FAILED,
        /** It shut down its sending side (or its peer closed): it may still read. */
        SENDING_SHUT
    }

    /**
     * @param nonBlocking O_NONBLOCK is set, or the call asks MSG_DONTWAIT
     * @param recvTimeout SO_RCVTIMEO is set: a blocking receive may also end in -1 EAGAIN when it runs out
     * @param sendTimeout SO_SNDTIMEO is set: so may a blocking send
     * @param interruptible its process catches a signal with a handler installed without SA_RESTART: a blocking
     *                      accept or receive may end in -1 EINTR when the signal comes
     */
    public record Situation(Kind kind, Phase phase, boolean nonBlocking, boolean recvTimeout, boolean sendTimeout,
            boolean interruptible) {
        public Situation(Kind kind, Phase phase, boolean nonBlocking) {
            this(kind, phase, nonBlocking, false, false);
        }

        public Situation(Kind kind, Phase phase, boolean nonBlocking, boolean recvTimeout, boolean sendTimeout) {
            this(kind, phase, nonBlocking, recvTimeout, sendTimeout, false);
        }

        /** The same socket in a process that does (or does not) catch a signal without SA_RESTART. */
        public Situation interruptible(boolean caught) {
            return new Situation(kind, phase, nonBlocking, recvTimeout, sendTimeout, caught);
        }

        boolean connected() {
            return phase == Phase.CONNECTED || phase == Phase.SENDING_SHUT;
        }
    }

    /**
     * The question a call asks about: what it returns (or whether it waits), or what it puts on the wire (a TCP close or
     * shutdown); none for calls whose outcome leaves nothing worth predicting (socket, fcntl, getsockopt, getsockname,
     * the close of a socket that is on no wire).
     */
    public enum Asks {
        RESULT, WIRE, NOTHING
    }

    /** What {@code call} asks on a socket in {@code s}. */
    public static Asks asks(String call, Situation s) {
        return switch (SysCall.named(call)) {
            case CLOSE -> s.kind() == Kind.TCP ? Asks.WIRE : Asks.NOTHING;
            case SHUTDOWN -> s.kind() == Kind.TCP && s.connected() ? Asks.WIRE : Asks.RESULT;
            case CONNECT, BIND, LISTEN, ACCEPT, RECV, RECVFROM, READ, SEND, SENDTO, WRITE, SETSOCKOPT, GETPEERNAME,
                    UNLINK, POLL, SELECT ->
                Asks.RESULT;
            case null, default -> Asks.NOTHING;
        };
    }

    /**
     * The outcomes {@code call} can have on a socket in {@code s}, the likeliest first (at most four: the keys 1 to 4);
     * empty when it asks nothing of the result.
     *
     * @param call    the POSIX name ({@code recvfrom}, {@code write}...)
     * @param watched poll: how many sockets it watches (its result is how many are ready); else ignored
     */
    public static List<Option> row(String call, Situation s, int watched) {
        List<Option> row = new ArrayList<>();
        boolean nb = s.nonBlocking();
        switch (SysCall.named(call)) {
            case CONNECT -> connect(row, s);
            case BIND -> {
                if (s.phase() != Phase.FRESH)
                    add(row, failsWith(Errno.EINVAL), returns(0), failsWith(Errno.EADDRINUSE));
                else
                    if (s.kind() == Kind.LOCAL_STREAM)
                        add(row, returns(0), failsWith(Errno.EADDRINUSE), failsWith(Errno.ENOENT),
                                failsWith(Errno.EACCES));
                    else
                        add(row, returns(0), failsWith(Errno.EADDRINUSE), failsWith(Errno.EACCES),
                                failsWith(Errno.EADDRNOTAVAIL));
            }
            case LISTEN -> {
                if (s.kind() == Kind.DATAGRAM) add(row, failsWith(Errno.EOPNOTSUPP), returns(0));
                else
                    if (s.connected() || s.phase() == Phase.CONNECTING)
                        add(row, failsWith(Errno.EINVAL), returns(0), waits(SysCall.LISTEN.journalName));
                    else
                        if (s.kind() == Kind.LOCAL_STREAM)
                            add(row, returns(0), failsWith(Errno.EINVAL), waits(SysCall.LISTEN.journalName));
                        else
                            add(row, returns(0), failsWith(Errno.EADDRINUSE), waits(SysCall.LISTEN.journalName));
            }
            case ACCEPT -> {
                if (s.kind() == Kind.DATAGRAM) add(row, failsWith(Errno.EOPNOTSUPP), newFd());
                else
                    if (s.phase() != Phase.LISTENING)
                        add(row, failsWith(Errno.EINVAL), newFd(), waits(SysCall.ACCEPT.journalName));
                    else
                        if (nb) add(row, newFd(), failsWith(Errno.EAGAIN), waits(SysCall.ACCEPT.journalName));
                        else
                            // EAGAIN: SO_RCVTIMEO ran out; EINTR: a signal caught without SA_RESTART ended the wait
                            add(row, newFd(), waits(SysCall.ACCEPT.journalName),
                                    failsWith(s.interruptible() ? Errno.EINTR : Errno.EAGAIN));
            }
            case RECV, RECVFROM, READ -> receive(row, call, s);
            case SEND, SENDTO, WRITE -> send(row, call, s);
            case SHUTDOWN -> {
                if (s.connected()) add(row, returns(0), failsWith(Errno.ENOTCONN));
                else add(row, failsWith(Errno.ENOTCONN), returns(0));
            }
            case SETSOCKOPT -> add(row, returns(0), failsWith(Errno.EINVAL), failsWith(Errno.ENOPROTOOPT));
            case GETPEERNAME -> add(row, returns(0), failsWith(Errno.ENOTCONN));
            case UNLINK -> add(row, returns(0), failsWith(Errno.ENOENT));
            case POLL, SELECT -> {
                for (int ready = 0; ready <= Math.min(Math.max(1, watched), 2); ready++) row.add(returns(ready));
                row.add(waits(call));
            }
            case null, default -> {
            }
        }
        return List.copyOf(row);
    }

    /** What a TCP close or shutdown can put on the wire from this state; empty for any other socket. */
    public static List<WireKind> wire(String call, Situation s) {
        if (s.kind() != Kind.TCP) return List.of();
        if (SysCall.SHUTDOWN.is(call)) return List.of(WireKind.FIN, WireKind.NOTHING, WireKind.RST);
        return switch (s.phase()) {
            // Queued connections nobody accepted are reset; the listener itself sends nothing.
            case LISTENING -> List.of(WireKind.NOTHING, WireKind.RST, WireKind.FIN);
            // Unsent data leaves before the FIN, or an RST when data is left unread, or nothing after an RST.
            case CONNECTED, SENDING_SHUT -> List.of(WireKind.FIN, WireKind.RST, WireKind.NOTHING, WireKind.DATA);
            // Never connected (or its connect failed): nothing to end, no data to send.
            default -> List.of(WireKind.NOTHING, WireKind.FIN, WireKind.RST);
        };
    }

    private static void connect(List<Option> row, Situation s) {
        if (s.kind() == Kind.DATAGRAM) {
            // connect() on a datagram socket only records the peer: nothing is sent, nobody is asked.
            add(row, returns(0), failsWith(Errno.ECONNREFUSED), waits(SysCall.CONNECT.journalName));
            return;
        }
        if (s.connected() || s.phase() == Phase.LISTENING) {
            add(row, failsWith(Errno.EISCONN), returns(0));
            return;
        }
        if (s.phase() == Phase.CONNECTING) {
            add(row, returns(0), failsWith(Errno.EALREADY), failsWith(Errno.EISCONN), failsWith(Errno.ECONNREFUSED));
            return;
        }
        if (s.kind() == Kind.LOCAL_STREAM)
            add(row, returns(0), failsWith(Errno.ECONNREFUSED), failsWith(Errno.ENOENT),
                    s.nonBlocking() ? failsWith(Errno.EAGAIN) : waits(SysCall.CONNECT.journalName));
        else
            if (s.nonBlocking())
                add(row, failsWith(Errno.EINPROGRESS), returns(0), failsWith(Errno.ECONNREFUSED),
                        waits(SysCall.CONNECT.journalName));
            else
                add(row, returns(0), failsWith(Errno.ECONNREFUSED), waits(SysCall.CONNECT.journalName),
                        failsWith(Errno.ETIMEDOUT));
    }

    private static void receive(List<Option> row, String call, Situation s) {
        Option wait = s.nonBlocking() ? failsWith(Errno.EAGAIN) : waits(call);
        if (s.recvTimeout() && !s.nonBlocking() && (s.kind() == Kind.DATAGRAM || s.connected())) {
            // SO_RCVTIMEO: the wait ends, -1 EAGAIN, when nothing came in time (a pending error still wins).
            if (s.kind() == Kind.DATAGRAM)
                add(row, someBytes(), failsWith(Errno.EAGAIN), wait, failsWith(Errno.ECONNREFUSED));
            else
                add(row, someBytes(), failsWith(Errno.EAGAIN), wait, returns(0));
            return;
        }
        if (s.kind() == Kind.DATAGRAM) {
            // A pending ICMP error is reported on a connected socket (and on any with IP_RECVERR); a datagram may be empty.
            add(row, someBytes(), wait, failsWith(Errno.ECONNREFUSED), returns(0));
            return;
        }
        // A caught signal (no SA_RESTART) ends the wait with -1 EINTR: that, not a reset, is the fourth way out there.
        if (s.connected())
            add(row, someBytes(), returns(0), wait,
                    s.interruptible() && !s.nonBlocking() ? failsWith(Errno.EINTR) : failsWith(Errno.ECONNRESET));
        else
            if (s.phase() == Phase.CONNECT_FAILED)
                add(row, failsWith(Errno.ENOTCONN), returns(0), failsWith(Errno.ECONNREFUSED), wait);
            else
                if (s.phase() == Phase.CONNECTING)
                    add(row, someBytes(), failsWith(Errno.EAGAIN), failsWith(Errno.ENOTCONN));
                else
                    // TCP shows a socket whose connection was reset as CLOSED, as it shows a new one: the free lab
                    // knows only that state, and recv() there returns -1 ECONNRESET once.
                    add(row, failsWith(Errno.ENOTCONN), returns(0), wait, failsWith(Errno.ECONNRESET));
    }

    private static void send(List<Option> row, String call, Situation s) {
        Option wait = s.nonBlocking() ? failsWith(Errno.EAGAIN) : waits(call);
        if (s.kind() == Kind.DATAGRAM) {
            if (SysCall.SENDTO.is(call) || s.connected())
                add(row, someBytes(), failsWith(Errno.ECONNREFUSED), failsWith(Errno.EMSGSIZE), wait);
            else
                add(row, failsWith(Errno.EDESTADDRREQ), someBytes(), failsWith(Errno.ECONNREFUSED),
                        failsWith(Errno.EMSGSIZE));
            return;
        }
        switch (s.phase()) {
            case CONNECTED -> {
                // SO_SNDTIMEO: out of time, the bytes copied so far, or -1 EAGAIN when none fitted.
                if (s.sendTimeout() && !s.nonBlocking())
                    add(row, someBytes(), failsWith(Errno.EAGAIN), wait, failsWith(Errno.EPIPE));
                else
                    add(row, someBytes(), wait, failsWith(Errno.EPIPE), failsWith(Errno.ECONNRESET));
            }
            // Where the kernel's answer is EPIPE, a send without MSG_NOSIGNAL in a process that keeps SIGPIPE's default
            // action never returns: the signal kills it (issue 39).
            case SENDING_SHUT ->
                add(row, failsWith(Errno.EPIPE), killedBy("SIGPIPE"), someBytes(), failsWith(Errno.ECONNRESET));
            case CONNECTING -> {
                add(row, someBytes(), failsWith(Errno.EAGAIN), failsWith(Errno.EPIPE));
                if (!s.nonBlocking()) row.add(wait);
            }
            default -> add(row, failsWith(Errno.EPIPE), killedBy("SIGPIPE"), failsWith(Errno.ENOTCONN), someBytes());
        }
    }

    private static void add(List<Option> row, Option... options) {
        row.addAll(List.of(options));
    }

    static Option returns(long value) {
        return option(new Expect.Result.Exact(value, null));
    }

    static Option failsWith(Errno errno) {
        return option(new Expect.Result.Exact(-1, errno.name()));
    }

    static Option newFd() {
        return option(new Expect.Result.AnyFd());
    }

    /** Its process is killed by {@code signal} inside the call, which never returns. */
    static Option killedBy(String signal) {
        return new Option(Wording.Key.of("predict.option.killed", signal),
                new Claim.Returns(new Expect.Result.Killed(signal)));
    }

    static Option someBytes() {
        return new Option(Wording.Key.of("predict.option.someBytes"),
                new Claim.Returns(new Expect.Result.Between(new Expect.Range(1, Long.MAX_VALUE))));
    }

    /** The option that says the call returns {@code r}, in words. */
    static Option option(Expect.Result r) {
        Wording label = switch (r) {
            case Expect.Result.AnyFd a -> Wording.Key.of("predict.option.fd");
            case Expect.Result.Between b -> Wording.Key.of("predict.option.range", b.range().text());
            default -> Wording.Key.of("predict.option.returns", new Claim.Returns(r).text());
        };
        return new Option(label, new Claim.Returns(r));
    }

    /**
     * "It waits", in the words that are true whenever that call waits (accept() for a client, recv() for data); the
     * same words whether or not it is the answer, so they never tell it.
     */
    static Option waits(String call) {
        String key = switch (SysCall.named(call)) {
            case LISTEN, ACCEPT -> "predict.option.blocks." + call;
            case RECV, RECVFROM, READ -> "predict.option.blocks.recv";
            case null, default -> "predict.option.blocks.other";
        };
        return new Option(Wording.Key.of(key, call), new Claim.Blocks());
    }
}
