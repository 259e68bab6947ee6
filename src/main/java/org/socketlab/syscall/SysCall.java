package org.socketlab.syscall;

import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * A call the engine makes, journals, recognizes or asks about, by the name the journal and strace give it
 * ({@link #journalName}). The journal keeps a call's name as text (a traced program makes calls SocketLab has no
 * constant for), and the engine asks its questions here: "is this a send" is answered by {@link #sendsData} and
 * nowhere else. Some are not system calls: {@link #GETADDRINFO} is libc's resolver, {@link #SIGNAL} the journal's name
 * for sigaction and rt_sigaction.
 */
public enum SysCall {
    // The line comments keep one family to a line (the formatter would otherwise make a staircase of them).
    SOCKET("socket"), SOCKETPAIR("socketpair"), BIND("bind"), LISTEN("listen"), ACCEPT("accept"), //
    ACCEPT4("accept4"), CONNECT("connect"), SHUTDOWN("shutdown"), CLOSE("close"), //
    SEND("send"), SENDTO("sendto"), SENDMSG("sendmsg"), SENDMMSG("sendmmsg"), WRITE("write"), WRITEV("writev"), //
    RECV("recv"), RECVFROM("recvfrom"), RECVMSG("recvmsg"), RECVMMSG("recvmmsg"), READ("read"), READV("readv"), //
    SETSOCKOPT("setsockopt"), GETSOCKOPT("getsockopt"), GETSOCKNAME("getsockname"), GETPEERNAME("getpeername"), //
    FCNTL("fcntl"), FCNTL64("fcntl64"), //
    POLL("poll"), PPOLL("ppoll"), SELECT("select"), PSELECT6("pselect6"), NEWSELECT("_newselect"), //
    EPOLL_CTL("epoll_ctl"), EPOLL_WAIT("epoll_wait"), EPOLL_PWAIT("epoll_pwait"), EPOLL_PWAIT2("epoll_pwait2"), //
    UNLINK("unlink"), GETADDRINFO("getaddrinfo"), //
    SIGNAL("signal"), SIGPROCMASK("sigprocmask"), FORK("fork"), WAITPID("waitpid"), EXIT("exit"), KILL("kill");

    private static final Map<String, SysCall> BY_NAME = Stream.of(values())
            .collect(Collectors.toUnmodifiableMap(c -> c.journalName, Function.identity()));
    private static final Set<SysCall> SENDS = Set.of(SEND, SENDTO, SENDMSG, SENDMMSG, WRITE, WRITEV);
    private static final Set<SysCall> RECEIVES = Set.of(RECV, RECVFROM, RECVMSG, RECVMMSG, READ, READV);
    private static final Set<SysCall> READINESS = Set.of(POLL, PPOLL, SELECT, PSELECT6, NEWSELECT, EPOLL_WAIT,
            EPOLL_PWAIT, EPOLL_PWAIT2);

    /** Its name in the journal, in strace's output and in lesson and check files: {@code accept4}. */
    public final String journalName;

    SysCall(String journalName) {
        this.journalName = journalName;
    }

    /** The call a journal, strace or lesson name names; null for a call SocketLab has no constant for. */
    public static @Nullable SysCall named(String name) {
        return BY_NAME.get(name);
    }

    /** Whether {@code name} (a journal's, strace's) names this call. */
    public boolean is(String name) {
        return journalName.equals(name);
    }

    /** It hands bytes to the kernel to send: send, sendto, sendmsg, sendmmsg, write, writev. */
    public boolean sendsData() {
        return SENDS.contains(this);
    }

    /** It takes received bytes from the kernel: recv, recvfrom, recvmsg, recvmmsg, read, readv. */
    public boolean receivesData() {
        return RECEIVES.contains(this);
    }

    /** It takes a connection off a listener's queue: accept, accept4. */
    public boolean accepts() {
        return this == ACCEPT || this == ACCEPT4;
    }

    /** It returns new descriptors: socket, socketpair, accept, accept4. */
    public boolean makesDescriptors() {
        return this == SOCKET || this == SOCKETPAIR || accepts();
    }

    /** It waits until one of several descriptors is ready: poll, select and epoll's waits, under every name. */
    public boolean waitsForReadiness() {
        return READINESS.contains(this);
    }

    /** Its argument is an address the student gave (a {@code addr} or {@code to}): bind, connect, sendto. */
    public boolean takesAddress() {
        return this == BIND || this == CONNECT || this == SENDTO;
    }

    /** It is made inside the C library, not by the program's own call to the kernel: getaddrinfo. */
    public boolean inLibrary() {
        return this == GETADDRINFO;
    }

    @Override
    public String toString() {
        return journalName;
    }
}
