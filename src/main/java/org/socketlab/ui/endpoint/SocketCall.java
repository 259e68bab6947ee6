package org.socketlab.ui.endpoint;

import org.socketlab.syscall.SysCall;

/** The calls an endpoint pane offers, one button each, with the C prototype shown as the button's tooltip. */
public enum SocketCall {
    SOCKET(SysCall.SOCKET, 'S', "int socket(int domain, int type, int protocol);"), BIND(SysCall.BIND, 'B',
            "int bind(int sockfd, const struct sockaddr *addr, socklen_t addrlen);"), LISTEN(SysCall.LISTEN, 'L',
                    "int listen(int sockfd, int backlog);"), ACCEPT(SysCall.ACCEPT, 'A',
                            "int accept(int sockfd, struct sockaddr *addr, socklen_t *addrlen);"), CONNECT(
                                    SysCall.CONNECT,
                                    'C',
                                    "int connect(int sockfd, const struct sockaddr *addr, socklen_t addrlen);"), SEND(
                                            SysCall.SEND, 'E',
                                            "ssize_t send(int sockfd, const void *buf, size_t len, int flags);"), RECV(
                                                    SysCall.RECV, 'R',
                                                    "ssize_t recv(int sockfd, void *buf, size_t len, int flags);"), SENDTO(
                                                            SysCall.SENDTO, 'T',
                                                            "ssize_t sendto(int sockfd, const void *buf, size_t len, int flags,\n               const struct sockaddr *dest_addr, socklen_t addrlen);"), RECVFROM(
                                                                    SysCall.RECVFROM, 'F',
                                                                    "ssize_t recvfrom(int sockfd, void *buf, size_t len, int flags,\n                 struct sockaddr *src_addr, socklen_t *addrlen);"), SHUTDOWN(
                                                                            SysCall.SHUTDOWN, 'H',
                                                                            "int shutdown(int sockfd, int how);"), CLOSE(
                                                                                    SysCall.CLOSE, 'W',
                                                                                    "int close(int fd);"), SETSOCKOPT(
                                                                                            SysCall.SETSOCKOPT, 'O',
                                                                                            "int setsockopt(int sockfd, int level, int optname,\n               const void *optval, socklen_t optlen);"), FCNTL(
                                                                                                    SysCall.FCNTL, 'N',
                                                                                                    "int fcntl(int fd, int cmd, ... /* arg */);"), GETSOCKOPT(
                                                                                                            SysCall.GETSOCKOPT,
                                                                                                            'K',
                                                                                                            "int getsockopt(int sockfd, int level, int optname,\n               void *optval, socklen_t *optlen);"), GETSOCKNAME(
                                                                                                                    SysCall.GETSOCKNAME,
                                                                                                                    'G',
                                                                                                                    "int getsockname(int sockfd, struct sockaddr *addr, socklen_t *addrlen);"), GETPEERNAME(
                                                                                                                            SysCall.GETPEERNAME,
                                                                                                                            'P',
                                                                                                                            "int getpeername(int sockfd, struct sockaddr *addr, socklen_t *addrlen);"),
    // issue 12: the calls of the course notes (read, write), socketpair and poll
    READ(SysCall.READ, 'D', "ssize_t read(int fd, void *buf, size_t count);"), WRITE(SysCall.WRITE, 'U',
            "ssize_t write(int fd, const void *buf, size_t count);"), SOCKETPAIR(SysCall.SOCKETPAIR, 'Y',
                    "int socketpair(int domain, int type, int protocol, int sv[2]);"), POLL(SysCall.POLL, 'Q',
                            "int poll(struct pollfd *fds, nfds_t nfds, int timeout);\n\nstruct pollfd { int fd; short events; short revents; };");

    private final SysCall call;
    private final char key;
    private final String signature;

    SocketCall(SysCall call, char key, String signature) {
        this.call = call;
        this.key = key;
        this.signature = signature;
    }

    /** The letter of its keyboard shortcut: Alt+letter on the client, Alt+Shift+letter on the server. */
    public char key() {
        return key;
    }

    /** The shortcut as shown in tooltips. */
    public String shortcutText(boolean server) {
        return (server ? "Alt+Shift+" : "Alt+") + key;
    }

    /** The POSIX name, as on the button: {@code accept}. */
    public String cName() {
        return call.journalName;
    }

    /** The call its button makes. */
    public SysCall call() {
        return call;
    }

    /** The C prototype from the man page. */
    public String signature() {
        return signature;
    }

    /** The key of the one-line explanation shown under the prototype. */
    public String docKey() {
        return "ui.call." + call.journalName + ".doc";
    }
}
