package org.socketlab.lab;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.socketlab.i18n.LocalizedException;
import org.socketlab.journal.CallArg;
import org.socketlab.journal.Journal;
import org.socketlab.journal.Payload;
import org.socketlab.syscall.AddrInfo;
import org.socketlab.syscall.EndpointCalls;
import org.socketlab.syscall.EndpointProcess;
import org.socketlab.syscall.Errno;
import org.socketlab.syscall.Libc;
import org.socketlab.syscall.MsgFlag;
import org.socketlab.syscall.PlatformConstants;
import org.socketlab.syscall.PollEvent;
import org.socketlab.syscall.SockAddr;
import org.socketlab.syscall.SocketOption;
import org.socketlab.syscall.SysCall;
import org.socketlab.syscall.SysResult;

/**
 * The call worker of one endpoint: turns each request into exactly one real call, made by the endpoint's own process
 * ({@link EndpointProcess}; a blocking call blocks there, in the kernel, {@link CallWaits}) and the {@link Payload.Call}
 * that journals it, with strace's argument names and values. Runs on the endpoint's worker thread; a call that
 * releases an fd number (close) and one that makes one change the endpoint's socket table under the lab's fd-table
 * lock, so the kernel observer never reads a number the table does not agree with.
 */
final class CallWorker {
    private final String name;
    private final Journal journal;
    private final Libc libc;
    private final Supplier<EndpointProcess> process;
    private final PlatformConstants c;
    private final Map<Integer, Endpoint.SocketInfo> sockets;
    /** Held for writing while a call creates or releases an fd number, for reading while the observer uses them. */
    private final ReadWriteLock fdTable;
    private final CallWaits waits;
    /** Whether the last call was interrupted by a reset (SIGUSR1, EINTR): the worker thread's own. */
    private boolean interrupted;

    CallWorker(String name, Journal journal, Libc libc, Supplier<EndpointProcess> process,
            Map<Integer, Endpoint.SocketInfo> sockets, ReadWriteLock fdTable, CallWaits waits) {
        this.name = name;
        this.journal = journal;
        this.libc = libc;
        this.process = process;
        this.c = libc.constants();
        this.sockets = sockets;
        this.fdTable = fdTable;
        this.waits = waits;
    }

    /** Whether the last call {@link #perform} made was interrupted by a reset: it returned -1 EINTR. */
    boolean interrupted() {
        return interrupted;
    }

    /** Makes the call; the journaled call carries the moment it was made as well as (by its event) when it returned. */
    Payload.Call perform(Request request, long gen) {
        interrupted = false;
        madeAtNs = 0;
        process.get(); // started (and journaled so) before the call is entered, at the endpoint's first call
        long entered = journal.now();
        // The socket the fd names now: a close releases the number, and a later socket may take it.
        Integer fd = Request.fdOf(request);
        Endpoint.SocketInfo acted = fd == null ? null : sockets.get(fd);
        Payload.Call c;
        try {
            c = makeCall(request, gen);
        } catch (EndpointProcess.EndedException gone) {
            // The process ended inside the call (killed, or SIGPIPE's default action): it never returned to it.
            if (gone.made()) {
                int on = request instanceof Request.Poll p
                        ? p.fds().getFirst()
                        : request instanceof Request.Select s ? s.fds().getFirst() : fd == null ? -1 : fd;
                journal.append(name, Payload.Cancelled.processEnded(request.call(), on, journal.now() - entered));
            }
            throw gone;
        }
        if (interrupted) {
            // The reset's signal interrupted the one real call (-1 EINTR in its process; strace: "= ? ERESTARTSYS"):
            // journaled as the call the reset gave up, with how long it slept in the kernel and what it returned.
            int on = request instanceof Request.Poll p
                    ? p.fds().getFirst()
                    : request instanceof Request.Select s ? s.fds().getFirst() : fd == null ? -1 : fd;
            journal.append(name, new Payload.Cancelled(c.call(), on, process.get().lastCallNs(), Errno.EINTR.name()));
            throw new CallCancelledException(c.call());
        }
        List<Long> made = new ArrayList<>();
        for (int m : c.madeFds()) {
            Endpoint.SocketInfo info = sockets.get(m);
            if (info == null || info.inode() <= 0) {
                made = List.of(); // all or none: the list follows madeFds() one for one
                break;
            }
            made.add(info.inode());
        }
        return new Payload.Call(c.call(), c.fd(), c.args(), c.result(), c.errno(), c.errnoName(), c.data(),
                c.blockedNs(), null, madeAt(entered), acted != null && acted.inode() > 0 ? acted.inode() : null, made,
                process.get().pid());
    }

    /** Makes the call in the endpoint's process; a reset's interruption and a wait seen by the watchdog are noted. */
    private <T> T make(Request r, @Nullable Integer fd, long gen, Supplier<T> theCall, Function<T, SysResult> result) {
        CallWaits.Made<T> made = waits.made(fd == null ? -1 : fd, gen, r, theCall, result);
        interrupted |= made.interrupted();
        blocked = made.blocked();
        if (madeAtNs == 0) madeAtNs = process.get().lastCallEnteredNs();
        return made.answer();
    }

    /** The endpoint's CLOCK_MONOTONIC as it made this request's first call; 0 before it did. */
    private long madeAtNs;

    /**
     * When the call was made in its process, on the journal's clock: on a busy machine the endpoint may wake many
     * milliseconds after it was asked (135 ms seen under a whole-suite run), and what the kernel did then lies inside
     * the call. The time it was asked where the endpoint's stamp is not of this call.
     */
    private long madeAt(long asked) {
        long at = madeAtNs == 0 ? asked : journal.fromMonotonic(madeAtNs);
        return at >= asked && at <= journal.now() ? at : asked;
    }

    private SysResult make(Request r, @Nullable Integer fd, long gen, Supplier<SysResult> theCall) {
        return make(r, fd, gen, theCall, res -> res);
    }

    /** Whether the call being journaled was seen blocked: its time in the kernel is then its wait. */
    private boolean blocked;

    private long waited() {
        return blocked ? process.get().lastCallNs() : 0;
    }

    private Endpoint.SocketInfo info(int fd, Endpoint.SocketInfo like) {
        return new Endpoint.SocketInfo(fd, process.get().inodeOf(fd), like.domain(), like.type(), false, null);
    }

    /** The one system call a request asks for, made through the endpoint process; one method per call that needs more than a line. */
    private Payload.Call makeCall(Request request, long gen) {
        EndpointProcess p = process.get();
        EndpointCalls calls = p.calls();
        blocked = false;
        return switch (request) {
            case Request.Socket r -> socket(r, p, gen);
            case Request.SocketPair r -> socketPair(r, p, gen);
            case Request.Bind r -> bind(r, p, gen);
            case Request.Listen r -> call(r, r.fd(), args(CallArg.BACKLOG, String.valueOf(r.backlog())),
                    make(r, r.fd(), gen, () -> calls.listen(r.fd(), r.backlog())), null, 0);
            case Request.Accept r -> accept(r, p, gen);
            case Request.Connect r -> {
                SysResult res = make(r, r.fd(), gen, () -> calls.connect(r.fd(), r.address()));
                yield call(r, r.fd(), args(CallArg.ADDR, r.address().text()), res, null, p.lastCallNs());
            }
            case Request.Send r -> send(r, p, gen);
            case Request.Recv r -> recv(r, p, gen);
            case Request.SendTo r -> sendTo(r, p, gen);
            case Request.RecvFrom r -> recvFrom(r, p, gen);
            case Request.Write r -> write(r, p, gen);
            case Request.Read r -> read(r, p, gen);
            case Request.GetAddrInfo r -> getAddrInfo(r, p, gen);
            case Request.Select r -> select(r, p, gen);
            case Request.Poll r -> poll(r, p, gen);
            case Request.Shutdown r -> call(r, r.fd(), args(CallArg.HOW, r.how().name()),
                    make(r, r.fd(), gen, () -> calls.shutdown(r.fd(), r.how().value(c))), null, 0);
            case Request.Close r -> close(r, p, gen);
            case Request.SetSockOpt r -> setSockOpt(r, p, gen);
            case Request.GetSockOpt r -> getSockOpt(r, p, gen);
            case Request.SetNonBlocking r -> setNonBlocking(r, p, gen);
            case Request.Signal r -> signal(r, p, gen);
            case Request.WaitPid r -> waitPid(r, p, gen);
            case Request.SigProcMask r -> sigProcMask(r, p, gen);
            case Request.GetSockName r ->
                nameCall(r, r.fd(), make(r, r.fd(), gen, () -> calls.getsockname(r.fd()), Libc.AddressResult::result));
            case Request.GetPeerName r ->
                nameCall(r, r.fd(), make(r, r.fd(), gen, () -> calls.getpeername(r.fd()), Libc.AddressResult::result));
        };
    }

    private Payload.Call socket(Request.Socket r, EndpointProcess p, long gen) {
        EndpointCalls calls = p.calls();
        SysResult res;
        fdTable.writeLock().lock(); // the kernel observer never sees an fd number before the table does
        try {
            res = make(r, null, gen,
                    () -> calls.socket(r.domain().value(c), r.type().value(c), r.protocol().value(c)));
            if (!res.failed()) {
                int fd = (int) res.value();
                sockets.put(fd,
                        new Endpoint.SocketInfo(fd, p.inodeOf(fd), r.domain(), r.type(), false, null));
            }
        } finally {
            fdTable.writeLock().unlock();
        }
        return call(r, null,
                args(CallArg.DOMAIN, r.domain().name(), CallArg.TYPE, r.type().name(), CallArg.PROTOCOL,
                        r.protocol().text()),
                res, null, 0);
    }

    private Payload.Call socketPair(Request.SocketPair r, EndpointProcess p, long gen) {
        EndpointCalls calls = p.calls();
        Libc.PairResult res;
        fdTable.writeLock().lock();
        try {
            res = make(r, null, gen, () -> calls.socketpair(r.domain().value(c), r.type().value(c), 0),
                    Libc.PairResult::result);
            for (int fd : res.fds())
                sockets.put(fd,
                        new Endpoint.SocketInfo(fd, p.inodeOf(fd), r.domain(), r.type(), false, null));
        } finally {
            fdTable.writeLock().unlock();
        }
        Map<String, String> args = args(CallArg.DOMAIN, r.domain().name(), CallArg.TYPE, r.type().name(),
                CallArg.PROTOCOL, "0");
        // strace's way: the array the kernel filled in, an answer like accept's peer.
        if (!res.result().failed()) args.put(CallArg.SV.key, "[" + res.fds()[0] + ", " + res.fds()[1] + "]");
        return call(r, null, args, res.result(), null, 0);
    }

    private Payload.Call bind(Request.Bind r, EndpointProcess p, long gen) {
        EndpointCalls calls = p.calls();
        SysResult res = make(r, r.fd(), gen, () -> calls.bind(r.fd(), r.address()));
        if (!res.failed() && r.address() instanceof SockAddr.Unix u && !u.path().startsWith("@"))
            sockets.computeIfPresent(r.fd(), (fd, info) -> info.withUnixPath(u));
        return call(r, r.fd(), args(CallArg.ADDR, r.address().text()), res, null, 0);
    }

    private Payload.Call accept(Request.Accept r, EndpointProcess p, long gen) {
        EndpointCalls calls = p.calls();
        // One accept, which sleeps in the kernel until a connection is there; its fd joins the table after.
        if (r.addrlen() != null) return acceptGivenLength(r, p, gen, r.addrlen());
        Libc.AddressResult res = make(r, r.fd(), gen, () -> calls.accept(r.fd()), Libc.AddressResult::result);
        long waited = waited();
        if (!res.result().failed()) {
            fdTable.writeLock().lock();
            try {
                int fd = (int) res.result().value();
                // Still in the table: it leaves only while no call uses it (handOver's rule; a process
                // that ended failed its accept).
                Endpoint.SocketInfo listener = Objects.requireNonNull(sockets.get(r.fd()));
                sockets.put(fd, info(fd, listener));
            } finally {
                fdTable.writeLock().unlock();
            }
        }
        Map<String, String> args = args();
        if (res.address() instanceof SockAddr peer) args.put(CallArg.PEER.key, peer.text()); // there unless it failed
        return call(r, r.fd(), args, res.result(), null, waited);
    }

    /**
     * accept() with the program's own addrlen (issue 59's addrlen lesson): the peer when all of it fitted, else the
     * bytes the kernel wrote; addrlen as strace writes it, in and out ({@code [4 => 16]}). A failed one (addrlen -1:
     * EINVAL) took the connection off the queue all the same: the kernel closes it, no descriptor is made.
     */
    private Payload.Call acceptGivenLength(Request.Accept r, EndpointProcess p, long gen, int addrlen) {
        EndpointCalls calls = p.calls();
        EndpointCalls.GivenLength res = make(r, r.fd(), gen, () -> calls.accept(r.fd(), addrlen),
                EndpointCalls.GivenLength::result);
        long waited = waited();
        if (!res.result().failed()) {
            fdTable.writeLock().lock();
            try {
                int fd = (int) res.result().value();
                sockets.put(fd, info(fd, Objects.requireNonNull(sockets.get(r.fd()))));
            } finally {
                fdTable.writeLock().unlock();
            }
        }
        Map<String, String> args = args();
        if (res.peer() instanceof SockAddr peer) args.put(CallArg.PEER.key, peer.text());
        else if (!res.result().failed()) args.put(CallArg.PEER_BYTES.key, hex(res.written()));
        args.put(CallArg.ADDRLEN.key, "[" + addrlen + (res.lengthOut() == addrlen ? "" : " => " + res.lengthOut())
                + "]");
        return call(r, r.fd(), args, res.result(), null, waited);
    }

    /** Bytes as two hex digits each, spaced ({@code 02 00 9a 5e}); {@code -} for none. */
    private static String hex(byte[] bytes) {
        return bytes.length == 0 ? "-" : HexFormat.ofDelimiter(" ").formatHex(bytes);
    }

    private Payload.Call send(Request.Send r, EndpointProcess p, long gen) {
        EndpointCalls calls = p.calls();
        byte[] data = r.data();
        int flags = MsgFlag.bits(r.flags(), c);
        SysResult res = make(r, r.fd(), gen, () -> calls.send(r.fd(), data, flags));
        return call(r, r.fd(),
                args(CallArg.LEN, String.valueOf(data.length), CallArg.FLAGS, MsgFlag.text(r.flags())), res,
                sent(data, res), waited());
    }

    private Payload.Call recv(Request.Recv r, EndpointProcess p, long gen) {
        EndpointCalls calls = p.calls();
        int flags = MsgFlag.bits(r.flags(), c);
        Libc.ReceiveResult res = make(r, r.fd(), gen, () -> calls.recv(r.fd(), r.capacity(), flags),
                Libc.ReceiveResult::result);
        return call(r, r.fd(),
                args(CallArg.LEN, String.valueOf(r.capacity()), CallArg.FLAGS, MsgFlag.text(r.flags())),
                res.result(), res.data(), waited());
    }

    private Payload.Call sendTo(Request.SendTo r, EndpointProcess p, long gen) {
        EndpointCalls calls = p.calls();
        byte[] data = r.data();
        int flags = MsgFlag.bits(r.flags(), c);
        SysResult res = make(r, r.fd(), gen, () -> calls.sendto(r.fd(), data, flags, r.to()));
        return call(r, r.fd(),
                args(CallArg.LEN, String.valueOf(data.length), CallArg.FLAGS, MsgFlag.text(r.flags()),
                        CallArg.ADDR,
                        r.to() == null ? "NULL" : r.to().text()),
                res, sent(data, res), waited());
    }

    private Payload.Call recvFrom(Request.RecvFrom r, EndpointProcess p, long gen) {
        EndpointCalls calls = p.calls();
        int flags = MsgFlag.bits(r.flags(), c);
        Libc.ReceiveResult res = make(r, r.fd(), gen, () -> calls.recvfrom(r.fd(), r.capacity(), flags),
                Libc.ReceiveResult::result);
        Map<String, String> args = args(CallArg.LEN, String.valueOf(r.capacity()), CallArg.FLAGS,
                MsgFlag.text(r.flags()));
        if (res.from() != null) args.put(CallArg.FROM.key, res.from().text());
        return call(r, r.fd(), args, res.result(), res.data(), waited());
    }

    private Payload.Call write(Request.Write r, EndpointProcess p, long gen) {
        EndpointCalls calls = p.calls();
        byte[] data = r.data();
        SysResult res = make(r, r.fd(), gen, () -> calls.write(r.fd(), data));
        return call(r, r.fd(), args(CallArg.LEN, String.valueOf(data.length)), res, sent(data, res), waited());
    }

    private Payload.Call read(Request.Read r, EndpointProcess p, long gen) {
        EndpointCalls calls = p.calls();
        Libc.ReceiveResult res = make(r, r.fd(), gen, () -> calls.read(r.fd(), r.capacity()),
                Libc.ReceiveResult::result);
        return call(r, r.fd(), args(CallArg.LEN, String.valueOf(r.capacity())), res.result(), res.data(),
                waited());
    }

    private Payload.Call getAddrInfo(Request.GetAddrInfo r, EndpointProcess p, long gen) {
        EndpointCalls calls = p.calls();
        AddrInfo res = make(r, -1, gen, () -> calls.getaddrinfo(r.node(), r.service(),
                r.family() == null ? 0 : r.family().value(libc.constants()),
                r.type() == null ? 0 : r.type().value(libc.constants()), r.flags()),
                a -> new SysResult(0, 0)); // no errno of its own to wait on: glibc retries EINTR itself
        return AddrInfoJournal.call(r, res, libc.constants());
    }

    private Payload.Call select(Request.Select r, EndpointProcess p, long gen) {
        EndpointCalls calls = p.calls();
        int[] fds = r.fds().stream().mapToInt(Integer::intValue).toArray();
        EndpointCalls.SelectResult res = make(r, fds[0], gen,
                () -> calls.select(r.nfds(), fds, r.timeoutMs() < 0 ? -1 : r.timeoutMs() * 1000L),
                EndpointCalls.SelectResult::result);
        // As strace writes it: select(6, [3 5], NULL, NULL, {tv_sec=0, tv_usec=300000}) = 1 (in [5], left ...)
        Map<String, String> args = args(CallArg.NFDS, String.valueOf(r.nfds()), CallArg.READFDS, fdSet(r.fds()),
                CallArg.TIMEOUT,
                r.timeoutMs() < 0 ? "NULL" : timeval(r.timeoutMs() / 1000, (r.timeoutMs() % 1000) * 1000L));
        if (!res.result().failed()) {
            args.put(CallArg.READY.key, fdSet(Arrays.stream(res.ready()).boxed().toList()));
            if (res.leftMicros() >= 0)
                args.put(CallArg.LEFT.key, timeval(res.leftMicros() / 1_000_000, res.leftMicros() % 1_000_000));
        }
        return call(r, null, args, res.result(), null, p.lastCallNs());
    }

    private Payload.Call poll(Request.Poll r, EndpointProcess p, long gen) {
        EndpointCalls calls = p.calls();
        // poll's own wait is the call itself, made once with the asked timeout.
        int[] fds = r.fds().stream().mapToInt(Integer::intValue).toArray();
        short events = PollEvent.bits(r.events(), c);
        Libc.PollManyResult res = make(r, fds[0], gen, () -> calls.poll(fds, events, r.timeoutMs()),
                Libc.PollManyResult::result);
        StringBuilder asked = new StringBuilder("["), ready = new StringBuilder("[");
        for (int i = 0; i < fds.length; i++) {
            asked.append(i == 0 ? "" : ", ").append("{fd=").append(fds[i]).append(", events=")
                    .append(PollEvent.text(r.events())).append('}');
            if (res.revents()[i] != 0)
                ready.append(ready.length() == 1 ? "" : ", ").append("{fd=").append(fds[i]).append(", revents=")
                        .append(PollEvent.text(PollEvent.of(res.revents()[i], c))).append('}');
        }
        Map<String, String> args = args(CallArg.FDS, asked.append(']').toString(), CallArg.NFDS,
                String.valueOf(fds.length),
                CallArg.TIMEOUT, String.valueOf(r.timeoutMs()));
        if (!res.result().failed()) args.put(CallArg.REVENTS.key, ready.append(']').toString());
        return call(r, null, args, res.result(), null, p.lastCallNs());
    }

    private Payload.Call close(Request.Close r, EndpointProcess p, long gen) {
        EndpointCalls calls = p.calls();
        SysResult res;
        fdTable.writeLock().lock(); // once closed, the number may be reused at once: the table must agree
        try {
            res = make(r, r.fd(), gen, () -> calls.close(r.fd()));
            // Even a failed close releases the descriptor on Linux (close(2)), so it is never retried.
            sockets.remove(r.fd());
        } finally {
            fdTable.writeLock().unlock();
        }
        return call(r, r.fd(), args(), res, null, 0);
    }

    private Payload.Call setSockOpt(Request.SetSockOpt r, EndpointProcess p, long gen) {
        EndpointCalls calls = p.calls();
        SysResult res;
        String value;
        if (r.option() == SocketOption.SO_LINGER) {
            res = make(r, r.fd(), gen, () -> calls.setLinger(r.fd(), r.value() >= 0, Math.max(0, r.value())));
            value = r.value() >= 0 ? "{l_onoff=1, l_linger=" + r.value() + "}" : "{l_onoff=0, l_linger=0}";
        } else if (r.option().isTimeout()) {
            int number = optionNumber(r.option());
            res = make(r, r.fd(), gen,
                    () -> calls.setsockoptTimeval(r.fd(), r.option().level().value(c), number, r.value()));
            value = timeval(r.value() / 1000, (r.value() % 1000) * 1000L);
        } else {
            int number = optionNumber(r.option());
            res = make(r, r.fd(), gen,
                    () -> calls.setsockoptInt(r.fd(), r.option().level().value(c), number, r.value()));
            value = String.valueOf(r.value());
        }
        return call(r, r.fd(),
                args(CallArg.LEVEL, r.option().level().name(), CallArg.OPTION, r.option().name(), CallArg.VALUE,
                        value),
                res,
                null, 0);
    }

    private Payload.Call getSockOpt(Request.GetSockOpt r, EndpointProcess p, long gen) {
        EndpointCalls calls = p.calls();
        int number = optionNumber(r.option());
        Libc.ReceiveResult res = make(r, r.fd(), gen,
                () -> calls.getsockopt(r.fd(), r.option().level().value(c), number,
                        r.option().isTimeout() ? 16 : 8),
                Libc.ReceiveResult::result);
        Map<String, String> args = args(CallArg.LEVEL, r.option().level().name(), CallArg.OPTION,
                r.option().name());
        if (!res.result().failed()) args.put(CallArg.VALUE.key, optionValue(r.option(), res.data()));
        return call(r, r.fd(), args, res.result(), null, 0);
    }

    private Payload.Call setNonBlocking(Request.SetNonBlocking r, EndpointProcess p, long gen) {
        EndpointCalls calls = p.calls();
        SysResult res = make(r, r.fd(), gen,
                () -> calls.fcntl(r.fd(), c.fSetFl(), r.nonBlocking() ? c.oNonBlock() : 0));
        if (!res.failed())
            sockets.computeIfPresent(r.fd(), (fd, info) -> info.withNonBlocking(r.nonBlocking()));
        return call(r, r.fd(), args(CallArg.CMD, "F_SETFL", CallArg.ARG, r.nonBlocking() ? "O_NONBLOCK" : "0"),
                res, null,
                0);
    }

    private Payload.Call signal(Request.Signal r, EndpointProcess p, long gen) {
        SysResult res = make(r, null, gen, () -> p.signalDisposition(r.number(), r.handler().ordinal()));
        Map<String, String> args = args(CallArg.SIGNUM, r.signal(), CallArg.HANDLER, r.handler().shown());
        // sa_flags only for a handler: what strace shows of the sigaction beside SA_RESTORER.
        if (r.handler().catches()) args.put(CallArg.SA_FLAGS.key, r.handler().restarts() ? "SA_RESTART" : "0");
        return call(r, null, args, res, null, 0);
    }

    /**
     * sigprocmask(): the handler of a signal it unblocks runs as the call returns, so the call's event says what a
     * SIGCHLD handler did then: its runs and the children it reaped (pid:status), each journaled gone as a waitpid's.
     */
    private Payload.Call sigProcMask(Request.SigProcMask r, EndpointProcess p, long gen) {
        EndpointProcess.Masked m = make(r, null, gen, () -> p.sigprocmask(r.block() ? 0 : 1, r.number()),
                EndpointProcess.Masked::result);
        Map<String, String> args = args(CallArg.HOW, r.how(), CallArg.SET, "[" + r.signal() + "]");
        if (!r.block()) {
            args.put(CallArg.HANDLER_RUNS.key, String.valueOf(m.handlerRuns()));
            List<String> reaped = new ArrayList<>();
            m.reaped().forEach((pid, status) -> reaped.add(pid + ":" + status));
            args.put(CallArg.REAPED.key, "[" + String.join(" ", reaped) + "]");
        }
        return call(r, null, args, m.result(), null, 0);
    }

    private Payload.Call waitPid(Request.WaitPid r, EndpointProcess p, long gen) {
        EndpointProcess.Waited w = make(r, null, gen, () -> p.waitpid(r.pid(), r.noHang()),
                EndpointProcess.Waited::result);
        Map<String, String> args = args(CallArg.PID, String.valueOf(r.pid()), CallArg.OPTIONS,
                r.noHang() ? "WNOHANG" : "0");
        if (w.result().value() > 0) args.put(CallArg.WSTATUS.key, WaitStatus.text(w.status()));
        return call(r, null, args, w.result(), null, waited());
    }

    private Payload.Call nameCall(Request r, int fd, Libc.AddressResult res) {
        Map<String, String> args = args();
        if (res.address() instanceof SockAddr a) args.put(CallArg.ADDR.key, a.text()); // there unless it failed
        return call(r, fd, args, res.result(), null, 0);
    }

    /** The option's number here; an option this OS lacks is refused before any call (validate: nothing is journaled). */
    private int optionNumber(SocketOption option) {
        int number = option.value(libc.constants());
        if (number < 0) throw new LocalizedException("input.option.unsupported", option.name());
        return number;
    }

    private static String optionValue(SocketOption option, byte[] bytes) {
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.nativeOrder());
        if (option == SocketOption.SO_LINGER && bytes.length >= 8)
            return "{l_onoff=" + b.getInt(0) + ", l_linger=" + b.getInt(4) + "}";
        if (option.isTimeout() && bytes.length >= 16) return timeval(b.getLong(0), b.getLong(8));
        return bytes.length >= 4 ? String.valueOf(b.getInt(0)) : "?";
    }

    /** An fd_set as strace writes it: {@code [3 5]}. */
    private static String fdSet(List<Integer> fds) {
        return "[" + String.join(" ", fds.stream().map(String::valueOf).toList()) + "]";
    }

    /** A struct timeval as strace writes it, the journal's human-readable value of SO_RCVTIMEO and SO_SNDTIMEO. */
    private static String timeval(long seconds, long micros) {
        return "{tv_sec=" + seconds + ", tv_usec=" + micros + "}";
    }

    private static byte[] sent(byte[] data, SysResult res) {
        return res.failed() ? new byte[0] : Arrays.copyOf(data, (int) res.value());
    }

    private Payload.Call call(Request r, @Nullable Integer fd, Map<String, String> args, SysResult res,
            byte @Nullable [] data, long blockedNs) {
        Integer errno = res.failed() ? res.errno() : null;
        String errnoName = res.failed() ? libc.errnos().name(res.errno()) : null;
        return new Payload.Call(r.call(), fd, args, res.value(), errno, errnoName, data, blockedNs);
    }

    /** A call's arguments, in call order, each by its key of {@link CallArg}; more may be put in afterwards. */
    private static Map<String, String> args() {
        return new LinkedHashMap<>();
    }

    private static Map<String, String> args(CallArg key, String value) {
        Map<String, String> m = args();
        m.put(key.key, value);
        return m;
    }

    private static Map<String, String> args(CallArg k1, String v1, CallArg k2, String v2) {
        Map<String, String> m = args(k1, v1);
        m.put(k2.key, v2);
        return m;
    }

    private static Map<String, String> args(CallArg k1, String v1, CallArg k2, String v2, CallArg k3, String v3) {
        Map<String, String> m = args(k1, v1, k2, v2);
        m.put(k3.key, v3);
        return m;
    }

    /** Removes the file of a Unix-domain socket the endpoint bound: a real {@code unlink}, journaled. */
    void unlink(String path) {
        long entered = journal.now();
        SysResult res = process.get().calls().unlink(path);
        journal.append(name, new Payload.Call(SysCall.UNLINK.journalName, null, args(CallArg.PATH, path), res.value(),
                res.failed() ? res.errno() : null, res.failed() ? libc.errnos().name(res.errno()) : null, null, 0,
                entered).withPid(process.get().pid()));
    }
}
