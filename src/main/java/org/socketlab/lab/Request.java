package org.socketlab.lab;

import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.socketlab.i18n.LocalizedException;
import org.socketlab.syscall.Domain;
import org.socketlab.syscall.MsgFlag;
import org.socketlab.syscall.PollEvent;
import org.socketlab.syscall.Protocol;
import org.socketlab.syscall.ShutdownHow;
import org.socketlab.syscall.Signals;
import org.socketlab.syscall.SockAddr;
import org.socketlab.syscall.SockType;
import org.socketlab.syscall.SocketOption;
import org.socketlab.syscall.SysCall;

/** One press of a button: exactly one real socket call on an endpoint. Inputs are checked when it is made. */
public sealed interface Request {
    /** Largest payload a student may send in one call. */
    int MAX_PAYLOAD = 1 << 20;
    /** Longest SO_RCVTIMEO/SO_SNDTIMEO a student may set: one minute, in milliseconds (a lesson waits it out). */
    int MAX_TIMEOUT_MS = 60_000;

    /** The call this request makes. */
    SysCall sysCall();

    /** The POSIX name of the call this request makes, as the journal writes it. */
    default String call() {
        return sysCall().journalName;
    }

    record Socket(Domain domain, SockType type, Protocol protocol) implements Request {
        public Socket(Domain domain, SockType type) {
            this(domain, type, Protocol.DEFAULT);
        }
        @Override
        public SysCall sysCall() {
            return SysCall.SOCKET;
        }
    }

    /** socketpair(): two sockets already connected to each other (AF_UNIX), with no address and no accept. */
    record SocketPair(Domain domain, SockType type) implements Request {
        @Override
        public SysCall sysCall() {
            return SysCall.SOCKETPAIR;
        }
    }

    record Bind(int fd, SockAddr address) implements Request {
        @Override
        public SysCall sysCall() {
            return SysCall.BIND;
        }
    }

    record Listen(int fd, int backlog) implements Request {
        public Listen {
            if (backlog < 0 || backlog > 4096)
                throw new LocalizedException("input.backlog.invalid", String.valueOf(backlog));
        }
        @Override
        public SysCall sysCall() {
            return SysCall.LISTEN;
        }
    }

    /**
     * {@code accept(fd, &addr, &addrlen)}; {@code addrlen} the length the program passes in (issue 59's addrlen lesson:
     * a short one, 0, or -1 as an uninitialised one may hold), null for {@code sizeof addr}, as every program should.
     */
    record Accept(int fd, @Nullable Integer addrlen) implements Request {
        /** The largest addrlen a lesson passes: more than any address's size ({@code sizeof(struct sockaddr_storage)}). */
        public static final int MAX_ADDRLEN = 256;

        public Accept {
            if (addrlen != null && (addrlen < -1 || addrlen > MAX_ADDRLEN))
                throw new IllegalArgumentException("addrlen " + addrlen);
        }

        public Accept(int fd) {
            this(fd, null);
        }

        @Override
        public SysCall sysCall() {
            return SysCall.ACCEPT;
        }
    }

    record Connect(int fd, SockAddr address) implements Request {
        @Override
        public SysCall sysCall() {
            return SysCall.CONNECT;
        }
    }

    record Send(int fd, byte[] data, Set<MsgFlag> flags) implements Request {
        public Send {
            checkPayload(data);
            data = data.clone();
            flags = Request.flagSet(flags);
        }
        public Send(int fd, byte[] data) {
            this(fd, data, Set.of());
        }
        @Override
        public byte[] data() {
            return data.clone();
        }
        @Override
        public SysCall sysCall() {
            return SysCall.SEND;
        }
    }

    record Recv(int fd, int capacity, Set<MsgFlag> flags) implements Request {
        public Recv {
            checkCapacity(capacity);
            flags = Request.flagSet(flags);
        }
        public Recv(int fd, int capacity) {
            this(fd, capacity, Set.of());
        }
        @Override
        public SysCall sysCall() {
            return SysCall.RECV;
        }
    }

    record SendTo(int fd, byte[] data, @Nullable SockAddr to, Set<MsgFlag> flags) implements Request {
        public SendTo {
            checkPayload(data);
            data = data.clone();
            flags = Request.flagSet(flags);
        }
        public SendTo(int fd, byte[] data, @Nullable SockAddr to) {
            this(fd, data, to, Set.of());
        }
        @Override
        public byte[] data() {
            return data.clone();
        }
        @Override
        public SysCall sysCall() {
            return SysCall.SENDTO;
        }
    }

    record RecvFrom(int fd, int capacity, Set<MsgFlag> flags) implements Request {
        public RecvFrom {
            checkCapacity(capacity);
            flags = Request.flagSet(flags);
        }
        public RecvFrom(int fd, int capacity) {
            this(fd, capacity, Set.of());
        }
        @Override
        public SysCall sysCall() {
            return SysCall.RECVFROM;
        }
    }

    /** write(2) on a socket: what send() does with flags 0. */
    record Write(int fd, byte[] data) implements Request {
        public Write {
            checkPayload(data);
            data = data.clone();
        }
        @Override
        public byte[] data() {
            return data.clone();
        }
        @Override
        public SysCall sysCall() {
            return SysCall.WRITE;
        }
    }

    /** read(2) on a socket: what recv() does with flags 0. */
    record Read(int fd, int capacity) implements Request {
        public Read {
            checkCapacity(capacity);
        }
        @Override
        public SysCall sysCall() {
            return SysCall.READ;
        }
    }

    /**
     * poll() over some of the endpoint's sockets, each asking for the same {@code events}; {@code timeoutMs} -1 waits
     * until one is ready, 0 only looks.
     */
    record Poll(List<Integer> fds, Set<PollEvent> events, int timeoutMs) implements Request {
        /** The longest wait a press may ask for: a minute. */
        public static final int MAX_TIMEOUT_MS = 60_000;
        public Poll {
            fds = List.copyOf(fds);
            if (fds.isEmpty()) throw new LocalizedException("input.poll.noSockets");
            events = events.isEmpty()
                    ? Set.of()
                    : Collections.unmodifiableSet(EnumSet.copyOf(events));
            for (PollEvent e : events)
                if (!e.askable()) throw new LocalizedException("input.poll.notAskable", e.name());
            if (timeoutMs < -1 || timeoutMs > MAX_TIMEOUT_MS)
                throw new LocalizedException("input.poll.timeout", String.valueOf(timeoutMs), MAX_TIMEOUT_MS);
        }
        @Override
        public SysCall sysCall() {
            return SysCall.POLL;
        }
    }

    record Shutdown(int fd, ShutdownHow how) implements Request {
        @Override
        public SysCall sysCall() {
            return SysCall.SHUTDOWN;
        }
    }

    record Close(int fd) implements Request {
        @Override
        public SysCall sysCall() {
            return SysCall.CLOSE;
        }
    }

    /**
     * setsockopt; for SO_LINGER a negative value turns lingering off, otherwise it is l_linger in seconds; for
     * SO_RCVTIMEO and SO_SNDTIMEO it is the timeval in milliseconds (0: no timeout).
     */
    record SetSockOpt(int fd, SocketOption option, int value) implements Request {
        public SetSockOpt {
            if (option == SocketOption.SO_ERROR) throw new LocalizedException("input.option.readOnly", option.name());
            if ((option == SocketOption.SO_RCVBUF || option == SocketOption.SO_SNDBUF)
                    && (value < 1 || value > 64 * MAX_PAYLOAD))
                throw new LocalizedException("input.buffer.invalid", String.valueOf(value));
            if (option.isTimeout() && (value < 0 || value > MAX_TIMEOUT_MS))
                throw new LocalizedException("input.timeout.invalid", String.valueOf(value));
        }
        @Override
        public SysCall sysCall() {
            return SysCall.SETSOCKOPT;
        }
    }

    record GetSockOpt(int fd, SocketOption option) implements Request {
        @Override
        public SysCall sysCall() {
            return SysCall.GETSOCKOPT;
        }
    }

    /** fcntl(fd, F_SETFL, O_NONBLOCK) or fcntl(fd, F_SETFL, 0). */
    record SetNonBlocking(int fd, boolean nonBlocking) implements Request {
        @Override
        public SysCall sysCall() {
            return SysCall.FCNTL;
        }
    }

    record GetSockName(int fd) implements Request {
        @Override
        public SysCall sysCall() {
            return SysCall.GETSOCKNAME;
        }
    }

    record GetPeerName(int fd) implements Request {
        @Override
        public SysCall sysCall() {
            return SysCall.GETPEERNAME;
        }
    }

    /**
     * {@code sigaction(signal, ...)} in the endpoint's own process (issue 39): SIGPIPE's {@link Handler#SIG_IGN} (a send on
     * a reset connection returns -1 EPIPE instead of killing it), or for SIGUSR2, SIGALRM and SIGCHLD also a handler,
     * installed with or without SA_RESTART: whether a call the signal lands in returns -1 EINTR or is made again. Not
     * SIGUSR1 (the lab's own: it interrupts a blocked call on a reset), nor SIGKILL, which cannot be caught.
     */
    record Signal(String signal, Handler handler) implements Request {
        /** The signals whose disposition a lab endpoint may change. */
        public static final List<String> SIGNALS = List.of("SIGPIPE", "SIGUSR2", "SIGALRM", "SIGCHLD");

        /** What the process does on it; the order is the endpoint program's (0 to 3). */
        public enum Handler {
            /** The signal's default action. */
            SIG_DFL,
            /** The kernel discards it. */
            SIG_IGN,
            /** The endpoint's {@code on_signal} runs; a call it interrupts returns -1 EINTR (no SA_RESTART). */
            ON_SIGNAL,
            /** {@code on_signal} with SA_RESTART: the kernel makes the interrupted call again. */
            ON_SIGNAL_RESTART,
            /** SIGCHLD's {@code reap_one}, with SA_RESTART: one {@code waitpid(-1, &st, WNOHANG)} per run. */
            REAP_ONE,
            /** SIGCHLD's {@code reap_all}, with SA_RESTART: {@code waitpid(-1, &st, WNOHANG)} until none is left. */
            REAP_ALL;

            /** As the journal's {@code handler} argument says it: the handler function's name, or SIG_DFL, SIG_IGN. */
            public String shown() {
                return switch (this) {
                    case SIG_DFL, SIG_IGN -> name();
                    case ON_SIGNAL, ON_SIGNAL_RESTART -> "on_signal";
                    case REAP_ONE -> "reap_one";
                    case REAP_ALL -> "reap_all";
                };
            }

            /** Whether it is a handler of the endpoint's (not SIG_DFL or SIG_IGN). */
            public boolean catches() {
                return this != SIG_DFL && this != SIG_IGN;
            }

            /** Whether it is installed with SA_RESTART. */
            public boolean restarts() {
                return this == ON_SIGNAL_RESTART || this == REAP_ONE || this == REAP_ALL;
            }
        }

        public Signal {
            if (!SIGNALS.contains(signal)) throw new LocalizedException("input.signal.unsupported", signal);
            Objects.requireNonNull(handler);
        }
        /** {@code signal(signal, SIG_IGN)} or {@code SIG_DFL}. */
        public Signal(String signal, boolean ignore) {
            this(signal, ignore ? Handler.SIG_IGN : Handler.SIG_DFL);
        }
        /** Its number (Linux). */
        public int number() {
            return Signals.number(signal);
        }
        /** Whether it asks for SIG_IGN. */
        public boolean ignore() {
            return handler == Handler.SIG_IGN;
        }
        @Override
        public SysCall sysCall() {
            return SysCall.SIGNAL;
        }
    }

    /**
     * select() over some of the endpoint's sockets for reading: {@code nfds} as the program passes it (the highest fd
     * + 1 is right; the highest fd itself is the classic slip, and the kernel then never looks at that one);
     * {@code timeoutMs} -1 passes no timeval (waits until one is ready), 0 only looks.
     */
    record Select(List<Integer> fds, int nfds, int timeoutMs) implements Request {
        public Select {
            fds = List.copyOf(fds);
            if (fds.isEmpty()) throw new LocalizedException("input.poll.noSockets");
            if (timeoutMs < -1 || timeoutMs > Poll.MAX_TIMEOUT_MS)
                throw new LocalizedException("input.poll.timeout", String.valueOf(timeoutMs), Poll.MAX_TIMEOUT_MS);
        }

        @Override
        public SysCall sysCall() {
            return SysCall.SELECT;
        }
    }

    /**
     * {@code sigprocmask(how, &set, NULL)} in the endpoint's process, with {@code signal} alone in the set: blocked, a
     * signal stays pending (one of a kind: standard signals are not queued) until it is unblocked, when it is delivered.
     */
    record SigProcMask(boolean block, String signal) implements Request {
        public SigProcMask {
            if (!Signal.SIGNALS.contains(signal)) throw new LocalizedException("input.signal.unsupported", signal);
        }
        /** Its number (Linux). */
        public int number() {
            return Signals.number(signal);
        }
        /** How, as C names it. */
        public String how() {
            return block ? "SIG_BLOCK" : "SIG_UNBLOCK";
        }
        @Override
        public SysCall sysCall() {
            return SysCall.SIGPROCMASK;
        }
    }

    /**
     * {@code waitpid(pid, &status, options)} in the endpoint's process (issue 39): reaps a child it forked ({@code pid},
     * or -1 for any); it waits in the kernel until one ends, unless {@code noHang} (WNOHANG: 0 at once when none has).
     */
    record WaitPid(int pid, boolean noHang) implements Request {
        public WaitPid {
            if (pid == 0 || pid < -1) throw new LocalizedException("input.waitpid.pid", String.valueOf(pid));
        }
        @Override
        public SysCall sysCall() {
            return SysCall.WAITPID;
        }
    }

    /**
     * getaddrinfo(3): {@code node} and {@code service} as the program passes them (null is NULL), the hints' family
     * (null: AF_UNSPEC), socktype (null: 0, any) and AI_* flags. Not a system call: glibc's resolver, made in the
     * endpoint's process (its files and sockets show in strace there).
     */
    record GetAddrInfo(@Nullable String node, @Nullable String service, @Nullable Domain family,
            @Nullable SockType type,
            int flags) implements Request {
        /** RFC 1035's limit on a name's length; a service name is far shorter. */
        public static final int MAX_NAME = 253;

        public GetAddrInfo {
            if (node == null && service == null) throw new LocalizedException("input.getaddrinfo.nothing");
            for (String text : new String[]{node, service})
                if (text != null && (text.length() > MAX_NAME || text.indexOf('\0') >= 0))
                    throw new LocalizedException("input.getaddrinfo.name", text.length() > 40
                            ? text.substring(0, 40) + "…"
                            : text.replace("\0", "\\0"));
        }

        @Override
        public SysCall sysCall() {
            return SysCall.GETADDRINFO;
        }
    }

    /** The socket a request acts on; null for {@code socket()} and {@code socketpair()}, which make them, and {@code poll()}, which watches several. */
    static @Nullable Integer fdOf(Request request) {
        return switch (request) {
            case Request.Socket s -> null;
            case Request.SocketPair s -> null;
            case Request.Poll p -> null;
            case Request.Select s -> null;
            case Request.GetAddrInfo g -> null;
            case Request.Signal s -> null;
            case Request.WaitPid w -> null;
            case Request.SigProcMask m -> null;
            case Request.Read r -> r.fd();
            case Request.Write r -> r.fd();
            case Request.Bind r -> r.fd();
            case Request.Listen r -> r.fd();
            case Request.Accept r -> r.fd();
            case Request.Connect r -> r.fd();
            case Request.Send r -> r.fd();
            case Request.Recv r -> r.fd();
            case Request.SendTo r -> r.fd();
            case Request.RecvFrom r -> r.fd();
            case Request.Shutdown r -> r.fd();
            case Request.Close r -> r.fd();
            case Request.SetSockOpt r -> r.fd();
            case Request.GetSockOpt r -> r.fd();
            case Request.SetNonBlocking r -> r.fd();
            case Request.GetSockName r -> r.fd();
            case Request.GetPeerName r -> r.fd();
        };
    }

    private static Set<MsgFlag> flagSet(Set<MsgFlag> flags) {
        return flags == null || flags.isEmpty()
                ? Set.of()
                : Collections.unmodifiableSet(EnumSet.copyOf(flags));
    }

    private static void checkPayload(byte[] data) {
        if (data.length > MAX_PAYLOAD) throw new LocalizedException("input.payload.tooLarge", data.length, MAX_PAYLOAD);
    }

    private static void checkCapacity(int capacity) {
        if (capacity < 1 || capacity > MAX_PAYLOAD)
            throw new LocalizedException("input.buffer.invalid", String.valueOf(capacity));
    }
}
