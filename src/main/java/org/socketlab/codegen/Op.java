package org.socketlab.codegen;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.socketlab.journal.CallArg;
import org.socketlab.journal.Payload;
import org.socketlab.journal.ThreadEndpoints;
import org.socketlab.syscall.Domain;
import org.socketlab.syscall.MsgFlag;
import org.socketlab.syscall.PollEvent;
import org.socketlab.syscall.Protocol;
import org.socketlab.syscall.ShutdownHow;
import org.socketlab.syscall.SockType;
import org.socketlab.syscall.SocketOption;
import org.socketlab.syscall.SysCall;

/** One journaled call with its real arguments, as a program would write it. */
public sealed interface Op {

    /** The socket the call acted on; null for {@code unlink}. */
    Sock sock();

    /**
     * {@code typeFlags}: what the program or its runtime or-ed into the type ({@code SOCK_NONBLOCK}, {@code SOCK_CLOEXEC}),
     * in that order; empty for the lab's own sockets.
     */
    record Socket(Sock sock, Domain domain, SockType type, Protocol protocol, List<String> typeFlags) implements Op {
        public Socket {
            typeFlags = List.copyOf(typeFlags);
        }

        public Socket(Sock sock, Domain domain, SockType type, Protocol protocol) {
            this(sock, domain, type, protocol, List.of());
        }
    }

    /** Two sockets connected to each other; {@code other} is null when the call failed. */
    record SocketPair(Sock sock, Sock other, Domain domain, SockType type) implements Op {
    }

    record Read(Sock sock, int len) implements Op {
    }

    record Write(Sock sock, Bytes data) implements Op {
    }

    /** poll() over {@code socks}, each asking for {@code events}; {@code sock} is the first. */
    record Poll(Sock sock, List<Sock> socks, Set<PollEvent> events, int timeout) implements Op {
    }

    /**
     * select() for reading over {@code socks}, {@code sock} the first; nfds is the highest of them plus
     * {@code nfdsOverHighest} (1; 0 is the classic slip), {@code timeout} in ms, -1 for none (NULL).
     */
    record Select(Sock sock, List<Sock> socks, int nfdsOverHighest, int timeout) implements Op {
    }

    record Bind(Sock sock, Addr addr) implements Op {
    }

    record Listen(Sock sock, int backlog) implements Op {
    }

    /**
     * {@code conn} is the socket accept returned, null when it failed; {@code flags}: accept4()'s ({@code SOCK_NONBLOCK},
     * {@code SOCK_CLOEXEC}), empty for a plain accept(); {@code addrlen} the length the program passed in when the
     * session gave one of its own (issue 59's addrlen lesson), null for {@code sizeof from}.
     */
    record Accept(Sock sock, Sock conn, List<String> flags, @Nullable Integer addrlen) implements Op {
        public Accept {
            flags = List.copyOf(flags);
        }

        public Accept(Sock sock, Sock conn, List<String> flags) {
            this(sock, conn, flags, null);
        }

        public Accept(Sock sock, Sock conn) {
            this(sock, conn, List.of());
        }
    }

    record Connect(Sock sock, Addr addr) implements Op {
    }

    /** {@code data} is what the program sends: the bytes the kernel took, padded to the asked length when it took fewer. */
    record Send(Sock sock, Bytes data, Set<MsgFlag> flags) implements Op {
    }

    record Recv(Sock sock, int len, Set<MsgFlag> flags) implements Op {
    }

    /** {@code addr} null: send on a connected datagram socket ({@code sendto(..., NULL)}). */
    record SendTo(Sock sock, Bytes data, Addr addr, Set<MsgFlag> flags) implements Op {
    }

    record RecvFrom(Sock sock, int len, Set<MsgFlag> flags) implements Op {
    }

    /**
     * sendto() to the address the socket's last recvfrom() gave: a reply to whoever sent (its port is often one the
     * sender's kernel chose, so the program keeps recvfrom()'s address instead of naming one).
     */
    record ReplyTo(Sock sock, Bytes data, Set<MsgFlag> flags) implements Op {
    }

    record Shutdown(Sock sock, ShutdownHow how) implements Op {
    }

    record Close(Sock sock) implements Op {
    }

    /** {@code value}: the int set, or for SO_LINGER l_linger in seconds with -1 meaning lingering off. */
    record SetOption(Sock sock, SocketOption option, int value) implements Op {
    }

    record GetOption(Sock sock, SocketOption option) implements Op {
    }

    /** {@code fcntl(fd, F_SETFL, O_NONBLOCK)} or {@code fcntl(fd, F_SETFL, 0)}. */
    record SetNonBlocking(Sock sock, boolean nonBlocking) implements Op {
    }

    record GetSockName(Sock sock) implements Op {
    }

    record GetPeerName(Sock sock) implements Op {
    }

    /** Removes a Unix-domain socket's file (the lab's reset does it after close). */
    record Unlink(Addr addr) implements Op {
        @Override
        public Sock sock() {
            return null;
        }
    }

    /**
     * The disposition of {@code signal} ({@code SIGALRM}): {@code handler} {@code SIG_DFL}, {@code SIG_IGN} or
     * {@code on_signal}, a handler that only returns, installed with SA_RESTART when {@code restart} (issue 39).
     */
    record Signal(String signal, String handler, boolean restart) implements Op {
        @Override
        public Sock sock() {
            return null;
        }
        public boolean caught() {
            return handler.equals("on_signal");
        }
    }

    /**
     * getaddrinfo(3): the C library's resolver, no system call and no socket. {@code node} and {@code service} are
     * null for NULL; {@code flags} ({@code AI_PASSIVE|AI_NUMERICHOST}, {@code 0}), {@code family} ({@code AF_UNSPEC})
     * and {@code socktype} ({@code SOCK_STREAM}, {@code 0}) are the hints as the journal names them.
     */
    record GetAddrInfo(String node, String service, String flags, String family, String socktype) implements Op {
        @Override
        public Sock sock() {
            return null;
        }

        /** The call as the journal keeps it: node and service quoted or NULL, hints {ai_flags=.., ai_family=..}. */
        static GetAddrInfo of(Payload.Call c) {
            String hints = c.arg(CallArg.HINTS, "");
            return new GetAddrInfo(unquoted(c.arg(CallArg.NODE)), unquoted(c.arg(CallArg.SERVICE)),
                    hint(hints, "ai_flags"),
                    hint(hints, "ai_family"), hint(hints, "ai_socktype"));
        }

        /** A getaddrinfo's service when it is a port number (the session's port, a program argument). */
        static Optional<Integer> port(Payload.Call c) {
            String service = c.is(SysCall.GETADDRINFO) ? of(c).service() : null;
            return service != null && service.matches("[1-9]\\d{0,4}") && Integer.parseInt(service) < 65536
                    ? Optional.of(Integer.parseInt(service))
                    : Optional.empty();
        }

        /** Whether the hints ask for nothing but a socket type (no AI_* flag, no family): a plain lookup. */
        boolean plain() {
            return flags.equals("0") && family.equals("AF_UNSPEC");
        }

        private static String unquoted(String text) {
            return text == null || text.equals("NULL") ? null : text.replaceAll("^\"|\"$", "");
        }

        private static String hint(String hints, String name) {
            Matcher m = Pattern.compile(name + "=([^,}]*)").matcher(hints);
            return m.find() ? m.group(1).strip() : name.equals("ai_family") ? "AF_UNSPEC" : "0";
        }
    }

    /**
     * fork() or waitpid() (issue 39): the programs do not make process calls yet, so this is a remark at its place,
     * never a line.
     */
    record ProcessCall(String call) implements Op {
        @Override
        public Sock sock() {
            return null;
        }
    }

    /**
     * Where a traced program's child branches off at its fork ({@code start}) and where its branch ends: the child's
     * calls are between the two, written as the language can (C's {@code if (fork() == 0)}, Python's
     * {@code os.fork()}, a remark in Java and Rust, which have no fork).
     */
    record Child(String endpoint, int pid, boolean start, boolean thread) implements Op {
        Child(String endpoint, int pid, boolean start) {
            this(endpoint, pid, start, false);
        }
        /**
         * A thread's (issue 79): its calls run beside its process's, on the same sockets (one table of descriptors),
         * in a function the process starts (C's pthread_create, Java's Thread, Python's threading, Rust's
         * thread::spawn). Its number in its process names the function.
         */
        int number() {
            return ThreadEndpoints.of(endpoint).map(t -> t.number()).orElse(pid);
        }
        @Override
        public Sock sock() {
            return null;
        }
    }

    /** The POSIX name of the call. */
    static String call(Op op) {
        return switch (op) {
            case Socket o -> SysCall.SOCKET.journalName;
            case SocketPair o -> SysCall.SOCKETPAIR.journalName;
            case Read o -> SysCall.READ.journalName;
            case Write o -> SysCall.WRITE.journalName;
            case Poll o -> SysCall.POLL.journalName;
            case Select o -> SysCall.SELECT.journalName;
            case Bind o -> SysCall.BIND.journalName;
            case Listen o -> SysCall.LISTEN.journalName;
            case Accept o -> SysCall.ACCEPT.journalName;
            case Connect o -> SysCall.CONNECT.journalName;
            case Send o -> SysCall.SEND.journalName;
            case Recv o -> SysCall.RECV.journalName;
            case SendTo o -> SysCall.SENDTO.journalName;
            case ReplyTo o -> SysCall.SENDTO.journalName;
            case RecvFrom o -> SysCall.RECVFROM.journalName;
            case Shutdown o -> SysCall.SHUTDOWN.journalName;
            case Close o -> SysCall.CLOSE.journalName;
            case SetOption o -> SysCall.SETSOCKOPT.journalName;
            case GetOption o -> SysCall.GETSOCKOPT.journalName;
            case SetNonBlocking o -> SysCall.FCNTL.journalName;
            case GetSockName o -> SysCall.GETSOCKNAME.journalName;
            case GetPeerName o -> SysCall.GETPEERNAME.journalName;
            case Unlink o -> SysCall.UNLINK.journalName;
            case Signal o -> SysCall.SIGNAL.journalName;
            case GetAddrInfo o -> SysCall.GETADDRINFO.journalName;
            case ProcessCall o -> o.call();
            case Child o -> o.thread() ? "clone" : SysCall.FORK.journalName;
        };
    }

    /**
     * One socket of a program, from the call that made it to its close: a variable named after its role
     * ({@code listener}, {@code conn}, {@code sock}; a number added when there are several).
     *
     * @param listens  listen() was called on it in the session (Java and Rust pick the kind of object by this)
     * @param backlog  the backlog of its listen(), 0 when it never listens (Java gives it to bind)
     * @param accepted it came from accept()
     */
    record Sock(String name, Domain domain, SockType type, boolean listens, int backlog, boolean accepted) {
        public boolean stream() {
            return type == SockType.SOCK_STREAM;
        }
    }

    /**
     * An address a call named. {@code place} is the program argument that can replace its port or path (the
     * session's n-th distinct port or path, the same number in every program of the session), -1 when it is fixed
     * (port 0: the kernel chooses).
     */
    record Addr(Domain domain, String host, int port, String path, int place) {
        public boolean unix() {
            return domain == Domain.AF_UNIX;
        }
    }

    /**
     * Bytes to send. {@code known}: how many of them are the session's own; the journal may hold fewer than were
     * asked (the kernel took fewer, or a long session's journal keeps only the first bytes in memory), and the
     * rest is filled.
     */
    record Bytes(byte[] bytes, int known) {
        public Bytes {
            bytes = bytes.clone();
        }
        public Bytes(byte[] bytes) {
            this(bytes, bytes.length);
        }
        public boolean filled() {
            return known < bytes.length;
        }
        @Override
        public byte[] bytes() {
            return bytes.clone();
        }
        public int length() {
            return bytes.length;
        }
        /** Long runs of one byte are written as a fill, not a literal. */
        public boolean repeated() {
            if (bytes.length < 64) return false;
            for (byte b : bytes) if (b != bytes[0]) return false;
            return true;
        }
        public byte first() {
            return bytes[0];
        }
        @Override
        public boolean equals(Object o) {
            return o instanceof Bytes b && b.known == known && Arrays.equals(b.bytes, bytes);
        }
        @Override
        public int hashCode() {
            return Arrays.hashCode(bytes);
        }
    }
}
