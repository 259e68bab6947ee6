package org.socketlab.syscall;

/** The operations endpoint.c carries out, by the number its control channel's request frame gives each. */
enum EndpointOp {
    /** Libc's calls, made for the lab: sockets made, named and connected; */
    SOCKET(1), SOCKETPAIR(2), BIND(3), LISTEN(4), ACCEPT(5), CONNECT(6),
    /** bytes sent and received; */
    SEND(7), RECV(8), SENDTO(9), RECVFROM(10),
    /** ends, options and names; */
    SHUTDOWN(11), CLOSE(12), SETSOCKOPT(13), GETSOCKOPT(14), FCNTL(15), GETSOCKNAME(16), GETPEERNAME(17),
    /** waiting, plain reads and writes, a socket file's removal. */
    POLL(18), READ(19), WRITE(20), UNLINK(21),
    /** The endpoint's own: a thread of its process, a descriptor it may close, a sigaction, a round trip. */
    THREAD(22), FORGET(23), SIGNAL(24), READY(25),
    /** Its process's life: fork(2), waitpid(2), exit(2). */
    FORK(26), WAITPID(27), EXIT(28),
    /** endpoint.c numbers select, getaddrinfo and sigprocmask apart from the ops above. */
    SELECT(64), GETADDRINFO(65), SIGPROCMASK(66);

    final int code;

    EndpointOp(int code) {
        this.code = code;
    }
}
