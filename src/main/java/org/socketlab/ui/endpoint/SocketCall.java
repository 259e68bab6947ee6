package org.socketlab.ui.endpoint;

/** The calls an endpoint pane offers, one button each, with the C prototype shown as the button's tooltip. */
public enum SocketCall {
    SOCKET("socket", 'S', "int socket(int domain, int type, int protocol);"), BIND("bind", 'B',
            "int bind(int sockfd, const struct sockaddr *addr, socklen_t addrlen);"), LISTEN("listen", 'L',
                    "int listen(int sockfd, int backlog);"), ACCEPT("accept", 'A',
                            "int accept(int sockfd, struct sockaddr *addr, socklen_t *addrlen);"), CONNECT("connect",
                                    'C',
                                    "int connect(int sockfd, const struct sockaddr *addr, socklen_t addrlen);"), SEND(
                                            "send", 'E',
                                            "ssize_t send(int sockfd, const void *buf, size_t len, int flags);"), RECV(
                                                    "recv", 'R',
                                                    "ssize_t recv(int sockfd, void *buf, size_t len, int flags);"), SENDTO(
                                                            "sendto", 'T',
                                                            "ssize_t sendto(int sockfd, const void *buf, size_t len, int flags,\n               const struct sockaddr *dest_addr, socklen_t addrlen);"), RECVFROM(
                                                                    "recvfrom", 'F',
                                                                    "ssize_t recvfrom(int sockfd, void *buf, size_t len, int flags,\n                 struct sockaddr *src_addr, socklen_t *addrlen);"), SHUTDOWN(
                                                                            "shutdown", 'H',
                                                                            "int shutdown(int sockfd, int how);"), CLOSE(
                                                                                    "close", 'W',
                                                                                    "int close(int fd);"), SETSOCKOPT(
                                                                                            "setsockopt", 'O',
                                                                                            "int setsockopt(int sockfd, int level, int optname,\n               const void *optval, socklen_t optlen);"), FCNTL(
                                                                                                    "fcntl", 'N',
                                                                                                    "int fcntl(int fd, int cmd, ... /* arg */);"), GETSOCKOPT(
                                                                                                            "getsockopt",
                                                                                                            'K',
                                                                                                            "int getsockopt(int sockfd, int level, int optname,\n               void *optval, socklen_t *optlen);"), GETSOCKNAME(
                                                                                                                    "getsockname",
                                                                                                                    'G',
                                                                                                                    "int getsockname(int sockfd, struct sockaddr *addr, socklen_t *addrlen);"), GETPEERNAME(
                                                                                                                            "getpeername",
                                                                                                                            'P',
                                                                                                                            "int getpeername(int sockfd, struct sockaddr *addr, socklen_t *addrlen);"),
    // issue 12: the calls of the course notes (read, write), socketpair and poll
    READ("read", 'D', "ssize_t read(int fd, void *buf, size_t count);"), WRITE("write", 'U',
            "ssize_t write(int fd, const void *buf, size_t count);"), SOCKETPAIR("socketpair", 'Y',
                    "int socketpair(int domain, int type, int protocol, int sv[2]);"), POLL("poll", 'Q',
                            "int poll(struct pollfd *fds, nfds_t nfds, int timeout);\n\nstruct pollfd { int fd; short events; short revents; };");

    private final String cName;
    private final char key;
    private final String signature;

    SocketCall(String cName, char key, String signature) {
        this.cName = cName;
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
        return cName;
    }

    /** The C prototype from the man page. */
    public String signature() {
        return signature;
    }

    /** The key of the one-line explanation shown under the prototype. */
    public String docKey() {
        return "ui.call." + cName + ".doc";
    }
}
