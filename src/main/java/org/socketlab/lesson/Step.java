package org.socketlab.lesson;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.socketlab.i18n.LocalizedException;
import org.socketlab.lab.FreePort;
import org.socketlab.lab.Lab;
import org.socketlab.lab.Request;
import org.socketlab.syscall.Domain;
import org.socketlab.syscall.MsgFlag;
import org.socketlab.syscall.PollEvent;
import org.socketlab.syscall.Protocol;
import org.socketlab.syscall.ShutdownHow;
import org.socketlab.syscall.SockAddr;
import org.socketlab.syscall.SockType;
import org.socketlab.syscall.SocketOption;
import org.socketlab.syscall.SysCall;

/**
 * One step of a lesson: one real call on one endpoint, or the end of an earlier call that was left waiting, or a
 * reset of an endpoint. Fields a call does not take are null (the loader checks that each call has exactly the
 * fields it needs).
 *
 * @param kind          what the step does (see {@link Kind})
 * @param number        1-based place in the lesson
 * @param socket        name of the socket the call acts on (given by an earlier {@code as})
 * @param as            name given to the descriptor a {@code socket} or {@code accept} returns
 * @param addressDomain the family the address is parsed in (that of the named socket)
 * @param address       address text with a {@code {port}} placeholder the runner fills in
 * @param protocol      socket's third argument ({@code "protocol": "IPPROTO_ICMP"}; 0 when not given)
 * @param flags         send/recv/sendto/recvfrom flags ({@code "flags": "MSG_PEEK|MSG_WAITALL"}; none when not given)
 * @param sockets       poll: the names of the sockets it watches; socketpair: the names of the two it makes
 * @param events        poll: what it asks for on each socket
 * @param timeout       poll: its timeout in ms (-1 for ever)
 * @param slide         what presenter mode shows large for this step, or null
 * @param handTo        a hand-over: the endpoint (a thread of the same program) that takes {@code socket} over
 *                      <p>A {@code signal} step keeps its signal's name in {@code data} and its handler in {@code value}
 *                      (a {@link Request.Signal.Handler}'s ordinal: 0 SIG_DFL, 1 SIG_IGN, 2 on_signal, 3 on_signal with
 *                      SA_RESTART); a {@code kill} step its signal's name in {@code data}.
 */
public record Step(int number, String endpoint, String call, @Nullable String socket, @Nullable String as,
        @Nullable Domain domain, @Nullable SockType type, @Nullable Domain addressDomain, @Nullable String address,
        @Nullable Integer backlog, @Nullable String data, @Nullable Integer size, @Nullable ShutdownHow how,
        @Nullable SocketOption option, @Nullable Integer value, @Nullable Boolean nonBlocking, Text narration,
        Expect expect, Kind kind, Protocol protocol, Set<MsgFlag> flags, List<String> sockets, Set<PollEvent> events,
        @Nullable Integer timeout, @Nullable Slide slide, @Nullable NetworkStep network, @Nullable String handTo) {

    public Step {
        protocol = protocol == null ? Protocol.DEFAULT : protocol;
        flags = flags == null ? Set.of() : Set.copyOf(flags);
        sockets = sockets == null ? List.of() : List.copyOf(sockets);
        events = events == null ? Set.of() : Set.copyOf(events);
    }

    /** A step without a network rule. */
    public Step(int number, String endpoint, String call, @Nullable String socket, @Nullable String as,
            @Nullable Domain domain, @Nullable SockType type, @Nullable Domain addressDomain, @Nullable String address,
            @Nullable Integer backlog, @Nullable String data, @Nullable Integer size, @Nullable ShutdownHow how,
            @Nullable SocketOption option, @Nullable Integer value, @Nullable Boolean nonBlocking,
            Text narration, Expect expect, Kind kind,
            Protocol protocol, Set<MsgFlag> flags, List<String> sockets, Set<PollEvent> events,
            @Nullable Integer timeout, @Nullable Slide slide) {
        this(number, endpoint, call, socket, as, domain, type, addressDomain, address, backlog, data, size, how, option,
                value, nonBlocking, narration, expect, kind, protocol, flags, sockets, events, timeout, slide, null,
                null);
    }

    /** A {@code network} step: a drop rule of the lab network (or none), journaled by the lab. */
    public static Step network(int number, NetworkStep network, Text narration, @Nullable Slide slide) {
        return new Step(number, Lab.ITSELF, "network", null, null, null, null, null, null, null, null, null, null, null,
                null, null, narration, new Expect(new Expect.Result.None(), null, null), Kind.NETWORK, Protocol.DEFAULT,
                Set.of(), List.of(), Set.of(), null, slide, network, null);
    }

    /**
     * A {@code hand_over} step: {@code endpoint} passes its open socket to {@code to}, as a threaded server's accepting
     * thread passes a new connection to the thread that serves it. No call is made: threads share one fd table.
     */
    public static Step handOver(int number, String endpoint, String socket, String to, Text narration,
            @Nullable Slide slide) {
        return new Step(number, endpoint, HAND_OVER, socket, null, null, null, null, null, null, null, null, null,
                null, null, null, narration, new Expect(new Expect.Result.None(), null, null), Kind.HAND_OVER,
                Protocol.DEFAULT, Set.of(), List.of(), Set.of(), null, slide, null, to);
    }

    /** The {@link #call} of a hand-over step: no system call has this name. */
    public static final String HAND_OVER = "hand_over";

    /**
     * A {@code kill} step: SocketLab sends the endpoint's process {@code signal} with kill(2), as {@code kill -9 PID} in a
     * shell. One that ends it (SIGTERM, SIGKILL, or another with its default action): the kernel closes its sockets, a
     * call it was waiting in never returns, its next call starts a new process. One it catches or ignores: a call it
     * waits in returns -1 EINTR or goes on (SA_RESTART, SIG_IGN). Its signal's name is the step's {@link #data}.
     */
    public static Step kill(int number, String endpoint, String signal, Text narration, Expect expect,
            @Nullable Slide slide) {
        return new Step(number, endpoint, KILL, null, null, null, null, null, null, null, signal, null, null,
                null, null, null, narration, expect, Kind.KILL, Protocol.DEFAULT, Set.of(), List.of(),
                Set.of(), null, slide, null, null);
    }

    /** The {@link #call} of a kill step (SocketLab's kill(2), not a call of the endpoint's). */
    public static final String KILL = SysCall.KILL.journalName;

    /** The call this step makes; null for a step that makes none ({@code network}, {@code hand_over}, a reset). */
    public @Nullable SysCall sysCall() {
        return SysCall.named(call);
    }

    /** Whether this step makes (or finishes, or resets in) {@code c}. */
    public boolean is(SysCall c) {
        return c.is(call);
    }

    /**
     * A {@code fork} step (issue 39): fork() in the endpoint's process; the child is the endpoint {@code child}
     * ({@link #handTo}). {@link #sockets} holds pairs: a socket name of the parent, then the child's name for its copy.
     */
    public static Step fork(int number, String endpoint, String child, List<String> inherits, Text narration,
            Expect expect, @Nullable Slide slide) {
        return new Step(number, endpoint, "fork", null, null, null, null, null, null, null, null, null, null, null,
                null, null, narration, expect, Kind.FORK, Protocol.DEFAULT, Set.of(), inherits,
                Set.of(), null, slide, null, child);
    }

    /** An {@code exit} step: exit(2) in the endpoint's process with the code {@link #value}; the kernel closes its sockets. */
    public static Step exit(int number, String endpoint, int code, Text narration, Expect expect,
            @Nullable Slide slide) {
        return new Step(number, endpoint, "exit", null, null, null, null, null, null, null, null, null, null, null,
                code, null, narration, expect, Kind.EXIT, Protocol.DEFAULT, Set.of(), List.of(),
                Set.of(), null, slide, null, null);
    }

    /** A step of the calls that existed before issue 12 (no protocol, flags, poll or socketpair fields). */
    public Step(int number, String endpoint, String call, @Nullable String socket, @Nullable String as,
            @Nullable Domain domain, @Nullable SockType type, @Nullable Domain addressDomain, @Nullable String address,
            @Nullable Integer backlog, @Nullable String data, @Nullable Integer size, @Nullable ShutdownHow how,
            @Nullable SocketOption option, @Nullable Integer value, @Nullable Boolean nonBlocking,
            Text narration, Expect expect, Kind kind) {
        this(number, endpoint, call, socket, as, domain, type, addressDomain, address, backlog, data, size, how, option,
                value,
                nonBlocking, narration, expect, kind, Protocol.DEFAULT, Set.of(), List.of(), Set.of(), null, null);
    }

    /** A step of the calls that existed before issue 12, with its presenter slide (or null). */
    public Step(int number, String endpoint, String call, @Nullable String socket, @Nullable String as,
            @Nullable Domain domain, @Nullable SockType type, @Nullable Domain addressDomain, @Nullable String address,
            @Nullable Integer backlog, @Nullable String data, @Nullable Integer size, @Nullable ShutdownHow how,
            @Nullable SocketOption option, @Nullable Integer value, @Nullable Boolean nonBlocking,
            Text narration, Expect expect, Kind kind, @Nullable Slide slide) {
        this(number, endpoint, call, socket, as, domain, type, addressDomain, address, backlog, data, size, how, option,
                value,
                nonBlocking, narration, expect, kind, Protocol.DEFAULT, Set.of(), List.of(), Set.of(), null, slide);
    }

    /** The same step sending other data (the rest of a partial send). */
    public Step withData(String other) {
        return new Step(number, endpoint, call, socket, as, domain, type, addressDomain, address, backlog, other, size,
                how, option, value, nonBlocking, narration, expect, kind, protocol, flags, sockets, events, timeout,
                slide, network, handTo);
    }

    /** The same step with other words (a two-host run's, {@link TwoHosts}). */
    public Step withNarration(Text other) {
        return new Step(number, endpoint, call, socket, as, domain, type, addressDomain, address, backlog, data, size,
                how, option, value, nonBlocking, other, expect, kind, protocol, flags, sockets, events, timeout,
                slide, network, handTo);
    }

    /** The same step with another address (a two-host run's, {@link TwoHosts}). */
    public Step withAddress(String other) {
        return new Step(number, endpoint, call, socket, as, domain, type, addressDomain, other, backlog, data, size,
                how, option, value, nonBlocking, narration, expect, kind, protocol, flags, sockets, events, timeout,
                slide, network, handTo);
    }

    public static final String PORT_PLACEHOLDER = "{port}";
    /**
     * The run's port with its two bytes swapped: what {@code sin_port = port} without {@code htons()} binds on a
     * little-endian machine (the byte-order lesson). The runner's port is chosen so that this one is free too.
     */
    public static final String SWAPPED_PORT_PLACEHOLDER = "{port_swapped}";

    /** {@code port} with its two bytes swapped, as a 16-bit number. */
    public static int swapped(int port) {
        return FreePort.swapped(port);
    }

    /** An address's text with this run's port (and its byte-swapped twin) written in. */
    static String withPort(String address, int port) {
        return address.replace(SWAPPED_PORT_PLACEHOLDER, String.valueOf(swapped(port)))
                .replace(PORT_PLACEHOLDER, String.valueOf(port));
    }
    /** A sendto address written as this is where the socket's last recvfrom() said its datagram came from. */
    public static final String FROM_PLACEHOLDER = "{from}";

    /** What a step does; a file marks the last three with {@code "wait": false}, {@code "finish"} and {@code "reset"}. */
    public enum Kind {
        /** Makes the call and waits for what it returns. */
        CALL,
        /** Makes a call that must block and goes on without waiting for it: {@code "wait": false}. */
        START,
        /** Waits for the endpoint's blocked call (from a {@code START} step) to return: {@code "finish": "connect"}. */
        FINISH,
        /** Gives up the endpoint's blocked call, if any, and closes all its sockets, as the window's reset does. */
        RESET,
        /** A drop rule of the private lab network, or the end of all of them: {@code "network"}. No call is made. */
        NETWORK,
        /** An open socket passed to another endpoint of the same program: {@code "hand_over"}. No call is made. */
        HAND_OVER,
        /** The endpoint's process killed with a signal: {@code "kill": "SIGKILL"}. No call of the endpoint is made. */
        KILL,
        /** fork() in the endpoint's process: {@code "fork": "server-2"}, the child an endpoint of its own. */
        FORK,
        /** exit() in the endpoint's process: {@code "exit": 0}. The call never returns. */
        EXIT
    }

    /** "client connect", as mismatch lines name a step; "client-3 finish connect", "client reset". */
    public String label() {
        return switch (kind) {
            case CALL, START -> endpoint + " " + call;
            case FINISH -> endpoint + " finish " + call;
            case RESET -> endpoint + " reset";
            case NETWORK -> "network";
            case HAND_OVER -> endpoint + " hand_over " + socket + " -> " + handTo;
            case KILL -> endpoint + " kill " + data;
            case FORK -> endpoint + " fork -> " + handTo;
            case EXIT -> endpoint + " exit " + value;
        };
    }

    public @Nullable SockAddr addressFor(int port) {
        return addressFor(port, null);
    }

    /** The step's address in this run; {@code from} is what the socket's last recvfrom() gave (for {@value #FROM_PLACEHOLDER}). */
    public @Nullable SockAddr addressFor(int port, @Nullable SockAddr from) {
        if (FROM_PLACEHOLDER.equals(address))
            return from != null
                    ? from
                    : SockAddr.parse(addressDomain == Domain.AF_INET6 ? "[::1]:" + port : "127.0.0.1:" + port,
                            required(addressDomain, "socket", call));
        return address == null
                ? null
                : SockAddr.parse(withPort(address, port), required(addressDomain, "socket", call));
    }

    /** The request this step makes, given the descriptor its named socket has in this run and the run's port. */
    public Request request(int fd, int port) {
        return request(fd, port, sockets.stream().map(name -> 0).toList(), null);
    }

    /** As {@link #request(int, int)}; {@code pollFds} are the descriptors of {@link #sockets} in this run (poll). */
    public Request request(int fd, int port, List<Integer> pollFds) {
        return request(fd, port, pollFds, null);
    }

    /**
     * As {@link #request(int, int, List)}, with {@code from}: the address the socket's last recvfrom() gave, if any
     * (a sendto to {@code {from}}).
     */
    public Request request(int fd, int port, List<Integer> pollFds, @Nullable SockAddr from) {
        return switch (SysCall.named(call)) {
            case SOCKET -> new Request.Socket(required(domain, "domain", call), required(type, "type", call),
                    protocol);
            case SOCKETPAIR ->
                new Request.SocketPair(required(domain, "domain", call), required(type, "type", call));
            case READ -> new Request.Read(fd, required(size, "size", call));
            case WRITE -> new Request.Write(fd, bytes());
            case POLL -> new Request.Poll(pollFds, events, required(timeout, "timeout", call));
            // select: value is nfds less the highest fd (1, or 0 for the slip "nfds": "highest").
            case SELECT -> new Request.Select(pollFds,
                    pollFds.stream().mapToInt(Integer::intValue).max().orElse(0) + (value == null ? 1 : value),
                    required(timeout, "timeout", call));
            // getaddrinfo: node in data, service in address (with the run's port), the hints' flags in value.
            case GETADDRINFO -> new Request.GetAddrInfo(data, address == null ? null : withPort(address, port),
                    domain, type, value == null ? 0 : value);
            case BIND -> new Request.Bind(fd, required(addressFor(port), "address", call));
            case LISTEN -> new Request.Listen(fd, required(backlog, "backlog", call));
            case ACCEPT -> new Request.Accept(fd, value); // the program's own addrlen, when the step gives it
            case CONNECT -> new Request.Connect(fd, required(addressFor(port), "address", call));
            case SEND -> new Request.Send(fd, bytes(), flags);
            case RECV -> new Request.Recv(fd, required(size, "size", call), flags);
            case SENDTO -> new Request.SendTo(fd, bytes(), addressFor(port, from), flags);
            case RECVFROM -> new Request.RecvFrom(fd, required(size, "size", call), flags);
            case SHUTDOWN -> new Request.Shutdown(fd, required(how, "how", call));
            case CLOSE -> new Request.Close(fd);
            case SETSOCKOPT ->
                new Request.SetSockOpt(fd, required(option, "option", call), required(value, "value", call));
            case GETSOCKOPT -> new Request.GetSockOpt(fd, required(option, "option", call));
            case FCNTL -> new Request.SetNonBlocking(fd, required(nonBlocking, "nonblocking", call));
            case GETSOCKNAME -> new Request.GetSockName(fd);
            case GETPEERNAME -> new Request.GetPeerName(fd);
            case SIGNAL -> new Request.Signal(required(data, "data", call),
                    Request.Signal.Handler.values()[value == null ? 0 : value]);
            case SIGPROCMASK -> new Request.SigProcMask(value != null && value == 1, required(data, "signal", call));
            // The child's pid is known only in the run: LessonRun.waitpid gives it; here, any child.
            case WAITPID -> new Request.WaitPid(-1, value != null && value == 1);
            case null, default -> throw new IllegalStateException("the loader let an unknown call through: " + call);
        };
    }

    private byte[] bytes() {
        return required(data, "data", call).getBytes(StandardCharsets.UTF_8);
    }

    /** A field this step's call needs: the loader refuses a file without it, so null here is a step built by hand. */
    public static <T> T required(@Nullable T value, String field, String call) {
        if (value == null) throw new LocalizedException("lesson.error.missingField", field, call);
        return value;
    }
}
